"""The KPI definitions page, and a KPI run end to end: import a file, run manage.py kpi, compare."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from fritidsjob import roles
from rapporter.kpi import KPI_KEYS
from rapporter.kpi_definitions import DEFINITIONS

from .kpi_fakes import register_test_kpis

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [roles.FUNDER, roles.JOBCENTER_CONSULTANT, roles.PROJECT_LEADER])
def test_staff_and_the_funder_read_the_same_definitions(client, users, role):
    client.force_login(users[role])

    content = client.get(reverse("rapporter:kpi_definitions")).content.decode()

    for key in KPI_KEYS:
        definition = DEFINITIONS[key]
        assert str(definition.label) in content
        assert f"<code>{key}</code>" in content
    assert "31.08.2023 plus seks måneder er 29.02.2024" in content
    assert "Det er ikke det samme som 0." in content


def test_every_kpi_of_the_contract_has_a_danish_definition():
    assert set(KPI_KEYS) <= set(DEFINITIONS)
    assert all(DEFINITIONS[key].definition for key in KPI_KEYS)


def test_import_then_kpi_command_counts_by_the_window(tmp_path, monkeypatch):
    register_test_kpis(monkeypatch)  # target-group youth registered in the window
    path = tmp_path / "unge.csv"
    path.write_text(
        "\r\n".join(
            [
                "ref;fornavn;efternavn;foedselsdato;maalgruppe;oprettet",
                "U1;A;A;2009-01-01;ja;2021-12-31",  # the day before the project: no
                "U2;B;B;2009-01-01;ja;2022-01-01",  # the project's first day: yes
                "U3;C;C;2009-01-01;ja;30-06-2023",  # the as-of date: yes
                "U4;D;D;2009-01-01;ja;2023-07-01",  # the day after: no
                "U5;E;E;2009-01-01;nej;2022-05-05",  # not in the target group: no
            ]
        ),
        encoding="utf-8",
    )
    call_command("importer", "unge", str(path), stdout=StringIO())
    out = StringIO()

    call_command("kpi", "--project", "sammen-om-fritidsjob", "--as-of", "2023-06-30", stdout=out)

    result = json.loads(out.getvalue())
    assert result["as_of"] == "2023-06-30"
    assert result["kpis"]["test_registreret"] == {"value": 2, "target": 100}
    assert result["kpis"]["gennemfoert_talentvaerksted"] == {"value": None, "target": 350}
