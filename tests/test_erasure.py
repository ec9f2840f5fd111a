"""Anonymising a young person removes every personal trace and leaves every KPI as it was."""

import contextlib
import datetime
import json
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import ForeignKey, TextField
from django.urls import reverse

from core import erasure as registry
from foraeldre.models import ContactKind, Parent
from fritidsjob import erasure, roles, services
from fritidsjob.kpis import age_band_on, birth_date_for_statistics
from fritidsjob.models import AnonymisationStatus, AuditScrub, Gender, JournalKind, YouthStatus
from opgaver.models import Channel, RecipientKind
from rapporter import selectors as report_selectors
from rapporter.models import ExportRecord
from talentvaerksted.models import CVReference, EnrollmentStatus
from tests.factories import YouthFactory
from tests.factories_foraeldre import ConsentFactory, ParentContactFactory, ParentFactory
from tests.factories_mentorer import RelationshipFactory, SessionFactory
from tests.factories_opgaver import DeliveryFactory, TaskFactory
from tests.factories_rapporter import seeded_project
from tests.factories_talentvaerksted import CVFactory, EnrollmentFactory
from tests.factories_virksomheder import make_placement

AS_OF_DATES = ["2023-03-31", "2023-12-31", "2024-12-31"]
# Everything that identifies Sølvi and her mother, and the texts written about them.
SECRETS = [
    "Sølvi",
    "Kragelund",
    "61234567",
    "solvi.kragelund@example.dk",
    "150608-4321",
    "1506084321",
    "hemmelige drøm",
    "Gunnhild",
    "71234567",
    "gunnhild@example.dk",
    "bekymret for økonomien",
    "elsker heste",
    "Bodil Træner",
    "81234567",
    "tale i telefon",
    "telefonsamtale",
    "Brugsen-hylder",
    "Husk mødet i morgen",
    "U-SOLVI-1",
]


@pytest.fixture
def solvi(users):
    """A closed case with a full history, dated inside the seeded project (2022-2024)."""
    consultant = users[roles.JOBCENTER_CONSULTANT]
    youth = services.youth_create(
        data={
            "first_name": "Sølvi",
            "last_name": "Kragelund",
            "birth_date": datetime.date(2008, 6, 15),
            "gender": Gender.GIRL,
            "postcode": "8800",
            "phone": "61234567",
            "email": "solvi.kragelund@example.dk",
            "in_target_group": True,
            "target_group_reasons": "Sølvi har svært ved at tale i telefon",
            "registered_on": datetime.date(2022, 9, 1),
            "import_ref": "U-SOLVI-1",
        },
        cpr="150608-4321",
    )
    services.journal_entry_create(
        youth=youth,
        author=consultant,
        kind=JournalKind.CONVERSATION,
        text="Sølvi fortalte om sin hemmelige drøm",
        date=datetime.date(2023, 2, 1),
    )
    EnrollmentFactory(
        youth=youth, status=EnrollmentStatus.COMPLETED, completed_on=datetime.date(2023, 3, 1), drop_reason=""
    )
    make_placement(youth=youth, start=datetime.date(2023, 4, 1), tasks="Brugsen-hylder med Sølvi")
    mother = ParentFactory(
        children=[youth],
        first_name="Gunnhild",
        last_name="Kragelund",
        phone="71234567",
        email="gunnhild@example.dk",
        has_jobcenter_case=True,
    )
    ParentContactFactory(
        parent=mother, kind=ContactKind.GUIDANCE, date=datetime.date(2023, 5, 1), note="Mor er bekymret for økonomien"
    )
    ParentContactFactory(parent=mother, kind=ContactKind.INTRODUCTION, date=datetime.date(2023, 6, 1), note="")
    # A father with another child stays: only what names Sølvi goes from his entries.
    sibling = YouthFactory(first_name="Halvbror", last_name="Østergaard")
    ParentFactory(children=[youth, sibling], first_name="Torleif", last_name="Østergaard", phone="")
    ConsentFactory(
        youth=youth,
        given_by=mother,
        given_on=datetime.date(2023, 1, 10),
        document=SimpleUploadedFile("samtykke.pdf", b"%PDF-1.4 Underskrevet af Gunnhild Kragelund for Solvi"),
    )
    # consent=False: the factory would otherwise bring its own consent and a second parent.
    relationship = RelationshipFactory(
        youth=youth,
        consent=False,
        start_date=datetime.date(2023, 3, 1),
        planned_end=datetime.date(2023, 9, 1),
        goals="Sølvi vil lære at tale i telefon",
    )
    SessionFactory(relationship=relationship, date=datetime.date(2023, 4, 1), note="Øvede telefonsamtale")
    TaskFactory(youth=youth, title="Ring til Sølvi Kragelund", description="Husk 61234567", assignee=consultant)
    DeliveryFactory(
        youth=youth,
        channel=Channel.SMS,
        recipient_kind=RecipientKind.YOUTH,
        to="61234567",
        subject="",
        body_text="Hej Sølvi. Husk mødet i morgen",
    )
    DeliveryFactory(
        channel=Channel.EMAIL,
        recipient_kind=RecipientKind.PARENT,
        to="gunnhild@example.dk",
        subject="Invitation til forældremøde",
        body_text="Kære Gunnhild. Velkommen",
    )
    cv = CVFactory(youth=youth, profile="Jeg elsker heste")
    CVReference.objects.create(cv=cv, name="Bodil Træner", phone="81234567")
    services.youth_update(youth=youth, data={"status": YouthStatus.CLOSED, "end_reason": "Sølvi flyttede til Aarhus"})
    return youth


def database_dump() -> str:
    """Every value of every table, with JSON also decoded (SQLite stores "ø" as "\\u00f8")."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    text = value if isinstance(value, str) else str(value)
                    parts.append(text)
                    if isinstance(value, str) and value[:1] in "[{":
                        with contextlib.suppress(ValueError):
                            parts.append(json.dumps(json.loads(value), ensure_ascii=False))
                    elif isinstance(value, dict | list):
                        parts.append(json.dumps(value, ensure_ascii=False))
    return "\n".join(parts)


def stored_files() -> dict[str, bytes]:
    """The media folder (in-memory in the tests): every file's bytes as stored."""
    found = {}

    def walk(path):
        directories, files = default_storage.listdir(path)
        for name in files:
            full = f"{path}/{name}" if path else name
            with default_storage.open(full, "rb") as stored:
                found[full] = stored.read()
        for directory in directories:
            walk(f"{path}/{directory}" if path else directory)

    walk("")
    return found


def kpis_and_breakdowns() -> dict:
    figures = {}
    for as_of in AS_OF_DATES:
        out = StringIO()
        call_command("kpi", "--project", "sammen-om-fritidsjob", "--as-of", as_of, "--format", "json", stdout=out)
        figures[as_of] = json.loads(out.getvalue())
        board = report_selectors.dashboard(
            project=seeded_project(),
            as_of=datetime.date.fromisoformat(as_of),
            dimensions=list(report_selectors.Dimension),
            discreet=False,
        )
        figures[f"{as_of} breakdowns"] = [(table.dimension, table.rows, table.totals) for table in board.breakdowns]
        figures[f"{as_of} discreet"] = [
            (table.dimension, table.rows, table.totals)
            for table in report_selectors.dashboard(
                project=seeded_project(),
                as_of=datetime.date.fromisoformat(as_of),
                dimensions=list(report_selectors.Dimension),
            ).breakdowns
        ]
    return figures


def test_anonymising_a_full_history_leaves_no_trace_and_every_kpi_as_it_was(
    solvi, users, client, django_capture_on_commit_callbacks
):
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    assert client.get(solvi.get_absolute_url()).status_code == 200  # an access entry naming her
    # A logged search with her whole name (the Adgangslog keeps the text searched for).
    assert client.get(reverse("fritidsjob:youth_list"), {"name": solvi.full_name}).status_code == 200
    assert LogEntry.objects.filter(additional_data__search=solvi.full_name).exists()
    # An export of that search keeps its filters in the export audit.
    client.force_login(users[roles.PROJECT_LEADER])
    exported = {"name": solvi.full_name, "eksport": "csv"}
    assert client.get(reverse("fritidsjob:youth_list"), exported).status_code == 200
    document = solvi.consents.get().document.name
    before = kpis_and_breakdowns()
    assert before["2024-12-31"]["kpis"]["unge_i_job"]["value"] == 1
    assert before["2024-12-31"]["kpis"]["foraeldre_med_sag_vejledt"]["value"] == 1
    dump = database_dump()
    assert all(secret in dump for secret in ["Sølvi", "Gunnhild", "hemmelige drøm", "bekymret for økonomien"])

    with django_capture_on_commit_callbacks(execute=True):
        request = erasure.anonymisation_request(
            person=solvi, reason="Forældrene har bedt om sletning", requested_by=users[roles.JOBCENTER_CONSULTANT]
        )
        done = erasure.anonymisation_approve(request=request, approver=users[roles.PROJECT_LEADER])

    assert done.status == AnonymisationStatus.DONE
    assert done.scrubbed_entries > 20
    dump = database_dump()
    assert [secret for secret in SECRETS if secret in dump] == []
    assert [name for name, data in stored_files().items() if b"Kragelund" in data or name == document] == []
    assert kpis_and_breakdowns() == before
    # The father has another child: he stays, named.
    assert Parent.objects.filter(first_name="Torleif").exists()
    assert Parent.objects.get(pk=solvi.parents.get(first_name="Anonymiseret").pk).anonymised_at is not None
    # Who did what when, and which fields, stay in the trail.
    youth_entries = LogEntry.objects.filter(content_type__model="youth", object_id=solvi.pk)
    assert youth_entries.filter(action=LogEntry.Action.ACCESS, actor=users[roles.JOBCENTER_CONSULTANT]).exists()
    created = youth_entries.get(action=LogEntry.Action.CREATE)
    assert {"first_name", "phone"} <= set(created.changes) and created.changes["first_name"] == ["***", "***"]
    assert AuditScrub.objects.get(kind=AuditScrub.Kind.ANONYMISATION).entries == done.scrubbed_entries
    # The export stays in the export audit, its filter without her name.
    assert ExportRecord.objects.get(name="unge").query == "name=%5Banonymiseret%5D"


def test_the_person_leaves_the_case_list_and_the_case_page_shows_no_name(solvi, users, client):
    erasure.person_anonymise(person=solvi, reason="Test", origin="test")
    client.force_login(users[roles.PROJECT_LEADER])
    listing = client.get(reverse("fritidsjob:youth_list")).content.decode()
    page = client.get(solvi.get_absolute_url()).content.decode()
    assert "Anonymiseret" not in listing
    assert "Sølvi" not in page and "Kragelund" not in page and "Anonymiseret ung" in page
    parents = client.get(reverse("foraeldre:parent_list")).content.decode()
    assert "Torleif" in parents and "Anonymiseret forælder" not in parents and "Gunnhild" not in parents


def test_requester_may_not_approve_and_only_leadership_approves(solvi, users, client):
    leader = users[roles.PROJECT_LEADER]
    request = erasure.anonymisation_request(person=solvi, reason="Sagen er afsluttet", requested_by=leader)
    with pytest.raises(ValidationError, match="En anden end den, der anmodede"):
        erasure.anonymisation_approve(request=request, approver=leader)
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    assert client.post(reverse("fritidsjob:anonymisation_approve", args=[request.pk])).status_code == 403
    client.force_login(users[roles.ADMINISTRATOR])
    response = client.post(reverse("fritidsjob:anonymisation_approve", args=[request.pk]), follow=True)
    assert "Personen er anonymiseret" in response.content.decode()
    solvi.refresh_from_db()
    assert solvi.first_name == "Anonymiseret" and solvi.phone == "" and solvi.cpr_encrypted == ""


def test_a_request_through_the_case_page_needs_a_reason_and_waits_for_approval(solvi, users, client):
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    url = reverse("fritidsjob:anonymisation_request", args=[solvi.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and "Skriv en begrundelse" in refused.content.decode()
    assert client.post(url, {"reason": "Forældrene har bedt om det"}).status_code == 302
    again = client.post(url, {"reason": "Igen"})
    assert "allerede en anmodning" in again.content.decode()
    solvi.refresh_from_db()
    assert solvi.anonymised_at is None  # nothing happens before a second person approves
    client.force_login(users[roles.PROJECT_LEADER])
    page = client.get(reverse("fritidsjob:retention")).content.decode()
    assert f"Sag #{solvi.pk}" in page and "Forældrene har bedt om det" in page
    rejected = client.post(reverse("fritidsjob:anonymisation_reject", args=[solvi_request_pk(solvi)]))
    assert rejected.status_code == 302
    solvi.refresh_from_db()
    assert solvi.anonymised_at is None and solvi.first_name == "Sølvi"


def solvi_request_pk(youth) -> int:
    from fritidsjob.models import AnonymisationRequest

    return AnonymisationRequest.objects.for_person(youth).get().pk


def test_the_command_line_anonymises_by_reference_and_by_id(solvi, db):
    out = StringIO()
    call_command("anonymiser", "ung", "U-SOLVI-1", "--begrundelse", "Kommunens sletteprocedure", stdout=out)
    assert "er anonymiseret" in out.getvalue()
    solvi.refresh_from_db()
    assert solvi.anonymised_at is not None and solvi.import_ref is None
    father = Parent.objects.get(first_name="Torleif")
    call_command("anonymiser", "foraelder", f"id:{father.pk}", "--begrundelse", "Bedt om det", stdout=StringIO())
    father.refresh_from_db()
    assert father.first_name == "Anonymiseret" and father.anonymised_at is not None
    with pytest.raises(CommandError, match="Ingen ung med referencen"):
        call_command("anonymiser", "ung", "findes-ikke", "--begrundelse", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="allerede anonymiseret"):
        call_command("anonymiser", "ung", f"id:{solvi.pk}", "--begrundelse", "x", stdout=StringIO())


def test_consent_documents_are_encrypted_on_disk_and_decrypted_for_an_authorised_user(users, client):
    content = b"%PDF-1.4 Underskrift: Gunnhild Kragelund"
    consent = ConsentFactory(document=SimpleUploadedFile("scan.pdf", content))
    with default_storage.open(consent.document.name, "rb") as stored:
        on_disk = stored.read()
    assert b"Kragelund" not in on_disk and on_disk != content
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    response = client.get(reverse("foraeldre:consent_document", args=[consent.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    client.force_login(users[roles.FUNDER])
    assert client.get(reverse("foraeldre:consent_document", args=[consent.pk])).status_code in (403, 404)


def test_existing_plain_files_are_encrypted_and_keys_rotate(db, settings):
    from cryptography.fernet import Fernet

    from core.files import encrypted_storage

    old_key = Fernet.generate_key().decode()
    settings.FILE_ENCRYPTION_KEYS = [old_key]
    consent = ConsentFactory()
    name = default_storage.save("samtykker/2023/gammel.pdf", SimpleUploadedFile("gammel.pdf", b"plain scan"))
    type(consent).objects.filter(pk=consent.pk).update(document=name)
    out = StringIO()
    call_command("krypter_filer", stdout=out)
    assert "1 var ukrypterede" in out.getvalue()
    assert encrypted_storage.open(name).read() == b"plain scan"
    settings.FILE_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    call_command("krypter_filer", stdout=StringIO())
    settings.FILE_ENCRYPTION_KEYS = settings.FILE_ENCRYPTION_KEYS[:1]  # the old key retired
    assert encrypted_storage.open(name).read() == b"plain scan"


@pytest.mark.parametrize(
    ("born", "kept"),
    [
        # No age limit (13, 15, 18) falls in 2022-2024: the birth year is enough.
        (datetime.date(2000, 3, 10), datetime.date(2000, 1, 1)),
        (datetime.date(2012, 3, 10), datetime.date(2012, 1, 1)),
        # Turns 15 on 2023-06-15: the day matters.
        (datetime.date(2008, 6, 15), datetime.date(2008, 6, 15)),
    ],
)
def test_the_birth_date_is_kept_only_as_precisely_as_the_age_bands_need(born, kept):
    first, last = datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)
    assert birth_date_for_statistics(born, first=first, last=last) == kept
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    assert [age_band_on(kept, day) for day in days] == [age_band_on(born, day) for day in days]


PERSON_MODELS = {("fritidsjob", "youth"), ("foraeldre", "parent")}
PROJECT_APPS = {
    "core",
    "fritidsjob",
    "opgaver",
    "talentvaerksted",
    "virksomheder",
    "mentorer",
    "foraeldre",
    "rapporter",
}


def _holds_personal_data(model, personal) -> bool:
    for field in model._meta.get_fields():
        if isinstance(field, TextField) and not field.auto_created:
            return True
        if isinstance(field, ForeignKey) and field.related_model in personal:
            return True
    return False


def test_every_model_with_personal_data_has_an_anonymiser_or_a_reason_to_be_kept():
    models = [model for model in apps.get_models() if model._meta.app_label in PROJECT_APPS]
    personal = {model for model in models if (model._meta.app_label, model._meta.model_name) in PERSON_MODELS}
    # A link to a record of a person's (a placement's follow-up) is a link to the person.
    grown = True
    while grown:
        linked = {
            m
            for m in models
            if any(isinstance(f, ForeignKey) and f.related_model in personal for f in m._meta.get_fields())
        }
        grown = not linked <= personal
        personal |= linked
    needing = {model for model in models if model in personal or _holds_personal_data(model, personal)}
    missing = sorted(model._meta.label for model in needing if model not in registry.covered())
    assert missing == []


def test_every_subject_has_an_anonymiser_for_its_own_model():
    for kind, subject in registry.subjects().items():
        assert subject.model in {a.model for a in registry.anonymisers(kind)}, kind


def test_a_parent_is_asked_for_from_their_page_and_approved_by_a_second(users, client):
    parent = ParentFactory(first_name="Ragnfrid", last_name="Hjelmsø", email="ragnfrid@example.dk")
    client.force_login(users[roles.YOUTH_SCHOOL])
    url = reverse("foraeldre:parent_anonymisation_request", args=[parent.pk])
    assert "Anmod om anonymisering af Ragnfrid Hjelmsø" in client.get(url).content.decode()
    assert client.post(url, {"reason": "Har bedt om sletning"}).status_code == 302
    client.force_login(users[roles.PROJECT_LEADER])
    request = erasure.AnonymisationRequest.objects.for_person(parent).get()
    assert client.post(reverse("fritidsjob:anonymisation_approve", args=[request.pk])).status_code == 302
    parent.refresh_from_db()
    assert (parent.first_name, parent.email) == ("Anonymiseret", "")
    assert "Ragnfrid" not in database_dump()


def test_an_open_case_must_be_closed_before_it_can_be_anonymised(users, client):
    youth = YouthFactory(first_name="Åbensag")
    with pytest.raises(ValidationError, match="Sagen skal afsluttes"):
        erasure.anonymisation_request(person=youth, reason="Bedt om det", requested_by=users[roles.PROJECT_LEADER])
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    page = client.get(reverse("fritidsjob:anonymisation_request", args=[youth.pk])).content.decode()
    assert "Sagen skal afsluttes" in page and "Send anmodning" not in page
