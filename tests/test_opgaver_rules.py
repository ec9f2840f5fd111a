"""The reminder rules of phase 1 and the machinery's windows, on a controlled clock.

Every run gets `now` passed in; records get a created_at ("known since") on
the same clock, because the machinery never reminds about a due date before a
record came into the system (imported history).
"""

import datetime

import pytest
from django.core import mail

from foraeldre.models import Consent, ConsentKind, Parent
from foraeldre.reminders import ConsentMissing
from fritidsjob.models import Youth, YouthStatus
from opgaver import registry, services
from opgaver.models import Reminder, ReminderRule, Task
from opgaver.registry import Due, Plan, Rule, TaskPlan, Window
from opgaver.reminders import CaseWithoutJournal
from tests.reminder_rules import LONG_AGO, at, rules_active_since_long_ago

from .factories import JournalEntryFactory, UserFactory, YouthFactory

D = datetime.date


def run(day: datetime.date, hour: int = 10) -> services.RunResult:
    result = services.reminder_rules_run(now=at(day, hour))
    assert result.errors == {}
    return result


@pytest.fixture
def rules(db):
    """Rule rows active since long ago, so the controlled clock's dates count."""
    rules_active_since_long_ago(lead_days=0)
    # The progression questionnaire's milestones (issue 18) ask every new case at its start; their own
    # tests (tests/test_progression.py, progression_rules) switch them on.
    ReminderRule.objects.filter(key__startswith="progression_").update(enabled=False)
    return {row.key: row for row in ReminderRule.objects.all()}


@pytest.fixture
def staff(db):
    return UserFactory(username="karen", first_name="Karen", email="karen@example.dk")


def case(*, known_since: datetime.date, registered: datetime.date | None = None, consents=True, **fields) -> Youth:
    """A young person's case that came into the system on `known_since` (its created_at).

    With consents=True the parents consented on the day it was registered, so only the journal rule concerns it.
    """
    youth = YouthFactory(registered_on=registered or known_since, **fields)
    Youth.objects.filter(pk=youth.pk).update(created_at=at(known_since, 9))
    youth.refresh_from_db()
    if consents:
        consent_all(youth, given=youth.registered_on)
    return youth


def tasks(key: str | None = None):
    qs = Task.objects.all() if key is None else Task.objects.filter(reminder__rule__key=key)
    return list(qs.order_by("pk").values_list("youth_id", "due_date", "assignee_id", "title"))


def consent(youth, kind, *, given: datetime.date, withdrawn: datetime.date | None = None, custody=True) -> Consent:
    parent = Parent.objects.create(first_name="Mor", last_name="Testesen", has_custody=custody)
    parent.children.add(youth)
    return Consent.objects.create(youth=youth, kind=kind, given_by=parent, given_on=given, withdrawn_on=withdrawn)


def consent_all(youth, *, given: datetime.date) -> None:
    for kind in (ConsentKind.PARTICIPATION, ConsentKind.PROCESSING):
        consent(youth, kind, given=given)


# --- a case with no journal entry for 60 days ---------------------------------------------


JOURNAL = CaseWithoutJournal.key


@pytest.mark.parametrize(("days_after_entry", "expected"), [(59, 0), (60, 1), (61, 1)])
def test_case_without_journal_is_due_60_days_after_the_last_entry(rules, staff, days_after_entry, expected):
    youth = case(known_since=D(2024, 1, 2), responsible_staff=staff)
    JournalEntryFactory(youth=youth, date=D(2024, 3, 1), author=staff)

    run(D(2024, 3, 1) + datetime.timedelta(days=days_after_entry))

    assert tasks(JOURNAL) == [(youth.pk, D(2024, 4, 30), staff.pk, "Ingen journalnotat i 60 dage")][:expected]


def test_case_without_journal_fires_once_per_due_date_and_again_after_a_new_entry(rules, staff):
    youth = case(known_since=D(2024, 1, 2), responsible_staff=staff)
    JournalEntryFactory(youth=youth, date=D(2024, 3, 1), author=staff)

    for day in (D(2024, 4, 30), D(2024, 4, 30), D(2024, 5, 1), D(2024, 6, 15)):
        run(day)
    assert tasks(JOURNAL) == [(youth.pk, D(2024, 4, 30), staff.pk, "Ingen journalnotat i 60 dage")]

    JournalEntryFactory(youth=youth, date=D(2024, 6, 16), author=staff)
    run(D(2024, 8, 14))
    run(D(2024, 8, 15))
    assert [due for _y, due, _a, _t in tasks(JOURNAL)] == [D(2024, 4, 30), D(2024, 8, 15)]


def test_case_without_any_entry_counts_from_registration(rules, staff):
    youth = case(known_since=D(2024, 1, 2), registered=D(2024, 1, 2), responsible_staff=staff)
    # An entry dated before the registration (written up afterwards) does not move the date back.
    JournalEntryFactory(youth=youth, date=D(2023, 12, 1), author=staff)

    run(D(2024, 3, 1))
    assert tasks(JOURNAL) == []
    run(D(2024, 3, 2))
    assert tasks(JOURNAL) == [(youth.pk, D(2024, 3, 2), staff.pk, "Ingen journalnotat i 60 dage")]
    task = Task.objects.get()
    assert "siden 2. januar 2024" in task.description


def test_closed_cases_get_no_journal_reminder(rules, staff):
    case(known_since=D(2024, 1, 2), responsible_staff=staff, status=YouthStatus.CLOSED, end_reason="Flyttet")

    run(D(2024, 6, 1))

    assert tasks(JOURNAL) == []


def test_task_without_an_active_responsible_is_unassigned(rules):
    gone = UserFactory(username="stoppet", is_active=False, email="stoppet@example.dk")
    nobody = case(known_since=D(2024, 1, 2))
    left = case(known_since=D(2024, 1, 2), responsible_staff=gone)

    run(D(2024, 3, 2))

    assert sorted(tasks(JOURNAL)) == sorted(
        [
            (nobody.pk, D(2024, 3, 2), None, "Ingen journalnotat i 60 dage"),
            (left.pk, D(2024, 3, 2), None, "Ingen journalnotat i 60 dage"),
        ]
    )
    assert services.Delivery.objects.count() == 0  # nobody to e-mail


def test_new_task_is_emailed_to_the_assignee_without_personal_data(rules, staff, django_capture_on_commit_callbacks):
    youth = case(known_since=D(2024, 1, 2), responsible_staff=staff, first_name="Særlignavn")

    with django_capture_on_commit_callbacks(execute=True):
        run(D(2024, 3, 2))

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karen@example.dk"]
    assert message.subject == "Ny opgave i Fritidsjob: Ingen journalnotat i 60 dage"
    assert "Hej Karen" in message.body
    assert "Frist: 2. marts 2024" in message.body
    assert "http://127.0.0.1:8000/opgaver/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Frist: 2. marts 2024" in html
    for text in (message.subject, message.body, html):
        assert youth.first_name not in text and youth.last_name not in text


# --- consent missing or withdrawn ----------------------------------------------------------


CONSENT = ConsentMissing.key


def test_missing_consent_is_due_14_days_after_registration(rules, staff):
    youth = case(known_since=D(2024, 5, 1), responsible_staff=staff, consents=False)
    JournalEntryFactory(youth=youth, date=D(2024, 5, 10), author=staff)

    run(D(2024, 5, 14))
    assert tasks(CONSENT) == []
    run(D(2024, 5, 15))
    assert tasks(CONSENT) == [(youth.pk, D(2024, 5, 15), staff.pk, "Samtykke mangler")]
    task = Task.objects.get(reminder__rule__key=CONSENT)
    assert "deltagelse, behandling af oplysninger" in task.description
    run(D(2024, 5, 16))
    assert len(tasks(CONSENT)) == 1


def test_valid_consents_mean_no_task(rules, staff):
    youth = case(known_since=D(2024, 5, 1), responsible_staff=staff, consents=False)
    consent_all(youth, given=D(2024, 5, 3))

    run(D(2024, 6, 1))

    assert tasks(CONSENT) == []


def test_consent_from_a_parent_without_custody_does_not_count(rules, staff):
    youth = case(known_since=D(2024, 5, 1), responsible_staff=staff, consents=False)
    consent(youth, ConsentKind.PARTICIPATION, given=D(2024, 5, 3), custody=False)
    consent(youth, ConsentKind.PROCESSING, given=D(2024, 5, 3))

    run(D(2024, 5, 15))

    assert tasks(CONSENT) == [(youth.pk, D(2024, 5, 15), staff.pk, "Samtykke mangler")]
    assert Task.objects.get().description.count("deltagelse") == 1
    assert "behandling" not in Task.objects.get().description


def test_withdrawn_consent_is_due_the_day_it_is_withdrawn(rules, staff):
    youth = case(known_since=D(2024, 1, 2), responsible_staff=staff, consents=False)
    consent_all(youth, given=D(2024, 1, 3))
    Consent.objects.filter(kind=ConsentKind.PROCESSING).update(withdrawn_on=D(2024, 9, 10))

    run(D(2024, 9, 9))
    assert tasks(CONSENT) == []
    run(D(2024, 9, 10))
    assert tasks(CONSENT) == [(youth.pk, D(2024, 9, 10), staff.pk, "Samtykke mangler")]
    assert "behandling af oplysninger" in Task.objects.get(reminder__rule__key=CONSENT).description

    # Given again, then withdrawn again: a new task for the new date.
    consent(youth, ConsentKind.PROCESSING, given=D(2024, 9, 20), withdrawn=D(2024, 11, 1))
    run(D(2024, 10, 1))
    run(D(2024, 11, 1))
    assert [due for _y, due, _a, _t in tasks(CONSENT)] == [D(2024, 9, 10), D(2024, 11, 1)]


def test_consent_rule_leaves_adults_and_closed_cases_alone(rules, staff):
    case(
        known_since=D(2024, 5, 1), responsible_staff=staff, consents=False, birth_date=D(2006, 5, 1)
    )  # 18 on 1 May 2024
    case(
        known_since=D(2024, 5, 1),
        responsible_staff=staff,
        consents=False,
        status=YouthStatus.CLOSED,
        end_reason="Stoppet",
    )

    run(D(2024, 6, 1))

    assert tasks(CONSENT) == []


@pytest.mark.parametrize("count", [1, 10])
def test_consent_rule_asks_in_three_queries_however_many_young_people(rules, staff, count, django_assert_num_queries):
    """Beat runs the rule every quarter of an hour: one question for all young people and kinds, not one each."""
    for n in range(count):
        youth = case(known_since=D(2024, 5, 1), responsible_staff=staff, consents=n % 3 != 0)
        if n % 3 == 2:
            Consent.objects.filter(youth=youth, kind=ConsentKind.PROCESSING).update(withdrawn_on=D(2024, 5, 20))
    window = Window(today=D(2024, 6, 1), earliest=LONG_AGO, latest=D(2024, 6, 1))

    with django_assert_num_queries(3):
        due = list(ConsentMissing().due(window))

    # Every third has none (due after the grace days), every third from n = 2 had one withdrawn.
    expected = [(D(2024, 5, 15), ["deltagelse", "behandling"]), (D(2024, 5, 20), ["behandling"])]
    due.sort(key=lambda d: d.youth.pk)  # the cases come in the youth table's order (by name): compare in creation order
    assert [(d.due_date, d.context["kinds"]) for d in due] == [expected[n % 3 // 2] for n in range(count) if n % 3 != 1]


# --- the machinery: windows, switches and imported history --------------------------------


def test_imported_history_is_never_reminded_about(rules, staff):
    """Imported on 1 June 2024: its last entry (1 March) made it due 30 April, before it came in."""
    imported = case(known_since=D(2024, 6, 1), registered=D(2023, 8, 1), responsible_staff=staff, import_ref="u-1")
    JournalEntryFactory(youth=imported, date=D(2024, 3, 1), author=staff)
    # Imported the same day, but recent enough: due after the import, so reminded.
    recent = case(known_since=D(2024, 6, 1), registered=D(2024, 5, 20), responsible_staff=staff, import_ref="u-2")

    for day in (D(2024, 6, 1), D(2024, 6, 2), D(2024, 7, 18)):
        run(day)
    assert tasks() == []
    run(D(2024, 7, 19))
    assert tasks() == [(recent.pk, D(2024, 7, 19), staff.pk, "Ingen journalnotat i 60 dage")]

    # A new entry after the import starts the clock afresh for the imported case too.
    JournalEntryFactory(youth=imported, date=D(2024, 7, 1), author=staff)
    run(D(2024, 8, 30))
    assert tasks()[-1] == (imported.pk, D(2024, 8, 30), staff.pk, "Ingen journalnotat i 60 dage")


def test_nothing_is_reminded_before_the_rule_was_active(rules, staff):
    ReminderRule.objects.filter(key=JOURNAL).update(active_since=D(2024, 5, 1))
    before = case(known_since=D(2024, 1, 2), responsible_staff=staff)
    JournalEntryFactory(youth=before, date=D(2024, 2, 1), author=staff)  # due 1 April
    after = case(known_since=D(2024, 1, 2), responsible_staff=staff)
    JournalEntryFactory(youth=after, date=D(2024, 3, 2), author=staff)  # due 1 May

    run(D(2024, 5, 2))

    assert tasks(JOURNAL) == [(after.pk, D(2024, 5, 1), staff.pk, "Ingen journalnotat i 60 dage")]


def test_a_disabled_rule_does_not_run(rules, staff):
    ReminderRule.objects.filter(key=JOURNAL).update(enabled=False)
    case(known_since=D(2024, 1, 2), responsible_staff=staff)

    created = run(D(2024, 3, 2)).created
    # Other apps' rules run too (and find nothing here); the disabled one does not run at all.
    assert JOURNAL not in created
    assert created[CONSENT] == 0
    assert tasks(JOURNAL) == []


def test_lead_time_creates_the_task_early_with_the_real_due_date(rules, staff):
    ReminderRule.objects.filter(key=JOURNAL).update(lead_days=7)
    youth = case(known_since=D(2024, 1, 2), responsible_staff=staff)
    JournalEntryFactory(youth=youth, date=D(2024, 3, 1), author=staff)

    run(D(2024, 4, 22))
    assert tasks(JOURNAL) == []
    run(D(2024, 4, 23))
    assert tasks(JOURNAL) == [(youth.pk, D(2024, 4, 30), staff.pk, "Ingen journalnotat i 60 dage")]


def test_rules_are_synchronised_into_the_admin_table(db):
    ReminderRule.objects.all().delete()

    rows = services.reminder_rules_sync(today=D(2024, 2, 3))

    # Every rule in code, from every app's reminders.py, gets a row.
    assert sorted(rows) == sorted(registry.all_rules())
    assert {JOURNAL, CONSENT} <= set(rows)
    journal = ReminderRule.objects.get(key=JOURNAL)
    assert (journal.name, journal.enabled, journal.lead_days, journal.active_since) == (
        "Sag uden journalnotat i 60 dage",
        True,
        0,
        D(2024, 2, 3),
    )
    # A second sync changes nothing the admin set.
    ReminderRule.objects.filter(key=JOURNAL).update(enabled=False, lead_days=3)
    services.reminder_rules_sync(today=D(2024, 3, 1))
    assert ReminderRule.objects.values_list("enabled", "lead_days", "active_since").get(key=JOURNAL) == (
        False,
        3,
        D(2024, 2, 3),
    )


def test_reminder_is_unique_per_rule_record_and_due_date(rules, staff):
    youth = case(known_since=D(2024, 1, 2), responsible_staff=staff)
    run(D(2024, 3, 2))
    reminder = Reminder.objects.get()

    assert (reminder.rule.key, reminder.record, reminder.due_date) == (JOURNAL, youth, D(2024, 3, 2))
    # The constraint itself, not only the service, refuses a second one.
    with pytest.raises(services.IntegrityError), services.transaction.atomic():
        Reminder.objects.create(
            rule=reminder.rule, content_type=reminder.content_type, object_id=youth.pk, due_date=D(2024, 3, 2)
        )


class FlakyPlanRule(Rule):
    """A rule whose plan() breaks for one record (a bug in phase 2, say)."""

    key = "test_fejl_for_en_sag"
    name = "Test: fejler for én sag"

    def due(self, window):
        for youth in Youth.objects.filter(last_name="Fejlesen").order_by("pk"):
            yield Due(record=youth, due_date=window.today, youth=youth)

    def plan(self, due):
        if due.youth.first_name == "Fejl":
            raise ValueError("kan ikke lave en plan")
        return Plan(task=TaskPlan(title="Test", assignee=due.youth.responsible_staff))


def test_a_failing_record_holds_back_neither_other_records_nor_other_rules(rules, staff, monkeypatch):
    monkeypatch.setitem(registry._rules, FlakyPlanRule.key, FlakyPlanRule())
    services.reminder_rules_sync(today=LONG_AGO)
    ReminderRule.objects.filter(key=FlakyPlanRule.key).update(active_since=LONG_AGO)
    broken = case(known_since=D(2024, 1, 2), last_name="Fejlesen", first_name="Fejl")
    fine = case(known_since=D(2024, 1, 2), last_name="Fejlesen", first_name="Fin", responsible_staff=staff)

    result = services.reminder_rules_run(now=at(D(2024, 3, 2)))

    assert result.errors == {
        FlakyPlanRule.key: "RuntimeError: 1 of 2 records failed (1 reminders made); "
        "the first: ValueError: kan ikke lave en plan"
    }
    assert (result.created[JOURNAL], result.created[CONSENT]) == (2, 0)
    switched_off = {key for key in registry.all_rules() if key.startswith("progression_")}  # by the fixture
    assert set(result.created) == set(registry.all_rules()) - {FlakyPlanRule.key} - switched_off
    assert tasks(FlakyPlanRule.key) == [(fine.pk, D(2024, 3, 2), staff.pk, "Test")]
    assert Reminder.objects.filter(rule__key=FlakyPlanRule.key, object_id=broken.pk).exists() is False


def test_a_record_without_created_at_must_say_when_it_was_known():
    due = Due(record=ReminderRule(key="x"), due_date=D(2024, 1, 1))

    with pytest.raises(TypeError, match=r"give Due\(known_since=...\)"):
        due.first_known()
