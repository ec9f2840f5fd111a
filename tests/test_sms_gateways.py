"""The real SMS gateways (GatewayAPI, CPSMS) over real HTTP, numbers, message parts and delivery receipts.

Each gateway is a scripted server on 127.0.0.1 (tests/provider_server.py) answering in
the gateway's documented format; the app's httpx client and the delivery machinery
run for real on a controlled clock.
"""

import datetime
import logging
from urllib.parse import parse_qs, urlsplit

import pytest

from opgaver import channels, services, sms
from opgaver.models import Channel, Delivery, DeliveryStatus, ReceiptStatus, RecipientKind

from .factories_opgaver import DeliveryFactory
from .provider_server import Answer, serve_provider

NOW = datetime.datetime(2024, 5, 6, 10, 0, tzinfo=channels.COPENHAGEN)  # a Monday morning: no quiet hours
TOKEN = "receipt-secret"
# The answers as GatewayAPI (https://gatewayapi.com/docs/apis/rest/) and CPSMS
# (https://api.cpsms.dk/documentation/index.html) document them.
GATEWAYAPI_OK = Answer(
    json={"ids": [421332671], "usage": {"countries": {"DK": 1}, "currency": "DKK", "total_cost": 0.12}}
)
CPSMS_OK = Answer(json={"success": [[{"to": "4520304050", "price": "1", "countryCode": "1"}]]})


@pytest.fixture
def gateway_settings(settings):
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    settings.SITE_URL = "https://fritidsjob.example.dk"
    settings.SMS_SENDER = "Fritidsjob"
    settings.SMS_HTTP_TIMEOUT = 0.5  # the real default is 3 s; the timeout tests need not wait that long
    return settings


@pytest.fixture
def gatewayapi(gateway_settings):
    with serve_provider() as provider:
        gateway_settings.SMS_BACKEND = "opgaver.sms.GatewayApiSmsBackend"
        gateway_settings.GATEWAYAPI_URL = f"{provider.url}/rest/mtsms"
        gateway_settings.GATEWAYAPI_TOKEN = "gw-token"
        provider.default = GATEWAYAPI_OK
        yield provider


@pytest.fixture
def cpsms(gateway_settings):
    with serve_provider() as provider:
        gateway_settings.SMS_BACKEND = "opgaver.sms.CpsmsSmsBackend"
        gateway_settings.CPSMS_URL = f"{provider.url}/v2/send"
        gateway_settings.CPSMS_USERNAME = "viborg"
        gateway_settings.CPSMS_API_KEY = "cp-key"
        provider.default = CPSMS_OK
        yield provider


@pytest.fixture(params=["gatewayapi", "cpsms"])
def gateway(request):
    return request.getfixturevalue(request.param)


def sms_delivery(**fields) -> Delivery:
    values = {
        "channel": Channel.SMS,
        "recipient_kind": RecipientKind.YOUTH,
        "to": "20 30 40 50",
        "subject": "",
        "body_text": "Hej Ida! Husk mødet på jobcentret i morgen kl. 15. Hilsen Karen",
        "send_after": NOW,
        **fields,
    }
    return DeliveryFactory(**values)


def send(delivery, now=NOW) -> services.SendOutcome:
    outcome = services.delivery_send(delivery=delivery, now=now)
    delivery.refresh_from_db()
    return outcome


# --- numbers and parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("20304050", "+4520304050"),
        ("20 30 40 50", "+4520304050"),
        ("+45 20 30 40 50", "+4520304050"),
        ("004520304050", "+4520304050"),
        ("+46 70 123 45 67", "+46701234567"),  # a Swedish mobile stays Swedish
    ],
)
def test_numbers_are_normalised_to_e164_danish_by_default(raw, normalised):
    assert sms.normalise_number(raw) == normalised


@pytest.mark.parametrize("raw", ["1234", "2030405", "203040506", "abc", "", "+45 00 00 00 00"])
def test_an_invalid_number_is_refused_with_a_danish_message(raw):
    with pytest.raises(sms.SmsError, match="ikke et gyldigt telefonnummer"):
        sms.normalise_number(raw)


@pytest.mark.parametrize(
    ("body", "encoding", "length", "parts"),
    [
        ("Hej Åse, vi ses på Ærø", "GSM-7", 22, 1),  # æ, ø, å are in the GSM alphabet
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # the extension table costs two septets a character
        ("€" * 81, "GSM-7", 162, 2),
        ("ü" * 10 + "ł", "UCS-2", 11, 1),  # one character outside the alphabet makes it all UCS-2
        ("ł" * 70, "UCS-2", 70, 1),
        ("ł" * 71, "UCS-2", 71, 2),
        ("ł" * 134, "UCS-2", 134, 2),
        ("ł" * 135, "UCS-2", 135, 3),
        ("Hej 😀", "UCS-2", 6, 1),  # an emoji is two UTF-16 code units
    ],
)
def test_message_parts_are_counted_by_encoding(body, encoding, length, parts):
    assert sms.message_parts(body) == sms.MessageParts(encoding=encoding, length=length, parts=parts)


def test_a_message_over_the_parts_cap_is_refused_before_the_gateway_is_called(db, gateway, settings):
    settings.SMS_MAX_PARTS = 3
    delivery = sms_delivery(body_text="a" * (3 * 153 + 1))

    assert send(delivery) is services.SendOutcome.FAILED
    assert delivery.status == DeliveryStatus.FAILED
    assert "4 dele" in delivery.last_error and "højst 3" in delivery.last_error
    assert gateway.requests == []


def test_an_invalid_number_fails_for_good_without_calling_the_gateway(db, gateway):
    delivery = sms_delivery(to="1234")

    assert send(delivery) is services.SendOutcome.FAILED
    assert delivery.attempts == 1
    assert "ikke et gyldigt telefonnummer" in delivery.last_error
    assert gateway.requests == []


# --- GatewayAPI ----------------------------------------------------------------------------------


def test_gatewayapi_accepts_the_message(db, gatewayapi):
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.SENT
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.provider_message_id == "421332671"
    [request] = gatewayapi.requests
    assert (request.method, request.path) == ("POST", "/rest/mtsms")
    assert request.headers["authorization"] == "Token gw-token"
    payload = request.json()
    assert payload["userref"].startswith(f"fj-{delivery.pk}-") and len(payload["userref"]) <= 32
    assert payload == {
        "sender": "Fritidsjob",
        "message": "Hej Ida! Husk mødet på jobcentret i morgen kl. 15. Hilsen Karen",
        "recipients": [{"msisdn": 4520304050}],
        "userref": payload["userref"],
        "max_parts": 3,
        "callback_url": f"https://fritidsjob.example.dk/opgaver/sms/kvittering/gatewayapi/?token={TOKEN}",
    }


def test_gatewayapi_is_told_when_the_message_needs_ucs2(db, gatewayapi):
    send(sms_delivery(body_text="Godt gået 👍"))

    assert gatewayapi.requests[0].json()["encoding"] == "UCS2"


def test_without_a_webhook_token_no_receipts_are_asked_for(db, gatewayapi, settings):
    settings.SMS_WEBHOOK_TOKEN = ""
    send(sms_delivery())

    assert "callback_url" not in gatewayapi.requests[0].json()


# --- both gateways: refusals, errors, timeouts ------------------------------------------------------

REJECTIONS = {
    # GatewayAPI's error body (its docs: code, message with %1 placeholders, variables, incident_uuid).
    "gatewayapi": Answer(
        status=400,
        json={
            "code": "0x0215",
            "incident_uuid": "d8127429-fa0c-4316-b1f2-e610c3958f43",
            "message": "MSISDN %1 blacklisted",
            "variables": ["4520304050"],
        },
    ),
    "cpsms": Answer(status=400, json={"error": {"code": 400, "message": "Invalid recipient"}}),
}
REJECTED_IN_WORDS = {"gatewayapi": "0x0215 MSISDN %1 blacklisted", "cpsms": "400 Invalid recipient"}


@pytest.fixture
def gateway_name(gateway, request):
    return request.node.callspec.params["gateway"]


def test_a_4xx_rejection_fails_at_once_and_is_not_retried(db, gateway, gateway_name):
    gateway.script = [REJECTIONS[gateway_name]]
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.FAILED
    assert delivery.status == DeliveryStatus.FAILED
    assert "afviste" in delivery.last_error and REJECTED_IN_WORDS[gateway_name] in delivery.last_error
    assert "4520304050" not in delivery.last_error  # the gateway's words, never its raw body
    assert len(gateway.requests) == 1
    assert delivery in Delivery.objects.failed_unresolved()


def test_a_5xx_is_retried_with_backoff_and_then_sent(db, gateway):
    gateway.script = [Answer(status=503, text="Service Unavailable")]
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.RETRY
    assert delivery.status == DeliveryStatus.PENDING
    assert "503" in delivery.last_error
    assert delivery.send_after == NOW + datetime.timedelta(seconds=services.retry_delay(1))

    assert send(delivery, now=delivery.send_after) is services.SendOutcome.SENT
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.attempts == 2
    assert len(gateway.requests) == 2


def test_a_timeout_after_the_gateway_got_the_request_is_not_resent_but_left_for_staff(db, gateway):
    # The gateway got the request (and may well send the SMS) but answers after the client gave up
    # (0.5 s in these tests). Neither gateway refuses a repeat, so sending again could send it twice.
    gateway.script = [Answer(delay=1.5, json=gateway.default.json)]
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.FAILED
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error.startswith("Ukendt, om SMS'en blev sendt:")
    assert "svarede ikke inden for 0.5 s" in delivery.last_error
    assert delivery.provider_message_id.startswith(f"fj-{delivery.pk}-")  # the reference it was sent with
    assert delivery in Delivery.objects.failed_unresolved()
    # Beat's sweep does not pick it up again, and neither does a second run of the task.
    assert services.deliveries_due(now=NOW + datetime.timedelta(hours=1)) == []
    assert send(delivery, now=NOW + datetime.timedelta(hours=1)) is services.SendOutcome.SKIPPED
    assert len(gateway.requests) == 1


def test_a_connection_dropped_after_the_request_went_out_is_uncertain_too(db, gateway):
    gateway.script = [Answer(drop=True)]
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.FAILED
    assert delivery.last_error.startswith("Ukendt, om SMS'en blev sendt: Forbindelsen til")
    assert len(gateway.requests) == 1


def late_receipt(client, gateway, gateway_name: str, status: str):
    """The gateway calls the receipt URL for the SMS it got (naming the reference it was sent with)."""
    sent = gateway.requests[-1].json()
    if gateway_name == "gatewayapi":
        code = {"delivered": "DELIVERED", "failed": "UNDELIVERABLE"}[status]
        body = {**gatewayapi_receipt(code, message_id=421332999), "userref": sent["userref"]}
        return client.post(receipt_url("gatewayapi"), body, content_type="application/json")
    callback = urlsplit(sent["dlr_url"])
    code = {"delivered": "1", "failed": "2"}[status]
    return client.get(f"{callback.path}?{callback.query}&status={code}&receiver=4520304050")


@pytest.mark.parametrize("status", ["delivered", "failed"])
def test_a_late_receipt_settles_an_sms_whose_send_was_uncertain(db, client, gateway, gateway_name, status):
    gateway.script = [Answer(delay=1.5, json=gateway.default.json)]
    delivery = sms_delivery()
    send(delivery)

    assert late_receipt(client, gateway, gateway_name, status).status_code == 200
    delivery.refresh_from_db()
    if status == "delivered":
        # It went out after all: sent, delivered, and no longer on the list of failures.
        assert (delivery.status, delivery.receipt, delivery.last_error) == (
            DeliveryStatus.SENT,
            ReceiptStatus.DELIVERED,
            "",
        )
        assert delivery not in Delivery.objects.failed_unresolved()
    else:
        # Now it is certain it did not arrive: staff may send it again without a second copy.
        assert (delivery.status, delivery.receipt) == (DeliveryStatus.FAILED, ReceiptStatus.UNDELIVERED)
        assert "kunne ikke levere SMS'en" in delivery.last_error
    assert len(gateway.requests) == 1


def test_an_unreachable_gateway_is_retried(db, gateway, settings):
    settings.GATEWAYAPI_URL = settings.CPSMS_URL = "http://127.0.0.1:9/"  # nothing listens there
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.RETRY
    assert "kunne ikke nås" in delivery.last_error  # no connection: the gateway never saw it, so try again


def test_missing_credentials_fail_visibly(db, gateway, settings):
    settings.GATEWAYAPI_TOKEN = settings.CPSMS_API_KEY = ""
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.FAILED
    assert "er ikke sat" in delivery.last_error
    assert gateway.requests == []


# --- CPSMS ---------------------------------------------------------------------------------------


def test_cpsms_accepts_the_message_with_our_reference(db, cpsms):
    delivery = sms_delivery(body_text="Hej Ida 😀")

    assert send(delivery) is services.SendOutcome.SENT
    [request] = cpsms.requests
    assert (request.method, request.path) == ("POST", "/v2/send")
    assert request.basic_auth == ("viborg", "cp-key")
    payload = request.json()
    assert payload["to"] == "4520304050"
    assert payload["from"] == "Fritidsjob"
    assert payload["format"] == "UNICODE"
    assert payload["reference"].startswith(f"fj-{delivery.pk}-") and len(payload["reference"]) <= 32
    assert payload["dlr_url"] == (
        f"https://fritidsjob.example.dk/opgaver/sms/kvittering/cpsms/?token={TOKEN}&reference={payload['reference']}"
    )
    assert delivery.provider_message_id == payload["reference"]


def test_cpsms_refusing_a_recipient_in_a_200_answer_fails_the_message(db, cpsms):
    cpsms.script = [Answer(json={"error": [{"to": "4520304050", "code": 411, "message": "Invalid number"}]})]
    delivery = sms_delivery()

    assert send(delivery) is services.SendOutcome.FAILED
    assert "CPSMS afviste" in delivery.last_error


# --- delivery receipts -----------------------------------------------------------------------------


def receipt_url(gateway: str, token: str = TOKEN) -> str:
    return f"/opgaver/sms/kvittering/{gateway}/?token={token}"


def sent_delivery(message_id="421332671", **fields) -> Delivery:
    return sms_delivery(status=DeliveryStatus.SENT, sent_at=NOW, provider_message_id=message_id, **fields)


def gatewayapi_receipt(status: str, message_id=421332671) -> dict:
    """GatewayAPI's delivery status webhook body (its docs: id, msisdn, time, status, error, code, userref)."""
    return {
        "id": message_id,
        "msisdn": 4520304050,
        "time": 1714982400,
        "status": status,
        "error": None,
        "code": None,
        "userref": None,
    }


def test_a_receipt_without_the_right_token_is_refused(db, client, settings):
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    delivery = sent_delivery()
    body = gatewayapi_receipt("DELIVERED")

    for url in (receipt_url("gatewayapi", "wrong"), "/opgaver/sms/kvittering/gatewayapi/"):
        assert client.post(url, body, content_type="application/json").status_code == 403
    settings.SMS_WEBHOOK_TOKEN = ""
    assert client.post(receipt_url("gatewayapi", ""), body, content_type="application/json").status_code == 403
    delivery.refresh_from_db()
    assert delivery.receipt == ""


def test_a_receipt_for_an_unknown_gateway_or_in_a_wrong_format_is_refused(db, client, settings):
    settings.SMS_WEBHOOK_TOKEN = TOKEN

    assert client.post(receipt_url("twilio"), {}, content_type="application/json").status_code == 404
    assert client.post(receipt_url("gatewayapi"), "not json", content_type="text/plain").status_code == 400
    assert client.post(receipt_url("gatewayapi"), {"id": 1}, content_type="application/json").status_code == 400
    assert client.get(receipt_url("cpsms")).status_code == 400


def test_a_delivered_receipt_is_recorded_once(db, client, settings):
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    delivery = sent_delivery()
    body = gatewayapi_receipt("DELIVERED")

    assert client.post(receipt_url("gatewayapi"), body, content_type="application/json").status_code == 200
    delivery.refresh_from_db()
    assert (delivery.status, delivery.receipt) == (DeliveryStatus.SENT, ReceiptStatus.DELIVERED)
    first = Delivery.objects.filter(pk=delivery.pk).values().get()

    # The same receipt again (the gateway was not sure we got it) changes nothing.
    assert client.post(receipt_url("gatewayapi"), body, content_type="application/json").status_code == 200
    assert Delivery.objects.filter(pk=delivery.pk).values().get() == first
    receipt = sms.GatewayApiSmsBackend.receipt(query={}, body=b'{"id": 421332671, "status": "DELIVERED"}')
    assert services.delivery_receipt_record(receipt=receipt, now=NOW) is False


def test_a_failed_receipt_makes_the_message_failed_for_staff_to_see(db, client, settings):
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    delivery = sent_delivery()
    body = gatewayapi_receipt("UNDELIVERABLE")

    assert client.post(receipt_url("gatewayapi"), body, content_type="application/json").status_code == 200
    delivery.refresh_from_db()
    assert (delivery.status, delivery.receipt, delivery.sent_at) == (
        DeliveryStatus.FAILED,
        ReceiptStatus.UNDELIVERED,
        None,
    )
    assert "kunne ikke levere SMS'en (UNDELIVERABLE)" in delivery.last_error
    assert list(Delivery.objects.failed_unresolved()) == [delivery]
    first = Delivery.objects.filter(pk=delivery.pk).values().get()

    assert client.post(receipt_url("gatewayapi"), body, content_type="application/json").status_code == 200
    assert Delivery.objects.filter(pk=delivery.pk).values().get() == first

    # Staff send it again: the new attempt waits for its own receipt.
    services.delivery_retry(delivery=delivery, now=NOW)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.receipt, delivery.provider_message_id) == (DeliveryStatus.PENDING, "", "")


def test_an_in_between_receipt_or_an_unknown_id_changes_nothing(db, client, settings):
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    delivery = sent_delivery()

    for body in (gatewayapi_receipt("ENROUTE"), gatewayapi_receipt("BUFFERED"), gatewayapi_receipt("DELIVERED", 99)):
        assert client.post(receipt_url("gatewayapi"), body, content_type="application/json").status_code == 200
    delivery.refresh_from_db()
    assert (delivery.status, delivery.receipt) == (DeliveryStatus.SENT, "")


@pytest.mark.parametrize(("status", "receipt"), [("1", ReceiptStatus.DELIVERED), ("2", ReceiptStatus.UNDELIVERED)])
def test_cpsms_receipts_come_as_a_query_string(db, client, settings, status, receipt):
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    delivery = sent_delivery(message_id="fj-abc123")

    # CPSMS calls the dlr_url it was given (which names our reference) with status and receiver added.
    url = f"{receipt_url('cpsms')}&reference=fj-abc123&status={status}&receiver=4520304050"
    assert client.get(url).status_code == 200
    delivery.refresh_from_db()
    assert delivery.receipt == receipt


def test_from_sending_to_the_receipt_through_the_url_the_gateway_was_given(db, client, gatewayapi):
    delivery = sms_delivery()
    send(delivery)

    callback = urlsplit(gatewayapi.requests[0].json()["callback_url"])
    token = parse_qs(callback.query)["token"][0]
    response = client.post(
        f"{callback.path}?token={token}",
        gatewayapi_receipt("DELIVERED", int(delivery.provider_message_id)),
        content_type="application/json",
    )

    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.receipt == ReceiptStatus.DELIVERED


# --- quiet logs ------------------------------------------------------------------------------------


def test_sending_logs_neither_the_number_nor_the_token(db, gateway, caplog):
    # httpx logs every request's URL at INFO (settings.LOGGING quiets it): the webhook token rides
    # in the callback URL, a number could ride in a gateway's URL, the credentials in a header.
    caplog.set_level(logging.INFO)
    gateway.script = [Answer(status=503, text="down"), Answer(delay=1.5, json={})]  # a retry, then "ukendt"
    delivery = sms_delivery()

    send(delivery)
    send(delivery, now=delivery.send_after)
    send(sms_delivery())  # and one that goes out

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("20304050", "20 30 40 50", TOKEN, "gw-token", "cp-key"):
        assert secret not in logged
    assert not [record for record in caplog.records if record.name.startswith(("httpx", "httpcore"))]
