"""The funder (Fond) sees aggregated figures only: no person on any page, export or PDF it can reach."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from core.kpis import Dimension
from fritidsjob import roles
from rapporter import services
from rapporter.models import Project
from tests.matrix import FOND, collect

from .kpi_fakes import register_test_kpis
from .test_fund_report import people_with_names

pytestmark = pytest.mark.django_db

D = datetime.date
MATRIX = collect()


def readable(response) -> str:
    """The text a person would read: a PDF's text, a file's text, a page's HTML."""
    content = response.content
    if response["Content-Type"] == "application/pdf" and content.startswith(b"%PDF") and b"%%EOF" in content:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8-sig", errors="replace")


@pytest.fixture
def names(users, monkeypatch):
    """Young people, a parent and staff with unmistakable names, in every corner the reporting app has."""
    register_test_kpis(monkeypatch)
    staff = users[roles.JOBCENTER_CONSULTANT]
    staff.first_name, staff.last_name = "Kirstine", "Sagsbehandlersen"
    staff.save()
    leader = users[roles.PROJECT_LEADER]
    leader.first_name, leader.last_name = "Pernille", "Projektledersen"
    leader.save()
    result = [*people_with_names(staff), "Kirstine", "Sagsbehandlersen", "Pernille", "Projektledersen"]
    # A rejected upload whose errors quote a name.
    bad = "ref;fornavn;efternavn;foedselsdato;maalgruppe\r\nU1;Zelmira;Quistgaard;2010-02-30;ja\r\n"
    services.import_batch_create(kind="unge", upload=SimpleUploadedFile("unge.csv", bad.encode()), uploaded_by=leader)
    return result


def test_no_person_on_any_page_the_funder_can_reach(client, users, names):
    client.force_login(users[FOND])
    reached = []
    for url_name, entry in MATRIX.items():
        if entry.expected[FOND] != 200 or entry.method != "get":
            continue
        url = reverse(url_name, args=entry.args() if entry.args else [])
        response = client.get(url, entry.data)
        assert response.status_code == 200, url_name
        text = readable(response)
        reached.append(url_name)
        for name in names:
            assert name not in text, (url_name, name)

    assert {"rapporter:kpi_overview", "rapporter:report_list", "rapporter:kpi_definitions"} <= set(reached)


@pytest.mark.parametrize("dimension", list(Dimension))
def test_no_person_in_any_breakdown_or_export_for_the_funder(client, users, names, dimension):
    client.force_login(users[FOND])
    url = reverse("rapporter:kpi_overview")

    pages = [
        client.get(url, {"opdeling": dimension}),
        client.get(url, {"opdeling": dimension, "eksport": "csv", "tabel": "opdeling"}),
        client.get(url, {"opdeling": dimension, "eksport": "csv", "tabel": "noegletal"}),
    ]

    for response in pages:
        assert response.status_code == 200
        for name in names:
            assert name not in readable(response)


def test_the_real_report_pdf_has_no_person(client, users, names, django_capture_on_commit_callbacks):
    project = Project.objects.get(slug="sammen-om-fritidsjob")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.fund_report_request(
            project=project, as_of=D(2023, 6, 30), requested_by=users[roles.PROJECT_LEADER], texts={}
        )
    client.force_login(users[FOND])

    text = readable(client.get(reverse("rapporter:report_download", args=[report.pk])))

    assert "Statusrapport" in text
    for name in names:
        assert name not in text


@pytest.mark.parametrize(
    "url_name",
    ["fritidsjob:youth_list", "fritidsjob:youth_create", "rapporter:import_upload", "rapporter:project_list"],
)
def test_the_funder_cannot_reach_people_or_their_data(client, users, url_name):
    client.force_login(users[FOND])

    assert client.get(reverse(url_name)).status_code == 403
    assert client.get(reverse("fritidsjob:youth_list"), {"eksport": "csv"}).status_code == 403
