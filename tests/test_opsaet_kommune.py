"""manage.py opsaet_kommune (issue 20): a second municipality's instance on an empty database, without Viborg."""

import ast
import datetime
import struct
import zlib
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache.backends.base import BaseCache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models import CharField, TextField
from django.template.loader import render_to_string
from django.urls import reverse

from core import context_processors, municipality, personal_data
from core.models import Municipality
from core.municipality import municipality_name
from fritidsjob import roles
from fritidsjob.models import Industry, School, Youth
from rapporter.models import Project
from rapporter.pdf import logo_context

from .factories import YouthFactory


@pytest.fixture
def school_file(tmp_path):
    path = tmp_path / "skoler.txt"
    path.write_text("# Silkeborgs folkeskoler\nBalleskolen\n\nSejs Skole\nVestre Skole\n", encoding="utf-8")
    return str(path)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\x00\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png()
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#063"/></svg>'


@pytest.fixture
def logo_file(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(PNG)
    return str(path)


def set_up(*args: str) -> str:
    out = StringIO()
    call_command("opsaet_kommune", *args, stdout=out)
    return out.getvalue()


def test_on_an_empty_database_it_gives_a_working_instance_without_viborg(db, school_file, logo_file, client, users):
    assert municipality_name() == "Viborg Kommune"  # the demo's default before
    assert "fritidsjob.School.name: 1" in rows_saying_viborg()  # the migrations' demo schools
    output = set_up(
        "--navn", "Silkeborg Kommune", "--skoler", school_file, "--start", "2027-01-01",
        "--maal", "virksomheder_vejledt=200", "--maal", "fastholdt_6_maaneder=50", "--logo", logo_file,
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
    assert rows_saying_viborg() == []

    # The instance works: a consultant registers a young person at one of its schools.
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    form = client.get(reverse("fritidsjob:youth_create")).content.decode()
    assert "Balleskolen" in form and "Viborg" not in form
    assert 'alt="Silkeborg Kommune" class="navbar-logo' in form  # the logo in the header
    statement = client.get(reverse("accessibility_statement")).content.decode()
    assert "Silkeborg Kommune" in statement and "Viborg" not in statement


def rows_saying_viborg() -> list[str]:
    """Every text column of every table, searched for Viborg."""
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, CharField | TextField):
                count = model._default_manager.filter(**{f"{field.attname}__icontains": "viborg"}).count()
                if count:
                    found.append(f"{model._meta.label}.{field.name}: {count}")
    return found


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


# A 2x1 PNG (red, blue) and a small SVG: the logos the tests set up.
def test_the_logo_is_stored_and_shown_in_the_header_with_the_name_as_alt_text(db, school_file, logo_file, client):
    home = client.get(reverse("login")).content.decode()
    assert "navbar-logo" not in home  # without a logo: today's header

    output = set_up("--navn", "Silkeborg Kommune", "--skoler", school_file, "--logo", logo_file)

    assert output.rstrip().endswith("med logo.")
    row = Municipality.objects.get()
    assert row.logo.name.startswith("kommune/logo") and row.logo.name.endswith(".png")
    assert default_storage.exists(row.logo.name)
    page = client.get(reverse("login")).content.decode()
    assert f'<img src="{reverse("municipality_logo")}" alt="Silkeborg Kommune" class="navbar-logo me-2">' in page
    logo = client.get(reverse("municipality_logo"))
    assert (logo.status_code, logo["Content-Type"], logo.content) == (200, "image/png", PNG)
    assert "Viborg" not in page


def test_an_svg_logo_is_served_as_svg(db, tmp_path, client):
    path = tmp_path / "logo.svg"
    path.write_text(SVG, encoding="utf-8")

    set_up("--navn", "Læsø Kommune", "--logo", str(path))

    logo = client.get(reverse("municipality_logo"))
    assert (logo.status_code, logo["Content-Type"]) == (200, "image/svg+xml")
    assert "default-src 'none'" in logo["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.gif", b"GIF89a", "PNG- eller SVG-fil"),
        ("logo.png", b"<svg/>", "ikke et PNG-billede"),
        ("logo.png", PNG[:30], "PNG-billedet kan ikke læses"),
        ("logo.svg", b"<html></html>", "ikke en SVG-tegning"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "onload"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://x.invalid/a.png"/></svg>',
            "udefra",
        ),
        ("logo.svg", b'<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
        ("logo.svg", b"<svg", "kan ikke læses"),
        ("logo.png", b"", "tom"),
    ],
)
def test_a_bad_logo_is_refused_in_danish_and_nothing_changes(db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    stored_before = stored_logos()

    with pytest.raises(CommandError, match=message):
        set_up("--navn", "Silkeborg Kommune", "--logo", str(path))

    assert municipality_name() == "Viborg Kommune"
    assert stored_logos() == stored_before


def stored_logos() -> list[str]:
    return sorted(default_storage.listdir("kommune")[1]) if default_storage.exists("kommune") else []


def test_the_funder_pdf_shows_the_logo(db, logo_file):
    set_up("--navn", "Silkeborg Kommune", "--logo", logo_file)

    context = logo_context()

    assert context["municipality_logo"].startswith("data:image/png;base64,")
    assert context["municipality_logo_alt"] == "Silkeborg Kommune"
    html = render_to_string("rapporter/pdf/industry_guide.html", {**context, "industry": Industry.objects.first()})
    assert f'<img src="{context["municipality_logo"]}" alt="Silkeborg Kommune">' in html


def test_without_a_logo_the_pdfs_have_none(db):
    assert logo_context() == {"municipality_logo": "", "municipality_logo_alt": ""}


def test_seed_demo_refuses_after_opsaet_kommune(db, settings):
    settings.DEBUG = True
    set_up("--navn", "Silkeborg Kommune")

    with pytest.raises(CommandError, match="sat op for Silkeborg Kommune med opsaet_kommune"):
        call_command("seed_demo", "--youth", "1", "--history", "0")

    assert not Youth.objects.exists()
    assert not School.objects.filter(name__icontains="viborg").exists()


APPS = ["core", "fritidsjob", "opgaver", "rapporter", "talentvaerksted", "virksomheder", "mentorer", "foraeldre"]
ROOT = Path(__file__).resolve().parent.parent
# Viborg on purpose: the demo loader, and the setting's default for an instance not set up.
VIBORG_ALLOWED = {"fritidsjob/settings.py", "fritidsjob/management/commands/seed_demo.py"}


def _texts(tree: ast.AST) -> list[str]:
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_no_text_outside_the_demo_says_viborg():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" in name or path.name == "demo.py" or name in VIBORG_ALLOWED:
                continue
            found += [
                f"{name}: {text}" for text in _texts(ast.parse(path.read_text(encoding="utf-8"))) if "Viborg" in text
            ]
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if "Viborg" in path.read_text(encoding="utf-8"):
            found.append(path.relative_to(ROOT).as_posix())
    assert found == []


class BrokenCache(BaseCache):
    """A cache whose server is down: every call fails, as RedisCache's do then."""

    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        raise ConnectionError("the cache is down")

    def set(self, key, value, timeout=None, version=None):
        raise ConnectionError("the cache is down")


def test_the_header_works_when_the_cache_is_down(db, settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "tests.test_opsaet_kommune.BrokenCache"}}

    assert municipality.header() == municipality.NOT_SET_UP
    assert context_processors.municipality(None) == {"municipality_logo_alt": ""}
