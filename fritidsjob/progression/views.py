"""Pages for progression: answering (with staff, or alone via the link), the note, and the questionnaires."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from core.audit import RecordsAccessMixin
from core.scoping import visible_to

from ..models import Youth
from ..views import YouthCaseMixin
from . import links, selectors, services
from .forms import AnswerForm, ItemForm, NoteForm, QuestionnaireForm
from .models import Milestone, ProgressionResponse, Questionnaire, QuestionnaireItem, ResponseSource


class StaffAnswerView(YouthCaseMixin, RecordsAccessMixin, DetailView):
    """The young person answers on the staff member's tablet or phone, at a milestone not yet answered."""

    permission_required = ("fritidsjob.view_youth", "fritidsjob.add_progressionresponse")
    template_name = "fritidsjob/progression/answer_staff.html"
    context_object_name = "youth"

    def _form(self, data=None):
        questionnaire = Questionnaire.objects.current()
        responses = selectors.responses_for_youth(youth=self.object)
        milestones = selectors.open_milestones(youth=self.object, questionnaire=questionnaire, responses=responses)
        items = questionnaire.items.in_use() if questionnaire else []
        initial = {"milestone": self.request.GET.get("milepael")}
        return questionnaire, AnswerForm(data, items=items, milestones=milestones, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["questionnaire"], context["form"] = self._form()
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        questionnaire, form = self._form(request.POST)
        if questionnaire is not None and form.is_valid():
            try:
                services.response_create(
                    youth=self.object,
                    questionnaire=questionnaire,
                    milestone=form.cleaned_data["milestone"],
                    values=form.values(),
                    source=ResponseSource.STAFF,
                    recorded_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Svarene er gemt."))
                return redirect(self.object.get_absolute_url() + "#progression")
        context = {"youth": self.object, "questionnaire": questionnaire, "form": form}
        return render(request, self.template_name, context, status=400 if questionnaire else 200)


@method_decorator(login_not_required, name="dispatch")
class LinkAnswerView(View):
    """The young person's own link: no login, the first name only, spent once the milestone is answered."""

    template_name = "fritidsjob/progression/answer_link.html"

    def _resolve(self, token):
        read = links.read(token)
        if read is None:
            return None
        youth_id, questionnaire_id, milestone = read
        youth = Youth.objects.not_anonymised().filter(pk=youth_id).only("pk", "first_name").first()
        questionnaire = Questionnaire.objects.filter(pk=questionnaire_id).first()
        if youth is None or questionnaire is None or milestone not in Milestone.values:
            return None
        if ProgressionResponse.objects.filter(youth=youth, questionnaire=questionnaire, milestone=milestone).exists():
            return None
        return youth, questionnaire, milestone

    def _page(self, request, context, status=200):
        return render(request, self.template_name, context, status=status)

    def get(self, request, token):
        resolved = self._resolve(token)
        if resolved is None:
            return self._page(request, {"spent": True}, status=404)
        youth, questionnaire, _milestone = resolved
        form = AnswerForm(items=questionnaire.items.in_use())
        return self._page(request, {"first_name": youth.first_name, "questionnaire": questionnaire, "form": form})

    def post(self, request, token):
        resolved = self._resolve(token)
        if resolved is None:
            return self._page(request, {"spent": True}, status=404)
        youth, questionnaire, milestone = resolved
        form = AnswerForm(request.POST, items=questionnaire.items.in_use())
        if form.is_valid():
            try:
                services.response_create(
                    youth=youth,
                    questionnaire=questionnaire,
                    milestone=milestone,
                    values=form.values(),
                    source=ResponseSource.LINK,
                )
            except ValidationError:
                return self._page(request, {"spent": True}, status=404)
            return self._page(request, {"thanks": True, "first_name": youth.first_name})
        context = {"first_name": youth.first_name, "questionnaire": questionnaire, "form": form}
        return self._page(request, context, status=400)


class ResponseNoteView(PermissionRequiredMixin, View):
    """The consultant's note on one answering (from the case panel)."""

    permission_required = ("fritidsjob.view_youth", "fritidsjob.change_progressionresponse")
    http_method_names = ["post"]

    def post(self, request, pk):
        youths = visible_to(Youth.objects, request.user)
        response = get_object_or_404(ProgressionResponse.objects.filter(youth__in=youths), pk=pk)
        form = NoteForm(request.POST)
        if form.is_valid():
            services.response_note_set(response=response, note=form.cleaned_data["note"])
            messages.success(request, _("Noten er gemt."))
        else:
            messages.error(request, _("Noten blev ikke gemt: %(error)s") % {"error": form.errors["note"][0]})
        return redirect(response.youth.get_absolute_url() + "#progression")


class QuestionnaireListView(PermissionRequiredMixin, TemplateView):
    """The questionnaires (a handful: a new one only when the measurement itself changes), and a new one."""

    permission_required = "fritidsjob.change_questionnaire"
    template_name = "fritidsjob/progression/questionnaire_list.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", QuestionnaireForm())
        return super().get_context_data(questionnaires=selectors.questionnaire_list(), **kwargs)

    def post(self, request):
        form = QuestionnaireForm(request.POST)
        if form.is_valid():
            questionnaire = services.questionnaire_create(data=form.cleaned_data)
            messages.success(request, _("Spørgeskemaet er oprettet. Tilføj nu udsagnene."))
            return redirect(questionnaire)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class QuestionnaireDetailView(PermissionRequiredMixin, DetailView):
    """The questionnaire with its statements (each version), its settings and a form for a new statement."""

    permission_required = "fritidsjob.change_questionnaire"
    template_name = "fritidsjob/progression/questionnaire_detail.html"
    context_object_name = "questionnaire"
    model = Questionnaire

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", QuestionnaireForm(instance=self.object))
        context.setdefault("item_form", ItemForm())
        context["items"] = self.object.items.order_by("retired_at", "order", "key", "-version")
        return context

    def post(self, request, pk):
        self.object = self.get_object()
        if "text" in request.POST:
            item_form = ItemForm(request.POST, instance=QuestionnaireItem(questionnaire=self.object))
            if item_form.is_valid():
                services.item_create(questionnaire=self.object, data=item_form.cleaned_data)
                messages.success(request, _("Udsagnet er tilføjet."))
                return redirect(self.object)
            return self.render_to_response(self.get_context_data(item_form=item_form), status=400)
        form = QuestionnaireForm(request.POST, instance=self.object)
        if form.is_valid():
            services.questionnaire_update(questionnaire=self.object, data=form.cleaned_data)
            messages.success(request, _("Ændringerne er gemt."))
            return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ItemUpdateView(PermissionRequiredMixin, DetailView):
    """Change a statement: once answered, the change is saved as a new version and the old one is kept."""

    permission_required = "fritidsjob.change_questionnaire"
    template_name = "fritidsjob/progression/item_form.html"
    context_object_name = "item"

    def get_queryset(self):
        return QuestionnaireItem.objects.in_use().select_related("questionnaire")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ItemForm(instance=self.object))
        context["answered"] = self.object.answers.exists()
        return context

    def post(self, request, pk):
        self.object = self.get_object()
        form = ItemForm(request.POST, instance=QuestionnaireItem(questionnaire=self.object.questionnaire))
        if form.is_valid():
            new = services.item_change(item=self.object, data=form.cleaned_data)
            if new.pk != self.object.pk:
                messages.success(
                    request, _("Udsagnet var besvaret, så ændringen er gemt som version %(v)s.") % {"v": new.version}
                )
            else:
                messages.success(request, _("Udsagnet er gemt."))
            return redirect(self.object.questionnaire)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ItemRetireView(PermissionRequiredMixin, View):
    permission_required = "fritidsjob.change_questionnaire"
    http_method_names = ["post"]

    def post(self, request, pk):
        item = get_object_or_404(QuestionnaireItem.objects.in_use(), pk=pk)
        services.item_retire(item=item)
        messages.success(request, _("Udsagnet er taget ud. Tidligere svar på det bevares."))
        return redirect(item.questionnaire)
