"""Hardened responses (issue 13 item 6): CSP, no inline script, no-store, Danish error pages, size limits."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from core.limits import LONG_TEXT_MAX_LENGTH
from fritidsjob.models import JournalEntry
from tests.factories import YouthFactory
from tests.matrix import ADMIN, ALL_ROLES, ANON, JC, collect

MATRIX = collect()
TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
# E-mails and PDFs are never shown by a browser under our CSP: their inline styles are theirs.
PAGE_TEMPLATES = [path for path in TEMPLATES if not {"email", "pdf"} & set(path.parts)]

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)


def _name(path: Path) -> str:
    return str(path.relative_to(settings.BASE_DIR))


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_no_template_has_an_inline_script_event_handler_or_javascript_url(path):
    text = path.read_text()
    assert INLINE_SCRIPT.findall(text) == []
    assert EVENT_HANDLER.findall(text) == []
    assert JAVASCRIPT_URL.findall(text) == []


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=_name)
def test_no_page_template_has_a_style_attribute(path):
    assert STYLE_ATTRIBUTE.findall(path.read_text()) == []


def test_the_scan_finds_what_it_looks_for():
    assert INLINE_SCRIPT.findall('<script>alert(1)</script><script src="/a.js"></script>') == ["<script>"]
    assert EVENT_HANDLER.findall('<select name="x" onchange="this.form.submit()">')
    assert not EVENT_HANDLER.findall('<select name="x" data-submit-on-change>')


@pytest.mark.django_db
def test_the_csp_header_is_on_pages_signed_in_or_not(client, users):
    for url in [reverse("login"), "/findes-ikke/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
    client.force_login(users[JC])
    policy = client.get(reverse("fritidsjob:youth_list"))["Content-Security-Policy"]
    assert policy.split("; ")[:3] == ["default-src 'self'", "script-src 'self'", "style-src 'self'"]


@pytest.mark.django_db
def test_htmx_injects_no_style_and_the_app_script_is_loaded(client, users):
    client.force_login(users[JC])
    html = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert 'src="/static/js/fritidsjob.js"' in html


def _role_that_sees(entry) -> str | None:
    for role in [ADMIN, *ALL_ROLES]:
        if role != ANON and entry.expected[role] == 200:
            return role
    return None


SEEN = sorted(name for name, entry in MATRIX.items() if _role_that_sees(entry))


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", SEEN)
def test_every_page_and_file_for_a_signed_in_user_is_no_store(users, url_name):
    entry = MATRIX[url_name]
    client = Client()
    client.force_login(users[_role_that_sees(entry)])
    url = reverse(url_name, args=entry.args() if entry.args else [])
    response = getattr(client, entry.method)(url, entry.data)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert "public" not in cache_control


@pytest.mark.django_db
def test_a_refusal_and_a_redirect_are_no_store_too(client, users):
    client.force_login(users[JC])
    assert "no-store" in client.get(reverse("rapporter:kpi_overview"))["Cache-Control"]  # 403 for JC
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]  # 302 home


@pytest.mark.django_db
def test_danish_404_and_403_pages(client, users):
    client.force_login(users[JC])
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()
    response = client.get(reverse("rapporter:kpi_overview"))
    assert response.status_code == 403
    assert "Ingen adgang" in response.content.decode()


@pytest.mark.django_db
def test_the_danish_500_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Der skete en fejl" in html
    assert '<html lang="da">' in html


@pytest.mark.django_db
def test_a_too_large_journal_note_gets_a_danish_400_page(users):
    youth = YouthFactory()
    client = Client(raise_request_exception=False)
    client.force_login(users[JC])
    text = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        reverse("fritidsjob:journal_create", args=[youth.pk]), {"date": "2025-01-02", "kind": "samtale", "text": text}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "For meget på én gang" in html
    assert "teksten står normalt stadig i feltet" in html
    assert JournalEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_bad_request_of_another_kind_is_danish_too(users, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = Client(raise_request_exception=False).get("/", headers={"host": "ondsindet.example"})
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke læses" in response.content.decode()


@pytest.mark.django_db
def test_the_journal_form_shows_its_limit_and_the_browser_keeps_to_it(client, users):
    youth = YouthFactory()
    client.force_login(users[JC])
    html = client.get(reverse("fritidsjob:youth_detail", args=[youth.pk])).content.decode()
    assert f'maxlength="{LONG_TEXT_MAX_LENGTH}"' in html
    assert "Højst 10.000 tegn." in html
    assert 'min="2000-01-01"' in html


def _post_note(client, youth, **data):
    return client.post(
        reverse("fritidsjob:journal_create", args=[youth.pk]),
        {"date": "2025-01-02", "kind": "samtale", "text": "Hej"} | data,
    )


@pytest.mark.django_db
def test_a_note_over_the_limit_is_refused_with_the_limit(client, users):
    youth = YouthFactory()
    client.force_login(users[JC])
    response = _post_note(client, youth, text="x" * (LONG_TEXT_MAX_LENGTH + 1))
    assert response.status_code == 200
    assert "Denne værdi må højst have 10000 tegn (den har 10001)." in response.content.decode()
    assert JournalEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_note_cannot_be_dated_before_the_birth_or_before_2000(client, users):
    youth = YouthFactory(birth_date=datetime.date(2010, 5, 1))
    client.force_login(users[JC])
    response = _post_note(client, youth, date="2010-04-30")
    assert response.status_code == 200
    assert "før den unges fødselsdato" in response.content.decode()
    response = _post_note(client, youth, date="1999-12-31")
    assert "før 01.01.2000" in response.content.decode()
    response = _post_note(client, youth, date="0001-01-01")
    assert response.status_code == 200
    assert JournalEntry.objects.count() == 0
    assert _post_note(client, youth, date="2010-05-01").status_code == 302
    assert JournalEntry.objects.count() == 1
