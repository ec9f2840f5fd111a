"""The Talentværksted's URLs: the four staff roles run courses; Fond and Mentor see nothing of it."""

from tests.factories import YouthFactory
from tests.factories_talentvaerksted import (
    CompletedEnrollmentFactory,
    CourseFactory,
    CourseSessionFactory,
    CVFactory,
    EnrollmentFactory,
)

from . import CASE_STAFF, Entry, expect

# A POST that succeeds redirects back to the course or roll call.
STAFF_REDIRECT = {"JC": 302, "US": 302, "PL": 302, "ADMIN": 302}


def course():
    return [CourseFactory().pk]


def session():
    return [CourseSessionFactory().pk]


def session_and_enrollment():
    session = CourseSessionFactory()
    return [session.pk, EnrollmentFactory(course=session.course).pk]


def enrollment():
    return [EnrollmentFactory().pk]


def completed_enrollment():
    return [CompletedEnrollmentFactory().pk]


def youth():
    return [YouthFactory().pk]


def youth_with_cv():
    return [CVFactory().youth.pk]


MATRIX = {
    "talentvaerksted:course_list": Entry("get", expect(403, **CASE_STAFF)),
    "talentvaerksted:course_create": Entry("get", expect(403, **CASE_STAFF)),
    "talentvaerksted:course_detail": Entry("get", expect(403, **CASE_STAFF), course),
    "talentvaerksted:course_update": Entry("get", expect(403, **CASE_STAFF), course),
    "talentvaerksted:course_copy": Entry("get", expect(403, **CASE_STAFF), course),
    "talentvaerksted:course_delete": Entry("get", expect(403, PL=200, ADMIN=200), course),
    "talentvaerksted:session_create": Entry("get", expect(403, **CASE_STAFF), course),
    "talentvaerksted:enroll": Entry("get", expect(403, **CASE_STAFF), course, {"q": "Ung"}),
    # Nobody meets the rule on a fresh course: a message and back to the course.
    "talentvaerksted:complete_proposed": Entry(
        "post", expect(403, **STAFF_REDIRECT), course, {"completed_on": "2024-01-01"}
    ),
    "talentvaerksted:session_update": Entry("get", expect(403, **CASE_STAFF), session),
    "talentvaerksted:session_delete": Entry("get", expect(403, **CASE_STAFF), session),
    "talentvaerksted:roll_call": Entry("get", expect(403, **CASE_STAFF), session),
    "talentvaerksted:attendance_set": Entry(
        "post", expect(403, **STAFF_REDIRECT), session_and_enrollment, {"status": "moedt"}
    ),
    "talentvaerksted:enrollment_complete": Entry("get", expect(403, **CASE_STAFF), enrollment),
    "talentvaerksted:enrollment_drop": Entry("get", expect(403, **CASE_STAFF), enrollment),
    "talentvaerksted:enrollment_reminder": Entry("get", expect(403, **CASE_STAFF), enrollment),
    "talentvaerksted:enrollment_remove": Entry("post", expect(403, **STAFF_REDIRECT), enrollment),
    "talentvaerksted:diploma": Entry("get", expect(403, **CASE_STAFF), completed_enrollment),
    "talentvaerksted:cv_edit": Entry("get", expect(403, **CASE_STAFF), youth),
    "talentvaerksted:cv_pdf": Entry("get", expect(403, **CASE_STAFF), youth_with_cv),
    # Without the consent to share with a company: back to the CV page with the consent's message.
    "talentvaerksted:cv_pdf_company": Entry("get", expect(403, JC=302, US=302, PL=302, ADMIN=302), youth_with_cv),
}
