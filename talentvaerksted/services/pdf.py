"""PDFs of the Talentværksted (WeasyPrint): the diploma and the CV. Rendered on request; they are small."""

import logging

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.consent import ConsentKind
from core.sharing import shares_personal_data

from ..models import CV, Enrollment
from ..selectors import completed_courses_of

# WeasyPrint reports every layout step at INFO; that is noise in the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _render(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is made

    with translation.override("da"):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def diploma_pdf(*, enrollment: Enrollment) -> bytes:
    """A Danish diploma for a completed enrollment: name, course, dates and what they worked with."""
    course = enrollment.course
    sessions = list(course.sessions.all())
    worked_with = course.topic_labels()
    # Session topics and contents add to the course's own topics, each named once.
    for session in sessions:
        for text in (session.get_topic_display() if session.topic else "", session.note):
            if text and text not in worked_with:
                worked_with.append(text)
    return _render(
        "talentvaerksted/pdf/diploma.html",
        {
            "enrollment": enrollment,
            "youth": enrollment.youth,
            "course": course,
            "worked_with": worked_with,
            "leaders": [leader.get_full_name() or leader.username for leader in course.leaders.all()],
        },
    )


def cv_pdf(*, cv: CV) -> bytes:
    """The young person's CV on one A4 page: their own copy, made with them in the workshop."""
    return _render(
        "talentvaerksted/pdf/cv.html",
        {
            "cv": cv,
            "youth": cv.youth,
            "experiences": list(cv.experiences.all()),
            "references": list(cv.references.all()),
            "courses": completed_courses_of(youth=cv.youth),
            "today": timezone.localdate(),
        },
    )


@shares_personal_data(
    kind=ConsentKind.SHARE_WITH_COMPANY, recipient="virksomhed", youth=lambda kwargs: kwargs["cv"].youth
)
def cv_pdf_for_company(*, cv: CV) -> bytes:
    """The CV a consultant sends to a company: only with the consent to share with a company in force today."""
    return cv_pdf(cv=cv)
