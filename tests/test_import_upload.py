"""The import upload page: dry run with every bad line in Danish, then the confirmed import."""

import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.importing import import_kinds
from fritidsjob import roles
from fritidsjob.models import Youth
from rapporter import tasks
from rapporter.models import ImportBatch, ImportStatus

from .factories import YouthFactory
from .factories_rapporter import ImportBatchFactory

# The check and the import are Celery tasks queued on commit; eager here, so they run in the request.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_at_once")]

UPLOAD = reverse("rapporter:import_upload")
HEADER = "ref;fornavn;efternavn;foedselsdato;maalgruppe"
GOOD = [HEADER, "U1;Anna;Hansen;2010-03-15;ja", "U2;Bo;Jensen;15-03-2011;nej"]
ONE_BAD_LINE = [HEADER, "U1;Anna;Hansen;2010-03-15;ja", "U2;Bo;Jensen;31-02-2011;nej"]


def csv_file(lines: list[str], name: str = "unge.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def leader_client(client, users):
    client.force_login(users[roles.PROJECT_LEADER])
    return client


def upload(client, lines, kind="unge", name="unge.csv"):
    return client.post(UPLOAD, {"kind": kind, "file": csv_file(lines, name)}, follow=True)


def test_every_import_kind_of_every_app_is_offered(leader_client):
    content = leader_client.get(UPLOAD).content.decode()

    for name, kind in import_kinds().items():
        assert f'value="{name}"' in content
        assert str(kind.label) in content


def test_a_file_with_a_bad_line_names_it_and_imports_nothing(leader_client):
    response = upload(leader_client, ONE_BAD_LINE)

    content = response.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REJECTED
    assert "Filen blev afvist. Intet er importeret." in content
    assert "linje 3" in content
    assert "foedselsdato" in content
    assert "ugyldig dato &quot;31-02-2011&quot; – skriv datoen som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ" in content
    assert batch.errors[0]["text"] == (
        'linje 3: foedselsdato: ugyldig dato "31-02-2011" – skriv datoen som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ'
    )
    assert Youth.objects.count() == 0
    assert not batch.file  # a rejected upload is not kept
    assert 'action="/rapporter/import/' not in content.split("Filen blev afvist")[1]  # nothing to confirm


def test_a_good_file_is_shown_then_imported_on_confirmation(leader_client, users):
    response = upload(leader_client, GOOD)

    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.READY
    assert "Filen er i orden." in response.content.decode()
    assert batch.dry_run == {"created": 2, "updated": 0, "unchanged": 0, "errors": []}
    assert Youth.objects.count() == 0  # a dry run writes nothing

    confirmed = leader_client.post(reverse("rapporter:import_confirm", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert (batch.finished_by, batch.result["created"]) == (users[roles.PROJECT_LEADER], 2)
    assert "Importeret: 2 oprettet, 0 opdateret, 0 uændret." in confirmed.content.decode()
    assert sorted(Youth.objects.values_list("import_ref", flat=True)) == ["U1", "U2"]
    assert not batch.file  # the spreadsheet's personal data is not kept after the import


def test_the_fixed_file_imports_after_the_rejected_one(leader_client):
    upload(leader_client, ONE_BAD_LINE)
    upload(leader_client, GOOD)
    fixed = ImportBatch.objects.filter(status=ImportStatus.READY).get()

    leader_client.post(reverse("rapporter:import_confirm", args=[fixed.pk]))

    assert Youth.objects.count() == 2


def test_confirming_twice_imports_once(leader_client):
    batch = ImportBatchFactory()
    url = reverse("rapporter:import_confirm", args=[batch.pk])

    leader_client.post(url)
    leader_client.post(url)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert Youth.objects.filter(import_ref="F1").count() == 1


def test_data_changed_since_the_dry_run_is_caught_at_confirmation(leader_client):
    upload(leader_client, [HEADER, "U1;Anna;Hansen;2010-03-15;nej"])
    batch = ImportBatch.objects.get()
    # Meanwhile someone registers U1 in the app as vulnerable: the import may not take her out of the target group.
    YouthFactory(import_ref="U1", target_group_level="saarbar")

    response = leader_client.post(reverse("rapporter:import_confirm", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "Importen blev afvist, og intet er importeret." in response.content.decode()
    assert Youth.objects.get(import_ref="U1").in_target_group is True


def test_discarding_keeps_nothing(leader_client):
    upload(leader_client, GOOD)
    batch = ImportBatch.objects.get()

    leader_client.post(reverse("rapporter:import_discard", args=[batch.pk]))

    batch.refresh_from_db()
    assert (batch.status, bool(batch.file)) == (ImportStatus.DISCARDED, False)
    assert Youth.objects.count() == 0
    assert leader_client.post(reverse("rapporter:import_confirm", args=[batch.pk])).status_code == 302
    assert Youth.objects.count() == 0


def test_xlsx_upload(leader_client):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Ref", "Fornavn", "Efternavn", "Fødselsdato", "Målgruppe"])
    workbook.active.append(["X1", "Ida", "Berg", "2010-01-31", "ja"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("unge.xlsx", buffer.getvalue())

    leader_client.post(UPLOAD, {"kind": "unge", "file": file})
    batch = ImportBatch.objects.get()
    leader_client.post(reverse("rapporter:import_confirm", args=[batch.pk]))

    assert Youth.objects.get(import_ref="X1").first_name == "Ida"


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_danish(leader_client):
    response = leader_client.post(UPLOAD, {"kind": "unge", "file": SimpleUploadedFile("billede.png", b"\x89PNG")})

    assert "Vælg en CSV-fil eller et Excel-regneark (.xlsx)." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_the_empty_template_has_the_kinds_columns(leader_client):
    response = leader_client.get(reverse("rapporter:import_template", args=["unge"]))

    assert response.content.decode("utf-8-sig") == ";".join(import_kinds()["unge"].columns) + "\r\n"
    assert leader_client.get(reverse("rapporter:import_template", args=["findes-ikke"])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_upload_page_query_count_is_constant(leader_client, django_assert_num_queries, count):
    for _number in range(count):
        ImportBatchFactory()

    with django_assert_num_queries(6):
        leader_client.get(UPLOAD)


def test_uploads_never_confirmed_are_discarded_after_a_week():
    stale = ImportBatchFactory(uploaded_at=timezone.now() - datetime.timedelta(days=8))
    fresh = ImportBatchFactory(uploaded_at=timezone.now() - datetime.timedelta(days=6))

    tasks.discard_stale_imports.delay()

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, bool(stale.file)) == (ImportStatus.DISCARDED, False)
    assert (fresh.status, bool(fresh.file)) == (ImportStatus.READY, True)
    assert settings.CELERY_BEAT_SCHEDULE["rapporter-glem-importfiler"]["task"] == tasks.discard_stale_imports.name
