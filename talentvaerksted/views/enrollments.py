from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView

from core.audit import RecordsAccessMixin
from core.importing import fold
from core.views import ServiceFormMixin, error_message
from fritidsjob.selectors import youth_list

from .. import selectors, services
from ..forms import CompleteForm, CompleteProposedForm, DropForm, SessionReminderForm
from ..models import EnrollmentStatus
from .common import announce_promoted


class EnrollView(PermissionRequiredMixin, View):
    """Find a young person by name (htmx as you type) and enroll them: a seat, or the waiting list."""

    permission_required = "talentvaerksted.add_enrollment"

    def get_course(self):
        return get_object_or_404(selectors.course_for_page(user=self.request.user), pk=self.kwargs["pk"])

    def get(self, request, pk):
        course = self.get_course()
        query = request.GET.get("q", "").strip()
        context = {
            "course": course,
            "query": query,
            "results": list(selectors.enrollable_youth(course=course, query=query)) if query else [],
        }
        template = "talentvaerksted/partials/enroll_results.html" if request.htmx else "talentvaerksted/enroll.html"
        return render(request, template, context)

    def post(self, request, pk):
        course = self.get_course()
        youth = youth_list(user=request.user).filter(pk=request.POST.get("youth") or None).first()
        if youth is None:
            messages.error(request, _("Vælg en ung at tilmelde."))
            return redirect(course)
        try:
            enrollment = services.enrollment_create(course=course, youth=youth)
        except ValidationError as error:
            messages.error(request, error_message(error))
            return redirect(course)
        if enrollment.status == EnrollmentStatus.WAITING:
            messages.warning(
                request,
                _("Forløbet er fuldt. %(name)s er sat på ventelisten som nr. %(position)s.")
                % {"name": youth.full_name, "position": services.waiting_position(enrollment)},
            )
        else:
            messages.success(request, _("%(name)s er tilmeldt.") % {"name": youth.full_name})
        return redirect(course)


class EnrollmentFormView(PermissionRequiredMixin, RecordsAccessMixin, FormView):
    permission_required = "talentvaerksted.change_enrollment"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.enrollment = self.get_enrollment()
        if not self.enrollment.is_open:
            messages.error(
                request,
                _("%(name)s er %(status)s og kan ikke ændres her.")
                % {"name": self.enrollment.youth.full_name, "status": self.enrollment.get_status_display().lower()},
            )
            return redirect(self.enrollment.course)
        return super().dispatch(request, *args, **kwargs)

    def get_enrollment(self):
        return get_object_or_404(selectors.enrollment_for_page(user=self.request.user), pk=self.kwargs["pk"])

    def accessed_record(self):
        return self.enrollment

    def get_context_data(self, **kwargs):
        return super().get_context_data(enrollment=self.enrollment, course=self.enrollment.course, **kwargs)


class EnrollmentCompleteView(ServiceFormMixin, EnrollmentFormView):
    """Staff confirm completion; the page shows whether the course's attendance rule is met."""

    form_class = CompleteForm
    template_name = "talentvaerksted/enrollment_complete.html"

    def get_enrollment(self):
        return get_object_or_404(
            selectors.enrollment_for_page(user=self.request.user).with_attendance(), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rule_met": self.enrollment.meets_completion_rule()}

    def save(self, form):
        enrollment = services.enrollment_complete(
            enrollment=self.enrollment,
            completed_on=form.cleaned_data["completed_on"],
            override_reason=form.cleaned_data.get("override_reason", ""),
            confirmed_by=self.request.user,
        )
        messages.success(
            self.request,
            _("%(name)s har gennemført forløbet. Diplomet kan hentes.") % {"name": enrollment.youth.full_name},
        )
        return redirect(enrollment.course)


class EnrollmentDropView(ServiceFormMixin, EnrollmentFormView):
    form_class = DropForm
    template_name = "talentvaerksted/enrollment_drop.html"

    def save(self, form):
        promoted = services.enrollment_drop(
            enrollment=self.enrollment,
            reason=form.cleaned_data["reason"],
            dropped_on=form.cleaned_data["dropped_on"],
        )
        messages.success(
            self.request, _("Afbruddet for %(name)s er registreret.") % {"name": self.enrollment.youth.full_name}
        )
        announce_promoted(self.request, promoted)
        return redirect(self.enrollment.course)


class EnrollmentReminderView(EnrollmentFormView):
    """Choose how the young person, and perhaps a parent, is reminded the day before each session."""

    form_class = SessionReminderForm
    template_name = "talentvaerksted/enrollment_reminder.html"

    def get_enrollment(self):
        return get_object_or_404(
            selectors.enrollment_for_page(user=self.request.user).select_related("reminder_parent"),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.enrollment}

    def form_valid(self, form):
        form.save()
        messages.success(
            self.request, _("Påmindelserne for %(name)s er gemt.") % {"name": self.enrollment.youth.full_name}
        )
        return redirect(self.enrollment.course)


class EnrollmentRemoveView(PermissionRequiredMixin, View):
    """Off the waiting list, or an enrollment made by mistake."""

    permission_required = "talentvaerksted.delete_enrollment"
    http_method_names = ["post"]

    def post(self, request, pk):
        enrollment = get_object_or_404(selectors.enrollment_for_page(user=request.user), pk=pk)
        try:
            promoted = services.enrollment_remove(enrollment=enrollment)
        except ValidationError as error:
            messages.error(request, error_message(error))
            return redirect(enrollment.course)
        messages.success(request, _("%(name)s er fjernet fra forløbet.") % {"name": enrollment.youth.full_name})
        announce_promoted(request, promoted)
        return redirect(enrollment.course)


class CompleteProposedView(PermissionRequiredMixin, View):
    """Confirm every completion the attendance rule proposes on a course, in one go."""

    permission_required = "talentvaerksted.change_enrollment"
    http_method_names = ["post"]

    def post(self, request, pk):
        course = get_object_or_404(selectors.course_for_page(user=request.user), pk=pk)
        form = CompleteProposedForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Angiv en gyldig dato for gennemførelsen."))
            return redirect(course)
        try:
            completed = services.enrollment_complete_proposed(
                course=course, completed_on=form.cleaned_data["completed_on"], confirmed_by=request.user
            )
        except ValidationError as error:
            messages.error(request, error_message(error))
            return redirect(course)
        if completed:
            messages.success(
                request,
                ngettext(
                    "%(count)s ung er bekræftet som gennemført.",
                    "%(count)s unge er bekræftet som gennemført.",
                    len(completed),
                )
                % {"count": len(completed)},
            )
        else:
            messages.info(request, _("Ingen opfylder fremmødekravet endnu."))
        return redirect(course)


def file_slug(name: str) -> str:
    """A file name from a Danish name: 'Amira Østergaard' -> 'amira-oestergaard'."""
    return slugify(fold(name))


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class DiplomaView(PermissionRequiredMixin, RecordsAccessMixin, View):
    permission_required = "talentvaerksted.view_enrollment"

    def get(self, request, pk):
        enrollment = self.object = get_object_or_404(selectors.enrollment_for_page(user=request.user), pk=pk)
        if enrollment.status != EnrollmentStatus.COMPLETED:
            raise Http404(_("Der er kun diplom til unge, der har gennemført."))
        content = services.diploma_pdf(enrollment=enrollment)
        return pdf_response(content, f"diplom-{file_slug(enrollment.youth.full_name)}.pdf")
