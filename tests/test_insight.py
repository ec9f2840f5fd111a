"""The right-of-access package (indsigt): everything stored about a young person or a parent, in one ZIP.

The package of a young person with a full history is checked field by field against the
database: every record that names her is an item, every stored field of it is there with the
value stored, and nothing about anyone else. The registry's coverage test fails when a model
with a link to a person is in no section.
"""

import datetime
import io
import json
import os
import zipfile

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core import personal_data
from core.audit import trail_of
from core.insight import ACCESS_LOG_KEY, insight_package_create
from foraeldre.models import Parent
from fritidsjob import roles
from fritidsjob.models import Industry, Youth
from opgaver.models import Channel, RecipientKind
from talentvaerksted.models import CVExperience, CVReference
from virksomheder.models import Match

from .factories import JournalEntryFactory, YouthFactory
from .factories_foraeldre import ConsentFactory, ParentContactFactory, ParentFactory
from .factories_mentorer import RelationshipFactory, SessionFactory
from .factories_opgaver import DeliveryFactory, ReminderFactory, TaskFactory
from .factories_talentvaerksted import AttendanceFactory, CourseSessionFactory, CVFactory, EnrollmentFactory
from .factories_virksomheder import JobOpeningFactory, make_placement

pytestmark = pytest.mark.django_db

LAST_MONTH = timezone.localdate() - datetime.timedelta(days=30)
CPR = "010110-4321"
SCAN = b"%PDF-1.4 scannet samtykke"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def full_history(staff):
    """Freja and her mother with something in every section, and another family beside them."""
    youth = YouthFactory(
        first_name="Freja",
        last_name="Indsigtsen",
        phone="22334455",
        email="freja@example.dk",
        import_ref="UNG-IND-1",
        responsible_staff=staff,
        available_weekdays=[0, 2],
    )
    youth.set_cpr(CPR)
    youth.save()
    youth.industries_of_interest.set(Industry.objects.all()[:2])
    mother = ParentFactory(
        children=[youth], first_name="Mette", last_name="Indsigtsen", email="mette@example.dk", import_ref="FOR-IND-1"
    )
    session = CourseSessionFactory()
    enrollment = EnrollmentFactory(youth=youth, course=session.course, reminder_parent=mother)
    cv = CVFactory(youth=youth)
    placement = make_placement(youth=youth, start=LAST_MONTH, job_title="Opfylder")
    # consent=False: the factory would otherwise bring its own consent and a second parent.
    relationship = RelationshipFactory(youth=youth, consent=False)
    reminder = ReminderFactory(youth=youth)

    def delivery(kind, to, text):
        return DeliveryFactory(
            reminder=reminder,
            youth=youth,
            recipient_kind=kind,
            channel=Channel.SMS,
            to=to,
            body_text=text,
        )

    records = {
        "youth": youth,
        "mother": mother,
        "journal": JournalEntryFactory(youth=youth, text="Freja vil gerne arbejde i en butik.", author=staff),
        "consent": ConsentFactory(
            youth=youth, given_by=mother, document=SimpleUploadedFile("samtykke.pdf", SCAN), recorded_by=staff
        ),
        "contact": ParentContactFactory(parent=mother, note="Mette ringede om mødetider.", staff=staff),
        "enrollment": enrollment,
        "attendance": AttendanceFactory(session=session, enrollment=enrollment),
        "cv": cv,
        "experience": CVExperience.objects.create(cv=cv, title="Hjælpetræner", place="Viborg FF"),
        "reference": CVReference.objects.create(cv=cv, name="Træner Tom", phone="11223344"),
        "match": Match.objects.create(youth=youth, opening=JobOpeningFactory(), created_by=staff),
        "placement": placement,
        "relationship": relationship,
        "session": SessionFactory(relationship=relationship, note="Talte om ansøgningen til Netto."),
        "task": TaskFactory(youth=youth, title="Ring til Freja"),
        "sms_to_youth": delivery(RecipientKind.YOUTH, youth.phone, "Husk Talentværkstedet i morgen kl. 15.30."),
        "sms_to_mother": delivery(RecipientKind.PARENT, mother.phone, "Freja har mødegang i morgen."),
        "mail_to_staff": delivery(RecipientKind.STAFF, "konsulent@example.dk", "Opfølgning på Freja."),
    }
    records["follow_ups"] = list(placement.follow_ups.all())
    # Another family: nothing of theirs may be in Freja's or Mette's package.
    other = YouthFactory(first_name="Anden", last_name="Familie")
    JournalEntryFactory(youth=other, text="Et andet barns notat.", author=staff)
    ParentFactory(children=[other], first_name="Anden", last_name="Forælder", phone="99887766")
    return records


def _stored(record) -> dict:
    """The record as the database has it, every serialised field, encoded as data.json encodes it."""
    fields = serializers.serialize("python", [record])[0]["fields"]
    return json.loads(json.dumps(fields, cls=DjangoJSONEncoder))


def _open(package):
    archive = zipfile.ZipFile(io.BytesIO(package.content))
    data = json.loads(archive.read("data.json"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("indsigt.pdf"))).pages)
    return archive, data, text


def _items(data) -> dict:
    return {
        (item["model"], item["id"]): item
        for section in data["sections"]
        if section["key"] != ACCESS_LOG_KEY
        for item in section["items"]
    }


def _document_name(consent) -> str:
    return f"dokumenter/samtykke-{consent.pk}-{os.path.basename(consent.document.name)}"


def _key(record):
    return (record._meta.label_lower, record.pk)


def test_every_model_with_a_link_to_a_person_is_in_a_section():
    covered = {
        subject.key: {model for section in personal_data.sections(subject.key) for model in section.covers}
        for subject in personal_data.subjects()
    }
    missing = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (field.concrete and field.is_relation) or model in personal_data.not_personal():
                continue
            for subject in personal_data.subjects():
                if field.related_model is subject.model and model not in covered[subject.key]:
                    missing.append(f"{model._meta.label}.{field.name} -> {subject.key}")
    # A new model that links to a young person or a parent needs a section in its app's personal_data.py.
    assert missing == []
    assert {subject.key for subject in personal_data.subjects()} == {"ung", "foraelder"}


def test_the_young_persons_package_holds_every_record_field_by_field(client, users):
    staff = users[roles.JOBCENTER_CONSULTANT]
    records = full_history(staff)
    youth, mother = records["youth"], records["mother"]
    client.force_login(staff)
    client.get(reverse("fritidsjob:youth_detail", args=[youth.pk]))
    lookups = set(trail_of(youth).filter(action=LogEntry.Action.ACCESS).values_list("pk", flat=True))

    archive, data, text = _open(insight_package_create(person=youth, actor=users[roles.PROJECT_LEADER]))

    items = _items(data)
    own = [records[name] for name in records if name not in ("youth", "mother", "follow_ups", "contact")]
    expected = {_key(youth), _key(mother), *map(_key, own), *map(_key, records["follow_ups"])}
    assert set(items) == expected
    for record in [*own, *records["follow_ups"]]:
        stored = _stored(record)
        if record._meta.model_name == "delivery":
            del stored["body_html"]  # the same message as body_text
            if record.recipient_kind != RecipientKind.YOUTH:
                del stored["to"]  # another person's address
        assert items[_key(record)]["fields"] == stored, record._meta.label
    case = _stored(youth)
    del case["cpr_encrypted"]
    assert items[_key(youth)]["fields"] == {**case, "cpr": "010110-xxxx"}
    # Her mother is named with relation and custody; her phone and e-mail are in her own package.
    assert items[_key(mother)]["fields"] == {
        name: _stored(mother)[name] for name in ("first_name", "last_name", "relation", "has_custody")
    }
    access_log = next(section for section in data["sections"] if section["key"] == ACCESS_LOG_KEY)
    assert {item["id"] for item in access_log["items"]} == lookups
    assert {item["fields"]["role"] for item in access_log["items"]} == {roles.JOBCENTER_CONSULTANT}
    assert {item["fields"]["purpose"] for item in access_log["items"]} == {"Vist på en side i systemet"}
    assert archive.read(_document_name(records["consent"])) == SCAN
    assert data["person"] == {"type": "ung", "id": youth.pk, "name": "Freja Indsigtsen"}
    assert "Det har vi registreret om Freja Indsigtsen" in text
    shown_as_read = ("Freja vil gerne arbejde i en butik.", "Hjælpetræner", "010110-xxxx", "Jobcenterkonsulent")
    for shown in (*shown_as_read, "Mandag, Onsdag", "Oprettet i systemet"):
        assert shown in text
    everything = text + json.dumps(data, ensure_ascii=False)
    for absent in (CPR, "4321", "Et andet barns notat", "99887766", mother.phone, "mette@example.dk"):
        assert absent not in everything


def test_the_parents_package_holds_every_record_field_by_field(users):
    records = full_history(users[roles.JOBCENTER_CONSULTANT])
    mother, youth = records["mother"], records["youth"]

    archive, data, text = _open(insight_package_create(person=mother, actor=users[roles.PROJECT_LEADER]))

    items = _items(data)
    assert set(items) == {
        _key(mother),
        _key(records["contact"]),
        _key(records["consent"]),
        _key(records["enrollment"]),
        _key(records["sms_to_mother"]),
    }
    for name in ("mother", "contact", "consent"):
        assert items[_key(records[name])]["fields"] == _stored(records[name])
    message = _stored(records["sms_to_mother"])
    del message["body_html"]
    assert items[_key(records["sms_to_mother"])]["fields"] == message
    enrollment = _stored(records["enrollment"])
    assert items[_key(records["enrollment"])]["fields"] == {
        name: enrollment[name] for name in ("course", "youth", "session_reminder", "reminder_parent")
    }
    assert archive.read(_document_name(records["consent"])) == SCAN
    assert "Det har vi registreret om Mette Indsigtsen" in text
    assert "mette@example.dk" in text
    # Her child's own case (journal, CV) is in the child's package, not hers.
    assert "Freja vil gerne arbejde i en butik." not in text + json.dumps(data, ensure_ascii=False)
    assert youth.full_name in text  # as her child


def test_making_a_package_is_itself_logged(users):
    youth = YouthFactory()
    leader = users[roles.PROJECT_LEADER]

    package = insight_package_create(person=youth, actor=leader, remote_addr="10.0.0.7")

    entry = trail_of(youth).get(action=LogEntry.Action.ACCESS)
    assert (entry.action, entry.actor, entry.remote_addr) == (LogEntry.Action.ACCESS, leader, "10.0.0.7")
    assert entry.additional_data == {"insight": "web", "export": package.filename}


def test_the_case_page_offers_the_package_and_downloads_it(client, users):
    records = full_history(users[roles.JOBCENTER_CONSULTANT])
    youth = records["youth"]
    client.force_login(users[roles.PROJECT_LEADER])
    url = reverse("fritidsjob:youth_insight", args=[youth.pk])

    assert reverse("fritidsjob:youth_insight", args=[youth.pk]) in client.get(youth.get_absolute_url()).text
    page = client.get(url)
    response = client.post(url)

    assert page.status_code == 200 and "Hent indsigtspakke" in page.text
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="indsigt-ung-{youth.pk}-{timezone.localdate():%Y-%m-%d}.zip"'
    )
    assert "no-store" in response["Cache-Control"]
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()[:2] == ["indsigt.pdf", "data.json"]
    purposes = [
        entry.additional_data
        for entry in trail_of(youth).filter(action=LogEntry.Action.ACCESS, actor=users[roles.PROJECT_LEADER])
    ]
    # Newest first: the download (its own entry, no page entry), then the page.
    assert purposes[0]["insight"] == "web"
    assert purposes[1] == {"page": url}


def test_the_parent_page_offers_the_package(client, users):
    parent = ParentFactory()
    client.force_login(users[roles.ADMINISTRATOR])
    url = reverse("foraeldre:parent_insight", args=[parent.pk])

    assert url in client.get(parent.get_absolute_url()).text
    assert f"Indsigt for {parent.full_name}" in client.get(url).text
    response = client.post(url)

    assert response.status_code == 200
    assert json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("data.json"))["person"]["type"] == "foraelder"


@pytest.mark.parametrize("role", [roles.JOBCENTER_CONSULTANT, roles.YOUTH_SCHOOL, roles.FUNDER, roles.MENTOR])
def test_only_the_project_leader_and_the_administrator_make_packages(client, users, role):
    youth = YouthFactory()
    client.force_login(users[role])

    response = client.post(reverse("fritidsjob:youth_insight", args=[youth.pk]))

    assert response.status_code == 403
    assert not trail_of(youth).filter(action=LogEntry.Action.ACCESS).exists()


def test_the_command_writes_the_package_by_import_reference_or_id(tmp_path, users):
    records = full_history(users[roles.JOBCENTER_CONSULTANT])
    out = tmp_path / "freja.zip"
    mother_out = tmp_path / "mette.zip"

    call_command("indsigt", "ung", "UNG-IND-1", "--out", str(out), stdout=io.StringIO())
    call_command("indsigt", "foraelder", f"id:{records['mother'].pk}", "--out", str(mother_out), stdout=io.StringIO())

    assert json.loads(zipfile.ZipFile(out).read("data.json"))["person"]["id"] == records["youth"].pk
    assert json.loads(zipfile.ZipFile(mother_out).read("data.json"))["person"]["name"] == "Mette Indsigtsen"
    entry = trail_of(records["youth"]).filter(action=LogEntry.Action.ACCESS).first()
    assert (entry.actor, entry.additional_data["insight"]) == (None, "kommandolinje")


@pytest.mark.parametrize("reference", ["UKENDT", "id:999999", "id:abc", "id:", ""])
def test_the_command_refuses_an_unknown_person_in_danish(tmp_path, reference):
    with pytest.raises(CommandError, match="Ingen ung med referencen"):
        call_command("indsigt", "ung", reference, "--out", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()
    assert not Youth.objects.exists() and not Parent.objects.exists()
