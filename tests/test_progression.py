"""Progression (issue 18): questionnaires, versioned statements, milestone rules, the link, the case panel."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from fritidsjob import roles
from fritidsjob.models import Youth, YouthStatus
from fritidsjob.progression import links, selectors, services
from fritidsjob.progression.models import Milestone, ProgressionResponse, Questionnaire, ResponseSource
from opgaver.models import Delivery, Task
from talentvaerksted.models import EnrollmentStatus

from .factories import YouthFactory
from .factories_talentvaerksted import EnrollmentFactory
from .factories_virksomheder import make_placement
from .test_opgaver_rules import at, rules  # noqa: F401  (the rules fixture)

D = datetime.date


@pytest.fixture
def progression_rules(rules):  # noqa: F811 (the rules fixture, imported above)
    from opgaver.models import ReminderRule

    ReminderRule.objects.filter(key__startswith="progression_").update(enabled=True)
    return rules


def questionnaire() -> Questionnaire:
    return Questionnaire.objects.current()


def answer(youth, milestone, value_of, *, on=None, source=ResponseSource.STAFF):
    q = questionnaire()
    values = {item.pk: value_of(item) for item in q.items.in_use()}
    return services.response_create(
        youth=youth, questionnaire=q, milestone=milestone, values=values, source=source, answered_on=on
    )


def run(day):
    from opgaver import services as opgaver_services

    result = opgaver_services.reminder_rules_run(now=at(day, 10))
    assert result.errors == {}
    return result


def came_in(record, day):
    """The record came into the system on `day` (an import sets created_at to the import's day)."""
    type(record).objects.filter(pk=record.pk).update(created_at=at(day, 9))
    record.refresh_from_db()
    return record


def progression_tasks():
    return sorted(
        Task.objects.filter(reminder__rule__key__startswith="progression").values_list(
            "reminder__rule__key", "youth_id", "due_date"
        )
    )


# --- item 1: the default questionnaire and versioning -------------------------------------------


def test_the_default_questionnaire_has_ten_statements_in_five_themes(db):
    q = questionnaire()
    items = list(q.items.in_use())
    assert len(items) == 10
    assert {item.theme for item in items} == {
        "tro_paa_egne_evner",
        "socialt_netvaerk",
        "trivsel",
        "arbejdsparathed",
        "ansvar_for_eget_liv",
    }
    assert "Jeg tror på, at jeg kan klare et job" in [item.text for item in items]


def test_an_answered_statement_is_never_edited_a_change_is_a_new_version(db):
    youth = YouthFactory()
    q = questionnaire()
    item = q.items.in_use().get(key="tro_paa_job")
    answer(youth, Milestone.START, lambda i: 2)
    unanswered = services.item_create(questionnaire=q, data={"theme": "trivsel", "text": "Jeg sover godt", "order": 99})

    new = services.item_change(
        item=item, data={"theme": item.theme, "text": "Jeg kan klare et job", "order": item.order}
    )

    assert new.pk != item.pk and new.key == item.key and new.version == 2
    item.refresh_from_db()
    assert item.retired_at is not None and item.text == "Jeg tror på, at jeg kan klare et job"
    old_answer = ProgressionResponse.objects.get(youth=youth).answers.get(item__key="tro_paa_job")
    assert old_answer.item.text == "Jeg tror på, at jeg kan klare et job"
    assert [i.text for i in q.items.in_use() if i.key == "tro_paa_job"] == ["Jeg kan klare et job"]
    # An unanswered statement is simply corrected, and retiring keeps its answers.
    same = services.item_change(item=unanswered, data={"text": "Jeg sover godt om natten"})
    assert same.pk == unanswered.pk and same.version == 1
    services.item_retire(item=new)
    assert not q.items.in_use().filter(key="tro_paa_job").exists()


def test_a_milestone_is_answered_once_and_every_statement_must_be_answered(db):
    youth = YouthFactory()
    q = questionnaire()
    with pytest.raises(ValidationError):
        services.response_create(youth=youth, questionnaire=q, milestone=Milestone.START, values={})
    answer(youth, Milestone.START, lambda i: 3)
    with pytest.raises(services.AlreadyAnswered):
        answer(youth, Milestone.START, lambda i: 4)
    assert ProgressionResponse.objects.filter(youth=youth).count() == 1


# --- item 2: the milestone rules on a controlled clock -------------------------------------------


@pytest.mark.usefixtures("progression_rules")
def test_each_milestone_is_asked_once_and_never_for_imported_history(db, settings):

    start = D(2026, 3, 2)
    freja = came_in(YouthFactory(first_name="Freja", phone="20304050", registered_on=start), start)
    # History: a case imported today with a course completed and a job started long ago.
    old = came_in(YouthFactory(first_name="Gamle", registered_on=D(2025, 1, 6)), start)
    old_course = EnrollmentFactory(youth=old, status=EnrollmentStatus.COMPLETED, completed_on=D(2026, 2, 20))
    came_in(old_course, start)
    old_job = make_placement(youth=old, start=D(2025, 11, 20), end=D(2026, 1, 31))
    came_in(old_job, start)

    run(start)
    run(start)  # twice on the same day: still once
    assert progression_tasks() == [("progression_start", freja.pk, start)]
    sms = Delivery.objects.get(reminder__rule__key="progression_start")
    assert sms.to == "20304050" and "Freja" in sms.body_text and "Testesen" not in sms.body_text
    assert "/unge/svar/" in sms.body_text

    completed = D(2026, 4, 16)
    enrollment = came_in(EnrollmentFactory(youth=freja, status=EnrollmentStatus.ENROLLED), D(2026, 3, 9))
    type(enrollment).objects.filter(pk=enrollment.pk).update(status=EnrollmentStatus.COMPLETED, completed_on=completed)
    run(completed)
    second = EnrollmentFactory(youth=freja, status=EnrollmentStatus.COMPLETED, completed_on=D(2026, 5, 1))
    came_in(second, D(2026, 3, 9))
    run(D(2026, 5, 1))  # a second course completed: the milestone was asked already

    job = make_placement(youth=freja, start=D(2026, 5, 4))
    came_in(job, D(2026, 5, 4))
    for day in (D(2026, 8, 3), D(2026, 8, 4), D(2026, 8, 5), D(2026, 11, 4)):
        run(day)
    assert progression_tasks() == [
        ("progression_forloeb_gennemfoert", freja.pk, completed),
        ("progression_job_3_maaneder", freja.pk, D(2026, 8, 4)),
        ("progression_job_6_maaneder", freja.pk, D(2026, 11, 4)),
        ("progression_start", freja.pk, start),
    ]
    assert second.pk  # (used above)

    # Closing the case: the last measurement, once.
    Youth.objects.filter(pk=freja.pk).update(status=YouthStatus.CLOSED, end_reason="Flyttet", closed_on=D(2026, 12, 1))
    run(D(2026, 12, 1))
    run(D(2026, 12, 2))
    assert [t for t in progression_tasks() if t[0] == "progression_sag_afsluttet"] == [
        ("progression_sag_afsluttet", freja.pk, D(2026, 12, 1))
    ]


@pytest.mark.usefixtures("progression_rules")
def test_a_milestone_answered_with_staff_before_the_run_is_not_asked_again(db):
    start = D(2026, 3, 2)
    youth = came_in(YouthFactory(registered_on=start), start)
    answer(youth, Milestone.START, lambda i: 3, on=start)
    run(start)
    assert progression_tasks() == []


# --- the link: one-time, expiring, first name only ------------------------------------------------


def test_the_link_shows_only_the_first_name_and_works_once(client, db):
    youth = YouthFactory(first_name="Freja", last_name="Frisk")
    q = questionnaire()
    url = links.url_for(youth_id=youth.pk, questionnaire_id=q.pk, milestone=Milestone.START)
    path = url.split("testserver")[-1] if "testserver" in url else "/" + url.split("/", 3)[3]

    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Freja" in text and "Frisk" not in text and str(youth.birth_date.year) not in text

    bad = client.post(path, {})
    assert bad.status_code == 400 and ProgressionResponse.objects.count() == 0
    data = {f"item_{item.pk}": "4" for item in q.items.in_use()}
    done = client.post(path, data)
    assert done.status_code == 200 and "Tak, Freja" in done.content.decode()
    response = ProgressionResponse.objects.get()
    assert response.source == ResponseSource.LINK and response.answers.count() == 10
    assert client.get(path).status_code == 404  # spent
    assert client.get("/unge/svar/forfalsket/").status_code == 404


def test_an_expired_link_is_refused(client, db, monkeypatch):
    youth = YouthFactory()
    q = questionnaire()
    token = links.token_for(youth_id=youth.pk, questionnaire_id=q.pk, milestone=Milestone.START)
    assert links.read(token) is not None
    import time

    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + (links.LINK_DAYS + 1) * 86400)
    assert links.read(token) is None


# --- item 3: the case panel ------------------------------------------------------------------------


def test_the_case_shows_the_answers_per_theme_as_a_chart_and_a_table(client, users):
    youth = YouthFactory()
    answer(youth, Milestone.START, lambda i: 2, on=D(2026, 3, 2))
    answer(youth, Milestone.JOB_3_MONTHS, lambda i: 4, on=D(2026, 8, 4))
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    page = client.get(reverse("fritidsjob:youth_detail", args=[youth.pk])).content.decode()
    assert 'class="progression-chart"' in page and "<polyline" in page
    assert page.count("<td>2,0</td>") == 5 and page.count("<td>4,0</td>") == 5

    response = ProgressionResponse.objects.filter(youth=youth).first()
    client.post(reverse("fritidsjob:progression_note", args=[response.pk]), {"note": "Stolt af jobbet"})
    response.refresh_from_db()
    assert response.note == "Stolt af jobbet"


def test_the_chart_means_per_theme(db):
    youth = YouthFactory()
    answer(youth, Milestone.START, lambda i: 1 if i.key == "tro_paa_job" else 2)
    chart = selectors.progression_chart(selectors.responses_for_youth(youth=youth))
    means = {line.theme: line.means for line in chart.lines}
    assert str(means["tro_paa_egne_evner"][0]) == "1.5"
    assert str(means["trivsel"][0]) == "2.0"


def test_staff_answer_with_the_young_person_on_a_tablet(client, users):
    youth = YouthFactory()
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    url = reverse("fritidsjob:progression_answer", args=[youth.pk])
    assert client.get(url).status_code == 200
    data = {f"item_{item.pk}": "5" for item in questionnaire().items.in_use()}
    client.post(url, {**data, "milestone": Milestone.START})
    assert ProgressionResponse.objects.get(youth=youth).recorded_by == users[roles.JOBCENTER_CONSULTANT]
    again = client.post(url, {**data, "milestone": Milestone.START})
    assert again.status_code == 400 and ProgressionResponse.objects.count() == 1
