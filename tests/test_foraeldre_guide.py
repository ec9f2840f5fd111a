"""The parents' guide: edited by the project leader in Markdown, sanitised, in more languages, printed as a PDF."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from foraeldre import guide, services
from foraeldre.models import GuideEdition, GuideLanguage, GuideSection, GuideSectionText
from fritidsjob import roles
from tests.factories_foraeldre import make_guide

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.fixture
def leader_client(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    return client


def test_markdown_is_rendered_and_sanitised():
    html = guide.render_markdown(
        "## Løn\n\n**Fed** og [link](https://example.dk) <script>alert(1)</script> [slem](javascript:alert(1))\n\n- en\n- to"
    )
    assert "<h2>Løn</h2>" in html
    assert "<strong>Fed</strong>" in html
    assert '<a href="https://example.dk" rel="noopener noreferrer">link</a>' in html
    assert "<li>en</li>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_danish_edition_exists_after_migrate():
    assert GuideEdition.objects.get(language=GuideLanguage.DANISH).title == "Fritidsjobguide til forældre"


def test_project_leader_writes_a_section_in_danish(leader_client, users):
    response = leader_client.post(
        reverse("foraeldre:guide_section_create"),
        {"title": "Løn og skat", "body": "Dit barn får **løn**.", "position": ""},
    )
    assert response["Location"] == reverse("foraeldre:guide")
    text = GuideSectionText.objects.get()
    assert (text.language, text.title, text.updated_by) == ("da", "Løn og skat", users[roles.PROJECT_LEADER])
    page = leader_client.get(reverse("foraeldre:guide")).content.decode()
    assert "1. Løn og skat" in page
    assert "<strong>løn</strong>" in page


def test_a_section_without_a_title_is_refused(leader_client):
    response = leader_client.post(reverse("foraeldre:guide_section_create"), {"title": "", "body": "Tekst"})
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert GuideSection.objects.count() == 0


def test_translate_a_section_once_the_language_has_an_edition(leader_client):
    section = make_guide(1)[0]
    url = reverse("foraeldre:guide_section_text", args=[section.pk, "en"])
    assert leader_client.get(url).status_code == 404  # no English edition yet

    response = leader_client.post(
        reverse("foraeldre:guide_edition_create"), {"language": "en", "title": "Guide for parents", "introduction": ""}
    )
    assert response["Location"] == f"{reverse('foraeldre:guide')}?sprog=en"
    form_page = leader_client.get(url).content.decode()
    assert "Afsnit nummer 1" in form_page  # the Danish text to translate from

    leader_client.post(url, {"title": "Section one", "body": "Text."})
    assert GuideSectionText.objects.get(language="en").title == "Section one"
    assert guide.downloadable_languages() == ["da", "en"]


def test_a_language_is_downloadable_only_when_every_section_is_translated(leader_client):
    first, second = make_guide(2)
    services.guide_edition_save(language=GuideLanguage.ARABIC, title="دليل الآباء")
    services.guide_section_text_save(section=first, language="ar", title="القسم الأول", body="نص.", by=None)

    statuses = {status.edition.language: status for status in guide.edition_statuses()}
    assert (statuses["ar"].translated, statuses["ar"].missing, statuses["ar"].is_complete) == (1, 1, False)
    assert guide.downloadable_languages() == ["da"]
    assert leader_client.get(reverse("foraeldre:guide_pdf", args=["ar"])).status_code == 404
    page = leader_client.get(reverse("foraeldre:guide"), {"sprog": "ar"}).content.decode()
    assert 'dir="rtl"' in page
    assert "mangler 1 afsnit" in page

    services.guide_section_text_save(section=second, language="ar", title="القسم الثاني", body="نص.", by=None)
    assert guide.downloadable_languages() == ["da", "ar"]


def test_danish_pdf_has_the_title_contents_and_every_section(client, users):
    make_guide(2)
    client.force_login(users[roles.YOUTH_SCHOOL])

    response = client.get(reverse("foraeldre:guide_pdf", args=["da"]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="fritidsjobguide-da.pdf"'
    text = pdf_text(response.content)
    assert "Fritidsjobguide til forældre" in text
    assert "1. Afsnit nummer 1" in text
    assert "Tekst til afsnit 2." in text


def test_english_pdf_is_the_same_guide_translated(client, users):
    make_guide(2, english=True)
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    text = pdf_text(client.get(reverse("foraeldre:guide_pdf", args=["en"])).content)
    assert "Guide for parents" in text
    assert "Section 2" in text
    assert "Afsnit nummer" not in text


def test_ordering_and_deleting_sections(leader_client):
    first, second = make_guide(2)
    leader_client.post(
        reverse("foraeldre:guide_section_text", args=[first.pk, "da"]),
        {"title": "Nu sidst", "body": "x", "position": 9},
    )
    assert [t.title for t in guide.rendered_sections("da")] == ["Afsnit nummer 2", "Nu sidst"]

    response = leader_client.post(reverse("foraeldre:guide_section_delete", args=[second.pk]))
    assert response["Location"] == reverse("foraeldre:guide")
    assert list(GuideSection.objects.all()) == [first]


def test_staff_read_the_guide_but_do_not_edit_it(client, users):
    make_guide(1)
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    page = client.get(reverse("foraeldre:guide")).content.decode()
    assert "Afsnit nummer 1" in page
    assert reverse("foraeldre:guide_section_create") not in page
    response = client.post(reverse("foraeldre:guide_section_create"), {"title": "Nyt", "body": "x"})
    assert response.status_code == 403
    assert GuideSection.objects.count() == 1
