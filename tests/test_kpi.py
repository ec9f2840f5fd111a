import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.kpis import compute_kpis, kpi_keys
from fritidsjob.models import Industry
from rapporter.models import Project

pytestmark = pytest.mark.django_db

SLUG = "sammen-om-fritidsjob"


def run_kpi(*args: str) -> dict:
    out = StringIO()
    call_command("kpi", *args, stdout=out)
    return json.loads(out.getvalue())


def test_kpi_command_prints_the_contracts_shape():
    result = run_kpi("--project", SLUG, "--as-of", "2023-06-30", "--format", "json")

    # Every KPI is recorded; with no records they are 0, and per_branche lists every industry.
    per_branche = dict.fromkeys(Industry.objects.order_by("position", "name").values_list("name", flat=True), 0)
    assert result == {
        "project": SLUG,
        "as_of": "2023-06-30",
        "kpis": {
            "gennemfoert_talentvaerksted": {"value": 0, "target": 350},
            "fastholdt_6_maaneder": {"value": 0, "target": 280},
            "virksomheder_vejledt": {"value": 0, "target": 1000, "per_branche": per_branche, "brancher_daekket": 0},
            "foraeldre_med_sag_vejledt": {"value": 0, "target": 365},
            "informeret_unge_og_foraeldre": {"value": 0, "target": 6400},
            "foraeldre_introduceret": {"value": 0, "target": 1100},
            "unge_i_job": {"value": 0, "target": None},
        },
    }
    assert list(result["kpis"]) == kpi_keys()
    assert list(result["kpis"]["virksomheder_vejledt"]) == ["value", "target", "per_branche", "brancher_daekket"]


def test_kpi_command_prints_exactly_one_json_object():
    out = StringIO()
    call_command("kpi", "--project", SLUG, stdout=out)

    assert out.getvalue().count("\n") == 1
    assert isinstance(json.loads(out.getvalue()), dict)


def test_as_of_after_project_end_is_clamped():
    assert run_kpi("--project", SLUG, "--as-of", "2030-01-01")["as_of"] == "2024-12-31"


def test_default_as_of_is_the_project_end_once_the_project_is_over():
    # The seeded project ended 2024-12-31; this one ended ten days ago, whatever today is.
    today = timezone.localdate()
    ended = today - datetime.timedelta(days=10)
    Project.objects.create(slug="afsluttet", name="Afsluttet", start=ended - datetime.timedelta(days=400), end=ended)

    assert run_kpi("--project", SLUG)["as_of"] == "2024-12-31"
    assert run_kpi("--project", "afsluttet")["as_of"] == ended.isoformat()


def test_default_as_of_is_today_while_the_project_runs():
    today = timezone.localdate()
    Project.objects.create(
        slug="igang",
        name="I gang",
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=30),
        targets={"unge_i_job": 25},
    )

    result = run_kpi("--project", "igang")

    assert result["as_of"] == today.isoformat()
    # Each project carries its own targets; a KPI without one has target null.
    assert result["kpis"]["unge_i_job"] == {"value": 0, "target": 25}
    assert result["kpis"]["gennemfoert_talentvaerksted"] == {"value": 0, "target": None}


def test_compute_kpis_is_what_the_command_prints():
    project = Project.objects.get(slug=SLUG)

    printed = run_kpi("--project", SLUG, "--as-of", "2023-06-30")

    assert compute_kpis(project, as_of=datetime.date(2023, 6, 30)) == printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--project", "findes-ikke"], "Der findes ingen indsats med det korte navn 'findes-ikke'"),
        (["--project", SLUG, "--as-of", "31-12-2024"], "Ugyldig dato '31-12-2024' til --as-of"),
        (["--project", SLUG, "--as-of", "2024-02-30"], "Ugyldig dato '2024-02-30' til --as-of"),
        (["--project", SLUG, "--format", "csv"], "Ukendt format 'csv'"),
        ([], "Angiv indsatsen med --project"),
    ],
)
def test_kpi_command_refuses_bad_input_in_danish(args, message):
    out = StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("kpi", *args, stdout=out)

    assert str(excinfo.value).startswith(message)
    assert out.getvalue() == ""
