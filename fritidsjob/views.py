from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView, DetailView, ListView, TemplateView, UpdateView, View
from django.views.generic.edit import CreateView
from django_filters.views import FilterView

from core.audit import RecordsAccessMixin, SearchAuditMixin, access_purpose, trail_of
from core.exports import Column, Export, ExportMixin, staff_name
from core.retention import rules as retention_rules
from core.timeline import timeline_for
from core.today import Visit
from core.views import HtmxPartialMixin, InsightPackageView

from . import access_log, erasure, printing, retention, security, selectors, services, session_limits
from .filters import AccessLogFilter, SecurityEventFilter, YouthFilter
from .forms import AnonymisationRequestForm, JournalEntryForm, RetentionHoldForm, YouthForm
from .models import (
    AnonymisationRequest,
    AnonymisationStatus,
    JournalEntry,
    RetentionHold,
    SecurityEvent,
    SecurityEventKind,
    Youth,
)
from .templatetags.fritidsjob_tags import audit_action, audit_fields


class HomeView(TemplateView):
    """ "I dag": the staff member's own day (core/today.py sections), then what their role can reach.

    Login is required by the middleware. A mentor has no case work: they land in their portal.
    """

    template_name = "fritidsjob/home.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        if user.has_perm("mentorer.use_portal") and not user.has_perm("fritidsjob.view_youth"):
            return redirect("mentorer:portal")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        since = None
        if user.has_perm("fritidsjob.view_youth"):
            since = services.start_page_visit(
                user=user, session_key=self.request.session.session_key or "", now=timezone.now()
            )
        return super().get_context_data(visit=Visit(today=timezone.localdate(), since=since), **kwargs)


class YouthListView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, SearchAuditMixin, FilterView):
    permission_required = "fritidsjob.view_youth"
    search_list = "unge"
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
            Column(gettext_lazy("Jobcentrets sagsnummer"), "jobcenter_case_number"),
            Column(gettext_lazy("ESDH-sagsnummer"), "esdh_case_number"),
            Column(gettext_lazy("KLE-nummer"), "kle_number"),
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


class YouthPrintView(YouthCaseMixin, RecordsAccessMixin, DetailView):
    """ "Udskriv sag": the case page's sections as a PDF; RecordsAccessMixin logs it as an access."""

    permission_required = "fritidsjob.view_youth"

    def get(self, request, *args, **kwargs):
        youth = self.object = self.get_object()
        response = HttpResponse(printing.case_pdf(request=request, youth=youth), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="sag-{youth.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


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
        services.youth_delete(youth=self.object, deleted_by=self.request.user)
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


class YouthInsightView(YouthCaseMixin, InsightPackageView):
    """Indsigt: the young person's right-of-access package (Projektleder and Administrator)."""

    permission_required = "fritidsjob.produce_insight"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's own: the current session stays signed in, every other one is signed out."""

    def form_valid(self, form):
        response = super().form_valid(form)
        security.record(kind=SecurityEventKind.PASSWORD_CHANGED, user=self.request.user, request=self.request)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's own: a password chosen from a reset or an invitation link goes in the security log."""

    def form_valid(self, form):
        response = super().form_valid(form)
        security.record(kind=SecurityEventKind.PASSWORD_CHANGED, user=form.user, request=self.request)
        return response


class SecurityLogView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, FilterView):
    """Sikkerhedslog: sign-ins, lockouts, passwords, second factors and roles (Administrator)."""

    permission_required = "fritidsjob.view_security_log"
    filterset_class = SecurityEventFilter
    paginate_by = 50
    template_name = "fritidsjob/security_log.html"
    partial_template_name = "fritidsjob/partials/security_log_table.html"
    export = Export(
        "sikkerhedslog",
        [
            Column(gettext_lazy("Tidspunkt"), "occurred_at"),
            Column(gettext_lazy("Hændelse"), "get_kind_display"),
            Column(gettext_lazy("Bruger"), "username"),
            Column(gettext_lazy("Navn"), lambda event: staff_name(event.user) if event.user else ""),
            Column(gettext_lazy("Udført af"), lambda event: staff_name(event.actor) if event.actor else ""),
            Column(gettext_lazy("IP-adresse"), "ip_address"),
            Column(gettext_lazy("Detaljer"), "detail"),
        ],
    )

    def get_queryset(self):
        return SecurityEvent.objects.for_log()


def _person_label(entry) -> str:
    return entry.person.label if entry.person else ""


class AccessLogView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, FilterView):
    """Adgangslog: who opened which person's data, when and why, across all persons (Administrator).

    With the daily flags of unusual access (fritidsjob/access_log.py) above the entries.
    """

    permission_required = "fritidsjob.view_access_log"
    filterset_class = AccessLogFilter
    paginate_by = 50
    template_name = "fritidsjob/access_log.html"
    partial_template_name = "fritidsjob/partials/access_log_table.html"
    export = Export(
        "adgangslog",
        [
            Column(gettext_lazy("Tidspunkt"), "timestamp"),
            Column(gettext_lazy("Bruger"), lambda entry: staff_name(entry.actor) if entry.actor else _("System")),
            Column(gettext_lazy("Person"), _person_label),
            Column(gettext_lazy("Post"), lambda entry: str(entry.content_type.name).capitalize()),
            Column(gettext_lazy("Formål"), access_purpose),
            Column(gettext_lazy("IP-adresse"), "remote_addr"),
        ],
        # The file names the persons: each one's trail shows the export (once, not once per row).
        personal_data=True,
    )

    def get_queryset(self):
        return access_log.access_entries()

    @staticmethod
    def _with_persons(entries) -> list:
        entries = list(entries)
        persons = access_log.persons_of(entries)
        for entry in entries:
            entry.person = persons.get(entry.pk)
        return entries

    def get_export_rows(self):
        return self._with_persons(super().get_export_rows())

    def get_export_persons(self, rows):
        records = {}
        for entry in rows:
            if entry.person and entry.person.record is not None:
                records[(type(entry.person.record), entry.person.record.pk)] = entry.person.record
        return list(records.values())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = self._with_persons(context["object_list"])
        if not self.request.htmx:
            context["flags"] = access_log.flags_for_log(today=timezone.localdate())
            context["flag_days"] = access_log.FLAGS_SHOWN_DAYS
        return context


@method_decorator(login_not_required, name="dispatch")
class SessionKeepAliveView(View):
    """GET: how many seconds the session has left (no activity); POST: "Bliv logget ind" (activity).

    Open to everyone so a signed-out page gets an answer, not the login page: {"signed_in": false}.
    """

    def get(self, request):
        if not request.user.is_authenticated:
            return JsonResponse({"signed_in": False, "seconds_left": 0})
        return JsonResponse({"signed_in": True, "seconds_left": session_limits.seconds_left(request)})

    def post(self, request):
        if request.user.is_authenticated:
            session_limits.touch(request, force=True)
        return self.get(request)


# --- erasure and retention ---------------------------------------------------------------


class AnonymisationRequestMixin:
    """A staff member asks for a person (a young person, a parent) to be anonymised; a second approves.

    For a DetailView of the person, scoped to the user by the view's own mixin.
    """

    template_name = "fritidsjob/anonymisation_request.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AnonymisationRequestForm())
        context["pending"] = AnonymisationRequest.objects.pending().for_person(self.object).first()
        context["refusal"] = erasure.refusal(self.object)
        return context

    def post(self, request, *args, **kwargs):
        self.object = person = self.get_object()
        form = AnonymisationRequestForm(request.POST)
        if form.is_valid():
            try:
                erasure.anonymisation_request(
                    person=person, reason=form.cleaned_data["reason"], requested_by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Anmodningen om anonymisering er sendt til godkendelse."))
                return redirect(person)
        return self.render_to_response(self.get_context_data(form=form))


class AnonymisationRequestView(YouthCaseMixin, AnonymisationRequestMixin, RecordsAccessMixin, DetailView):
    permission_required = ("fritidsjob.view_youth", "fritidsjob.request_anonymisation")
    context_object_name = "youth"


class RetentionView(PermissionRequiredMixin, TemplateView):
    """The project leader's overview: requests to approve, what falls due in 30 days, cases on hold."""

    permission_required = "fritidsjob.approve_anonymisation"
    template_name = "fritidsjob/retention.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(retention.upcoming(), 25).get_page(self.request.GET.get("side"))
        context.update(
            pending=AnonymisationRequest.objects.pending().select_related("requested_by", "content_type"),
            upcoming=page,
            holds=RetentionHold.objects.select_related("placed_by").order_by("placed_on", "pk")[:100],
            done=AnonymisationRequest.objects.exclude(status=AnonymisationStatus.REQUESTED).select_related(
                "requested_by", "decided_by", "content_type"
            )[:20],
            rules=[(rule.label, rule.period()) for rule in retention_rules()],
            notice_days=settings.RETENTION_NOTICE_DAYS,
        )
        return context


class AnonymisationDecisionView(PermissionRequiredMixin, View):
    """Approve (and so carry out) or reject a request; never by the one who asked."""

    permission_required = "fritidsjob.approve_anonymisation"
    approve = True

    def post(self, request, pk):
        anonymisation = get_object_or_404(AnonymisationRequest.objects.pending(), pk=pk)
        try:
            if self.approve:
                done = erasure.anonymisation_approve(request=anonymisation, approver=request.user)
                messages.success(
                    request,
                    _("Personen er anonymiseret; %(count)s poster i revisionssporet er renskrevet.")
                    % {"count": done.scrubbed_entries},
                )
            else:
                erasure.anonymisation_reject(request=anonymisation, decided_by=request.user)
                messages.success(request, _("Anmodningen er afvist."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("fritidsjob:retention")


class RetentionHoldView(YouthCaseMixin, View):
    """Keep a closed case past its retention date (with a reason), or lift the hold."""

    permission_required = ("fritidsjob.view_youth", "fritidsjob.approve_anonymisation")
    lift = False

    def post(self, request, pk):
        youth = get_object_or_404(self.get_queryset(), pk=pk)
        if self.lift:
            retention.retention_hold_lift(youth=youth, lifted_by=request.user)
            messages.success(request, _("Sagen følger igen opbevaringsperioden."))
            return redirect(youth)
        form = RetentionHoldForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["reason"])
            retention.retention_hold_place(youth=youth, reason=form.cleaned_data["reason"], placed_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Sagen opbevares, til tilbageholdelsen ophæves."))
        return redirect(youth)
