from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView, DetailView, ListView, TemplateView, UpdateView
from django.views.generic.edit import CreateView
from django_filters.views import FilterView

from core.audit import RecordsAccessMixin, trail_of
from core.exports import Column, Export, ExportMixin, staff_name
from core.timeline import timeline_for
from core.views import HtmxPartialMixin

from . import selectors, services
from .filters import YouthFilter
from .forms import JournalEntryForm, YouthForm
from .models import JournalEntry, Youth
from .templatetags.fritidsjob_tags import audit_action, audit_fields


class HomeView(TemplateView):
    """The start page: what the signed-in user's role can reach (login required by middleware)."""

    template_name = "fritidsjob/home.html"


class YouthListView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, FilterView):
    permission_required = "fritidsjob.view_youth"
    filterset_class = YouthFilter
    paginate_by = 25
    template_name = "fritidsjob/youth_list.html"
    partial_template_name = "fritidsjob/partials/youth_table.html"
    # ?eksport=csv|xlsx: the filtered list as a file (never the CPR number); every export is audited.
    export = Export(
        "unge",
        [
            Column(gettext_lazy("Fornavn"), "first_name"),
            Column(gettext_lazy("Efternavn"), "last_name"),
            Column(gettext_lazy("Fødselsdato"), "birth_date"),
            Column(gettext_lazy("Alder"), "age"),
            Column(gettext_lazy("Køn"), "get_gender_display"),
            Column(gettext_lazy("Skole"), "school.name"),
            Column(gettext_lazy("Klasse"), "school_class"),
            Column(gettext_lazy("Postnummer"), "postcode"),
            Column(gettext_lazy("Status"), "get_status_display"),
            Column(gettext_lazy("I målgruppen"), "in_target_group"),
            Column(gettext_lazy("Målgruppe"), "get_target_group_level_display"),
            Column(gettext_lazy("Henvist af"), "get_referral_source_display"),
            Column(gettext_lazy("Ansvarlig"), "responsible_staff.get_full_name"),
            Column(gettext_lazy("Oprettet"), "registered_on"),
        ],
        personal_data=True,
    )

    def get_queryset(self):
        return selectors.youth_list(user=self.request.user)


class YouthCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "fritidsjob.add_youth"
    model = Youth
    form_class = YouthForm
    template_name = "fritidsjob/youth_form.html"

    def form_valid(self, form):
        youth = services.youth_create(**form.service_kwargs())
        messages.success(self.request, _("%(name)s er oprettet.") % {"name": youth.full_name})
        return redirect(youth)


class YouthCaseMixin(PermissionRequiredMixin):
    """Case pages: the queryset is the user's scope, so a case outside it is a 404."""

    model = Youth

    def get_queryset(self):
        return selectors.youth_for_case_page(user=self.request.user)


class YouthDetailView(YouthCaseMixin, RecordsAccessMixin, DetailView):
    permission_required = "fritidsjob.view_youth"
    template_name = "fritidsjob/youth_detail.html"
    context_object_name = "youth"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timeline"] = timeline_for(self.object)
        if self.request.user.has_perm("fritidsjob.add_journalentry"):
            context["journal_form"] = JournalEntryForm()
        return context


class YouthUpdateView(YouthCaseMixin, RecordsAccessMixin, UpdateView):
    permission_required = "fritidsjob.change_youth"
    form_class = YouthForm
    template_name = "fritidsjob/youth_form.html"
    context_object_name = "youth"

    def form_valid(self, form):
        youth = services.youth_update(youth=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(youth)


class YouthDeleteView(YouthCaseMixin, RecordsAccessMixin, DeleteView):
    permission_required = "fritidsjob.delete_youth"
    template_name = "fritidsjob/youth_confirm_delete.html"
    context_object_name = "youth"
    success_url = reverse_lazy("fritidsjob:youth_list")

    def form_valid(self, form):
        name = self.object.full_name
        services.youth_delete(youth=self.object)
        messages.success(self.request, _("Sagen om %(name)s er slettet.") % {"name": name})
        return redirect(self.success_url)


class JournalEntryCreateView(YouthCaseMixin, DetailView):
    """Adds a journal entry from the case page; with htmx only the timeline is redrawn."""

    permission_required = ("fritidsjob.view_youth", "fritidsjob.add_journalentry")
    http_method_names = ["post"]
    context_object_name = "youth"

    def post(self, request, *args, **kwargs):
        youth = self.object = self.get_object()
        # The unsaved entry knows its young person, so the model's date rules (not before birth) run in the form.
        form = JournalEntryForm(request.POST, instance=JournalEntry(youth=youth))
        saved = form.is_valid()
        if saved:
            services.journal_entry_create(youth=youth, author=request.user, **form.cleaned_data)
        if request.htmx:
            template = "fritidsjob/partials/journal_and_timeline.html"
        elif saved:
            messages.success(request, _("Notatet er gemt."))
            return redirect(youth)
        else:
            template = "fritidsjob/youth_detail.html"
        context = {
            "youth": youth,
            "journal_form": JournalEntryForm() if saved else form,
            "timeline": timeline_for(youth),
            "saved": saved,
        }
        return render(request, template, context)


class YouthAuditTrailView(ExportMixin, YouthCaseMixin, RecordsAccessMixin, ListView):
    """Who read and changed a young person's data (Projektleder and Administrator)."""

    permission_required = "fritidsjob.view_audit_trail"
    template_name = "fritidsjob/youth_audit.html"
    paginate_by = 50
    # E.g. for a request for insight; the export is itself an access to the young person's data.
    export = Export(
        "revisionsspor",
        [
            Column(gettext_lazy("Tidspunkt"), "timestamp"),
            Column(gettext_lazy("Bruger"), lambda entry: staff_name(entry.actor) if entry.actor else _("System")),
            Column(gettext_lazy("Handling"), audit_action),
            Column(gettext_lazy("Post"), lambda entry: str(entry.content_type.name).capitalize()),
            Column(gettext_lazy("Ændrede felter"), audit_fields),
        ],
        personal_data=True,
    )

    def get_queryset(self):
        self.youth = get_object_or_404(super().get_queryset(), pk=self.kwargs["pk"])
        return trail_of(self.youth)

    def accessed_record(self):
        return self.youth

    def get_export_persons(self, rows):
        # The rows are log entries; the person in them is the young person.
        return [self.youth]

    def get_context_data(self, **kwargs):
        return super().get_context_data(youth=self.youth, **kwargs)
