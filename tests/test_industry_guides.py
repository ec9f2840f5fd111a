"""Industry guides: sections the project leader writes, one PDF per industry, made again when the text changes."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core import industry_guides
from core.formatting import render_markdown
from fritidsjob import roles
from fritidsjob.models import Industry
from rapporter import services
from rapporter.models import GuideStatus, IndustryGuide
from virksomheder.young_workers import rules_markdown

from .factories_rapporter import IndustryFactory, IndustryGuideFactory

pytestmark = pytest.mark.django_db

SECTIONS = {
    "why_hire": "Unge er **nysgerrige** og friske.",
    "suitable_tasks": "- Opfyldning af varer\n- Flaskeretur",
    "practical_steps": "1. Ring til os\n2. Mød den unge",
    "contact": "Jobcentret, [fritidsjob@example.dk](mailto:fritidsjob@example.dk)",
}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def stored_text(guide: IndustryGuide) -> str:
    with guide.pdf.open("rb") as handle:
        return pdf_text(handle.read())


def flat(text: str) -> str:
    """The PDF's text on one line: the layout breaks lines where the text has none."""
    return " ".join(text.split())


@pytest.fixture
def retail():
    return Industry.objects.get(name="Detailhandel")


@pytest.fixture
def leader_client(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    return client


def test_the_project_leader_writes_a_guide_and_its_pdf_is_made(
    leader_client, retail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = leader_client.post(reverse("rapporter:guide_update", args=[retail.pk]), SECTIONS)

    assert response.status_code == 302
    guide = IndustryGuide.objects.get(industry=retail)
    assert (guide.pdf_status, guide.pdf_version, guide.is_current) == (GuideStatus.READY, 1, True)
    text = stored_text(guide)
    assert "Detailhandel" in text
    assert "Unge er nysgerrige og friske." in text
    assert "Opfyldning af varer" in text
    assert "fritidsjob@example.dk" in text
    # The local figures come from the companies app (none in the network, nobody in a job yet);
    # the rules come from the rules module.
    assert "ikke registreret" not in text
    assert "Regler for unge under 18 i branchen" in text
    assert "Højst 2 timer på skoledage og 7 timer på andre dage" in flat(text)
    assert "Arbejdsmiljøloven § 61, stk. 2" in flat(text)
    assert "Særligt for branchen" in text
    assert "servicestationer o.l. til kl. 22:00" in flat(text)


def test_changed_text_makes_a_new_version_and_unchanged_text_does_nothing(retail, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.industry_guide_save(industry=retail, data=SECTIONS)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.industry_guide_save(industry=retail, data=SECTIONS)
    assert callbacks == []

    with django_capture_on_commit_callbacks(execute=True):
        services.industry_guide_save(industry=retail, data={**SECTIONS, "why_hire": "Ny tekst om unge."})

    guide = IndustryGuide.objects.get(pk=first.pk)
    assert (guide.content_version, guide.pdf_version, guide.pdf_status) == (2, 2, GuideStatus.READY)
    assert "Ny tekst om unge." in stored_text(guide)


def test_a_pdf_of_an_outdated_version_is_not_stored(retail):
    guide = services.industry_guide_save(industry=retail, data=SECTIONS)  # no on-commit: the task has not run
    outdated = IndustryGuide.objects.get(pk=guide.pk)
    services.industry_guide_save(industry=retail, data={**SECTIONS, "why_hire": "Nyere"})

    services.industry_guide_generate(guide=outdated)  # the task of version 1 finishes late

    guide.refresh_from_db()
    assert (guide.content_version, guide.pdf_version, bool(guide.pdf)) == (2, None, False)


def test_markdown_is_sanitised():
    html = render_markdown('Hej <script>alert(1)</script> [link](javascript:alert(1)) <b onclick="x()">fed</b>')

    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert "<b>fed</b>" in html


def test_companies_open_the_guide_without_login(client):
    guide = IndustryGuideFactory()

    response = client.get(reverse("rapporter:guide_public", args=[guide.public_token]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert (
        client.get(reverse("rapporter:guide_public", args=["6f1c1b1e-0000-4000-8000-000000000000"])).status_code == 404
    )


def test_staff_download_and_regenerate(client, users, django_capture_on_commit_callbacks):
    guide = IndustryGuideFactory()
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    download = client.get(reverse("rapporter:guide_download", args=[guide.pk]))
    assert download.content == b"%PDF-1.4 fake guide"
    assert "Link til virksomheder" in client.get(reverse("rapporter:guide_list")).content.decode()

    client.force_login(users[roles.PROJECT_LEADER])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rapporter:guide_regenerate", args=[guide.pk]))

    guide.refresh_from_db()
    assert guide.pdf_status == GuideStatus.READY
    assert "Testbranche" in stored_text(guide)


def test_every_guide_carries_the_rules_of_its_industry_and_the_pages_no_longer_warn(client, users):
    client.force_login(users[roles.PROJECT_LEADER])

    content = client.get(reverse("rapporter:guide_list")).content.decode()
    form = client.get(reverse("rapporter:guide_update", args=[Industry.objects.get(name="Detailhandel").pk]))

    assert "kommer fra regelmodulet" not in content
    assert "kommer fra regelmodulet" not in form.content.decode()
    for industry in Industry.objects.all():
        assert industry.name in content
        assert industry_guides.young_worker_rules(industry) == rules_markdown(industry.young_worker_notes)
        assert "### Særligt for branchen" in industry_guides.young_worker_rules(industry)


def test_the_rules_section_follows_the_industry(retail, django_capture_on_commit_callbacks):
    hotels = Industry.objects.get(name="Hotel og restauration")
    with django_capture_on_commit_callbacks(execute=True):
        services.industry_guide_save(industry=hotels, data=SECTIONS)
        services.industry_guide_save(industry=retail, data=SECTIONS)

    hotel_text = flat(stored_text(IndustryGuide.objects.get(industry=hotels)))
    retail_text = flat(stored_text(IndustryGuide.objects.get(industry=retail)))
    assert "koncertsteder o.l. til kl. 24:00" in hotel_text
    assert "hvor der ikke serveres alkohol" in hotel_text
    assert "hvor der ikke serveres alkohol" not in retail_text
    assert "må ikke arbejde alene" in retail_text


HOTEL_NIGHT_EXCEPTION = (
    "må arbejde i hoteller, restauranter, grillbarer, teatre, biografer, koncertsteder o.l. til kl. 24:00"
)
CULTURAL_ACTIVITY_NOTE = "Børn under 13 år må kun medvirke i kulturelle og lignende aktiviteter"


@pytest.mark.parametrize(
    ("name", "hotel_hours", "cultural_note"),
    [
        ("Transport og logistik", False, False),  # "sport" is inside "transport": the name chose these once
        ("Hotel og restauration", True, False),
        ("Kultur, idræt og fritid", True, True),
    ],
)
def test_the_trade_notes_follow_the_industrys_field_not_its_name(name, hotel_hours, cultural_note):
    text = industry_guides.young_worker_rules(Industry.objects.get(name=name))

    assert (HOTEL_NIGHT_EXCEPTION in text) == hotel_hours
    assert (CULTURAL_ACTIVITY_NOTE in text) == cultural_note


def test_the_transport_guide_pdf_has_neither_the_hotel_hours_nor_the_cultural_note(django_capture_on_commit_callbacks):
    transport = Industry.objects.get(name="Transport og logistik")
    with django_capture_on_commit_callbacks(execute=True):
        services.industry_guide_save(industry=transport, data=SECTIONS)

    text = flat(stored_text(IndustryGuide.objects.get(industry=transport)))
    assert "ved omdeling af dagblade fra kl. 05:00" in text
    assert "koncertsteder" not in text.split("Særligt for branchen", 1)[1]
    assert "medvirke i kulturelle" not in text


def test_an_industry_without_trade_notes_gets_the_general_rules_only():
    industry = IndustryFactory(name="Transportsport")  # a name with both words changes nothing

    text = industry_guides.young_worker_rules(industry)

    assert "Højst 8 timer om dagen og 40 timer om ugen" in text
    assert "Særligt for branchen" not in text


@pytest.mark.parametrize("count", [1, 3])
def test_guide_list_query_count_is_constant(client, users, django_assert_num_queries, count):
    for _number in range(count):
        IndustryGuideFactory()
    client.force_login(users[roles.PROJECT_LEADER])

    # ... and two for the industries' local figures (core.industry_guides.industry_figures).
    with django_assert_num_queries(8):
        client.get(reverse("rapporter:guide_list"))


def test_without_declared_sources_the_guides_leave_the_figures_and_rules_out(leader_client, retail, monkeypatch):
    monkeypatch.setattr(industry_guides, "_sources", {})

    assert industry_guides.industry_figures([retail]) == {retail.pk: industry_guides.IndustryFigures()}
    assert industry_guides.young_worker_rules(retail) is None
    assert "ikke registreret" in leader_client.get(reverse("rapporter:guide_list")).content.decode()
