"""The KPI definitions page, and a KPI run end to end: import a file, run manage.py kpi, compare."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.kpis import KPIS, register, registered
from fritidsjob import roles

from .kpi_fakes import fake_kpi, register_test_kpis

CONTRACT_KEYS = [
    "gennemfoert_talentvaerksted",
    "fastholdt_6_maaneder",
    "virksomheder_vejledt",
    "foraeldre_med_sag_vejledt",
    "informeret_unge_og_foraeldre",
    "foraeldre_introduceret",
    "unge_i_job",
]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [roles.FUNDER, roles.JOBCENTER_CONSULTANT, roles.PROJECT_LEADER])
def test_staff_and_the_funder_read_the_same_definitions(client, users, role):
    client.force_login(users[role])

    content = client.get(reverse("rapporter:kpi_definitions")).content.decode()

    for kpi in registered():
        assert str(kpi.label) in content
        assert str(kpi.definition) in content
        assert f"<code>{kpi.key}</code>" in content
    assert "31.08.2023 plus seks måneder er 29.02.2024" in content
    assert "Det er ikke det samme som 0." in content


def test_the_apps_register_every_kpi_of_the_contract_in_its_order_with_a_danish_definition():
    assert [kpi.key for kpi in registered()] == CONTRACT_KEYS
    for kpi in registered():
        assert KPIS[kpi.key] is kpi
        assert str(kpi.label) and str(kpi.definition) and callable(kpi.counting)


def test_a_kpi_registered_elsewhere_shows_on_the_page_the_form_and_the_command(client, users, monkeypatch):
    monkeypatch.setitem(KPIS, "ny_kpi", fake_kpi("ny_kpi", lambda window: {"value": 4}, order=35))
    client.force_login(users[roles.PROJECT_LEADER])

    content = client.get(reverse("rapporter:kpi_definitions")).content.decode()
    out = StringIO()
    call_command("kpi", "--project", "sammen-om-fritidsjob", stdout=out)

    assert "Sådan tælles ny_kpi." in content
    assert content.index("<code>virksomheder_vejledt</code>") < content.index("<code>ny_kpi</code>")
    assert content.index("<code>ny_kpi</code>") < content.index("<code>foraeldre_med_sag_vejledt</code>")
    kpis = json.loads(out.getvalue())["kpis"]
    assert list(kpis)[3] == "ny_kpi"
    assert kpis["ny_kpi"] == {"value": 4, "target": None}


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


def test_register_adds_a_kpi_and_refuses_another_with_the_same_key():
    kpi = fake_kpi("ny_kpi", lambda window: {"value": 4})
    try:
        assert register(kpi) is kpi
        assert register(kpi) is kpi  # the same object again (a module imported twice) is no second KPI
        assert KPIS["ny_kpi"] is kpi
        with pytest.raises(ValueError, match="ny_kpi"):
            register(fake_kpi("ny_kpi", lambda window: {"value": 5}))
    finally:
        KPIS.pop("ny_kpi", None)


def test_the_kpi_engine_imports_first_in_a_fresh_process_and_imports_no_app():
    apps = ["fritidsjob", "talentvaerksted", "virksomheder", "mentorer", "foraeldre", "opgaver", "rapporter"]
    code = f"import sys, core.kpis; print(sorted(m for m in sys.modules if m.split('.')[0] in {apps!r}))"

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).parent.parent, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
