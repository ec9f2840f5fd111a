"""Issue 19, item 5: "Udskriv sag" gives a PDF of the case page's sections, logged as an access."""

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from core.audit import trail_of
from fritidsjob import roles, services

from .factories import YouthFactory
from .factories_foraeldre import ParentFactory

pytestmark = pytest.mark.django_db


def test_the_printed_case_has_the_pages_sections_and_is_logged_as_an_access(consultant_client, consultant):
    youth = YouthFactory(first_name="Ida", last_name="Holm", phone="20304050")
    ParentFactory(first_name="Hanne", last_name="Holm", children=[youth])
    services.journal_entry_create(
        youth=youth, author=consultant, date=youth.registered_on, kind="samtale", text="Første samtale"
    )
    page = consultant_client.get(youth.get_absolute_url()).content.decode()
    assert reverse("fritidsjob:youth_print", args=[youth.pk]) in page and "Udskriv sag" in page
    before = trail_of(youth).filter(action=LogEntry.Action.ACCESS).count()

    response = consultant_client.get(reverse("fritidsjob:youth_print", args=[youth.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for section in ("Ida Holm", "Oplysninger", "20304050", "Forældre", "Hanne Holm", "Tidslinje", "Første samtale"):
        assert section in text, section
    assert "Rediger" not in text  # the page's buttons are not printed
    entries = trail_of(youth).filter(action=LogEntry.Action.ACCESS)
    assert entries.count() == before + 1
    assert entries.first().additional_data["page"] == reverse("fritidsjob:youth_print", args=[youth.pk])


def test_the_funder_cannot_print_a_case(client, users):
    client.force_login(users[roles.FUNDER])
    assert client.get(reverse("fritidsjob:youth_print", args=[YouthFactory().pk])).status_code == 403
