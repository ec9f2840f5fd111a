"""Mentor pages for staff (coordination) and the mentor portal.

Staff pages need the MENTOR_COORDINATION permissions (fritidsjob/roles.py). The
portal needs mentorer.use_portal and reaches young people only through the
signed-in mentor's own active relationships: anything else is a 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django_filters.views import FilterView

from core.audit import RecordsAccessMixin, SearchAuditMixin, record_access
from core.exports import Column, Export, ExportMixin, joined
from core.views import HtmxPartialMixin, ServiceFormMixin, add_service_errors
from fritidsjob.selectors import youth_for_case_page

from . import selectors, services
from .filters import MentorFilter
from .forms import MentorForm, RelationshipEndForm, RelationshipForm, SessionForm, SuggestionForm
from .models import NORM_HOURS_PER_MONTH, Mentor, MentorRelationship, hours

# --- the coordinator overview and the mentors -----------------------------------------------


class OverviewView(PermissionRequiredMixin, TemplateView):
    permission_required = "mentorer.view_mentor"
    template_name = "mentorer/overview.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            overview=selectors.overview(today=today), today=today, norm=NORM_HOURS_PER_MONTH, **kwargs
        )


class MentorListView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, SearchAuditMixin, FilterView):
    permission_required = "mentorer.view_mentor"
    search_list = "mentorer"
    filterset_class = MentorFilter
    paginate_by = 25
    template_name = "mentorer/mentor_list.html"
    partial_template_name = "mentorer/partials/mentor_table.html"
    # Staff only (the mentor portal has no list and no export).
    export = Export(
        "mentorer",
        [
            Column(gettext_lazy("Fornavn"), "first_name"),
            Column(gettext_lazy("Efternavn"), "last_name"),
            Column(gettext_lazy("Arbejdsgiver"), "employer"),
            Column(gettext_lazy("Stilling"), "job_title"),
            Column(gettext_lazy("Brancher"), joined("industries")),
            Column(gettext_lazy("Telefon"), "phone"),
            Column(gettext_lazy("E-mail"), "email"),
            Column(gettext_lazy("Postnummer"), "postcode"),
            Column(gettext_lazy("Status"), "get_status_display"),
            Column(gettext_lazy("Screening færdig"), "vetting_complete"),
            Column(gettext_lazy("Aktive mentees"), "active_count"),
            Column(gettext_lazy("Kapacitet"), "capacity"),
            Column(gettext_lazy("Timer denne måned"), lambda mentor: hours(mentor.minutes_this_month)),
            Column(gettext_lazy("Seneste møde"), "last_session"),
        ],
        personal_data=True,
    )

    def get_queryset(self):
        return selectors.mentor_list(user=self.request.user, today=timezone.localdate())

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), norm=NORM_HOURS_PER_MONTH, **kwargs)


class MentorCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
    permission_required = "mentorer.add_mentor"
    model = Mentor
    form_class = MentorForm
    template_name = "mentorer/mentor_form.html"

    def save(self, form):
        mentor = services.mentor_create(**form.service_kwargs())
        messages.success(self.request, _("%(name)s er oprettet.") % {"name": mentor.full_name})
        return redirect(mentor)


class MentorMixin(PermissionRequiredMixin):
    model = Mentor
    context_object_name = "mentor"

    def get_queryset(self):
        return selectors.mentor_for_page(user=self.request.user, today=timezone.localdate())


class MentorDetailView(MentorMixin, RecordsAccessMixin, DetailView):
    permission_required = "mentorer.view_mentor"
    template_name = "mentorer/mentor_detail.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            today=today,
            norm=NORM_HOURS_PER_MONTH,
            missing=self.object.vetting_missing(today),
            free=selectors.free_places(self.object),
            **kwargs,
        )


class MentorUpdateView(MentorMixin, RecordsAccessMixin, ServiceFormMixin, UpdateView):
    permission_required = "mentorer.change_mentor"
    form_class = MentorForm
    template_name = "mentorer/mentor_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(missing=self.object.vetting_missing(), **kwargs)

    def save(self, form):
        mentor = services.mentor_update(mentor=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(mentor)


class MentorPortalInviteView(MentorMixin, View):
    """A portal login for the mentor, created from their page with their e-mail (fritidsjob/accounts.py)."""

    permission_required = "mentorer.change_mentor"
    http_method_names = ["post"]

    def post(self, request, pk):
        mentor = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            user = services.mentor_portal_invite(
                mentor=mentor, invited_by=request.user, base_url=request.build_absolute_uri("/")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(name)s er inviteret til mentorportalen. Invitationen er sendt til %(email)s.")
                % {"name": mentor.full_name, "email": user.email},
            )
        return redirect(mentor)


# --- matching and relationships ---------------------------------------------------------------


class YouthScopedMixin(RecordsAccessMixin, PermissionRequiredMixin):
    """Pages about one young person: the case scope decides who sees which young person."""

    def accessed_record(self):
        return self.youth

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.youth = get_object_or_404(youth_for_case_page(user=request.user), pk=kwargs["youth_pk"])
        return super().dispatch(request, *args, **kwargs)


class SuggestionsView(YouthScopedMixin, TemplateView):
    """Mentors ranked for a young person, with the reasons and what stands in the way."""

    permission_required = ("fritidsjob.view_youth", "mentorer.view_mentor")
    template_name = "mentorer/suggestions.html"

    def get_context_data(self, **kwargs):
        data = self.request.GET.copy()
        if "sprog" not in data:
            data["sprog"] = selectors.youth_language(self.youth)
        form = SuggestionForm(data)
        form.is_valid()
        wish, language = form.cleaned_data.get("oenske", ""), form.cleaned_data.get("sprog", "")
        today = timezone.localdate()
        return super().get_context_data(
            youth=self.youth,
            form=form,
            suggestions=selectors.mentor_suggestions(youth=self.youth, today=today, wish=wish, language=language),
            active=selectors.active_relationship_of(youth=self.youth),
            **kwargs,
        )


class RelationshipCreateView(YouthScopedMixin, View):
    """Start a mentor relationship for a young person (from the suggestions: ?mentor=<id>)."""

    permission_required = ("fritidsjob.view_youth", "mentorer.add_mentorrelationship")
    template_name = "mentorer/relationship_form.html"

    def get(self, request, youth_pk):
        form = RelationshipForm(user=request.user)
        mentor_id = request.GET.get("mentor", "")
        if mentor_id.isdigit():
            form.fields["mentor"].initial = int(mentor_id)
        return self.render(form)

    def post(self, request, youth_pk):
        form = RelationshipForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                relationship = services.relationship_start(
                    youth=self.youth, mentor=form.cleaned_data["mentor"], **form.service_kwargs()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(youth)s er koblet til mentor %(mentor)s.")
                    % {"youth": self.youth.full_name, "mentor": relationship.mentor.full_name},
                )
                return redirect(relationship)
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "youth": self.youth})


class RelationshipMixin(PermissionRequiredMixin):
    model = MentorRelationship
    context_object_name = "relationship"

    def get_queryset(self):
        return selectors.relationship_for_page(user=self.request.user, today=timezone.localdate())


class RelationshipDetailView(RelationshipMixin, RecordsAccessMixin, DetailView):
    permission_required = "mentorer.view_mentorrelationship"
    template_name = "mentorer/relationship_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(norm=NORM_HOURS_PER_MONTH, **kwargs)


class RelationshipUpdateView(RelationshipMixin, RecordsAccessMixin, ServiceFormMixin, UpdateView):
    permission_required = "mentorer.change_mentorrelationship"
    form_class = RelationshipForm
    template_name = "mentorer/relationship_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(youth=self.object.youth, **kwargs)

    def save(self, form):
        relationship = services.relationship_update(relationship=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        return redirect(relationship)


class RelationshipEndView(RelationshipMixin, RecordsAccessMixin, DetailView):
    permission_required = ("mentorer.view_mentorrelationship", "mentorer.change_mentorrelationship")
    template_name = "mentorer/relationship_end.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=kwargs.pop("form", None) or RelationshipEndForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        relationship = self.object = self.get_object()
        form = RelationshipEndForm(request.POST)
        if form.is_valid():
            try:
                services.relationship_end(relationship=relationship, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Mentorforløbet er afsluttet."))
                return redirect(relationship)
        return self.render_to_response(self.get_context_data(form=form))


class SessionCreateView(RelationshipMixin, RecordsAccessMixin, DetailView):
    """Staff log a session on a relationship (a mentor who phoned it in, say)."""

    permission_required = ("mentorer.view_mentorrelationship", "mentorer.add_mentorsession")
    template_name = "mentorer/session_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=kwargs.pop("form", None) or SessionForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        relationship = self.object = self.get_object()
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                services.session_log(relationship=relationship, logged_by=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Mødet er gemt."))
                return redirect(relationship)
        return self.render_to_response(self.get_context_data(form=form))


# --- the mentor portal ----------------------------------------------------------------------------


class PortalMixin(PermissionRequiredMixin):
    permission_required = "mentorer.use_portal"


class PortalView(PortalMixin, TemplateView):
    """The mentor's own active mentees (first name, contact, goals, next steps) and own sessions."""

    template_name = "mentorer/portal.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        relationships = list(selectors.portal_relationships(user=user, today=today))
        # Each young person's audit trail shows that their mentor saw their details (only those shown).
        record_access(
            *(relationship.youth for relationship in relationships if relationship.may_share), page=self.request.path
        )
        return super().get_context_data(
            mentor=selectors.mentor_of(user),
            relationships=relationships,
            sessions=selectors.portal_sessions(user=user, today=today),
            norm=NORM_HOURS_PER_MONTH,
            consent_missing=selectors.CONSENT_MISSING,
            **kwargs,
        )


class PortalSessionCreateView(PortalMixin, RecordsAccessMixin, View):
    """Log a session with one of one's own mentees: one short form, made for a phone."""

    template_name = "mentorer/portal_session_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.relationship = get_object_or_404(
            selectors.portal_relationships(user=request.user, today=timezone.localdate()), pk=kwargs["pk"]
        )
        if not self.relationship.may_share:
            # Not even the form: it names the young person. session_log refuses too.
            messages.error(request, selectors.CONSENT_MISSING)
            return redirect("mentorer:portal")
        return super().dispatch(request, *args, **kwargs)

    def accessed_record(self):
        return self.relationship

    def get(self, request, pk):
        return self.render(SessionForm())

    def post(self, request, pk):
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session = services.session_log(
                    relationship=self.relationship, logged_by=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Mødet med %(name)s er gemt (%(minutes)s min).")
                    % {"name": self.relationship.youth.first_name, "minutes": session.duration_minutes},
                )
                return redirect("mentorer:portal")
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "relationship": self.relationship})
