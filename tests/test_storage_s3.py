"""Files in an S3-compatible bucket (STORAGE_BACKEND=s3), as several web and worker machines share them.

The bucket is served by moto's S3 server on 127.0.0.1, started by this module (a real HTTP server,
spoken to by boto3 through django-storages, as production speaks to MinIO or a cloud's S3). The
storage is built from the settings' own S3 branch (fritidsjob.settings with STORAGE_BACKEND=s3),
so what is tested is what production configures. With Redis and PostgreSQL, a real worker process
that shares no folder with this one imports a file uploaded here.
"""

import json
import os
import subprocess
import sys
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from foraeldre.models import Consent, ConsentKind, ConsentMethod
from fritidsjob import erasure, roles, services
from fritidsjob.models import Youth, YouthStatus
from rapporter.models import FundReport, ImportBatch, ImportStatus, ReportStatus
from tests.factories import YouthFactory, birth_date_for_age
from tests.factories_foraeldre import ParentFactory
from tests.kpi_fakes import register_test_kpis
from tests.marks import COMMITTED_DB

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUCKET = "fritidsjob-test"
CREDENTIALS = {"S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing", "S3_REGION": "eu-north-1"}
SCAN = b"%PDF-1.4 Underskrevet af Gunnhild Kragelund"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def s3_environment(endpoint: str, bucket: str) -> dict[str, str]:
    return {"STORAGE_BACKEND": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint, **CREDENTIALS}


def storage_from_settings(environment: dict[str, str]) -> dict:
    """STORAGES["default"] as fritidsjob.settings builds it from these variables (in a fresh interpreter)."""
    code = "import json; from fritidsjob import settings; print(json.dumps(settings.STORAGES['default']))"
    env = {**os.environ, **environment, "DJANGO_DEBUG": "true"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.fixture
def bucket(s3_server, settings):
    """A new, empty bucket as the default storage; returns a boto3 client to look inside it."""
    name = f"{BUCKET}-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="eu-north-1",
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
    storage = storage_from_settings(s3_environment(s3_server, name))
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    client.bucket_name = name
    client.endpoint = s3_server
    return client


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=client.bucket_name).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=client.bucket_name, Key=o["Key"])["Body"].read() for o in listed}


def test_the_settings_refuse_an_unknown_backend_and_an_s3_store_without_a_bucket():
    for environment, message in (
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be filesystem or s3"),
        ({"STORAGE_BACKEND": "s3"}, "S3_BUCKET must name the bucket"),
        ({"STORAGE_BACKEND": "s3", "S3_BUCKET": ""}, "S3_BUCKET must name the bucket"),  # compose's ${S3_BUCKET:-}
    ):
        env = {key: value for key, value in os.environ.items() if key != "S3_BUCKET"}
        env.update(environment, DJANGO_DEBUG="true")
        done = subprocess.run(
            [sys.executable, "-c", "from fritidsjob import settings"], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode != 0 and message in done.stderr, done.stderr
    assert storage_from_settings({"STORAGE_BACKEND": "filesystem"}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


@pytest.mark.django_db
def test_a_consent_scan_is_stored_encrypted_in_the_bucket_and_downloaded_through_the_app(
    bucket, client, users, django_capture_on_commit_callbacks
):
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    youth = YouthFactory(birth_date=birth_date_for_age(14))
    parent = ParentFactory(children=[youth])
    form = {
        "kinds": [ConsentKind.SHARE_WITH_COMPANY],
        "given_by": parent.pk,
        "youth_consented": "on",
        "method": ConsentMethod.WRITTEN,
        "given_on": timezone.localdate().isoformat(),
    }
    for _ in range(2):  # two scans with the same file name: two objects, neither overwrites the other
        scan = SimpleUploadedFile("samtykke.pdf", SCAN, content_type="application/pdf")
        response = client.post(
            reverse("foraeldre:consent_create", args=[youth.pk]),
            {**form, "document": scan},
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    consents = list(Consent.objects.order_by("pk"))
    stored = objects(bucket)
    assert sorted(stored) == sorted(c.document.name for c in consents) and len(stored) == 2
    assert all(SCAN not in data and b"Kragelund" not in data for data in stored.values())  # encrypted at rest
    for consent in consents:
        response = client.get(reverse("foraeldre:consent_document", args=[consent.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == SCAN

    # Anonymising the young person (her case closed) deletes the scans' objects from the bucket.
    services.youth_update(youth=youth, data={"status": YouthStatus.CLOSED, "end_reason": "Flyttet"})
    with django_capture_on_commit_callbacks(execute=True):
        request = erasure.anonymisation_request(
            person=youth, reason="Forældrene har bedt om sletning", requested_by=users[roles.JOBCENTER_CONSULTANT]
        )
        erasure.anonymisation_approve(request=request, approver=users[roles.PROJECT_LEADER])
    assert objects(bucket) == {}
    assert not Consent.objects.exclude(document="").exists()


@pytest.mark.django_db
def test_a_fund_report_is_generated_into_the_bucket_and_downloaded(
    bucket, client, users, monkeypatch, django_capture_on_commit_callbacks
):
    project = register_test_kpis(monkeypatch)
    client.force_login(users[roles.PROJECT_LEADER])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("rapporter:report_create", args=[project.slug]),
            {"as_of": "2023-12-31", "summary": "Godt år", "progress": "", "challenges": "", "next_steps": ""},
        )

    report = FundReport.objects.get()
    assert report.status == ReportStatus.DONE
    stored = objects(bucket)
    assert list(stored) == [report.file.name] and stored[report.file.name].startswith(b"%PDF")
    download = client.get(reverse("rapporter:report_download", args=[report.pk]))
    assert download.status_code == 200 and download.content == stored[report.file.name]


def youth_csv(count: int, prefix: str) -> SimpleUploadedFile:
    lines = ["ref;fornavn;efternavn;foedselsdato;maalgruppe"]
    lines += [f"{prefix}{number};Navn{number};Efternavn;2010-03-15;ja" for number in range(count)]
    return SimpleUploadedFile("unge.csv", ("\r\n".join(lines) + "\r\n").encode(), content_type="text/csv")


@pytest.mark.django_db
def test_an_uploaded_import_file_goes_through_the_bucket_and_is_removed_once_imported(
    bucket, client, users, django_capture_on_commit_callbacks
):
    client.force_login(users[roles.PROJECT_LEADER])
    with django_capture_on_commit_callbacks(execute=True):  # the check job, as the worker runs it
        client.post(reverse("rapporter:import_upload"), {"kind": "unge", "file": youth_csv(3, "S")})
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.READY
    assert list(objects(bucket)) == [batch.file.name]  # the worker read it from the bucket

    with django_capture_on_commit_callbacks(execute=True):  # the import job
        client.post(reverse("rapporter:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    assert Youth.objects.filter(import_ref__startswith="S").count() == 3
    assert objects(bucket) == {}


@pytest.mark.redis
@COMMITTED_DB
def test_a_worker_sharing_no_folder_imports_a_file_uploaded_to_the_bucket(bucket, client, users, monkeypatch, tmp_path):
    from tests import test_import_worker as worker_test
    from tests.test_celery_worker import forget_queue, stop

    # The worker process builds its storage from the same variables (worker_environment copies them).
    for key, value in s3_environment(bucket.endpoint, bucket.bucket_name).items():
        monkeypatch.setenv(key, value)
    broker_url = os.environ["REDIS_URL"]
    queue = f"test-s3-import-{uuid.uuid4().hex}"
    app = worker_test.app
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_default_queue")}
    app.conf.update(task_always_eager=False, broker_url=broker_url, task_default_queue=queue)
    empty = tmp_path / "worker-media"  # its MEDIA_ROOT: empty, never used
    empty.mkdir()
    worker = worker_test.Worker(queue=queue, broker_url=broker_url, media_root=empty, log_path=tmp_path / "w.log")
    try:
        client.force_login(users[roles.PROJECT_LEADER])
        client.post(reverse("rapporter:import_upload"), {"kind": "unge", "file": youth_csv(50, "T")})
        batch = ImportBatch.objects.get()
        worker_test.poll(client, batch, lambda b: not b.is_pending, [])
        assert batch.status == ImportStatus.READY, worker.log()
        client.post(reverse("rapporter:import_confirm", args=[batch.pk]))
        worker_test.poll(client, batch, lambda b: not b.is_pending, [])
        assert batch.status == ImportStatus.IMPORTED, worker.log()
    finally:
        app.conf.update(saved)
        stop(worker.process)
        forget_queue(broker_url, queue, None)
    assert Youth.objects.filter(import_ref__startswith="T").count() == 50
    assert objects(bucket) == {} and list(empty.iterdir()) == []
