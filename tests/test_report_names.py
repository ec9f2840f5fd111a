"""No names in the funder's report (issue 14): the narrative texts are checked against the names of the young
people and parents before the PDF is made; a match blocks the report with a Danish message naming the words."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from foraeldre.models import Parent
from fritidsjob import roles
from rapporter import name_check, services
from rapporter.models import FundReport, ReportStatus, ReportText

from .factories import YouthFactory
from .factories_rapporter import seeded_project

pytestmark = pytest.mark.django_db

D = datetime.date
EMPTY = dict.fromkeys(ReportText.SECTIONS, "")


@pytest.fixture
def people():
    YouthFactory(first_name="Sofie", last_name="Frisk")
    YouthFactory(first_name="Anna Sofie", last_name="Holm Jensen")
    YouthFactory(first_name="Zelmira", last_name="Quistgaard")
    Parent.objects.create(first_name="Ottilie", last_name="Vindelbo")
    # "Mads" is carried by four: a common name here, not flagged alone.
    for last_name in ("Nielsen", "Hansen", "Larsen", "Berg"):
        YouthFactory(first_name="Mads", last_name=last_name)
    # Hans, a name that is also the Danish word "his".
    YouthFactory(first_name="Hans", last_name="Bager")


def found(text: str) -> list[str]:
    return name_check.names_in(text, name_check.name_index())


def test_a_full_name_is_found_whatever_the_case(people):
    assert found("Vi har hjulpet sofie FRISK med at få job.") == ["sofie FRISK"]


def test_any_first_name_with_any_last_name_of_the_same_person(people):
    assert found("Anna Holm og Sofie Jensen var med.") == ["Anna Holm", "Sofie Jensen"]
    assert found("**Mads** Hansen fik job.") == ["Mads Hansen"]  # Markdown between the names


def test_an_unusual_first_name_alone_is_found_a_common_one_is_not(people):
    assert found("Zelmira og Ottilie var glade. Mads var også med.") == ["Zelmira", "Ottilie"]


def test_a_name_that_is_an_ordinary_word_is_not_taken_alone(people):
    assert found("Hun fortalte om hans første arbejdsdag.") == []
    assert found("Hans Bager fik job.") == ["Hans Bager"]


def test_names_of_other_people_and_plain_text_pass(people):
    assert found("Vi har 12 unge i job i detailhandlen, og Viborg Kommune er glad.") == []


def test_the_definition_of_unusual():
    index = name_check.name_index([("Ea", "Lund"), ("Ingolf", "Lund"), *[("Emma", "X")] * 4, ("Bo", "Y")])
    # Short names are never taken alone; Emma has four carriers; "bo" is a Danish word.
    assert index.alone == {"ingolf"}
    assert ("ea", "lund") in index.full


def test_the_check_names_each_section_and_the_words(people):
    texts = {**EMPTY, "summary": "Sofie Frisk fik job.", "challenges": "Zelmira mistede sit job."}
    with pytest.raises(ValidationError) as error:
        name_check.report_texts_check(texts)
    assert error.value.message_dict == {
        "summary": ["Teksten nævner navne på unge eller forældre: »Sofie Frisk«. Fjern dem, før rapporten laves."],
        "challenges": ["Teksten nævner navne på unge eller forældre: »Zelmira«. Fjern dem, før rapporten laves."],
    }


def test_ordering_a_report_with_a_name_is_refused_and_nothing_is_made(client, users, people):
    project = seeded_project()
    client.force_login(users[roles.PROJECT_LEADER])
    url = reverse("rapporter:report_create", args=[project.slug])
    data = {"as_of": "", "summary": "I år fik Sofie Frisk sit første job.", "progress": "", "challenges": ""}

    response = client.post(url, {**data, "next_steps": ""})

    assert response.status_code == 200
    assert "Teksten nævner navne på unge eller forældre: »Sofie Frisk«" in response.content.decode()
    assert not FundReport.objects.exists()
    assert not ReportText.objects.filter(project=project, summary__contains="Sofie").exists()

    response = client.post(url, {**data, "summary": "I år fik en ung sit første job.", "next_steps": ""})
    assert response.status_code == 302
    assert FundReport.objects.count() == 1


def test_a_queued_report_whose_texts_name_someone_is_stopped_before_the_pdf(users, people):
    project = seeded_project()
    report = FundReport.objects.create(
        project=project, as_of=D(2023, 6, 30), texts={**EMPTY, "progress": "Ottilie Vindelbo hjalp os."}
    )

    services.fund_report_generate(report=report)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.blocked_by_names is True
    assert not report.file
    assert "»Ottilie Vindelbo«" in report.error
    assert report.error.startswith(name_check.BLOCKED_PREFIX + "Status og fremdrift:")


def test_the_funder_does_not_see_the_names_that_stopped_a_report(client, users, people):
    project = seeded_project()
    report = FundReport.objects.create(
        project=project, as_of=D(2023, 6, 30), texts={**EMPTY, "progress": "Ottilie Vindelbo hjalp os."}
    )
    services.fund_report_generate(report=report)
    url = reverse("rapporter:report_detail", args=[report.pk])

    client.force_login(users[roles.FUNDER])
    assert "Ottilie" not in client.get(url).content.decode()
    client.force_login(users[roles.PROJECT_LEADER])
    assert "»Ottilie Vindelbo«" in client.get(url).content.decode()
