import datetime

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DeleteView, DetailView, UpdateView
from django.views.generic.edit import CreateView

from core.audit import RecordsAccessMixin
from core.views import ServiceFormMixin, error_message

from .. import selectors, services
from ..forms import SessionForm
from ..models import AttendanceStatus, CourseSession

# The roll call's buttons: status, label, Bootstrap colour.
ROLL_CALL_BUTTONS = [
    (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT.label, "success"),
    (AttendanceStatus.EXCUSED, AttendanceStatus.EXCUSED.label, "secondary"),
    (AttendanceStatus.ABSENT, AttendanceStatus.ABSENT.label, "danger"),
]


class SessionScopeMixin(PermissionRequiredMixin):
    model = CourseSession
    context_object_name = "session"

    def get_queryset(self):
        return selectors.session_for_roll_call(user=self.request.user)


class SessionCreateView(PermissionRequiredMixin, ServiceFormMixin, CreateView):
    permission_required = "talentvaerksted.add_coursesession"
    model = CourseSession
    form_class = SessionForm
    template_name = "talentvaerksted/session_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.course = get_object_or_404(selectors.course_for_page(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        last = self.course.sessions.last()
        if last is not None:
            return {
                "date": last.date + datetime.timedelta(weeks=1),
                "start_time": last.start_time,
                "end_time": last.end_time,
            }
        return {"date": self.course.start_date}

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.course, **kwargs)

    def save(self, form):
        sessions = services.session_create_weekly(
            course=self.course, data=form.service_data(), weeks=form.cleaned_data["repeat_weeks"]
        )
        messages.success(
            self.request,
            ngettext("Mødegangen er oprettet.", "%(count)s mødegange er oprettet.", len(sessions))
            % {"count": len(sessions)},
        )
        return redirect(self.course)


class SessionUpdateView(SessionScopeMixin, ServiceFormMixin, UpdateView):
    permission_required = "talentvaerksted.change_coursesession"
    form_class = SessionForm
    template_name = "talentvaerksted/session_form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(course=self.object.course, **kwargs)

    def save(self, form):
        session = services.session_update(session=self.object, data=form.service_data())
        messages.success(self.request, _("Mødegangen er gemt."))
        return redirect(session.course)


class SessionDeleteView(SessionScopeMixin, DeleteView):
    permission_required = "talentvaerksted.delete_coursesession"
    template_name = "talentvaerksted/session_confirm_delete.html"

    def form_valid(self, form):
        course = self.object.course
        services.session_delete(session=self.object)
        messages.success(self.request, _("Mødegangen er slettet."))
        return redirect(course)


class RollCallView(SessionScopeMixin, RecordsAccessMixin, DetailView):
    """Roll call on a tablet: one tap per young person, saved with htmx."""

    permission_required = "talentvaerksted.add_attendance"
    template_name = "talentvaerksted/roll_call.html"

    def get_context_data(self, **kwargs):
        rows = selectors.roll_call_rows(session=self.object)
        return super().get_context_data(rows=rows, statuses=ROLL_CALL_BUTTONS, **kwargs)


class AttendanceSetView(PermissionRequiredMixin, View):
    """One tap: mødt, afbud or udeblevet. With htmx only the young person's row comes back."""

    permission_required = ("talentvaerksted.add_attendance", "talentvaerksted.change_attendance")
    http_method_names = ["post"]

    def post(self, request, pk, enrollment_pk):
        session = get_object_or_404(selectors.session_for_roll_call(user=request.user), pk=pk)
        enrollment = get_object_or_404(
            selectors.enrollment_for_page(user=request.user), pk=enrollment_pk, course_id=session.course_id
        )
        error = ""
        try:
            attendance = services.attendance_set(
                session=session, enrollment=enrollment, status=request.POST.get("status", ""), recorded_by=request.user
            )
        except ValidationError as problem:
            error = error_message(problem)
            attendance = enrollment.attendances.filter(session=session).first()
        if not request.htmx:
            if error:
                messages.error(request, error)
            return redirect("talentvaerksted:roll_call", session.pk)
        enrollment.session_attendance = [attendance] if attendance else []
        return render(
            request,
            "talentvaerksted/partials/roll_call_row.html",
            {"enrollment": enrollment, "session": session, "statuses": ROLL_CALL_BUTTONS, "error": error},
        )
