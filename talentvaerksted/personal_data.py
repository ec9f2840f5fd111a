"""Talentværksted enrollments, attendance and CVs, for the right-of-access packages (core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import item_of, register

from .models import CV, Attendance, CVExperience, CVReference, Enrollment


@register(
    subject="ung",
    title=_("Talentværkstedet: tilmeldinger og fremmøde"),
    intro=_("De forløb, den unge har været tilmeldt, og fremmødet ved hver mødegang."),
    covers=[Enrollment, Attendance],
    order=40,
)
def enrollments(youth):
    for enrollment in youth.course_enrollments.select_related(
        "course", "youth", "completed_by", "reminder_parent"
    ).prefetch_related("attendances__session__course", "attendances__recorded_by"):
        yield item_of(enrollment)
        for attendance in enrollment.attendances.all():
            yield item_of(attendance, title=_("Fremmøde %(session)s") % {"session": attendance.session})


@register(
    subject="ung",
    title=_("CV"),
    intro=_("Det CV, den unge har skrevet i Talentværkstedet, med erfaringer og referencer."),
    covers=[CV, CVExperience, CVReference],
    order=45,
)
def cv(youth):
    cv = CV.objects.filter(youth=youth).select_related("youth", "updated_by").first()
    if cv is None:
        return
    yield item_of(cv)
    for experience in cv.experiences.all():
        yield item_of(experience, title=_("Erfaring: %(title)s") % {"title": experience.title})
    for reference in cv.references.all():
        yield item_of(reference, title=_("Reference: %(name)s") % {"name": reference.name})


@register(
    subject="foraelder",
    title=_("Påmindelser om mødegange"),
    intro=_("Forløb, hvor du får samme påmindelse som dit barn dagen før en mødegang."),
    covers=[Enrollment],
    order=40,
)
def reminders_to_parent(parent):
    # Only what concerns the parent: the course, the child and the reminder, not the child's own notes.
    for enrollment in Enrollment.objects.filter(reminder_parent=parent).select_related("course", "youth"):
        yield item_of(enrollment, only=["course", "youth", "session_reminder", "reminder_parent"])
