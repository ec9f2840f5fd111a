from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DeleteView, DetailView, FormView, UpdateView
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.edit import CreateView
from django_filters.views import FilterView

from core.audit import RecordsAccessMixin
from core.exports import Column, Export, ExportMixin, joined, staff_name
from core.views import HtmxPartialMixin, ServiceFormMixin

from .. import selectors, services
from ..filters import CourseFilter
from ..forms import CompleteProposedForm, CourseCopyForm, CourseForm
from ..models import SEAT_STATUSES, Course
from .common import announce_promoted


class CourseListView(ExportMixin, HtmxPartialMixin, PermissionRequiredMixin, FilterView):
    permission_required = "talentvaerksted.view_course"
    filterset_class = CourseFilter
    paginate_by = 25
    template_name = "talentvaerksted/course_list.html"
    partial_template_name = "talentvaerksted/partials/course_table.html"
    # Courses name no young person (participants are on each course's page); leaders are staff.
    export = Export(
        "forloeb",
        [
            Column(gettext_lazy("Forløb"), "title"),
            Column(gettext_lazy("Type"), "get_kind_display"),
            Column(gettext_lazy("Startdato"), "start_date"),
            Column(gettext_lazy("Slutdato"), "end_date"),
            Column(gettext_lazy("Sted"), "place"),
            Column(gettext_lazy("Pladser"), "capacity"),
            Column(gettext_lazy("Optagne pladser"), "seats_taken"),
            Column(gettext_lazy("Venteliste"), "waiting_count"),
            Column(gettext_lazy("Mødegange"), "session_count"),
            Column(gettext_lazy("Undervisere"), joined("leaders", staff_name)),
        ],
    )

    def get_queryset(self):
        return selectors.course_list(user=self.request.user)


class CourseScopeMixin(PermissionRequiredMixin):
    """Course pages: staff share every course; the queryset is the one place to narrow that."""

    model = Course
    context_object_name = "course"

    def get_queryset(self):
        return selectors.course_for_page(user=self.request.user)


class CourseCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
    permission_required = "talentvaerksted.add_course"
    model = Course
    form_class = CourseForm
    template_name = "talentvaerksted/course_form.html"

    def save(self, form):
        course = services.course_create(**form.service_kwargs())
        messages.success(self.request, _("Forløbet %(title)s er oprettet. Tilføj nu mødegangene.") % {"title": course})
        return redirect(course)


class CourseDetailView(CourseScopeMixin, RecordsAccessMixin, DetailView):
    permission_required = "talentvaerksted.view_course"
    template_name = "talentvaerksted/course_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = self.object
        participants = selectors.course_participants(course=course)
        context.update(
            sessions=list(course.sessions.all()),
            participants=participants,
            waiting=selectors.course_waiting_list(course=course),
            seats_taken=sum(1 for enrollment in participants if enrollment.status in SEAT_STATUSES),
            proposed_count=sum(1 for enrollment in participants if enrollment.completion_proposed),
            complete_proposed_form=CompleteProposedForm(),
        )
        return context


class CourseUpdateView(CourseScopeMixin, ServiceFormMixin, UpdateView):
    permission_required = "talentvaerksted.change_course"
    form_class = CourseForm
    template_name = "talentvaerksted/course_form.html"

    def save(self, form):
        course, promoted = services.course_update(course=self.object, **form.service_kwargs())
        messages.success(self.request, _("Ændringerne er gemt."))
        announce_promoted(self.request, promoted)
        return redirect(course)


class CourseCopyView(CourseScopeMixin, SingleObjectMixin, ServiceFormMixin, FormView):
    """A new term of a course: same content and sessions moved to the new start date."""

    permission_required = "talentvaerksted.add_course"
    form_class = CourseCopyForm
    template_name = "talentvaerksted/course_copy.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"title": self.object.title}

    def save(self, form):
        copy = services.course_copy(course=self.object, **form.cleaned_data)
        messages.success(
            self.request, _("Forløbet er kopieret til %(title)s. Tjek datoerne for mødegangene.") % {"title": copy}
        )
        return redirect(copy)


class CourseDeleteView(CourseScopeMixin, DeleteView):
    permission_required = "talentvaerksted.delete_course"
    template_name = "talentvaerksted/course_confirm_delete.html"
    success_url = reverse_lazy("talentvaerksted:course_list")

    def form_valid(self, form):
        try:
            services.course_delete(course=self.object)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.object)
        messages.success(self.request, _("Forløbet %(title)s er slettet.") % {"title": self.object})
        return redirect(self.success_url)
