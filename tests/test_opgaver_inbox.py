"""Mine opgaver, the team's tasks, the menu count, the health page and the admin's rule switches."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.audit import trail_of
from foraeldre.models import Parent
from fritidsjob import roles
from fritidsjob.models import Heartbeat
from opgaver import services
from opgaver.models import DeliveryStatus, ReminderRule, Task, TaskStatus

from .factories import YouthFactory
from .factories_opgaver import FailedDeliveryFactory, TaskFactory

INBOX = reverse("opgaver:inbox")
TEAM = reverse("opgaver:team")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def today():
    return timezone.localdate()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def test_inbox_lists_my_open_tasks_with_one_click_to_the_case(consultant_client, consultant, users, today):
    mine = TaskFactory(assignee=consultant, title="Ring til den unge", due_date=today - days(2))
    TaskFactory(assignee=users[roles.YOUTH_SCHOOL], title="En kollegas opgave")
    TaskFactory(assignee=consultant, title="Allerede klaret", status=TaskStatus.DONE, completed_at=timezone.now())
    TaskFactory(assignee=consultant, title="Venter til senere", snoozed_until=today + days(3))

    content = consultant_client.get(INBOX).content.decode()

    assert "Ring til den unge" in content
    assert f'<a href="/unge/{mine.youth.pk}/">{mine.youth.full_name}</a>' in content
    assert "Forfalden" in content
    assert "En kollegas opgave" not in content
    assert "Allerede klaret" not in content
    snoozed_section = content.split("Udsatte opgaver", 1)[1]
    assert "Venter til senere" in snoozed_section
    assert f"Udsat til {today + days(3):%d.%m.%Y}" in snoozed_section


def test_inbox_links_the_concerned_record_when_it_has_a_page(consultant_client, consultant):
    other_youth = YouthFactory(first_name="Søster")
    TaskFactory(assignee=consultant, youth=None, concerning=other_youth, title="Tjek søsteren")

    content = consultant_client.get(INBOX).content.decode()

    assert f'<a href="/unge/{other_youth.pk}/">Søster Testesen</a>' in content


@pytest.mark.parametrize("rows", [1, 3])
def test_inbox_query_count_is_constant(consultant_client, consultant, django_assert_num_queries, rows, today):
    for n in range(rows):
        parent = Parent.objects.create(first_name=f"Forælder{n}", last_name="Testesen")
        TaskFactory(assignee=consultant, concerning=parent, due_date=today - days(n))
        TaskFactory(assignee=consultant, snoozed_until=today + days(2))
        FailedDeliveryFactory(responsible=consultant, youth=YouthFactory())

    # session, user, the user's and the groups' permissions, the roles shown in the menu,
    # failed sends, open tasks (count, page), the records they concern, snoozed tasks (count, page)
    with django_assert_num_queries(11):
        response = consultant_client.get(INBOX)
    assert response.content.decode().count("Markér som udført") == 2 * rows


@pytest.mark.parametrize("rows", [1, 3])
def test_team_view_query_count_is_constant(client, users, django_assert_num_queries, rows, today):
    client.force_login(users[roles.PROJECT_LEADER])
    for _ in range(rows):
        TaskFactory(assignee=users[roles.JOBCENTER_CONSULTANT], due_date=today - days(1))
        TaskFactory(assignee=None, youth=YouthFactory())

    # session, user, permissions (2), roles in the menu, tasks (count, page)
    with django_assert_num_queries(7):
        response = client.get(TEAM)
    assert response.content.decode().count("Markér som udført") == 2 * rows


def test_team_leader_sees_overdue_and_unassigned_tasks_of_everyone(client, users, today):
    overdue = TaskFactory(assignee=users[roles.YOUTH_SCHOOL], title="Forfalden hos kollega", due_date=today - days(1))
    TaskFactory(assignee=None, title="Ingen ansvarlig", due_date=today + days(5))
    TaskFactory(assignee=users[roles.YOUTH_SCHOOL], title="Ikke forfalden endnu", due_date=today)
    TaskFactory(
        assignee=users[roles.YOUTH_SCHOOL],
        title="Udført",
        due_date=today - days(3),
        status=TaskStatus.DONE,
        completed_at=timezone.now(),
    )
    client.force_login(users[roles.PROJECT_LEADER])

    content = client.get(TEAM).content.decode()

    assert "Forfalden hos kollega" in content and "Ingen ansvarlig" in content
    assert "Ikke forfalden endnu" not in content and ">Udført<" not in content
    assert "<td>ungdomsskole</td>" in content  # the assignee column
    # ...and may act on a colleague's task.
    response = client.post(reverse("opgaver:task_complete", args=[overdue.pk]), {"next": TEAM})
    assert response.status_code == 302 and response["Location"] == TEAM
    assert Task.objects.get(pk=overdue.pk).status == TaskStatus.DONE


def test_the_menu_count_comes_by_htmx_after_the_page(consultant_client, consultant, client, users, today):
    TaskFactory.create_batch(2, assignee=consultant)
    TaskFactory(assignee=consultant, snoozed_until=today + days(1))

    home = consultant_client.get("/").content.decode()
    count = consultant_client.get(reverse("opgaver:nav_count")).content.decode()

    assert 'hx-get="/opgaver/antal/" hx-trigger="load"' in home
    assert 'title="2 åbne opgaver">2</span>' in count
    assert 'hx-trigger="opgaver-changed from:body"' in count
    client.force_login(users[roles.FUNDER])
    assert "/opgaver/antal/" not in client.get("/").content.decode()


def test_mark_done(consultant_client, consultant):
    task = TaskFactory(assignee=consultant)

    response = consultant_client.post(reverse("opgaver:task_complete", args=[task.pk]), {"next": INBOX}, follow=True)

    assert "Opgaven er markeret som udført." in response.content.decode()
    task.refresh_from_db()
    assert (task.status, task.completed_by) == (TaskStatus.DONE, consultant)
    assert task.completed_at is not None


def test_mark_done_with_htmx_redraws_the_row_and_the_menu_count(consultant_client, consultant):
    task = TaskFactory(assignee=consultant)

    response = consultant_client.post(reverse("opgaver:task_complete", args=[task.pk]), {"next": INBOX}, **HTMX)

    content = response.content.decode()
    assert content.strip().startswith(f'<tr id="opgave-{task.pk}"')
    assert "Udført ✓" in content
    assert json.loads(response["HX-Trigger"]) == {"opgaver-changed": {}}
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE


def test_snooze(consultant_client, consultant, today):
    task = TaskFactory(assignee=consultant)

    response = consultant_client.post(
        reverse("opgaver:task_snooze", args=[task.pk]), {"until": (today + days(7)).isoformat()}, **HTMX
    )

    assert f"Udsat til {today + days(7):%d.%m.%Y}" in response.content.decode()
    assert Task.objects.get(pk=task.pk).snoozed_until == today + days(7)
    assert task not in services.Task.objects.current(today)


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ("today", "Vælg en dato efter i dag."),
        ("", "Dette felt er påkrævet."),
        ("31-02-2024", "Indtast en gyldig dato."),
    ],
)
def test_snooze_refuses_a_bad_date_and_changes_nothing(consultant_client, consultant, today, until, message):
    task = TaskFactory(assignee=consultant)
    value = today.isoformat() if until == "today" else until
    url = reverse("opgaver:task_snooze", args=[task.pk])

    htmx = consultant_client.post(url, {"until": value}, **HTMX)
    plain = consultant_client.post(url, {"until": value}, follow=True)

    assert f'role="alert">{message}</div>' in htmx.content.decode()
    assert "HX-Trigger" not in htmx
    assert message in plain.content.decode()
    assert Task.objects.get(pk=task.pk).snoozed_until is None


def test_reassign_to_a_colleague(consultant_client, consultant, users):
    task = TaskFactory(assignee=consultant)
    colleague = users[roles.YOUTH_SCHOOL]

    response = consultant_client.post(
        reverse("opgaver:task_reassign", args=[task.pk]), {"assignee": colleague.pk}, **HTMX
    )

    assert "Givet til ungdomsskole" in response.content.decode()
    assert Task.objects.get(pk=task.pk).assignee == colleague
    # It left my inbox: now it is not mine to change.
    again = consultant_client.post(reverse("opgaver:task_complete", args=[task.pk]))
    assert again.status_code == 404


def test_reassign_only_to_staff(consultant_client, consultant, users):
    task = TaskFactory(assignee=consultant)

    response = consultant_client.post(
        reverse("opgaver:task_reassign", args=[task.pk]), {"assignee": users[roles.FUNDER].pk}, follow=True
    )

    assert "Marker en gyldig valgmulighed." in response.content.decode()
    assert Task.objects.get(pk=task.pk).assignee == consultant


def test_next_never_leaves_the_site(consultant_client, consultant):
    task = TaskFactory(assignee=consultant)

    response = consultant_client.post(
        reverse("opgaver:task_complete", args=[task.pk]), {"next": "https://evil.example/"}
    )

    assert response["Location"] == INBOX


def test_create_a_task_by_hand(consultant_client, consultant, users, today):
    youth = YouthFactory()
    colleague = users[roles.YOUTH_SCHOOL]

    form = consultant_client.get(reverse("opgaver:task_create")).content.decode()
    response = consultant_client.post(
        reverse("opgaver:task_create"),
        {
            "title": "Aftal møde med forældrene",
            "due_date": (today + days(3)).isoformat(),
            "assignee": colleague.pk,
            "youth": youth.pk,
        },
    )

    assert f'<option value="{consultant.pk}" selected>' in form
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.title, task.assignee, task.youth, task.created_by, task.made_by_rule) == (
        "Aftal møde med forældrene",
        colleague,
        youth,
        consultant,
        False,
    )


def test_a_task_by_hand_needs_a_due_date_from_today(consultant_client, consultant, today):
    response = consultant_client.post(
        reverse("opgaver:task_create"),
        {"title": "For sent", "due_date": (today - days(1)).isoformat(), "assignee": consultant.pk},
    )

    assert response.status_code == 200
    assert "Fristen kan ikke ligge før i dag." in response.content.decode()
    assert Task.objects.count() == 0


def test_tasks_are_in_the_young_persons_audit_trail(consultant):
    youth = YouthFactory()

    task = services.task_create(
        title="Ring", due_date=timezone.localdate(), assignee=consultant, created_by=consultant, youth=youth
    )

    entry = trail_of(youth).get(content_type__model="task")
    assert (entry.object_id, entry.action) == (task.pk, LogEntry.Action.CREATE)


def test_my_failed_messages_are_in_my_inbox_until_dealt_with(
    consultant_client, consultant, users, django_capture_on_commit_callbacks
):
    failed = FailedDeliveryFactory(responsible=consultant, youth=YouthFactory(first_name="Ida"), to="ida@example.dk")
    someone_elses = FailedDeliveryFactory(responsible=users[roles.YOUTH_SCHOOL], to="andet@example.dk")

    content = consultant_client.get(INBOX).content.decode()
    assert "Beskeder, der ikke kunne sendes" in content
    assert "ida@example.dk" in content and "SMTPServerDisconnected" in content
    assert "andet@example.dk" not in content
    assert consultant_client.post(reverse("opgaver:delivery_retry", args=[someone_elses.pk])).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        response = consultant_client.post(
            reverse("opgaver:delivery_retry", args=[failed.pk]), {"next": INBOX}, follow=True
        )

    assert "Beskeden sendes igen." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT
    assert [m.to for m in mail.outbox] == [["ida@example.dk"]]
    assert "Beskeder, der ikke kunne sendes" not in response.content.decode()


def test_dismiss_a_failed_message(consultant_client, consultant):
    failed = FailedDeliveryFactory(responsible=consultant)

    response = consultant_client.post(reverse("opgaver:delivery_dismiss", args=[failed.pk]), follow=True)

    assert "Beskeden er fjernet fra listen over fejl." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.dismissed_at is not None) == (DeliveryStatus.FAILED, True)
    assert "Beskeder, der ikke kunne sendes" not in response.content.decode()


# --- the health page -------------------------------------------------------------------------


@pytest.fixture
def leader_client(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    return client


def test_health_page_shows_beat_worker_and_failed_sends(leader_client, users, settings):
    settings.CELERY_BROKER_URL = ""
    Heartbeat.objects.create(name="beat", last_seen=timezone.now())
    Heartbeat.objects.create(name="worker", last_seen=timezone.now() - datetime.timedelta(minutes=10))
    FailedDeliveryFactory(responsible=users[roles.JOBCENTER_CONSULTANT], to="karen@example.dk")

    content = leader_client.get(reverse("opgaver:health")).content.decode()

    assert "Ikke sat op" in content
    beat, worker = content.split('id="status-beat"', 1)[1], content.split('id="status-worker"', 1)[1]
    assert beat.split("</section>")[0].count(">OK<") == 1
    assert worker.split("</section>")[0].count(">Mangler<") == 1
    assert "karen@example.dk" in content and "<td>konsulent</td>" in content


def test_health_page_reports_an_unreachable_broker_quickly(leader_client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    started = timezone.now()
    content = leader_client.get(reverse("opgaver:health")).content.decode()

    assert "Svarer ikke" in content
    assert timezone.now() - started < datetime.timedelta(seconds=5)


@pytest.mark.redis
def test_health_page_reaches_redis(leader_client, settings):
    import os

    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]

    assert ">Svarer<" in leader_client.get(reverse("opgaver:health")).content.decode()


def test_admin_switches_rules_on_and_off(client, users):
    client.force_login(users[roles.ADMINISTRATOR])
    services.reminder_rules_sync(today=timezone.localdate())
    rule = ReminderRule.objects.get(key="sag_uden_journal")

    changelist = client.get(reverse("admin:opgaver_reminderrule_changelist")).content.decode()
    change = client.get(reverse("admin:opgaver_reminderrule_change", args=[rule.pk])).content.decode()

    assert "Sag uden journalnotat i 60 dage" in changelist and "Samtykke mangler eller er trukket tilbage" in changelist
    assert "når en aktiv sag ikke har fået et journalnotat i 60 dage" in change
    assert client.get(reverse("admin:opgaver_reminderrule_add")).status_code == 403


def test_seed_demo_fills_the_inboxes_once(db, settings, capsys):
    from django.core.management import call_command

    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-kode-2026"
    call_command("seed_demo", "--youth", "5", "--history", "0", "--seed", "1")
    call_command("seed_demo", "--youth", "5", "--history", "0", "--seed", "1")

    output = capsys.readouterr().out
    assert "Demodata: 6 opgaver i konsulentens og ungdomsskolens indbakker og én uden ansvarlig." in output
    assert "Demodata: opgaver findes allerede." in output
    assert sorted(Task.objects.values_list("assignee__username", flat=True), key=str) == sorted(
        ["konsulent"] * 3 + ["ungdomsskole"] * 2 + [None], key=str
    )


def test_the_inbox_shows_fifty_tasks_a_page_and_no_staff_list_in_the_rows(consultant_client, consultant, today):
    TaskFactory.create_batch(55, assignee=consultant, due_date=today)
    TaskFactory.create_batch(52, assignee=consultant, snoozed_until=today + days(2))

    first = consultant_client.get(INBOX).content.decode()
    second = consultant_client.get(INBOX, {"page": 2}).content.decode()
    snoozed_second = consultant_client.get(INBOX, {"udsatte": 2}).content.decode()

    # 50 open + 50 snoozed on the first page; the rest on the next pages of each list.
    assert first.count("Markér som udført") == 100
    assert "Side 1 af 2" in first
    assert second.count("Markér som udført") == 5 + 50
    assert snoozed_second.count("Markér som udført") == 50 + 2
    # "Giv videre" fetches the choice of colleague when asked for, not in every row.
    assert '<select name="assignee"' not in first
    assert first.count("/fordel/?next=") == 2 * 100  # href and hx-get of each row's button


def test_giv_videre_fetches_the_form_for_one_task(consultant_client, consultant, users):
    task = TaskFactory(assignee=consultant, title="Ring til den unge")
    url = reverse("opgaver:task_reassign", args=[task.pk])

    partial = consultant_client.get(url, {"next": INBOX}, headers={"HX-Request": "true"}).content.decode()
    page = consultant_client.get(url, {"next": INBOX}).content.decode()

    assert partial.startswith("\n<form") or partial.lstrip().startswith("<form")
    assert f'<option value="{users[roles.YOUTH_SCHOOL].pk}">' in partial
    assert "<html" in page and "Ring til den unge" in page
    response = consultant_client.post(url, {"assignee": users[roles.YOUTH_SCHOOL].pk, "next": INBOX})
    assert response.status_code == 302 and response["Location"] == INBOX
    assert Task.objects.get(pk=task.pk).assignee == users[roles.YOUTH_SCHOOL]


def test_giv_videre_for_another_consultants_task_is_404(client, users, consultant):
    task = TaskFactory(assignee=consultant)
    client.force_login(users[roles.YOUTH_SCHOOL])
    assert client.get(reverse("opgaver:task_reassign", args=[task.pk])).status_code == 404
