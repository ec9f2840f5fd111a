"""What anonymising a young person removes in the Talentværksted: the CV and the free texts of enrollments.

Kept for the KPIs: every enrollment's status and dates, and the attendance.
"""

from core import erasure
from core.audit import audited_update

from .models import CV, Attendance, Course, CourseSession, CVExperience, CVReference, Enrollment


@erasure.anonymiser(Enrollment, subject="ung")
def anonymise_enrollments(run: erasure.ErasureRun, youth) -> None:
    enrollments = Enrollment.objects.filter(youth=youth)
    run.touched(enrollments)
    audited_update(enrollments, drop_reason="", override_reason="")


@erasure.anonymiser(CV, subject="ung")
def remove_cv(run: erasure.ErasureRun, youth) -> None:
    """The CV is nothing but personal data: its experiences, references and texts all go."""
    cvs = CV.objects.filter(youth=youth)
    run.touched(cvs)
    for cv in cvs:
        for reference in cv.references.all():
            run.personal_values(reference.name, reference.phone, reference.email)
        run.touched(cv.references.all())
        run.touched(cv.experiences.all())
        for row in [*cv.references.all(), *cv.experiences.all()]:
            row.delete()  # audited; the entries' values are scrubbed afterwards
    audited_update(cvs, profile="", skills="", school="", languages="", interests="")


erasure.keep(Attendance, why="Kun fremmødestatus pr. gang; tæller med i nøgletallene")
erasure.keep(CVExperience, why="Slettes sammen med CV'et (remove_cv)")
erasure.keep(CVReference, why="Slettes sammen med CV'et (remove_cv)")
erasure.keep(Course, why="Forløbet, ikke deltagerne")
erasure.keep(CourseSession, why="Forløbets gange, ikke deltagerne")
