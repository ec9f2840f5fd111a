"""Projects, their targets with history, and deliverables (leverancer)."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.kpis import KPIS
from fritidsjob import roles
from rapporter.models import Deliverable, DeliverableKind, DeliverableStatus, Project, ProjectChange

from .factories_rapporter import DeliverableFactory, ProjectFactory, seeded_project
from .kpi_fakes import fake_kpi

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def leader(users):
    return users[roles.PROJECT_LEADER]


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


def project_form(project: Project | None = None, **changes) -> dict:
    """The form's data for `project` (or a new one), with changes; target_<key> for each target."""
    data = {
        "name": "Sammen om fritidsjob 2025-2027",
        "slug": "sammen-om-fritidsjob-2025",
        "funder": "Den A.P. Møllerske Støttefond",
        "start": "2025-01-01",
        "end": "2027-12-31",
        "caseload_norm": "25",
        "small_number_limit": "3",
        "report_recipients": "",
    }
    if project:
        data.update(
            name=project.name,
            funder=project.funder,
            start=project.start.isoformat(),
            end=project.end.isoformat(),
            caseload_norm=str(project.caseload_norm),
            small_number_limit=str(project.small_number_limit),
            report_recipients=project.report_recipients,
        )
        data.pop("slug")
        data.update({f"target_{key}": "" if value is None else str(value) for key, value in project.targets.items()})
    data.update(changes)
    return data


def test_the_project_leader_adds_a_next_funding_period_with_targets(leader_client):
    response = leader_client.post(
        reverse("rapporter:project_create"),
        project_form(target_gennemfoert_talentvaerksted="400", target_unge_i_job=""),
    )

    project = Project.objects.get(slug="sammen-om-fritidsjob-2025")
    assert response.status_code == 302
    assert project.targets == {"gennemfoert_talentvaerksted": 400}
    out = StringIO()
    call_command("kpi", "--project", project.slug, "--as-of", "2026-01-01", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["kpis"]["gennemfoert_talentvaerksted"]["target"] == 400
    assert printed["kpis"]["fastholdt_6_maaneder"]["target"] is None


def test_changing_targets_and_period_keeps_a_visible_history(leader_client, leader):
    project = seeded_project()
    data = project_form(
        project,
        end="2025-06-30",
        target_gennemfoert_talentvaerksted="375",
        target_unge_i_job="150",
        note="Aftalt med fonden 12.03.2024",
    )

    leader_client.post(reverse("rapporter:project_update", args=[project.slug]), data)

    project.refresh_from_db()
    assert project.end == D(2025, 6, 30)
    assert project.targets["gennemfoert_talentvaerksted"] == 375
    assert project.targets["unge_i_job"] == 150
    changes = {change.what: (change.old_value, change.new_value) for change in ProjectChange.objects.all()}
    assert changes == {
        "end": ("2024-12-31", "2025-06-30"),
        "gennemfoert_talentvaerksted": ("350", "375"),
        "unge_i_job": ("", "150"),
    }
    assert {change.changed_by for change in ProjectChange.objects.all()} == {leader}
    page = leader_client.get(reverse("rapporter:project_detail", args=[project.slug])).content.decode()
    assert "Aftalt med fonden 12.03.2024" in page
    assert "31.12.2024" in page and "30.06.2025" in page
    assert "Unge i målgruppen, der har gennemført et Talentværksted-forløb" in page


def test_saving_without_changes_writes_no_history(leader_client):
    project = seeded_project()

    leader_client.post(reverse("rapporter:project_update", args=[project.slug]), project_form(project))

    assert ProjectChange.objects.count() == 0


def test_removing_a_target_is_recorded(leader_client):
    project = seeded_project()

    leader_client.post(
        reverse("rapporter:project_update", args=[project.slug]),
        project_form(project, target_foraeldre_introduceret=""),
    )

    project.refresh_from_db()
    assert "foraeldre_introduceret" not in project.targets
    assert ProjectChange.objects.get().old_value == "1100"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end": "2021-12-31"}, "Slutdatoen må ikke ligge før startdatoen."),
        ({"report_recipients": "fond@example.dk\nikke-en-adresse"}, "Ugyldig e-mailadresse: ikke-en-adresse"),
        ({"target_virksomheder_vejledt": "-5"}, "Denne værdi skal være større end eller lig 0."),
        ({"small_number_limit": "1"}, "Denne værdi skal være større end eller lig 2."),
    ],
)
def test_bad_input_is_explained_and_nothing_changes(leader_client, changes, message):
    project = seeded_project()

    response = leader_client.post(
        reverse("rapporter:project_update", args=[project.slug]), project_form(project, **changes)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    project.refresh_from_db()
    assert (project.end, project.report_recipients, project.targets["virksomheder_vejledt"]) == (
        D(2024, 12, 31),
        "",
        1000,
    )
    assert ProjectChange.objects.count() == 0


def test_recipients_are_stored_one_per_line(leader_client):
    project = seeded_project()

    leader_client.post(
        reverse("rapporter:project_update", args=[project.slug]),
        project_form(project, report_recipients="fond@example.dk, leder@example.dk"),
    )

    project.refresh_from_db()
    assert project.recipient_list == ["fond@example.dk", "leder@example.dk"]
    assert project.report_recipients == "fond@example.dk\nleder@example.dk"


def test_the_target_form_has_a_field_for_every_registered_kpi(leader_client, monkeypatch):
    monkeypatch.setitem(KPIS, "ny_kpi", fake_kpi("ny_kpi", lambda window: {"value": None}))

    content = leader_client.get(reverse("rapporter:project_update", args=[seeded_project().slug])).content.decode()

    for key in KPIS:
        assert f'name="target_{key}"' in content


def test_the_contracts_deliverables_are_seeded():
    deliverables = Deliverable.objects.filter(project=seeded_project())
    kinds = [item.kind for item in deliverables]

    assert kinds.count(DeliverableKind.INDUSTRY_GUIDE) == 8
    assert kinds.count(DeliverableKind.INSPIRATION_TALK) == 4
    for kind in (
        DeliverableKind.PARENTS_GUIDE,
        DeliverableKind.WEBINAR_MUNICIPALITIES,
        DeliverableKind.WEBINAR_COMPANIES,
        DeliverableKind.INSPIRATION_CATALOGUE,
        DeliverableKind.CASE_VIDEO,
        DeliverableKind.INSPIRATION_VIDEO,
    ):
        assert kinds.count(kind) == 1
    assert {item.status for item in deliverables} == {DeliverableStatus.PLANNED}


def test_deliverable_create_update_and_delete(leader_client):
    project = seeded_project()
    create = reverse("rapporter:deliverable_create", args=[project.slug])

    leader_client.post(
        create, {"kind": "casevideo", "title": "Casevideo: Emma i Netto", "status": "planlagt", "position": "30"}
    )
    video = Deliverable.objects.get(title="Casevideo: Emma i Netto")
    leader_client.post(
        reverse("rapporter:deliverable_update", args=[video.pk]),
        {
            "kind": "casevideo",
            "title": video.title,
            "status": "leveret",
            "delivered_on": "2024-05-01",
            "position": "30",
        },
    )
    video.refresh_from_db()
    assert (video.status, video.delivered_on) == (DeliverableStatus.DELIVERED, D(2024, 5, 1))

    leader_client.post(reverse("rapporter:deliverable_delete", args=[video.pk]))

    assert not Deliverable.objects.filter(pk=video.pk).exists()


def test_a_delivered_deliverable_needs_its_date(leader_client):
    video = DeliverableFactory(project=seeded_project(), title="Video")

    response = leader_client.post(
        reverse("rapporter:deliverable_update", args=[video.pk]),
        {"kind": "casevideo", "title": "Video", "status": "leveret", "delivered_on": "", "position": "0"},
    )

    assert "Skriv datoen, leverancen blev leveret." in response.content.decode()
    video.refresh_from_db()
    assert video.status == DeliverableStatus.PLANNED


@pytest.mark.parametrize("count", [1, 3])
def test_project_pages_query_count_is_constant(leader_client, django_assert_num_queries, count):
    project = seeded_project()
    for number in range(count):
        ProjectFactory()
        DeliverableFactory(project=project)
        ProjectChange.objects.create(project=project, what="name", old_value=f"x{number}", new_value="y")

    with django_assert_num_queries(7):  # with the paginator's count
        leader_client.get(reverse("rapporter:project_list"))
    with django_assert_num_queries(8):
        leader_client.get(reverse("rapporter:project_detail", args=[project.slug]))
