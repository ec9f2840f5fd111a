"""The access log a data protection officer reads (Adgangslog), searches in it, and the daily flags."""

import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.audit import trail_of
from fritidsjob import access_log, roles
from fritidsjob.models import AccessFlag, AccessFlagKind, Youth
from fritidsjob.tasks import flag_unusual_access

from .factories import YouthFactory
from .factories_foraeldre import ParentFactory
from .factories_mentorer import MentorFactory
from .factories_virksomheder import CompanyFactory

pytestmark = pytest.mark.django_db

# A recent day, so its flags are among those the page shows.
DAY = timezone.localdate() - datetime.timedelta(days=3)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def opened(user, youth, day: datetime.date, **data) -> LogEntry:
    """An access entry of `user` on `youth`'s case at 10:00 on `day` (written with its time, as the log is append-only)."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Youth),
        object_pk=str(youth.pk),
        object_id=youth.pk,
        object_repr=str(youth),
        action=LogEntry.Action.ACCESS,
        actor=user,
        timestamp=_at(day),
        additional_data=data or {"page": youth.get_absolute_url()},
    )


# --- the page ---------------------------------------------------------------------------------


def test_the_log_shows_who_opened_whom_when_and_why(client, users):
    admin, consultant = users[roles.ADMINISTRATOR], users[roles.JOBCENTER_CONSULTANT]
    youth = YouthFactory(first_name="Freja", last_name="Logsen")
    parent = ParentFactory(first_name="Mette", last_name="Logsen", children=[youth])
    client.force_login(consultant)
    client.get(youth.get_absolute_url())
    client.get(parent.get_absolute_url())
    client.force_login(admin)

    response = client.get(reverse("access_log"))

    assert response.status_code == 200
    rows = [(entry.actor, entry.person.label, str(entry.content_type.name)) for entry in response.context["entries"]]
    # Newest first; reading the log is no lookup of a person.
    assert rows == [(consultant, "Mette Logsen (forælder)", "forælder"), (consultant, "Freja Logsen (ung)", "ung")]
    assert f"Side vist ({youth.get_absolute_url()})" in response.text
    assert reverse("access_log") in client.get(reverse("home")).text  # in the administrator's menu


def test_the_log_filters_by_user_person_purpose_and_period(client, users):
    admin, consultant, leader = (
        users[roles.ADMINISTRATOR],
        users[roles.JOBCENTER_CONSULTANT],
        users[roles.PROJECT_LEADER],
    )
    freja, anden = YouthFactory(first_name="Freja", last_name="Logsen"), YouthFactory(first_name="Anden")
    first = opened(consultant, freja, DAY)
    opened(leader, freja, DAY)
    opened(consultant, anden, DAY - datetime.timedelta(days=5))
    exported = opened(consultant, anden, DAY, export="unge.csv", export_id=1)
    client.force_login(admin)

    def shown(**query):
        response = client.get(reverse("access_log"), query)
        assert response.status_code == 200
        return {entry.pk for entry in response.context["entries"]}

    assert shown(actor=leader.pk) == {trail_of(freja).get(actor=leader).pk}
    assert shown(person="frej logs") == {entry.pk for entry in trail_of(freja).filter(action=LogEntry.Action.ACCESS)}
    assert shown(person="freja", actor=consultant.pk) == {first.pk}
    assert shown(purpose="eksport") == {exported.pk}
    assert shown(date_from=DAY.isoformat(), date_to=DAY.isoformat(), person="anden") == {exported.pk}


def test_a_period_given_backwards_is_a_danish_error_not_a_500(client, users):
    client.force_login(users[roles.ADMINISTRATOR])

    response = client.get(reverse("access_log"), {"date_from": "2026-11-10", "date_to": "2026-11-01"})

    assert response.status_code == 200
    assert "Til-datoen ligger før fra-datoen." in response.text


def test_the_export_names_each_person_once_and_is_in_their_trail(client, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    youth = YouthFactory(first_name="Freja", last_name="Logsen")
    for _ in range(3):
        opened(consultant, youth, DAY)
    client.force_login(users[roles.ADMINISTRATOR])

    response = client.get(reverse("access_log"), {"eksport": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tidspunkt", "Bruger", "Person", "Post", "Formål", "IP-adresse"]
    assert [row[2] for row in rows[1:]] == ["Freja Logsen (ung)"] * 3
    exports = trail_of(youth).filter(additional_data__has_key="export")
    assert [(entry.actor, entry.additional_data["export"]) for entry in exports] == [
        (users[roles.ADMINISTRATOR], "adgangslog.csv")
    ]


# --- searches ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("fritidsjob:youth_list", lambda: YouthFactory(first_name="Freja")),
        ("foraeldre:parent_list", lambda: ParentFactory(first_name="Freja")),
        ("virksomheder:company_list", lambda: CompanyFactory(name="Freja Bageri")),
        ("mentorer:mentor_list", lambda: MentorFactory(first_name="Freja")),
    ],
)
def test_a_search_is_logged_once_with_its_text(client, users, url_name, make):
    make()
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    url = reverse(url_name)

    client.get(url, {"name": "  Freja  "})
    client.get(url, {"name": "Freja", "page": "1"})  # the same search again, or its next page
    client.get(url)
    client.get(url, {"name": "Freja"})  # searched again after clearing it: a new search

    searches = LogEntry.objects.filter(additional_data__has_key="search")
    assert [(entry.actor, entry.additional_data["search"]) for entry in searches] == [
        (users[roles.JOBCENTER_CONSULTANT], "Freja"),
        (users[roles.JOBCENTER_CONSULTANT], "Freja"),
    ]
    assert searches.first().action == LogEntry.Action.ACCESS


def test_searches_show_in_the_log_with_their_text(client, users):
    client.force_login(users[roles.YOUTH_SCHOOL])
    client.get(reverse("fritidsjob:youth_list"), {"name": "Mads"})
    client.force_login(users[roles.ADMINISTRATOR])

    response = client.get(reverse("access_log"), {"purpose": "soegning"})

    assert [entry.actor for entry in response.context["entries"]] == [users[roles.YOUTH_SCHOOL]]
    assert "Søgning: »Mads«" in response.text


# --- the daily flags --------------------------------------------------------------------------


def test_more_cases_in_a_day_than_the_limit_is_flagged_once(settings, users):
    settings.ACCESS_LOG_DAILY_CASE_LIMIT = 2
    consultant, leader = users[roles.JOBCENTER_CONSULTANT], users[roles.PROJECT_LEADER]
    cases = [YouthFactory(responsible_staff=consultant) for _ in range(3)]
    for youth in cases:
        opened(consultant, youth, DAY)
        opened(consultant, youth, DAY)  # the same case twice counts once
    for youth in cases[:2]:
        opened(leader, youth, DAY)
    opened(leader, cases[2], DAY - datetime.timedelta(days=1))  # another day
    opened(leader, cases[2], DAY, export="unge.csv")  # an export is not opening a case

    access_log.access_flags_create(day=DAY)
    again = access_log.access_flags_create(day=DAY)

    many = AccessFlag.objects.filter(kind=AccessFlagKind.MANY_CASES)
    assert [(flag.user, flag.case_count, flag.day) for flag in many] == [(consultant, 3, DAY)]
    assert again == []


def test_a_case_outside_the_users_usual_caseload_is_flagged(settings, users):
    settings.ACCESS_LOG_USUAL_DAYS = 30
    consultant = users[roles.JOBCENTER_CONSULTANT]
    own = YouthFactory(responsible_staff=consultant)
    known = YouthFactory()
    forgotten = YouthFactory()
    stranger = YouthFactory()
    opened(consultant, known, DAY - datetime.timedelta(days=29))
    opened(consultant, forgotten, DAY - datetime.timedelta(days=31))
    for youth in (own, known, forgotten, stranger):
        opened(consultant, youth, DAY)
    opened(users[roles.MENTOR], stranger, DAY)  # the portal: only her own mentees, never unusual

    created = access_log.access_flags_create(day=DAY)

    assert sorted((flag.kind, flag.youth_id) for flag in created) == sorted(
        [(AccessFlagKind.OUTSIDE_CASELOAD, forgotten.pk), (AccessFlagKind.OUTSIDE_CASELOAD, stranger.pk)]
    )


def test_a_record_of_the_case_counts_as_opening_it(settings, users):
    consultant = users[roles.JOBCENTER_CONSULTANT]
    youth = YouthFactory()
    # A placement page, say: the entry is about the placement and carries the youth id.
    LogEntry.objects.create(
        content_type=ContentType.objects.get(app_label="virksomheder", model="placement"),
        object_pk="1",
        object_id=1,
        object_repr="Opfylder",
        action=LogEntry.Action.ACCESS,
        actor=consultant,
        timestamp=_at(DAY),
        additional_data={"youth_id": youth.pk, "page": "/virksomheder/ansaettelser/1/"},
    )

    assert access_log.cases_opened(start=_at(DAY, 0), end=_at(DAY, 23)) == {(consultant.pk, youth.pk)}


def test_the_daily_task_emails_the_administrators_once_without_names(settings, users, client):
    settings.ACCESS_LOG_DAILY_CASE_LIMIT = 1
    users[roles.ADMINISTRATOR].email = "admin@viborg.dk"
    users[roles.ADMINISTRATOR].save()
    users[roles.PROJECT_LEADER].email = "leder@viborg.dk"
    users[roles.PROJECT_LEADER].save()
    users[roles.DATA_PROTECTION_OFFICER].email = "dpo@viborg.dk"
    users[roles.DATA_PROTECTION_OFFICER].save()
    consultant = users[roles.JOBCENTER_CONSULTANT]
    cases = [YouthFactory(first_name="Hemmelig", last_name=f"Navn{n}") for n in range(2)]
    for youth in cases:
        opened(consultant, youth, DAY)

    sent = flag_unusual_access(day=DAY.isoformat())
    sent_again = flag_unusual_access(day=DAY.isoformat())

    assert (sent, sent_again) == (3, 0)  # many cases, and each case outside the caseload
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["admin@viborg.dk", "dpo@viborg.dk"]  # not the project leader
    assert f"konsulent åbnede 2 sager den {DAY:%d.%m.%Y}." in message.body
    assert "Hemmelig" not in message.body
    assert AccessFlag.objects.filter(emailed_at__isnull=True).count() == 0
    client.force_login(users[roles.DATA_PROTECTION_OFFICER])
    page = client.get(reverse("access_log"))
    assert sorted(flag.kind for flag in page.context["flags"]) == sorted(
        [AccessFlagKind.MANY_CASES, AccessFlagKind.OUTSIDE_CASELOAD, AccessFlagKind.OUTSIDE_CASELOAD]
    )


def test_the_page_shows_recent_flags_with_the_case(client, users):
    youth = YouthFactory(first_name="Freja", last_name="Flagsen")
    AccessFlag.objects.create(
        day=timezone.localdate(),
        kind=AccessFlagKind.OUTSIDE_CASELOAD,
        user=users[roles.YOUTH_SCHOOL],
        youth_id=youth.pk,
    )
    AccessFlag.objects.create(
        day=timezone.localdate(), kind=AccessFlagKind.MANY_CASES, user=users[roles.YOUTH_SCHOOL], case_count=40
    )
    client.force_login(users[roles.ADMINISTRATOR])

    response = client.get(reverse("access_log"))

    assert "Freja Flagsen" in response.text
    assert "Mange sager på én dag: 40" in response.text


def test_the_daily_check_is_on_beats_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "fritidsjob.tasks.flag_unusual_access" in tasks


def test_the_data_protection_officer_reads_the_log_but_no_case(client, users):
    youth = YouthFactory(first_name="Freja", last_name="Logsen")
    opened(users[roles.JOBCENTER_CONSULTANT], youth, DAY)
    client.force_login(users[roles.DATA_PROTECTION_OFFICER])

    log = client.get(reverse("access_log"))

    assert "Freja Logsen (ung)" in log.text
    assert reverse("access_log") in client.get(reverse("home")).text
    assert client.get(youth.get_absolute_url()).status_code == 403
    assert client.get(reverse("fritidsjob:youth_list")).status_code == 403
