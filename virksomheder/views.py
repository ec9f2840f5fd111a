from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django_filters.views import FilterView

from core import postcodes
from core.audit import RecordsAccessMixin, SearchAuditMixin
from core.exports import Column, Export, ExportMixin, joined, staff_name
from core.formatting import short_date
from core.views import HtmxPartialMixin, ServiceFormMixin, error_message
from fritidsjob.models import Youth
from fritidsjob.selectors import youth_list

from . import cvr, matching, selectors, services
from .filters import CompanyFilter, OpeningFilter, PlacementFilter
from .forms import (
    CompanyForm,
    ContactPersonForm,
    FollowUpForm,
    GuidanceEntryForm,
    IndustryCodeMappingFormSet,
    NetworkMeetingForm,
    OpeningForm,
    PlacementForm,
    ProgrammeTextForm,
    RejectForm,
)
from .models import (
    Company,
    FollowUp,
    FollowUpKind,
    IndustryCodeMapping,
    JobOpening,
    NetworkMeeting,
    OpeningStatus,
    Placement,
    ProgrammeText,
    validate_cvr,
)
from .portal import services as portal_services
from .rules_check import RulesRefused

# How many ranked suggestions a page shows.
SUGGESTIONS_SHOWN = 15


# --- companies ---------------------------------------------------------------------------


class CompanyListView(ExportMixin, PermissionRequiredMixin, HtmxPartialMixin, SearchAuditMixin, FilterView):
    permission_required = "virksomheder.view_company"
    search_list = "virksomheder"
    filterset_class = CompanyFilter
    paginate_by = 25
    template_name = "virksomheder/company_list.html"
    partial_template_name = "virksomheder/partials/company_table.html"
    # The companies only: no contact person (they are on each company's page), so no personal data.
    export = Export(
        "virksomheder",
        [
            Column(gettext_lazy("Navn"), "name"),
            Column(gettext_lazy("CVR"), "cvr"),
            Column(gettext_lazy("P-nummer"), "p_number"),
            Column(gettext_lazy("Branche"), "industry.name"),
            Column(gettext_lazy("Adresse"), "address"),
            Column(gettext_lazy("Postnummer"), "postcode"),
            Column(gettext_lazy("By"), "city"),
            Column(gettext_lazy("Størrelse"), "get_size_display"),
            Column(gettext_lazy("I netværket siden"), "network_member_since"),
            Column(gettext_lazy("Ansvarlig"), lambda company: staff_name(company.responsible_consultant)),
            Column(gettext_lazy("Åbne job"), "open_openings"),
            Column(gettext_lazy("Seneste vejledning"), "last_guidance"),
        ],
    )

    def get_queryset(self):
        return selectors.company_list(user=self.request.user)


class CompanyCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
    permission_required = "virksomheder.add_company"
    model = Company
    form_class = CompanyForm
    template_name = "virksomheder/company_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        company = services.company_create(**form.service_kwargs())
        messages.success(self.request, _("%(name)s er oprettet.") % {"name": company.name})
        return redirect(company)


class CompanyCvrLookupView(PermissionRequiredMixin, View):
    """htmx: the company form's fields drawn again, filled from the CVR register (virksomheder/cvr.py).

    The form's current values come along (hx-include), so what the consultant typed
    stays where the register says nothing. The industry is only proposed: the
    consultant confirms or changes it before saving. When the register cannot be
    reached the fields stay as they were, with a message, for typing by hand.
    """

    permission_required = ("virksomheder.add_company", "virksomheder.change_company")

    def has_permission(self):
        return any(self.request.user.has_perm(permission) for permission in self.permission_required)

    def get(self, request):
        form = CompanyForm(user=request.user)
        initial = {name: request.GET[name] for name in form.fields if name in request.GET}
        number = request.GET.get("cvr", "").replace(" ", "")
        level, message = "warning", ""
        try:
            validate_cvr(number)
            found = cvr.lookup(number)
        except ValidationError as invalid:
            message = " ".join(invalid.messages)
        except cvr.CvrError as error:
            message = _("%(reason)s Udfyld felterne selv.") % {"reason": error}
        else:
            initial.update(cvr.company_fields(found), cvr=number)
            industry = cvr.proposed_industry(found.industry_code)
            level = "info"
            message = _("Hentet fra CVR-registret: %(name)s.") % {"name": found.name}
            if found.ceased:
                level, message = "warning", message + " " + _("Virksomheden er ophørt.")
            if industry is not None:
                initial["industry"] = industry.pk
                message += " " + _(
                    "Foreslået branche: %(industry)s (branchekode %(code)s %(text)s). Ret den, hvis den ikke passer."
                ) % {"industry": industry, "code": found.industry_code, "text": found.industry_text}
            elif found.industry_code:
                message += " " + _(
                    "Branchekode %(code)s %(text)s har ingen branche i tabellen over branchekoder; vælg selv."
                ) % {"code": found.industry_code, "text": found.industry_text}
        form = CompanyForm(user=request.user, initial=initial)
        return render(
            request,
            "virksomheder/partials/company_fields.html",
            {"form": form, "cvr_message": message, "cvr_level": level},
        )


class CompanyTownView(PermissionRequiredMixin, View):
    """htmx: the company form's town drawn again from the postcode typed (core/data/postnumre.csv).

    A town already typed is kept; an unknown postcode leaves the town as it is (saving says why).
    """

    permission_required = CompanyCvrLookupView.permission_required

    def has_permission(self):
        return any(self.request.user.has_perm(permission) for permission in self.permission_required)

    def get(self, request):
        city = request.GET.get("city", "").strip()[:100]
        town = city or postcodes.town(request.GET.get("postcode", ""))
        form = CompanyForm(user=request.user, initial={"city": town})
        return render(request, "virksomheder/partials/company_town.html", {"field": form["city"]})


class IndustryCodeMappingView(PermissionRequiredMixin, View):
    """The project leader's table: which configured industry each CVR code division proposes."""

    permission_required = "virksomheder.change_industrycodemapping"
    template_name = "virksomheder/industry_code_mappings.html"

    def get(self, request):
        return self.page(IndustryCodeMappingFormSet(queryset=IndustryCodeMapping.objects.select_related("industry")))

    def post(self, request):
        formset = IndustryCodeMappingFormSet(request.POST, queryset=IndustryCodeMapping.objects.all())
        if not formset.is_valid():
            return self.page(formset)
        with transaction.atomic():
            formset.save()
        messages.success(request, _("Tabellen over branchekoder er gemt."))
        return redirect("virksomheder:industry_code_mappings")

    def page(self, formset):
        return render(self.request, self.template_name, {"formset": formset})


class ProgrammeTextView(PermissionRequiredMixin, View):
    """The project leader's short "what the programme is" text, shown on the company portal's company page."""

    permission_required = "virksomheder.change_programmetext"
    template_name = "virksomheder/programme_text.html"

    def get(self, request):
        return self.page(ProgrammeTextForm(instance=ProgrammeText.current()))

    def post(self, request):
        form = ProgrammeTextForm(request.POST, instance=ProgrammeText.current())
        if not form.is_valid():
            return self.page(form)
        services.programme_text_save(body=form.cleaned_data["body"], user=request.user)
        messages.success(request, _("Teksten om programmet er gemt. Virksomhedernes kontaktpersoner ser den nu."))
        return redirect("virksomheder:programme_text")

    def page(self, form):
        return render(self.request, self.template_name, {"form": form, "text": form.instance})


class CompanyMixin(PermissionRequiredMixin):
    model = Company
    context_object_name = "company"

    def get_queryset(self):
        return selectors.company_for_page(user=self.request.user)


class CompanyDetailView(CompanyMixin, RecordsAccessMixin, DetailView):
    """The company page: contacts, guidance history, openings and placements."""

    permission_required = "virksomheder.view_company"
    template_name = "virksomheder/company_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            guidance_form=kwargs.pop("guidance_form", None)
            or (GuidanceEntryForm(user=user) if user.has_perm("virksomheder.add_guidance") else None),
            contact_form=kwargs.pop("contact_form", None)
            or (ContactPersonForm() if user.has_perm("virksomheder.add_contactperson") else None),
            **kwargs,
        )


class CompanyUpdateView(CompanyMixin, ServiceFormMixin, UpdateView):
    permission_required = "virksomheder.change_company"
    form_class = CompanyForm
    template_name = "virksomheder/company_form.html"

    def save(self, form):
        company = services.company_update(company=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(company)


class CompanyRecordCreateView(CompanyMixin, DetailView):
    """POST a record on the company page; errors show the page again with the form."""

    http_method_names = ["post"]
    template_name = "virksomheder/company_detail.html"
    form_class = None
    context_form_name = ""

    def make_form(self):
        raise NotImplementedError

    def save(self, company, form):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        company = self.object = self.get_object()
        form = self.make_form()
        if form.is_valid():
            try:
                message = self.save(company, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect(company)
        return render(request, self.template_name, self.get_context_data(**{self.context_form_name: form}))


class ContactPersonCreateView(CompanyRecordCreateView):
    permission_required = ("virksomheder.view_company", "virksomheder.add_contactperson")
    context_form_name = "contact_form"

    def make_form(self):
        return ContactPersonForm(self.request.POST)

    def save(self, company, form):
        contact = services.contact_person_create(company=company, **form.service_kwargs())
        return _("%(name)s er tilføjet som kontaktperson.") % {"name": contact.name}


class GuidanceCreateView(CompanyRecordCreateView):
    permission_required = ("virksomheder.view_company", "virksomheder.add_guidance")
    context_form_name = "guidance_form"

    def make_form(self):
        return GuidanceEntryForm(self.request.POST, user=self.request.user)

    def save(self, company, form):
        guidance = services.guidance_create(company=company, **form.service_kwargs())
        return _("Vejledningen (%(form)s) den %(date)s er gemt.") % {
            "form": guidance.get_form_display().lower(),
            "date": short_date(guidance.date),
        }


# --- network meetings --------------------------------------------------------------------


class NetworkMeetingListView(ExportMixin, PermissionRequiredMixin, ListView):
    permission_required = "virksomheder.view_networkmeeting"
    template_name = "virksomheder/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 25
    export = Export(
        "netvaerksmoeder",
        [
            Column(gettext_lazy("Dato"), "date"),
            Column(gettext_lazy("Titel"), "title"),
            Column(gettext_lazy("Sted"), "place"),
            Column(gettext_lazy("Emne"), "get_topic_display"),
            Column(gettext_lazy("Arrangør"), lambda meeting: staff_name(meeting.organiser)),
            Column(gettext_lazy("Antal virksomheder"), lambda meeting: len(meeting.companies.all())),
            Column(gettext_lazy("Deltagende virksomheder"), joined("companies", lambda company: company.name)),
            Column(gettext_lazy("Notat"), "note"),
        ],
    )

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)


class NetworkMeetingCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "virksomheder.add_networkmeeting"
    model = NetworkMeeting
    form_class = NetworkMeetingForm
    template_name = "virksomheder/meeting_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        meeting = services.network_meeting_create(**form.service_kwargs())
        messages.success(
            self.request,
            _("Netværksmødet er registreret med %(count)s virksomheder.") % {"count": meeting.companies.count()},
        )
        return redirect("virksomheder:meeting_list")


class NetworkMeetingUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "virksomheder.change_networkmeeting"
    form_class = NetworkMeetingForm
    template_name = "virksomheder/meeting_form.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return selectors.meeting_list(user=self.request.user)

    def form_valid(self, form):
        services.network_meeting_update(meeting=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect("virksomheder:meeting_list")


# --- job openings ------------------------------------------------------------------------


class OpeningBoardView(ExportMixin, PermissionRequiredMixin, HtmxPartialMixin, FilterView):
    """The openings in columns by status (åben, besat, lukket); the export has them in one table."""

    permission_required = "virksomheder.view_jobopening"
    filterset_class = OpeningFilter
    template_name = "virksomheder/opening_board.html"
    partial_template_name = "virksomheder/partials/opening_board.html"
    paginate_by = 50
    export = Export(
        "jobaabninger",
        [
            Column(gettext_lazy("Titel"), "title"),
            Column(gettext_lazy("Virksomhed"), "company.name"),
            Column(gettext_lazy("Branche"), "industry.name"),
            Column(gettext_lazy("Type"), "get_kind_display"),
            Column(gettext_lazy("Status"), "get_status_display"),
            Column(gettext_lazy("Startdato"), "start_date"),
            Column(gettext_lazy("Mindstealder"), "min_age"),
            Column(gettext_lazy("Antal stillinger"), "positions"),
            Column(gettext_lazy("Timer pr. uge"), "hours_per_week"),
            Column(gettext_lazy("Match i gang"), "active_matches"),
            Column(gettext_lazy("Ansat"), "placed"),
        ],
    )

    def get_queryset(self):
        return selectors.opening_list(user=self.request.user).order_by("start_date", "title", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The columns hold this page's openings; the headings count all the filtered ones.
        context["columns"] = selectors.opening_board(openings=context["page_obj"], totals_of=self.object_list)
        return context


class RulesFormMixin:
    """Shows the young-worker rules' violations as warnings when the service refuses to save."""

    def refused(self, form, refused: RulesRefused):
        if hasattr(refused, "error_dict"):
            for field, errors in refused.error_dict.items():
                form.add_error(field, errors)
        else:
            form.add_error(None, refused.messages)
        return self.render_to_response(self.get_context_data(form=form, violations=refused.violations))


class OpeningCreateView(PermissionRequiredMixin, RulesFormMixin, CreateView):
    permission_required = "virksomheder.add_jobopening"
    model = JobOpening
    form_class = OpeningForm
    template_name = "virksomheder/opening_form.html"

    def get_initial(self):
        company_id = self.request.GET.get("virksomhed", "")
        company = Company.objects.filter(pk=company_id).first() if company_id.isdigit() else None
        return {"company": company, "industry": company.industry_id} if company else {}

    def form_valid(self, form):
        try:
            opening = services.opening_create(created_by=self.request.user, **form.service_kwargs())
        except RulesRefused as refused:
            return self.refused(form, refused)
        messages.success(self.request, _("Jobåbningen %(title)s er oprettet.") % {"title": opening.title})
        return redirect(opening)


class OpeningUpdateView(PermissionRequiredMixin, RulesFormMixin, UpdateView):
    permission_required = "virksomheder.change_jobopening"
    form_class = OpeningForm
    template_name = "virksomheder/opening_form.html"
    context_object_name = "opening"

    def get_queryset(self):
        return selectors.opening_for_page(user=self.request.user)

    def form_valid(self, form):
        try:
            opening = services.opening_update(opening=self.object, **form.service_kwargs())
        except RulesRefused as refused:
            return self.refused(form, refused)
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(opening)


class OpeningDetailView(PermissionRequiredMixin, DetailView):
    """An opening, its match pipeline and the young people ranked for it."""

    permission_required = "virksomheder.view_jobopening"
    template_name = "virksomheder/opening_detail.html"
    context_object_name = "opening"

    def get_queryset(self):
        return selectors.opening_for_page(user=self.request.user)

    def get_context_data(self, **kwargs):
        opening = self.object
        can_match = self.request.user.has_perm("virksomheder.add_match") and opening.status == OpeningStatus.OPEN
        return super().get_context_data(
            matches=selectors.matches_for_opening(opening=opening),
            suggestions=matching.candidates_for_opening(opening)[:SUGGESTIONS_SHOWN] if can_match else [],
            can_match=can_match,
            violations=services.opening_check(opening),
            company_changes=portal_services.company_changes_shown(opening),
            statuses=OpeningStatus.choices,
            **kwargs,
        )


class OpeningStatusView(PermissionRequiredMixin, View):
    permission_required = "virksomheder.change_jobopening"
    http_method_names = ["post"]

    def post(self, request, pk):
        opening = get_object_or_404(selectors.opening_for_page(user=request.user), pk=pk)
        status = request.POST.get("status", "")
        if status not in OpeningStatus.values:
            messages.error(request, _("Vælg en status."))
        else:
            services.opening_set_status(opening=opening, status=status)
            messages.success(request, _("Status er nu %(status)s.") % {"status": opening.get_status_display().lower()})
        return redirect(opening)


# --- matching ----------------------------------------------------------------------------


class YouthMatchesView(PermissionRequiredMixin, RecordsAccessMixin, DetailView):
    """Find a job: open openings ranked for one young person, and their matches so far."""

    permission_required = ("fritidsjob.view_youth", "virksomheder.view_match")
    template_name = "virksomheder/youth_matches.html"
    context_object_name = "youth"
    model = Youth

    def get_queryset(self):
        return youth_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        youth = self.object
        can_match = self.request.user.has_perm("virksomheder.add_match")
        return super().get_context_data(
            matches=selectors.matches_for_youth(youth=youth),
            suggestions=matching.openings_for_youth(youth)[:SUGGESTIONS_SHOWN] if can_match else [],
            can_match=can_match,
            **kwargs,
        )


def _back(request, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return fallback


class MatchCreateView(PermissionRequiredMixin, View):
    permission_required = ("fritidsjob.view_youth", "virksomheder.add_match")
    http_method_names = ["post"]

    def post(self, request):
        youth = youth_list(user=request.user).filter(pk=request.POST.get("youth") or 0).first()
        opening = selectors.opening_for_page(user=request.user).filter(pk=request.POST.get("opening") or 0).first()
        if youth is None or opening is None:
            messages.error(request, _("Vælg en ung og en jobåbning."))
            return redirect(_back(request, reverse("virksomheder:opening_board")))
        try:
            services.match_create(youth=youth, opening=opening, created_by=request.user)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request,
                _("%(name)s er foreslået til %(title)s.") % {"name": youth.full_name, "title": opening.title},
            )
        return redirect(_back(request, opening.get_absolute_url()))


class MatchActionView(PermissionRequiredMixin, View):
    permission_required = "virksomheder.change_match"
    http_method_names = ["post"]

    def post(self, request, pk):
        match = get_object_or_404(selectors.match_for_page(user=request.user), pk=pk)
        try:
            message = self.act(match)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, message)
        return redirect(_back(request, match.opening.get_absolute_url()))

    def act(self, match) -> str:
        raise NotImplementedError


class MatchSendView(MatchActionView):
    def act(self, match):
        services.match_send(match=match)
        values = {"name": match.youth.full_name, "company": match.opening.company}
        return _("%(name)s er sendt til %(company)s.") % values


class MatchInterviewView(MatchActionView):
    def act(self, match):
        services.match_interview(match=match)
        return _("Samtale registreret for %(name)s.") % {"name": match.youth.full_name}


class MatchRejectView(MatchActionView):
    def act(self, match):
        form = RejectForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Skriv en årsag til afvisningen."))
        services.match_reject(match=match, reason=form.cleaned_data["rejection_reason"])
        return _("Matchet er afvist.")


# --- placements --------------------------------------------------------------------------


def _follow_up(kind: str, value: Callable[[FollowUp], object]) -> Callable[[Placement], object]:
    """A column from the placement's (prefetched) follow-up of one kind."""

    def of(placement):
        follow_up = next((item for item in placement.follow_ups.all() if item.kind == kind), None)
        return value(follow_up) if follow_up else None

    return of


class PlacementListView(ExportMixin, PermissionRequiredMixin, HtmxPartialMixin, FilterView):
    permission_required = "virksomheder.view_placement"
    filterset_class = PlacementFilter
    paginate_by = 25
    template_name = "virksomheder/placement_list.html"
    partial_template_name = "virksomheder/partials/placement_table.html"
    # Each row names a young person; a placement's access entry shows in the young person's audit trail.
    export = Export(
        "ansaettelser",
        [
            Column(gettext_lazy("Ung"), "youth.full_name"),
            Column(gettext_lazy("Virksomhed"), "company.name"),
            Column(gettext_lazy("Job"), "title"),
            Column(gettext_lazy("Startdato"), "start"),
            Column(gettext_lazy("Slutdato"), "end"),
            Column(gettext_lazy("Seks måneder efter start"), "six_months_on"),
            Column(gettext_lazy("Timer pr. uge"), "hours_per_week"),
            Column(gettext_lazy("Timeløn (kr.)"), "hourly_wage"),
            Column(gettext_lazy("Kontrakt underskrevet"), "contract_signed"),
            Column(
                gettext_lazy("Opfølgning efter 1 måned"),
                _follow_up(FollowUpKind.ONE_MONTH, lambda follow_up: follow_up.completed_on),
            ),
            Column(
                gettext_lazy("Opfølgning efter 6 måneder"),
                _follow_up(FollowUpKind.SIX_MONTHS, lambda follow_up: follow_up.completed_on),
            ),
            Column(
                gettext_lazy("Fastholdt efter 6 måneder"),
                _follow_up(FollowUpKind.SIX_MONTHS, lambda follow_up: follow_up.job_kept),
            ),
            Column(gettext_lazy("Årsag til ophør"), "end_reason"),
        ],
        personal_data=True,
    )

    def get_queryset(self):
        return selectors.placement_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class PlacementCreateView(PermissionRequiredMixin, RecordsAccessMixin, RulesFormMixin, ServiceFormMixin, CreateView):
    """Record a young person's job; from a match (?match=<id>) the company and opening come with it."""

    permission_required = ("fritidsjob.view_youth", "virksomheder.add_placement")
    model = Placement
    form_class = PlacementForm
    template_name = "virksomheder/placement_form.html"

    def dispatch(self, request, *args, **kwargs):
        # Permission first: the young people are scoped to the user, so a role without them would get 404, not 403.
        if not self.has_permission():
            return self.handle_no_permission()
        self.youth = get_object_or_404(youth_list(user=request.user), pk=kwargs["pk"])
        match_id = request.GET.get("match", "")
        self.match = None
        if match_id and not match_id.isdigit():
            raise Http404
        if match_id:
            self.match = selectors.match_for_page(user=request.user).filter(pk=match_id, youth=self.youth).first()
            if self.match is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "match": self.match}

    def get_initial(self):
        if self.match is None:
            return {"start": timezone.localdate()}
        opening = self.match.opening
        initial = {
            "job_title": opening.title,
            "start": max(opening.start_date, timezone.localdate()),
            "hours_per_week": opening.hours_per_week,
            "tasks": opening.tasks,
        }
        return initial

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.match is not None and not form.is_bound:
            form.instance.weekly_schedule = self.match.opening.weekly_schedule
            form.add_schedule_fields(self.match.opening.weekly_schedule)
        return form

    def accessed_record(self):
        return self.youth

    def get_context_data(self, **kwargs):
        return super().get_context_data(youth=self.youth, match=self.match, **kwargs)

    def save(self, form):
        try:
            placement = services.placement_create(
                youth=self.youth, match=self.match, created_by=self.request.user, **form.service_kwargs()
            )
        except RulesRefused as refused:
            return self.refused(form, refused)
        messages.success(
            self.request,
            _("Ansættelsen er registreret. Opfølgning efter 1 og 6 måneder er oprettet."),
        )
        return redirect(placement)


class PlacementMixin(PermissionRequiredMixin):
    context_object_name = "placement"

    def get_queryset(self):
        return selectors.placement_for_page(user=self.request.user)


class PlacementDetailView(PlacementMixin, RecordsAccessMixin, DetailView):
    permission_required = "virksomheder.view_placement"
    template_name = "virksomheder/placement_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(violations=services.placement_check(self.object), **kwargs)


class PlacementUpdateView(PlacementMixin, RecordsAccessMixin, RulesFormMixin, ServiceFormMixin, UpdateView):
    permission_required = "virksomheder.change_placement"
    form_class = PlacementForm
    template_name = "virksomheder/placement_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(youth=self.object.youth, **kwargs)

    def save(self, form):
        try:
            placement = services.placement_update(placement=self.object, **form.service_kwargs())
        except RulesRefused as refused:
            return self.refused(form, refused)
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(placement)


class FollowUpCompleteView(PermissionRequiredMixin, RecordsAccessMixin, ServiceFormMixin, FormView):
    """Record a follow-up; the six-month one asks whether the job was kept. Closes its task."""

    permission_required = ("virksomheder.view_placement", "virksomheder.change_followup")
    form_class = FollowUpForm
    template_name = "virksomheder/followup_form.html"

    def dispatch(self, request, *args, **kwargs):
        # Permission first: the follow-ups are scoped to the user, so a role without them would get 404, not 403.
        if not self.has_permission():
            return self.handle_no_permission()
        self.follow_up = get_object_or_404(selectors.follow_up_for_page(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def accessed_record(self):
        return self.follow_up

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "six_months": self.follow_up.is_six_months,
            "placement_ended": self.follow_up.placement.end is not None,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(follow_up=self.follow_up, placement=self.follow_up.placement, **kwargs)

    def save(self, form):
        data = form.cleaned_data
        services.follow_up_complete(
            follow_up=self.follow_up,
            user=self.request.user,
            job_kept=data.get("job_kept"),
            note=data.get("note", ""),
            end=data.get("end"),
            end_reason=data.get("end_reason", ""),
        )
        messages.success(
            self.request,
            _("%(kind)s er registreret.") % {"kind": self.follow_up.get_kind_display()},
        )
        return redirect(self.follow_up.placement)
