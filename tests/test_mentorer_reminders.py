"""The mentor reminder rules (issue 8) on a controlled clock: a relationship with no session for 30 days,
and a børneattest missing or expiring for a mentor with a mentee under 15.

Records get a created_at ("known since") on the same clock: the machinery never
reminds about a due date before a record came into the system (imported history).
"""

import datetime

import pytest
from django.core import mail

from mentorer.models import AttestAssessment, Mentor, MentorRelationship, Outcome, RelationshipStatus
from mentorer.reminders import BoerneattestMissingOrExpiring, MentorWithoutSession
from opgaver import services
from opgaver.models import Delivery, RecipientKind, ReminderRule, Task
from tests.reminder_rules import at, rules_active_since_long_ago

from .factories import UserFactory, YouthFactory
from .factories_mentorer import MentorFactory, RelationshipFactory, SessionFactory

pytestmark = pytest.mark.django_db
D = datetime.date
QUIET = MentorWithoutSession.key
ATTEST = BoerneattestMissingOrExpiring.key


def run(day: datetime.date) -> None:
    result = services.reminder_rules_run(now=at(day))
    assert result.errors == {}


@pytest.fixture
def rules(db):
    """Rule rows active since long ago, with the rules' own default lead times."""
    return rules_active_since_long_ago()


@pytest.fixture
def coordinator(db):
    return UserFactory(username="karen", first_name="Karen", email="karen@example.dk")


def known_since(record, day: datetime.date):
    type(record).objects.filter(pk=record.pk).update(created_at=at(day, 9))
    record.refresh_from_db()
    return record


def relationship(*, start: datetime.date, known: datetime.date | None = None, **fields) -> MentorRelationship:
    mentor = fields.pop("mentor", None)
    if mentor is None:
        mentor = known_since(MentorFactory(email="mette@example.dk", first_name="Mette"), start)
    made = RelationshipFactory(mentor=mentor, start_date=start, **fields)
    return known_since(made, known or start)


def tasks(key: str):
    return list(
        Task.objects.filter(reminder__rule__key=key)
        .order_by("pk")
        .values_list("object_id", "due_date", "assignee_id", "title")
    )


# --- no session for 30 days ----------------------------------------------------------------------------


QUIET_TITLE = "Mentorforløb uden møde i 30 dage"


@pytest.mark.parametrize(("days_after_session", "expected"), [(29, 0), (30, 1), (31, 1)])
def test_no_session_for_30_days_is_due_30_days_after_the_last_session(rules, coordinator, days_after_session, expected):
    made = relationship(start=D(2024, 1, 2), coordinator=coordinator)
    SessionFactory(relationship=made, date=D(2024, 3, 1))

    run(D(2024, 3, 1) + datetime.timedelta(days=days_after_session))

    assert tasks(QUIET) == [(made.pk, D(2024, 3, 31), coordinator.pk, QUIET_TITLE)][:expected]


def test_the_mentor_is_emailed_without_the_young_persons_name(rules, coordinator, django_capture_on_commit_callbacks):
    made = relationship(start=D(2024, 1, 2), coordinator=coordinator)
    SessionFactory(relationship=made, date=D(2024, 3, 1))

    with django_capture_on_commit_callbacks(execute=True):
        run(D(2024, 3, 31))

    delivery = Delivery.objects.get(recipient_kind=RecipientKind.MENTOR)
    assert (delivery.to, delivery.subject) == ("mette@example.dk", "Hvordan går det med din mentee?")
    assert "Hej Mette" in delivery.body_text
    assert "siden 1. marts 2024" in delivery.body_text
    assert "/mentorer/portal/" in delivery.body_text
    for text in (delivery.subject, delivery.body_text, delivery.body_html):
        assert made.youth.first_name not in text and made.youth.last_name not in text
    assert sorted(message.to[0] for message in mail.outbox) == ["karen@example.dk", "mette@example.dk"]
    task = Task.objects.get(reminder__rule__key=QUIET)
    assert (task.youth, task.concerning) == (made.youth, made)


def test_fires_once_per_due_date_and_again_after_a_new_session(rules, coordinator):
    made = relationship(start=D(2024, 1, 2), coordinator=coordinator)
    SessionFactory(relationship=made, date=D(2024, 3, 1))

    for day in (D(2024, 3, 31), D(2024, 3, 31), D(2024, 4, 1), D(2024, 4, 20)):
        run(day)
    assert [due for _r, due, _a, _t in tasks(QUIET)] == [D(2024, 3, 31)]
    assert Delivery.objects.filter(recipient_kind=RecipientKind.MENTOR).count() == 1

    SessionFactory(relationship=made, date=D(2024, 4, 21))
    run(D(2024, 5, 20))
    run(D(2024, 5, 21))
    assert [due for _r, due, _a, _t in tasks(QUIET)] == [D(2024, 3, 31), D(2024, 5, 21)]


def test_without_any_session_it_counts_from_the_start(rules, coordinator):
    made = relationship(start=D(2024, 1, 10), coordinator=coordinator)

    run(D(2024, 2, 8))
    assert tasks(QUIET) == []
    run(D(2024, 2, 9))
    assert tasks(QUIET) == [(made.pk, D(2024, 2, 9), coordinator.pk, QUIET_TITLE)]
    assert "siden 10. januar 2024" in Task.objects.get().description


def test_without_a_coordinator_the_youths_responsible_staff_gets_it(rules, coordinator):
    made = relationship(start=D(2024, 1, 10), coordinator=None, youth=YouthFactory(responsible_staff=coordinator))
    run(D(2024, 2, 9))
    assert tasks(QUIET) == [(made.pk, D(2024, 2, 9), coordinator.pk, QUIET_TITLE)]


def test_a_mentor_without_email_gets_no_message_but_the_task_is_made(rules, coordinator):
    mentor = known_since(MentorFactory(email=""), D(2024, 1, 10))
    relationship(start=D(2024, 1, 10), coordinator=coordinator, mentor=mentor)
    run(D(2024, 2, 9))
    assert len(tasks(QUIET)) == 1
    assert Delivery.objects.filter(recipient_kind=RecipientKind.MENTOR).count() == 0


def test_ended_relationships_are_not_reminded_about(rules, coordinator):
    relationship(
        start=D(2024, 1, 10),
        coordinator=coordinator,
        status=RelationshipStatus.ENDED,
        ended_on=D(2024, 1, 20),
        outcome=Outcome.NONE,
    )
    run(D(2024, 3, 1))
    assert tasks(QUIET) == []


def test_imported_history_is_never_reminded_about(rules, coordinator):
    """Known since 1 June: quiet since its start on 1 March (due 31 March, before it came in)."""
    imported = relationship(start=D(2024, 3, 1), known=D(2024, 6, 1), coordinator=coordinator)

    for day in (D(2024, 6, 1), D(2024, 6, 2), D(2024, 6, 30)):
        run(day)
    assert tasks(QUIET) == []

    # A session after the import starts the clock afresh.
    SessionFactory(relationship=imported, date=D(2024, 6, 10))
    run(D(2024, 7, 10))
    assert tasks(QUIET) == [(imported.pk, D(2024, 7, 10), coordinator.pk, QUIET_TITLE)]


# --- børneattest missing or expiring ----------------------------------------------------------------


EXPIRING = "Børneattest udløber for mentor med mentee under 15"
MISSING = "Børneattest mangler for mentor med mentee under 15"


def attest_mentor(obtained: datetime.date | None, *, known: datetime.date = D(2022, 1, 1), **fields) -> Mentor:
    assessment = AttestAssessment.CLEAR if obtained else AttestAssessment.NOT_ASSESSED
    return known_since(MentorFactory(boerneattest_on=obtained, boerneattest_assessment=assessment, **fields), known)


def mentee(mentor: Mentor, *, birth: datetime.date, start: datetime.date = D(2023, 9, 1), coordinator=None):
    return relationship(start=start, mentor=mentor, youth=YouthFactory(birth_date=birth), coordinator=coordinator)


def test_expiring_attest_is_a_task_30_days_before_it_expires(rules, coordinator):
    mentor = attest_mentor(D(2022, 5, 1))  # expires 1 May 2024
    made = mentee(mentor, birth=D(2010, 1, 1), coordinator=coordinator)  # 14 on 1 May 2024

    run(D(2024, 3, 31))
    assert tasks(ATTEST) == []
    run(D(2024, 4, 1))
    assert tasks(ATTEST) == [(mentor.pk, D(2024, 5, 1), coordinator.pk, EXPIRING)]
    task = Task.objects.get(reminder__rule__key=ATTEST)
    assert (task.youth, task.concerning) == (made.youth, mentor)
    assert "udløber 1. maj 2024" in task.description
    run(D(2024, 4, 2))
    run(D(2024, 5, 2))
    assert len(tasks(ATTEST)) == 1


def test_the_lead_time_is_the_admins_to_change(rules, coordinator):
    ReminderRule.objects.filter(key=ATTEST).update(lead_days=7)
    mentor = attest_mentor(D(2022, 5, 1))
    mentee(mentor, birth=D(2010, 1, 1), coordinator=coordinator)

    run(D(2024, 4, 23))
    assert tasks(ATTEST) == []
    run(D(2024, 4, 24))
    assert tasks(ATTEST) == [(mentor.pk, D(2024, 5, 1), coordinator.pk, EXPIRING)]


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (D(2009, 5, 1), 0),  # turns 15 the day the attest expires: no attest needed from then
        (D(2009, 5, 2), 1),  # still 14 that day
        (D(2008, 1, 1), 0),  # 16
    ],
)
def test_only_mentees_under_15_on_the_expiry_day_count(rules, coordinator, birth, expected):
    mentor = attest_mentor(D(2022, 5, 1))
    mentee(mentor, birth=birth, coordinator=coordinator)

    run(D(2024, 4, 15))

    assert len(tasks(ATTEST)) == expected


def test_a_missing_attest_is_due_when_the_relationship_started(rules, coordinator):
    mentor = attest_mentor(None)
    mentee(mentor, birth=D(2010, 1, 1), start=D(2024, 2, 1), coordinator=coordinator)

    run(D(2024, 2, 1))

    assert tasks(ATTEST) == [(mentor.pk, D(2024, 2, 1), coordinator.pk, MISSING)]


def test_an_attest_with_remarks_counts_as_missing(rules, coordinator):
    mentor = attest_mentor(D(2023, 1, 1))
    Mentor.objects.filter(pk=mentor.pk).update(boerneattest_assessment=AttestAssessment.REMARKS)
    mentee(mentor, birth=D(2010, 1, 1), start=D(2024, 2, 1), coordinator=coordinator)

    run(D(2024, 2, 1))

    assert tasks(ATTEST) == [(mentor.pk, D(2024, 2, 1), coordinator.pk, MISSING)]


def test_no_attest_task_without_an_active_mentee_under_15(rules, coordinator):
    mentor = attest_mentor(D(2022, 5, 1))
    mentee(mentor, birth=D(2007, 1, 1), coordinator=coordinator)
    ended = attest_mentor(D(2022, 5, 1))
    relationship(
        start=D(2023, 9, 1),
        mentor=ended,
        youth=YouthFactory(birth_date=D(2011, 1, 1)),
        status=RelationshipStatus.ENDED,
        ended_on=D(2024, 1, 1),
        outcome=Outcome.JOB,
    )

    run(D(2024, 4, 15))

    assert tasks(ATTEST) == []


def test_an_attest_that_expired_before_the_mentor_was_registered_is_not_reminded_about(rules, coordinator):
    """Registered (known) on 1 June 2024 with an attest that had expired on 1 May: history, not a reminder."""
    mentor = attest_mentor(D(2022, 5, 1), known=D(2024, 6, 1))
    mentee(mentor, birth=D(2010, 1, 1), coordinator=coordinator)

    run(D(2024, 6, 1))

    assert tasks(ATTEST) == []
