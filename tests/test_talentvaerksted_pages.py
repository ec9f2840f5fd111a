"""Talentværksted pages: lists and roll call in constant queries, htmx roll call, forms, PDFs, the case page."""

import datetime
import io
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from fritidsjob import roles
from fritidsjob.models import Youth
from talentvaerksted.models import Attendance, Course, CourseSession, CVExperience, Enrollment, EnrollmentStatus

from .case_page import CASE_PAGE_QUERIES
from .factories import YouthFactory, birth_date_for_age
from .factories_talentvaerksted import (
    AttendanceFactory,
    CompletedEnrollmentFactory,
    CourseFactory,
    CourseSessionFactory,
    CVFactory,
    EnrollmentFactory,
)
from .pdf_layout import POINTS_PER_MM, pdf_lines

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def staff_client(client, users):
    client.force_login(users[roles.YOUTH_SCHOOL])
    return client


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def bulk_youth(count: int) -> list[Youth]:
    return Youth.objects.bulk_create(
        Youth(first_name=f"Ung{n}", last_name="Hansen", birth_date=birth_date_for_age(15)) for n in range(count)
    )


def course_with_participants(youth: list[Youth], *, sessions: int = 2) -> tuple[Course, list[CourseSession]]:
    course = CourseFactory(capacity=max(len(youth), 1))
    course_sessions = [
        CourseSessionFactory(course=course, date=TODAY - datetime.timedelta(weeks=n)) for n in range(sessions)
    ]
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(course=course, youth=person, status=EnrollmentStatus.ACTIVE) for person in youth
    )
    Attendance.objects.bulk_create(
        Attendance(session=session, enrollment=enrollment, status="moedt")
        for session in course_sessions
        for enrollment in enrollments
    )
    return course, course_sessions


# --- constant query counts ---------------------------------------------------------


@pytest.mark.parametrize(("youth_count", "course_count"), [(10, 2), (200, 20)])
def test_course_list_queries_do_not_grow_with_youth_or_courses(
    staff_client, users, django_assert_num_queries, youth_count, course_count
):
    youth = bulk_youth(youth_count)
    per_course = youth_count // course_count
    for n in range(course_count):
        course, _ = course_with_participants(youth[n * per_course : (n + 1) * per_course])
        course.leaders.add(users[roles.YOUTH_SCHOOL], users[roles.JOBCENTER_CONSULTANT])
    url = reverse("talentvaerksted:course_list")

    with django_assert_num_queries(9):
        response = staff_client.get(url)

    assert response.status_code == 200
    assert len(re.findall(r'href="/talentvaerksted/\d+/"', response.content.decode())) == course_count


@pytest.mark.parametrize("youth_count", [10, 200])
def test_roll_call_queries_do_not_grow_with_youth(staff_client, django_assert_num_queries, youth_count):
    _course, (session, _other) = course_with_participants(bulk_youth(youth_count))
    url = reverse("talentvaerksted:roll_call", args=[session.pk])

    # Includes recording the access in the audit trail (the page shows the young people).
    with django_assert_num_queries(9):
        response = staff_client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count('aria-pressed="true"') == youth_count


@pytest.mark.parametrize("youth_count", [10, 200])
def test_course_page_queries_do_not_grow_with_youth(staff_client, django_assert_num_queries, youth_count):
    course, _sessions = course_with_participants(bulk_youth(youth_count))
    url = reverse("talentvaerksted:course_detail", args=[course.pk])

    with django_assert_num_queries(11):
        response = staff_client.get(url)

    assert response.status_code == 200
    assert response.content.decode().count("Foreslås gennemført") == youth_count


# --- roll call with htmx -----------------------------------------------------------


def test_a_tap_with_htmx_saves_and_returns_only_that_row(staff_client):
    session = CourseSessionFactory()
    enrollment = EnrollmentFactory(course=session.course, youth=YouthFactory(first_name="Nora", last_name="Lund"))
    url = reverse("talentvaerksted:attendance_set", args=[session.pk, enrollment.pk])

    response = staff_client.post(url, {"status": "moedt"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="list-group-item py-3" id="roll-call-{enrollment.pk}">')
    assert "<html" not in html
    assert "Nora Lund" in html
    assert re.search(r'value="moedt" aria-pressed="true"', html)
    assert list(enrollment.attendances.values_list("status", flat=True)) == ["moedt"]


def test_a_refused_tap_shows_the_reason_in_the_row_and_saves_nothing(staff_client):
    session = CourseSessionFactory(date=TODAY + datetime.timedelta(days=3))
    enrollment = EnrollmentFactory(course=session.course)
    url = reverse("talentvaerksted:attendance_set", args=[session.pk, enrollment.pk])

    response = staff_client.post(url, {"status": "udeblevet"}, headers={"HX-Request": "true"})

    assert "Mødegangen er ikke holdt endnu." in response.content.decode()
    assert enrollment.attendances.count() == 0


def test_a_tap_for_an_enrollment_on_another_course_is_a_404(staff_client):
    session = CourseSessionFactory()
    other = EnrollmentFactory()

    response = staff_client.post(
        reverse("talentvaerksted:attendance_set", args=[session.pk, other.pk]), {"status": "moedt"}
    )

    assert response.status_code == 404
    assert Attendance.objects.count() == 0


def test_roll_call_lists_seated_youth_not_the_waiting_list(staff_client):
    session = CourseSessionFactory()
    EnrollmentFactory(course=session.course, youth=YouthFactory(first_name="Siddende"))
    EnrollmentFactory(course=session.course, youth=YouthFactory(first_name="Ventende"), status=EnrollmentStatus.WAITING)

    html = staff_client.get(reverse("talentvaerksted:roll_call", args=[session.pk])).content.decode()

    assert "Siddende" in html
    assert "Ventende" not in html


# --- forms and pages ---------------------------------------------------------------


def course_form_data(**overrides):
    data = {
        "title": "Talentværksted forår",
        "kind": "forloeb",
        "topics": ["cv", "ansoegning"],
        "description": "CV og ansøgning",
        "place": "Ungdomsskolen",
        "capacity": "10",
        "start_date": "2024-02-06",
        "end_date": "2024-03-26",
        "min_attendance_percent": "75",
    }
    data.update(overrides)
    return data


def test_create_a_course(staff_client, users):
    leader = users[roles.YOUTH_SCHOOL]

    response = staff_client.post(reverse("talentvaerksted:course_create"), course_form_data(leaders=[leader.pk]))

    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == course.get_absolute_url()
    assert (course.title, course.topics, course.capacity, course.end_date) == (
        "Talentværksted forår",
        ["cv", "ansoegning"],
        10,
        datetime.date(2024, 3, 26),
    )
    assert list(course.leaders.all()) == [leader]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2024-01-01"}, "end_date", "Slutdatoen må ikke ligge før startdatoen."),
        ({"capacity": "0"}, "capacity", "Denne værdi skal være større end eller lig 1."),
        (
            {"min_attendance_percent": "120"},
            "min_attendance_percent",
            "Denne værdi skal være mindre end eller lig 100.",
        ),
        ({"title": ""}, "title", "Dette felt er påkrævet."),
        ({"end_date": ""}, "end_date", "Dette felt er påkrævet."),
    ],
)
def test_bad_course_input_is_refused_in_danish_and_nothing_is_saved(staff_client, overrides, field, message):
    response = staff_client.post(reverse("talentvaerksted:course_create"), course_form_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Course.objects.count() == 0


def test_lowering_capacity_below_the_participants_is_refused_on_the_form(staff_client):
    course = CourseFactory(capacity=2, start_date=datetime.date(2024, 2, 6), end_date=datetime.date(2024, 3, 26))
    EnrollmentFactory.create_batch(2, course=course)

    response = staff_client.post(
        reverse("talentvaerksted:course_update", args=[course.pk]), course_form_data(capacity="1")
    )

    assert response.context["form"].errors["capacity"] == [
        "Der er allerede 2 på holdet. Antallet af pladser kan ikke være lavere."
    ]
    course.refresh_from_db()
    assert (course.capacity, course.title) == (2, course.title)


def test_add_eight_weekly_sessions_from_the_form(staff_client):
    course = CourseFactory()

    response = staff_client.post(
        reverse("talentvaerksted:session_create", args=[course.pk]),
        {
            "date": "2024-09-03",
            "start_time": "15:30",
            "end_time": "17:00",
            "topic": "cv",
            "place": "",
            "note": "",
            "repeat_weeks": "8",
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["8 mødegange er oprettet."]
    assert course.sessions.count() == 8
    assert course.sessions.last().date == datetime.date(2024, 10, 22)


def test_a_session_ending_before_it_starts_is_refused(staff_client):
    course = CourseFactory()

    response = staff_client.post(
        reverse("talentvaerksted:session_create", args=[course.pk]),
        {"date": "2024-09-03", "start_time": "15:30", "end_time": "15:00", "repeat_weeks": "1"},
    )

    assert response.context["form"].errors["end_time"] == ["Sluttidspunktet skal ligge efter starttidspunktet."]
    assert course.sessions.count() == 0


def test_copy_a_course_from_its_page(staff_client):
    course = CourseFactory(start_date=datetime.date(2024, 2, 6), end_date=datetime.date(2024, 3, 26))
    CourseSessionFactory(course=course, date=datetime.date(2024, 2, 6))

    response = staff_client.post(
        reverse("talentvaerksted:course_copy", args=[course.pk]), {"title": "Efterår", "start_date": "2024-09-03"}
    )

    copy = Course.objects.get(title="Efterår")
    assert response["Location"] == copy.get_absolute_url()
    assert list(copy.sessions.values_list("date", flat=True)) == [datetime.date(2024, 9, 3)]


def test_search_then_enroll_and_a_full_course_puts_the_youth_on_the_waiting_list(staff_client):
    course = CourseFactory(capacity=1)
    EnrollmentFactory(course=course)
    youth = YouthFactory(first_name="Malou", last_name="Krog")
    YouthFactory(first_name="Anden", last_name="Person")

    results = staff_client.get(
        reverse("talentvaerksted:enroll", args=[course.pk]), {"q": "malou k"}, headers={"HX-Request": "true"}
    ).content.decode()
    response = staff_client.post(reverse("talentvaerksted:enroll", args=[course.pk]), {"youth": youth.pk}, follow=True)

    assert "Malou Krog" in results
    assert "Anden Person" not in results
    assert [str(m) for m in response.context["messages"]] == [
        "Forløbet er fuldt. Malou Krog er sat på ventelisten som nr. 1."
    ]
    assert course.enrollments.get(youth=youth).status == EnrollmentStatus.WAITING


def test_dropping_out_on_the_page_tells_staff_who_moved_up_and_marks_them(staff_client):
    course = CourseFactory(capacity=1)
    leaving = EnrollmentFactory(course=course)
    waiting = EnrollmentFactory(
        course=course,
        youth=YouthFactory(first_name="Vera", last_name="Venter"),
        status=EnrollmentStatus.WAITING,
        waitlisted_at=timezone.now(),
    )

    response = staff_client.post(
        reverse("talentvaerksted:enrollment_drop", args=[leaving.pk]),
        {"dropped_on": TODAY.isoformat(), "reason": "Har fået fritidsjob om tirsdagen."},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"Afbruddet for {leaving.youth.full_name} er registreret.",
        "En plads blev ledig: Vera Venter er rykket op fra ventelisten og er nu tilmeldt.",
    ]
    assert f"Rykket op fra ventelisten {TODAY:%d.%m.%Y}" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == EnrollmentStatus.ENROLLED


def test_a_dropout_without_a_reason_is_refused_on_the_form(staff_client):
    enrollment = EnrollmentFactory()

    response = staff_client.post(
        reverse("talentvaerksted:enrollment_drop", args=[enrollment.pk]),
        {"dropped_on": TODAY.isoformat(), "reason": ""},
    )

    assert response.context["form"].errors["reason"] == ["Dette felt er påkrævet."]
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ENROLLED


def test_the_completion_page_asks_for_a_reason_when_the_rule_is_not_met(staff_client):
    session = CourseSessionFactory()
    enrollment = EnrollmentFactory(course=session.course)
    AttendanceFactory(session=session, enrollment=enrollment, status="udeblevet")
    url = reverse("talentvaerksted:enrollment_complete", args=[enrollment.pk])

    page = staff_client.get(url).content.decode()
    refused = staff_client.post(url, {"completed_on": TODAY.isoformat(), "override_reason": ""})
    accepted = staff_client.post(url, {"completed_on": TODAY.isoformat(), "override_reason": "Aftalt med skolen."})

    assert "Fremmødekravet er ikke opfyldt: mødt 0 af 1 mødegange (krav: 75 %)" in page
    assert refused.context["form"].errors["override_reason"] == [
        "Fremmødekravet på 75 % er ikke opfyldt (0 af 1 mødegange). Skriv en begrundelse for at bekræfte alligevel."
    ]
    assert accepted.status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.override_reason) == ("gennemfoert", "Aftalt med skolen.")


def test_confirm_all_proposals_from_the_course_page(staff_client):
    session = CourseSessionFactory()
    proposed = AttendanceFactory(session=session, status="moedt").enrollment
    not_proposed = EnrollmentFactory(course=session.course)

    response = staff_client.post(
        reverse("talentvaerksted:complete_proposed", args=[session.course.pk]),
        {"completed_on": TODAY.isoformat()},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["1 ung er bekræftet som gennemført."]
    assert Enrollment.objects.get(pk=proposed.pk).completed_on == TODAY
    assert Enrollment.objects.get(pk=not_proposed.pk).status == EnrollmentStatus.ENROLLED


def test_a_course_with_participants_is_not_deleted(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    enrollment = EnrollmentFactory()

    response = client.post(reverse("talentvaerksted:course_delete", args=[enrollment.course.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Forløbet har tilmeldinger og kan ikke slettes. Fjern dem først, eller lad forløbet stå."
    ]
    assert Course.objects.count() == 1


# --- diploma -----------------------------------------------------------------------


def test_diploma_names_the_youth_the_course_the_dates_and_what_they_worked_with(staff_client):
    course = CourseFactory(
        title="Talentværksted forår",
        start_date=datetime.date(2024, 2, 6),
        end_date=datetime.date(2024, 3, 26),
        topics=["cv", "jobsamtale"],
    )
    CourseSessionFactory(
        course=course, date=datetime.date(2024, 2, 13), topic="virksomhedsbesoeg", note="Besøg hos Netto"
    )
    enrollment = CompletedEnrollmentFactory(
        course=course,
        youth=YouthFactory(first_name="Amira", last_name="Østergaard"),
        completed_on=datetime.date(2024, 3, 26),
    )

    response = staff_client.get(reverse("talentvaerksted:diploma", args=[enrollment.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="diplom-amira-oestergaard.pdf"'
    pages, text = pdf_text(response.content)
    assert pages == 1
    for expected in [
        "Diplom",
        "Amira Østergaard",
        "Talentværksted forår",
        "6. februar 2024 – 26. marts 2024",
        "Gennemført 26. marts 2024",
        "CV",
        "Jobsamtale",
        "Virksomhedsbesøg",
        "Besøg hos Netto",
    ]:
        assert expected in text
    access = LogEntry.objects.get(action=LogEntry.Action.ACCESS, additional_data__youth_id=enrollment.youth_id)
    assert access.content_type.model == "enrollment"


def test_there_is_no_diploma_before_completion(staff_client):
    enrollment = EnrollmentFactory()

    assert staff_client.get(reverse("talentvaerksted:diploma", args=[enrollment.pk])).status_code == 404


# --- CV ----------------------------------------------------------------------------


def cv_post_data(**overrides):
    data = {
        "profile": "Jeg er 15 år og glad for at hjælpe.",
        "skills": "Mødestabil\nHjælpsom",
        "school": "Vestervang Skole, 9. klasse",
        "languages": "Dansk og engelsk",
        "interests": "Håndbold",
        "show_contact": "on",
        "erfaring-TOTAL_FORMS": "2",
        "erfaring-INITIAL_FORMS": "0",
        "erfaring-0-kind": "frivilligt",
        "erfaring-0-title": "Hjælpetræner",
        "erfaring-0-place": "Viborg HK",
        "erfaring-0-period": "2024 – nu",
        "erfaring-0-description": "Træner U8",
        "erfaring-1-kind": "job",
        "reference-TOTAL_FORMS": "1",
        "reference-INITIAL_FORMS": "0",
        "reference-0-name": "Lone Træner",
        "reference-0-relation": "Træner i Viborg HK",
        "reference-0-phone": "20304050",
    }
    data.update(overrides)
    return data


def test_write_a_cv_and_download_it_as_one_page(staff_client):
    youth = YouthFactory(first_name="Jonas", last_name="Bæk", phone="22334455")
    url = reverse("talentvaerksted:cv_edit", args=[youth.pk])

    response = staff_client.post(url, cv_post_data())
    pdf = staff_client.get(reverse("talentvaerksted:cv_pdf", args=[youth.pk]))

    assert response.status_code == 302
    experience = CVExperience.objects.get()
    assert (experience.kind, experience.title) == ("frivilligt", "Hjælpetræner")
    pages, text = pdf_text(pdf.content)
    assert pages == 1
    for expected in [
        "Jonas Bæk",
        "22334455",
        "OM MIG",
        "Hjælpetræner",
        "Frivilligt arbejde",
        "Vestervang Skole",
        "Mødestabil",
        "Håndbold",
        "Lone Træner",
        "REFERENCER",
    ]:
        assert expected in text


def test_the_cv_lists_the_completed_courses_and_keeps_its_columns_apart(staff_client):
    youth = YouthFactory(first_name="Jonas", last_name="Bæk")
    CompletedEnrollmentFactory(youth=youth, course__title="Klar til job", completed_on=datetime.date(2026, 5, 28))
    EnrollmentFactory(youth=youth, course__title="Stadig i gang")
    profile = "Jeg er glad for at hjælpe andre, og jeg kan godt lide at have travlt. " * 4
    staff_client.post(reverse("talentvaerksted:cv_edit", args=[youth.pk]), cv_post_data(profile=profile))

    pdf = staff_client.get(reverse("talentvaerksted:cv_pdf", args=[youth.pk])).content

    _pages, text = pdf_text(pdf)
    assert "KURSER" in text and "Klar til job, Talentværkstedet" in text and "Gennemført 28. maj 2026" in text
    assert "Stadig i gang" not in text
    lines = pdf_lines(pdf)
    side_column = min(line.start for line in lines if line.start > 100)
    profile_lines = [line for line in lines if line.start < 1 and line.text.strip() and line.text.strip() in profile]
    assert len(profile_lines) >= 3
    # The main column's padding and the side column's: 12 mm around the divider, none of it text.
    assert side_column - max(line.end for line in profile_lines) >= 10 * POINTS_PER_MM


def test_editing_a_cv_updates_rows_in_place_and_deletes_removed_ones(staff_client):
    cv = CVFactory()
    url = reverse("talentvaerksted:cv_edit", args=[cv.youth.pk])
    staff_client.post(url, cv_post_data())
    first = CVExperience.objects.get()

    staff_client.post(
        url,
        cv_post_data(
            **{
                "erfaring-TOTAL_FORMS": "1",
                "erfaring-INITIAL_FORMS": "1",
                "erfaring-0-id": str(first.pk),
                "erfaring-0-title": "Cheftræner",
                "reference-TOTAL_FORMS": "1",
                "reference-INITIAL_FORMS": "1",
                "reference-0-DELETE": "on",
            }
        ),
    )

    assert list(cv.experiences.values_list("pk", "title")) == [(first.pk, "Cheftræner")]
    assert cv.references.count() == 0


def test_a_full_cv_still_fits_on_one_page(staff_client):
    youth = YouthFactory()
    long = "Meget tekst " * 60
    data = cv_post_data(
        profile=long[:600],
        skills="\n".join(f"Kompetence nummer {n}" for n in range(12))[:500],
        interests=long[:400],
        **{"erfaring-TOTAL_FORMS": "6", "reference-TOTAL_FORMS": "3"},
    )
    for n in range(6):
        data.update(
            {
                f"erfaring-{n}-kind": "job",
                f"erfaring-{n}-title": f"Job nummer {n}",
                f"erfaring-{n}-place": "Et sted i Viborg",
                f"erfaring-{n}-period": "2023 – 2024",
                f"erfaring-{n}-description": long[:200],
            }
        )
    for n in range(3):
        data.update(
            {
                f"reference-{n}-name": f"Reference {n}",
                f"reference-{n}-relation": "Træner",
                f"reference-{n}-phone": "12345678",
                f"reference-{n}-email": "ref@example.dk",
            }
        )

    assert staff_client.post(reverse("talentvaerksted:cv_edit", args=[youth.pk]), data).status_code == 302
    pages, _text = pdf_text(staff_client.get(reverse("talentvaerksted:cv_pdf", args=[youth.pk])).content)

    assert pages == 1


def test_a_cv_with_too_many_experiences_is_refused(staff_client):
    youth = YouthFactory()
    data = cv_post_data(**{"erfaring-TOTAL_FORMS": "7"})
    for n in range(7):
        data.update({f"erfaring-{n}-kind": "job", f"erfaring-{n}-title": f"Job {n}"})

    response = staff_client.post(reverse("talentvaerksted:cv_edit", args=[youth.pk]), data)

    assert response.status_code == 200
    assert list(response.context["experiences"].non_form_errors()) == ["Indsend venligst højst 6 formularer."]
    assert not hasattr(Youth.objects.get(pk=youth.pk), "cv")


# --- the case page -----------------------------------------------------------------


def test_case_page_shows_courses_diploma_link_and_the_timeline(staff_client):
    youth = YouthFactory()
    session = CourseSessionFactory(
        course=CourseFactory(title="Forår på værkstedet"), date=TODAY - datetime.timedelta(days=3)
    )
    enrollment = EnrollmentFactory(course=session.course, youth=youth)
    AttendanceFactory(session=session, enrollment=enrollment, status="moedt")
    services_complete = reverse("talentvaerksted:enrollment_complete", args=[enrollment.pk])
    staff_client.post(services_complete, {"completed_on": TODAY.isoformat()})

    html = staff_client.get(youth.get_absolute_url()).content.decode()

    assert reverse("talentvaerksted:diploma", args=[enrollment.pk]) in html
    assert reverse("talentvaerksted:cv_edit", args=[youth.pk]) in html
    assert "Tilmeldt Forår på værkstedet" in html
    assert "Mødt: Forår på værkstedet" in html
    assert "Gennemførte Forår på værkstedet" in html


@pytest.mark.parametrize("enrollment_count", [1, 3])
def test_case_page_queries_do_not_grow_with_courses(staff_client, django_assert_num_queries, enrollment_count):
    youth = YouthFactory()
    for _ in range(enrollment_count):
        AttendanceFactory(enrollment__youth=youth)
    url = youth.get_absolute_url()

    with django_assert_num_queries(CASE_PAGE_QUERIES):
        assert staff_client.get(url).status_code == 200


def test_case_page_of_a_role_without_courses_has_no_panel(client, make_user):
    user = make_user("kun-sager")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="view_youth"))
    client.force_login(user)
    youth = YouthFactory()

    html = client.get(youth.get_absolute_url()).content.decode()

    assert 'id="talentvaerksted"' not in html


def test_youth_audit_trail_includes_enrollment_and_attendance(client, users):
    attendance = AttendanceFactory()
    client.force_login(users[roles.PROJECT_LEADER])

    response = client.get(reverse("fritidsjob:youth_audit", args=[attendance.enrollment.youth_id]))

    models = {entry.content_type.model for entry in response.context["object_list"]}
    assert {"enrollment", "attendance"} <= models


def test_a_cv_with_too_many_skills_is_refused_and_not_saved(staff_client):
    youth = YouthFactory()
    data = cv_post_data(skills="\n".join(f"Evne {n}" for n in range(13)))

    response = staff_client.post(reverse("talentvaerksted:cv_edit", args=[youth.pk]), data)

    assert response.context["form"].errors["skills"] == ["Der er plads til højst 12 kompetencer."]
    assert not hasattr(Youth.objects.get(pk=youth.pk), "cv")


# --- demo data ---------------------------------------------------------------------


def test_demo_courses_for_the_demo_youth_are_made_once(settings):
    from django.core.management import call_command

    from talentvaerksted import demo

    settings.DEBUG = True
    call_command("seed_demo", "--youth", "12", "--history", "0", "--seed", "3", stdout=io.StringIO())

    again = demo.seed(seed=3)

    assert Course.objects.filter(import_ref__startswith="demo-forloeb-").count() == 3
    assert again == "Talentværksted: 0 nye demoforløb med mødegange, tilmeldinger og fremmøde."
    assert Enrollment.objects.filter(status=EnrollmentStatus.WAITING).exists()
    assert Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED).exists()
    assert Attendance.objects.exists()


def test_the_cv_for_a_company_needs_the_consent_to_share_with_a_company(staff_client):
    """Issue 14: the CV sent to a company is a sharing point; the young person's own copy is not."""
    from core.consent import ConsentKind

    from .factories_foraeldre import ConsentFactory

    youth = YouthFactory(first_name="Freja", last_name="Holm", birth_date=birth_date_for_age(16))
    CVFactory(youth=youth)
    url = reverse("talentvaerksted:cv_pdf_company", args=[youth.pk])

    response = staff_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("talentvaerksted:cv_edit", args=[youth.pk])
    assert "Oplysninger om Freja Holm kan ikke sendes til en virksomhed" in response.content.decode()
    assert staff_client.get(reverse("talentvaerksted:cv_pdf", args=[youth.pk])).content.startswith(b"%PDF")

    ConsentFactory(youth=youth, kind=ConsentKind.SHARE_WITH_COMPANY)
    assert staff_client.get(url).content.startswith(b"%PDF")
