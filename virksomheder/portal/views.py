"""The company portal's pages, and the consultant's actions on it (invite, deactivate, approve).

Portal pages need virksomheder.use_portal (the role Virksomhedskontakt) and reach rows only
through selectors starting at the signed-in contact's company: another company's id is a 404.
Every page that shows a young person records an access entry in their audit trail, with the
contact's user (named as the contact) as the actor.
"""

from auditlog.context import set_actor
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from core import industry_guides, sharing
from core.audit import record_access, record_export_access
from core.consent import ConsentKind
from core.views import add_service_errors, error_message

from .. import selectors as company_selectors
from .. import services as company_services
from ..models import ContactPerson, OpeningStatus, ProgrammeText
from ..rules_check import RulesRefused
from . import rules, selectors, services
from .forms import EmployerFollowUpForm, HireForm, LinkForm, LoginRequestForm, NotHiredForm, PortalOpeningForm

# The CV's name in core.sharing's documents (talentvaerksted registers it).
CV_DOCUMENT = "cv"

PORTAL_BACKEND = "sesame.backends.ModelBackend"
NOT_SHARED = _("Oplysninger ikke delt")


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# --- signing in ------------------------------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class LoginRequestView(View):
    """Ask for a new login link. The answer is the same whether the address is known or not."""

    template_name = "virksomheder/portal/login.html"

    def get(self, request):
        return render(request, self.template_name, {"form": LoginRequestForm(), "minutes": services.link_minutes()})

    def post(self, request):
        form = LoginRequestForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "minutes": services.link_minutes()})
        services.login_link_request(email=form.cleaned_data["email"], base_url=_base_url(request))
        return render(request, "virksomheder/portal/login_sent.html", {"minutes": services.link_minutes()})


@method_decorator(login_not_required, name="dispatch")
class LinkView(View):
    """The e-mail's link: a button that signs in (POST), or, for a used or expired link, a new one to ask for."""

    template_name = "virksomheder/portal/link.html"

    def get(self, request):
        token = request.GET.get("sesame", "")
        valid = services.user_for_link(token) is not None
        return self.render(LinkForm(initial={"sesame": token}) if valid else None)

    def post(self, request):
        form = LinkForm(request.POST)
        user = services.user_for_link(form.data.get("sesame", "")) if form.is_valid() else None
        if user is None:
            return self.render(None, status=400)
        # Signing in moves the user's last login on, which is what makes the link single use.
        login(request, user, backend=PORTAL_BACKEND)
        return redirect("virksomheder:portal:home")

    def render(self, form, status=200):
        context = {"form": form, "request_form": LoginRequestForm(), "minutes": services.link_minutes()}
        return render(self.request, self.template_name, context, status=status)


# --- the portal ------------------------------------------------------------------------------


class PortalMixin(PermissionRequiredMixin):
    permission_required = "virksomheder.use_portal"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.contact = selectors.contact_of(request.user)
        if self.contact is None:
            raise Http404
        self.today = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)


class HomeView(PortalMixin, View):
    """The company's openings and its candidates, on one page made for a phone."""

    def get(self, request):
        candidates = list(selectors.portal_candidates(contact=self.contact, today=self.today)[:50])
        # Each young person's access log shows that the company's contact saw them (only those shown),
        # in one insert however many there are.
        record_export_access(
            [match.youth for match in candidates if match.may_share],
            actor=request.user,
            remote_addr=request.META.get("REMOTE_ADDR"),
            details={"page": request.path},
        )
        context = {
            "contact": self.contact,
            "company": self.contact.company,
            "openings": selectors.portal_openings(contact=self.contact)[:50],
            "candidates": candidates,
            "not_shared": NOT_SHARED,
        }
        return render(request, "virksomheder/portal/home.html", context)


class CompanyView(PortalMixin, View):
    """The company's own page: its contacts, its industry's guide, the programme and the planned network meetings."""

    def get(self, request):
        company = self.contact.company
        context = {
            "contact": self.contact,
            "company": company,
            "contacts": selectors.company_contacts(contact=self.contact)[:50],
            "guide_link": industry_guides.guide_link(company.industry),
            "programme_text": ProgrammeText.current(),
            "meetings": selectors.upcoming_meetings(contact=self.contact, today=self.today)[:20],
        }
        return render(request, "virksomheder/portal/company.html", context)


class MeetingSignupView(PortalMixin, View):
    """Sign up to (or, with cancel, withdraw from) a planned meeting; a held or unknown meeting is a 404."""

    http_method_names = ["post"]
    cancel = False

    def post(self, request, pk):
        meeting = get_object_or_404(selectors.upcoming_meetings(contact=self.contact, today=self.today), pk=pk)
        try:
            if self.cancel:
                company_services.meeting_signup_cancel(meeting=meeting, contact=self.contact)
                message = _("Du er afmeldt %(title)s.")
            else:
                company_services.meeting_signup(meeting=meeting, contact=self.contact)
                message = _("Du er tilmeldt %(title)s. Vi ser frem til at se dig.")
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, message % {"title": meeting.title})
        return redirect("virksomheder:portal:company")


class OpeningFormView(PortalMixin, View):
    template_name = "virksomheder/portal/opening_form.html"
    opening = None

    def get(self, request, **kwargs):
        return self.render(PortalOpeningForm(instance=self.opening))

    def post(self, request, **kwargs):
        form = PortalOpeningForm(request.POST, instance=self.opening)
        if form.is_valid():
            try:
                saved = self.save(form)
            except RulesRefused as refused:
                form.add_error(None, refused.messages)
                return self.render(form, violations=refused.violations)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return saved
        return self.render(form)

    def render(self, form, violations=None):
        context = {
            "form": form,
            "opening": self.opening,
            "violations": violations,
            "explained": _explained(form),
            "approval_fields": services.fields_needing_approval_text(),
        }
        return render(self.request, self.template_name, context)


def _explained(form) -> list:
    """The rules for what the form holds so far (the fields that do not validate count as empty)."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    instance = form.instance
    min_age = data.get("min_age") or instance.min_age or 13
    return rules.explain(
        min_age=min_age,
        start=data.get("start_date") or instance.start_date or timezone.localdate(),
        schedule=data.get("weekly_schedule", instance.weekly_schedule),
        hours_per_week=data.get("hours_per_week", instance.hours_per_week),
        hazards=data.get("hazards", instance.hazards),
    )


class OpeningCreateView(OpeningFormView):
    def save(self, form):
        opening = services.portal_opening_create(contact=self.contact, **form.service_kwargs())
        messages.success(
            self.request,
            _("Jobåbningen %(title)s er sendt. En konsulent godkender den, før der findes unge til den.")
            % {"title": opening.title},
        )
        return redirect("virksomheder:portal:home")


class OpeningUpdateView(OpeningFormView):
    def dispatch(self, request, *args, **kwargs):
        contact = selectors.contact_of(request.user)
        if contact is not None:
            self.opening = get_object_or_404(selectors.portal_openings(contact=contact), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def save(self, form):
        was_open = self.opening.status == OpeningStatus.OPEN
        opening = services.portal_opening_update(contact=self.contact, opening=self.opening, **form.service_kwargs())
        if was_open and opening.awaits_approval:
            message = _("Ændringerne er gemt. En konsulent godkender dem, før der sendes flere unge til jobbet.")
        else:
            message = _("Ændringerne er gemt.")
        messages.success(self.request, message)
        return redirect("virksomheder:portal:home")


class RulesCheckView(PortalMixin, View):
    """htmx: the rules explained for the opening form as typed (POST of the whole form), no saving."""

    http_method_names = ["post"]

    def post(self, request):
        form = PortalOpeningForm(request.POST)
        form.is_valid()  # only to clean what can be cleaned
        return render(request, "virksomheder/portal/partials/rules.html", {"explained": _explained(form)})


# --- the consultant's actions ---------------------------------------------------------------


class ContactActionView(PermissionRequiredMixin, View):
    permission_required = ("virksomheder.view_company", "virksomheder.change_contactperson")
    http_method_names = ["post"]

    def post(self, request, pk):
        companies = company_selectors.company_for_page(user=request.user)
        contact = get_object_or_404(ContactPerson.objects.filter(company__in=companies).select_related("user"), pk=pk)
        try:
            message = self.act(contact)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, message)
        return redirect(contact.company)


class ContactInviteView(ContactActionView):
    def act(self, contact):
        services.contact_invite(contact=contact, invited_by=self.request.user, base_url=_base_url(self.request))
        return _("%(name)s er inviteret til virksomhedsportalen. Linket er sendt til %(email)s.") % {
            "name": contact.name,
            "email": contact.email,
        }


class ContactDeactivateView(ContactActionView):
    def act(self, contact):
        services.contact_deactivate(contact=contact)
        return _("%(name)s har ikke længere adgang til virksomhedsportalen.") % {"name": contact.name}


class OpeningApproveView(PermissionRequiredMixin, View):
    permission_required = "virksomheder.change_jobopening"
    http_method_names = ["post"]

    def post(self, request, pk):
        opening = get_object_or_404(company_selectors.opening_for_page(user=request.user), pk=pk)
        try:
            services.opening_approve(opening=opening, approved_by=request.user)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("Jobåbningen er godkendt og åben for match."))
        return redirect(opening)


# --- candidates --------------------------------------------------------------------------------


class CandidateMixin(PortalMixin):
    """One of the company's candidates; without the consent to share with a company today, nothing of them."""

    def dispatch(self, request, *args, **kwargs):
        contact = selectors.contact_of(request.user)
        if contact is not None and request.user.has_perm(self.permission_required):
            candidates = selectors.portal_candidates(contact=contact, today=timezone.localdate())
            self.match = get_object_or_404(candidates, pk=kwargs["pk"])
            if not self.match.may_share:
                messages.error(request, NOT_SHARED)
                return redirect("virksomheder:portal:home")
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra) -> dict:
        return {"match": self.match, "youth": self.match.youth, "contact": self.contact, **extra}


class CandidateDetailView(CandidateMixin, View):
    """First name, age, availability, interests and the CV if shared; never CPR, address, school or notes."""

    def get(self, request, pk):
        record_access(self.match.youth, page=request.path)
        return render(request, "virksomheder/portal/candidate_detail.html", self.context(**self.forms()))

    def forms(self, **bound) -> dict:
        return {
            "hire_form": bound.get("hire_form")
            or HireForm(
                initial={"start": max(self.match.opening.start_date, self.today)},
                schedule=self.match.opening.weekly_schedule,
            ),
            "not_hired_form": bound.get("not_hired_form") or NotHiredForm(),
            "violations": bound.get("violations"),
            "has_cv": sharing.shared_document_available(CV_DOCUMENT, youth=self.match.youth),
        }


class CandidateInterviewView(CandidateMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.candidate_interview(contact=self.contact, match=self.match)
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(request, _("Samtalen med %(name)s er noteret.") % {"name": self.match.youth.first_name})
        return redirect("virksomheder:portal:candidate_detail", self.match.pk)


class CandidateNotHiredView(CandidateDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = NotHiredForm(request.POST)
        if form.is_valid():
            try:
                services.candidate_not_hired(contact=self.contact, match=self.match, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Tak. Konsulenten kan se, at den unge ikke blev ansat."))
                return redirect("virksomheder:portal:home")
        record_access(self.match.youth, page=request.path)
        return render(
            request, "virksomheder/portal/candidate_detail.html", self.context(**self.forms(not_hired_form=form))
        )


class CandidateHireView(CandidateDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = HireForm(request.POST)
        violations = None
        if form.is_valid():
            try:
                services.candidate_hire(contact=self.contact, match=self.match, **form.service_kwargs())
            except RulesRefused as refused:
                form.add_error(None, refused.messages)
                violations = refused.violations
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s er registreret som ansat. Vi følger op efter en og seks måneder.")
                    % {"name": self.match.youth.first_name},
                )
                return redirect("virksomheder:portal:home")
        record_access(self.match.youth, page=request.path)
        context = self.context(**self.forms(hire_form=form, violations=violations))
        return render(request, "virksomheder/portal/candidate_detail.html", context)


class CandidateCVView(CandidateMixin, View):
    """The CV as PDF, if the young person chose to share it (the consent is asked again by the provider)."""

    def get(self, request, pk):
        try:
            document = sharing.shared_document(CV_DOCUMENT, youth=self.match.youth)
        except ValidationError as error:
            messages.error(request, error_message(error))
            return redirect("virksomheder:portal:home")
        if document is None:
            raise Http404(_("Den unge har ikke delt sit CV."))
        content, filename = document
        record_access(self.match.youth, page=request.path)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


# --- follow-ups answered by the employer --------------------------------------------------------


@method_decorator(login_not_required, name="dispatch")
class FollowUpAnswerView(View):
    """The follow-up e-mail's link: two or three questions, answered once, no sign-in needed."""

    template_name = "virksomheder/portal/follow_up.html"

    def dispatch(self, request, *args, **kwargs):
        found = services.follow_up_from_link(kwargs["token"])
        if found is None:
            raise Http404(_("Linket virker ikke. Bed konsulenten om et nyt."))
        self.follow_up, self.contact = found
        self.youth = self.follow_up.placement.youth
        self.may_share = sharing.may_share(youth=self.youth, kind=ConsentKind.SHARE_WITH_COMPANY)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        return self.render(EmployerFollowUpForm())

    def post(self, request, token):
        form = EmployerFollowUpForm(request.POST)
        if form.is_valid() and not self.follow_up.is_done:
            try:
                services.follow_up_answer(follow_up=self.follow_up, contact=self.contact, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return render(request, "virksomheder/portal/follow_up_done.html", {"contact": self.contact})
        return self.render(form)

    def render(self, form):
        if self.may_share:
            # Shown to the contact the link was made for: their name in the young person's access log.
            with set_actor(self.contact.user):
                record_access(self.youth, page=self.request.path)
        context = {
            "form": form,
            "follow_up": self.follow_up,
            "contact": self.contact,
            "youth": self.youth if self.may_share else None,
            "not_shared": NOT_SHARED,
        }
        return render(self.request, self.template_name, context)
