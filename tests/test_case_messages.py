# ruff: noqa: F811 (the clock fixture is imported, then named as a parameter)
"""Issue 19, item 4: an SMS or e-mail to the young person or a parent from the case page."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from core.audit import trail_of
from fritidsjob import roles
from opgaver import sms
from opgaver.models import Delivery, DeliveryStatus

from .clock import clock as controlled_clock  # noqa: F401
from .factories import YouthFactory
from .factories_foraeldre import ParentFactory

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def sms_file(settings, tmp_path):
    settings.SMS_BACKEND = "opgaver.sms.FileSmsBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    return sms.FileSmsBackend(file_path=str(tmp_path))


@pytest.fixture
def ida():
    youth = YouthFactory(first_name="Ida", last_name="Holm", phone="20304050", email="ida@example.dk")
    ParentFactory(first_name="Hanne", last_name="Holm", phone="30405060", has_custody=True, children=[youth])
    ParentFactory(first_name="Uden", last_name="Myndighed", phone="40506070", has_custody=False, children=[youth])
    return youth


def send(client, youth, **data):
    url = reverse("opgaver:case_message", args=[youth.pk])
    return client.post(url, {"channel": "sms", "request_key": str(uuid.uuid4()), **data})


def test_the_form_offers_the_young_person_and_parents_with_custody_and_warns(consultant_client, ida):
    html = consultant_client.get(reverse("opgaver:case_message", args=[ida.pk])).content.decode()
    assert "Ida Holm, Den unge" in html and "Hanne Holm" in html and "Uden Myndighed" not in html
    assert "aldrig følsomme oplysninger" in html


def test_an_sms_from_a_template_goes_through_the_file_backend_and_onto_the_timeline_and_audit_trail(
    consultant_client,
    ida,
    sms_file,
    controlled_clock,
    django_capture_on_commit_callbacks,
):
    controlled_clock.current = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(consultant_client, ida, recipient="ung", template="ring")
    assert response["Location"] == ida.get_absolute_url()
    assert [(m["to"], m["body"]) for m in sms_file.messages()] == [
        ("20304050", "Hej Ida. Vil du ringe til mig, når du har tid? Venlig hilsen konsulent, Fritidsjob")
    ]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.reminder, delivery.sent_by.username) == (DeliveryStatus.SENT, None, "konsulent")
    page = consultant_client.get(ida.get_absolute_url()).content.decode()
    assert "SMS til ung (sendt)" in page and "Vil du ringe til mig" in page
    assert trail_of(ida).filter(action=LogEntry.Action.CREATE, content_type__model="delivery").count() == 1


def test_the_same_form_sent_twice_sends_once(
    consultant_client,
    ida,
    sms_file,
    controlled_clock,
    django_capture_on_commit_callbacks,
):
    controlled_clock.current = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    key = str(uuid.uuid4())
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            send(
                consultant_client,
                ida,
                recipient=f"foraelder-{ida.parents.get(has_custody=True).pk}",
                text="Husk mødet på torsdag",
                request_key=key,
            )
    assert [m["to"] for m in sms_file.messages()] == ["30405060"]
    assert Delivery.objects.count() == 1


def test_an_sms_at_night_waits_for_the_morning(
    consultant_client,
    consultant,
    ida,
    sms_file,
    controlled_clock,
    django_capture_on_commit_callbacks,
):
    controlled_clock.current = datetime.datetime(2026, 12, 3, 21, 30, tzinfo=CPH)
    consultant_client.force_login(consultant)  # signed in at that hour: the idle limit counts from the sign-in
    with django_capture_on_commit_callbacks(execute=True):
        send(consultant_client, ida, recipient="ung", text="Husk i morgen")
    assert sms_file.messages() == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.send_after == datetime.datetime(2026, 12, 4, 8, 0, tzinfo=CPH)


def test_an_email_is_sent_with_the_templates_subject(
    consultant_client,
    ida,
    controlled_clock,
    django_capture_on_commit_callbacks,
):
    controlled_clock.current = datetime.datetime(2026, 12, 3, 10, 0, tzinfo=CPH)
    with django_capture_on_commit_callbacks(execute=True):
        send(consultant_client, ida, recipient="ung", channel="email", template="tak")
    assert [(m.to, m.subject) for m in mail.outbox] == [(["ida@example.dk"], "Tak for i dag")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recipient": "ung", "text": ""}, "Skriv en besked, eller vælg en skabelon."),
        ({"recipient": "ung", "text": "Dit CPR 010203-1234"}, "ligner et CPR-nummer"),
        ({"recipient": "ung", "text": "x" * 500}, "højst være 459 tegn"),
        ({"recipient": "nogen-andre", "text": "Hej"}, "gyldig"),
    ],
)
def test_bad_input_sends_nothing_and_says_why(consultant_client, ida, data, message):
    response = send(consultant_client, ida, **data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Delivery.objects.count() == 0


def test_no_phone_no_sms(consultant_client, sms_file):
    youth = YouthFactory(phone="", email="kun@example.dk")
    response = send(consultant_client, youth, recipient="ung", text="Hej")
    assert "har ingen telefon" in response.content.decode()
    assert Delivery.objects.count() == 0


def test_another_role_cannot_send(client, users, ida):
    client.force_login(users[roles.FUNDER])
    assert send(client, ida, recipient="ung", text="Hej").status_code == 403
    client.force_login(users[roles.JOBCENTER_CONSULTANT])
    assert client.post(reverse("opgaver:case_message", args=[999999]), {}).status_code == 404
