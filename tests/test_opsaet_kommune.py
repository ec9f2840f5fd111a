"""manage.py opsaet_kommune (issue 20): a second municipality's instance on an empty database, without Viborg."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core import personal_data
from core.municipality import municipality_name
from fritidsjob import roles
from fritidsjob.models import Industry, School
from rapporter.models import Project

from .factories import YouthFactory


@pytest.fixture
def school_file(tmp_path):
    path = tmp_path / "skoler.txt"
    path.write_text("# Silkeborgs folkeskoler\nBalleskolen\n\nSejs Skole\nVestre Skole\n", encoding="utf-8")
    return str(path)


def set_up(*args: str) -> str:
    out = StringIO()
    call_command("opsaet_kommune", *args, stdout=out)
    return out.getvalue()


def test_on_an_empty_database_it_gives_a_working_instance_without_viborg(db, school_file, client, users):
    assert municipality_name() == "Viborg Kommune"  # the demo's default before
    output = set_up(
        "--navn", "Silkeborg Kommune", "--skoler", school_file, "--start", "2027-01-01",
        "--maal", "virksomheder_vejledt=200", "--maal", "fastholdt_6_maaneder=50",
    )  # fmt: skip

    assert output.startswith("Silkeborg Kommune er sat op: 3 skoler, 8 brancher")
    assert list(School.objects.order_by("name").values_list("name", flat=True)) == [
        "Balleskolen",
        "Sejs Skole",
        "Vestre Skole",
    ]
    [project] = Project.objects.all()
    assert (project.name, project.slug, project.start, project.end) == (
        "Fritidsjob i Silkeborg Kommune",
        "fritidsjob-silkeborg-kommune",
        datetime.date(2027, 1, 1),
        datetime.date(2029, 12, 31),
    )
    assert project.targets == {"virksomheder_vejledt": 200, "fastholdt_6_maaneder": 50}
    assert municipality_name() == "Silkeborg Kommune"
    assert personal_data.organisation() == "Silkeborg Kommune"
    # Nothing in the database says Viborg any more.
    assert not School.objects.filter(name__icontains="viborg").exists()
    assert not Project.objects.filter(name__icontains="sammen om").exists()

    # The instance works: a consultant registers a young person at one of its schools.
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    form = client.get(reverse("fritidsjob:youth_create")).content.decode()
    assert "Balleskolen" in form and "Viborg" not in form
    statement = client.get(reverse("accessibility_statement")).content.decode()
    assert "Silkeborg Kommune" in statement and "Viborg" not in statement


def test_its_own_industries_replace_the_defaults(db, tmp_path):
    path = tmp_path / "brancher.txt"
    path.write_text("Turisme\nHandel\n", encoding="utf-8")

    set_up("--navn", "Læsø Kommune", "--brancher", str(path))

    assert list(Industry.objects.values_list("name", flat=True)) == ["Turisme", "Handel"]


def test_it_refuses_an_instance_with_cases(db):
    YouthFactory()

    with pytest.raises(CommandError, match="allerede unge"):
        set_up("--navn", "Silkeborg Kommune")
    assert municipality_name() == "Viborg Kommune"
    assert Project.objects.filter(slug="sammen-om-fritidsjob").exists()


def test_it_runs_once(db):
    set_up("--navn", "Silkeborg Kommune")

    with pytest.raises(CommandError, match="allerede sat op for Silkeborg Kommune"):
        set_up("--navn", "Aarhus Kommune")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--maal", "ukendt=3"], "Ukendt nøgletal 'ukendt'"),
        (["--maal", "virksomheder_vejledt=mange"], "skal være et helt tal"),
        (["--start", "1. januar"], "--start skal være en dato"),
        (["--start", "2027-01-01", "--slut", "2026-01-01"], "Slutdatoen må ikke ligge før startdatoen."),
        (["--skoler", "/findes/ikke.txt"], "Filen med skoler kan ikke læses"),
    ],
)
def test_bad_input_is_refused_in_danish_and_nothing_changes(db, args, message):
    with pytest.raises(CommandError, match=message):
        set_up("--navn", "Silkeborg Kommune", *args)

    assert municipality_name() == "Viborg Kommune"
    assert Project.objects.filter(slug="sammen-om-fritidsjob").exists()
