"""The session reminder (issue 8): the day before a session, on a controlled clock."""

import datetime

import pytest

from foraeldre.models import Parent
from opgaver.models import Delivery, Reminder
from talentvaerksted.models import EnrollmentStatus, SessionReminder

from .factories import UserFactory, YouthFactory
from .factories_talentvaerksted import CourseFactory, CourseSessionFactory, EnrollmentFactory
from .test_opgaver_rules import at, rules  # noqa: F401  (the rules fixture)

D = datetime.date
SESSION_DAY = D(2026, 3, 12)  # a Thursday
EVE = SESSION_DAY - datetime.timedelta(days=1)
KEY = "moedegang_i_morgen"

pytestmark = pytest.mark.usefixtures("rules")


def run(day: datetime.date, hour: int = 10):
    from opgaver import services

    result = services.reminder_rules_run(now=at(day, hour))
    assert result.errors == {}
    return result


@pytest.fixture
def course(db):
    leader = UserFactory(username="lene", email="lene@example.dk")
    course = CourseFactory(title="Talentværksted forår", place="Ungdomsskolen, lokale 3")
    course.leaders.add(leader)
    CourseSessionFactory(course=course, date=SESSION_DAY, start_time=datetime.time(16, 0), place="")
    return course


def enroll(course, *, known_since=datetime.date(2026, 2, 1), **fields):
    youth_fields = {k: fields.pop(k) for k in ("phone", "email", "first_name") if k in fields}
    youth = YouthFactory(**{"phone": "20304050", "email": "", "first_name": "Freja", **youth_fields})
    enrollment = EnrollmentFactory(course=course, youth=youth, **fields)
    type(enrollment).objects.filter(pk=enrollment.pk).update(created_at=at(known_since, 9))
    return enrollment


def deliveries():
    return list(
        Delivery.objects.filter(reminder__rule__key=KEY)
        .order_by("recipient_kind", "to")
        .values_list("channel", "recipient_kind", "to")
    )


def test_the_youth_gets_an_sms_the_day_before_with_time_and_place(course):
    enrollment = enroll(course)

    run(EVE - datetime.timedelta(days=1))
    assert deliveries() == []  # two days before: nothing yet

    run(EVE)
    assert deliveries() == [("sms", "ung", "20304050")]
    sms = Delivery.objects.get(reminder__rule__key=KEY)
    assert "Freja" in sms.body_text and "Talentværksted forår" in sms.body_text
    assert "kl. 16.00" in sms.body_text and "Ungdomsskolen, lokale 3" in sms.body_text
    assert sms.responsible.username == "lene"  # told if it fails for good
    reminder = Reminder.objects.get(rule__key=KEY)
    assert (reminder.record, reminder.due_date) == (enrollment, EVE)


def test_a_second_run_the_same_day_sends_nothing_more(course):
    enroll(course)
    run(EVE, hour=8)
    run(EVE, hour=9)
    assert len(deliveries()) == 1


def test_on_the_day_of_the_session_it_is_too_late(course):
    enroll(course)
    run(SESSION_DAY)
    assert deliveries() == []


def test_an_sms_made_in_the_evening_waits_for_the_morning(course):
    enroll(course)
    run(EVE, hour=21)
    sms = Delivery.objects.get(reminder__rule__key=KEY)
    assert sms.send_after == at(SESSION_DAY, 8)


def test_email_when_chosen_and_the_chosen_parent_gets_it_too(course):
    enrollment = enroll(course, email="freja@example.dk", session_reminder=SessionReminder.EMAIL)
    parent = Parent.objects.create(first_name="Mette", last_name="Mølgaard", email="mette@example.dk", phone="")
    parent.children.add(enrollment.youth)
    type(enrollment).objects.filter(pk=enrollment.pk).update(reminder_parent=parent)

    run(EVE)
    assert deliveries() == [("email", "foraelder", "mette@example.dk"), ("email", "ung", "freja@example.dk")]
    to_parent = Delivery.objects.get(recipient_kind="foraelder")
    assert to_parent.subject == "I morgen: Talentværksted forår"
    assert "Freja har Talentværksted forår i morgen" in to_parent.body_text
    assert "torsdag 12. marts 2026" in to_parent.body_text


def test_no_phone_number_falls_back_to_email_and_no_address_sends_nothing(course):
    enroll(course, phone="", email="oliver@example.dk", first_name="Oliver")
    enroll(course, phone="", email="", first_name="Ida")
    run(EVE)
    assert deliveries() == [("email", "ung", "oliver@example.dk")]


def test_no_reminder_when_turned_off_or_not_on_the_course_any_more(course):
    enroll(course, session_reminder=SessionReminder.NONE)
    enroll(course, status=EnrollmentStatus.WAITING, phone="11111111")
    enroll(course, status=EnrollmentStatus.DROPPED, dropped_on=D(2026, 3, 1), phone="22222222")
    run(EVE)
    assert deliveries() == []


def test_two_sessions_on_one_day_give_one_reminder_about_the_first(course):
    CourseSessionFactory(course=course, date=SESSION_DAY, start_time=datetime.time(14, 30))
    enroll(course)
    run(EVE)
    sms = Delivery.objects.get(reminder__rule__key=KEY)
    assert "kl. 14.30" in sms.body_text


# --- choosing the reminder on the enrollment ------------------------------------------------


@pytest.fixture
def staff_client(client, users):
    from fritidsjob import roles

    client.force_login(users[roles.YOUTH_SCHOOL])
    return client


def reminder_url(enrollment):
    from django.urls import reverse

    return reverse("talentvaerksted:enrollment_reminder", args=[enrollment.pk])


def test_staff_choose_email_and_a_parent_of_the_young_person(staff_client, course):
    enrollment = enroll(course, email="freja@example.dk")
    parent = Parent.objects.create(first_name="Mette", last_name="Mølgaard", email="mette@example.dk")
    parent.children.add(enrollment.youth)

    page = staff_client.get(reminder_url(enrollment))
    assert "Mette Mølgaard" in page.text
    response = staff_client.post(reminder_url(enrollment), {"session_reminder": "email", "reminder_parent": parent.pk})

    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert (enrollment.session_reminder, enrollment.reminder_parent) == ("email", parent)


@pytest.mark.parametrize(
    ("youth_fields", "choice", "message"),
    [
        ({"phone": ""}, "sms", "Der er ikke registreret et telefonnummer på Freja"),
        ({"email": ""}, "email", "Der er ikke registreret en e-mailadresse på Freja"),
    ],
)
def test_a_channel_without_an_address_is_refused_in_danish_and_nothing_changes(
    staff_client, course, youth_fields, choice, message
):
    enrollment = enroll(course, session_reminder=SessionReminder.NONE, **youth_fields)
    response = staff_client.post(reminder_url(enrollment), {"session_reminder": choice})
    assert response.status_code == 200
    assert message in response.text
    enrollment.refresh_from_db()
    assert enrollment.session_reminder == SessionReminder.NONE


def test_another_childs_parent_cannot_be_chosen(staff_client, course):
    enrollment = enroll(course)
    stranger = Parent.objects.create(first_name="Anne", last_name="Fremmed", phone="99887766")
    stranger.children.add(YouthFactory())
    response = staff_client.post(reminder_url(enrollment), {"session_reminder": "sms", "reminder_parent": stranger.pk})
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.text
    enrollment.refresh_from_db()
    assert enrollment.reminder_parent is None
