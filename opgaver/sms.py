"""SMS through a small backend interface, chosen by settings.SMS_BACKEND.

The console and file backends are for development and tests and say so;
production's default, DisabledSmsBackend, refuses to send, so an SMS reminder
fails visibly instead of pretending to go out. The real gateways, GatewayAPI and
CPSMS, are HttpSmsBackend subclasses. A backend raises SmsTemporaryError for what
may work later (gateway down, a timeout, rate limited: the delivery machinery
retries with backoff) and SmsError otherwise (a bad number, a 4xx: never retried).

Before a gateway is called, the number is normalised to a valid Danish (or
+-prefixed foreign) number and the message's parts are counted (GSM-7 or UCS-2);
a message over SMS_MAX_PARTS is refused. Delivery receipts come back through
opgaver.views.SmsReceiptView and each backend's `receipt` reads its gateway's format.
"""

import json
import math
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import phonenumbers
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway refused the message; sending it again will not help."""


class SmsTemporaryError(SmsError):
    """The gateway could not take the message now; try again later."""


class BaseSmsBackend:
    #: False for a backend that can't send at all: rules then choose e-mail.
    enabled = True

    def send(self, *, to: str, body: str) -> str:
        """Send one SMS; return the gateway's message id. Raise SmsError / SmsTemporaryError."""
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: writes the SMS to standard output."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str) -> str:
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        self.stream.write(f"SMS til {to} ({message_id}):\n{body}\n{'-' * 40}\n")
        self.stream.flush()
        return message_id


class FileSmsBackend(BaseSmsBackend):
    """Development and tests: appends each SMS as one JSON line to SMS_FILE_PATH/sms.jsonl."""

    _lock = threading.Lock()

    def __init__(self, file_path: str | None = None):
        self.directory = Path(file_path or settings.SMS_FILE_PATH)

    @property
    def path(self) -> Path:
        return self.directory / "sms.jsonl"

    def send(self, *, to: str, body: str) -> str:
        message_id = f"file-{uuid.uuid4().hex[:12]}"
        line = json.dumps({"id": message_id, "to": to, "body": body, "at": timezone.now().isoformat()})
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")
        return message_id

    def messages(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line]


class DisabledSmsBackend(BaseSmsBackend):
    """No SMS provider is set up: every SMS fails with a message staff can act on."""

    enabled = False

    def send(self, *, to: str, body: str) -> str:
        raise SmsError("Der er ikke sat en SMS-udbyder op (SMS_BACKEND), så SMS'en kan ikke sendes.")


# --- numbers and message parts ----------------------------------------------------------

# GSM 03.38: the basic alphabet (one septet each; Danish æ, ø, å are in it) and the
# extension table (an escape and a septet each). Anything else makes the message UCS-2.
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")
# Characters per part: one part alone, or each part of a concatenated message (its header takes the rest).
GSM7_SINGLE, GSM7_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


@dataclass(frozen=True)
class MessageParts:
    encoding: str  # "GSM-7" or "UCS-2"
    length: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int


def message_parts(body: str) -> MessageParts:
    """How the gateway will encode `body` and into how many parts (each billed as one SMS)."""
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in body):
        length = sum(2 if char in GSM7_EXTENSION else 1 for char in body)
        single, multi, encoding = GSM7_SINGLE, GSM7_MULTI, "GSM-7"
    else:
        length = len(body.encode("utf-16-le")) // 2  # an emoji is two code units
        single, multi, encoding = UCS2_SINGLE, UCS2_MULTI, "UCS-2"
    parts = 1 if length <= single else math.ceil(length / multi)
    return MessageParts(encoding=encoding, length=length, parts=parts)


def check_parts(body: str) -> MessageParts:
    counted = message_parts(body)
    if counted.parts > settings.SMS_MAX_PARTS:
        raise SmsError(
            f"SMS'en er for lang: {counted.parts} dele ({counted.length} tegn, {counted.encoding}); "
            f"højst {settings.SMS_MAX_PARTS} dele er tilladt."
        )
    return counted


def normalise_number(raw: str) -> str:
    """The number in E.164 (+4520304050): Danish when it has no country code. SmsError if invalid."""
    try:
        number = phonenumbers.parse(raw, "DK")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise SmsError(f"Telefonnummeret {raw!r} er ikke et gyldigt telefonnummer.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- the real gateways -------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    """A gateway's delivery receipt: True delivered, False failed for good, None still under way."""

    message_id: str
    delivered: bool | None
    status: str


class HttpSmsBackend(BaseSmsBackend):
    """A gateway reached over HTTPS with httpx; subclasses build the request and read the answers."""

    #: The gateway's part of the receipt URL (opgaver:sms_receipt).
    name = ""

    def send(self, *, to: str, body: str) -> str:
        msisdn = normalise_number(to)
        counted = check_parts(body)
        try:
            response = self.post(msisdn=msisdn, body=body, counted=counted)
        except httpx.TimeoutException as error:
            raise SmsTemporaryError(f"SMS-udbyderen svarede ikke inden for {settings.SMS_HTTP_TIMEOUT:g} s.") from error
        except httpx.TransportError as error:
            raise SmsTemporaryError(f"SMS-udbyderen kunne ikke nås: {error}") from error
        if response.status_code >= 500 or response.status_code == 429:
            raise SmsTemporaryError(f"SMS-udbyderen svarede {response.status_code}: {response.text[:300]}")
        if response.status_code >= 400:
            raise SmsError(f"SMS-udbyderen afviste SMS'en ({response.status_code}): {response.text[:300]}")
        return self.message_id(response)

    def post(self, *, msisdn: str, body: str, counted: MessageParts) -> httpx.Response:
        raise NotImplementedError

    def message_id(self, response: httpx.Response) -> str:
        raise NotImplementedError

    @classmethod
    def receipt(cls, *, query: dict, body: bytes) -> Receipt:
        """The receipt in the gateway's request; ValueError if it is not one."""
        raise NotImplementedError

    def receipt_url(self) -> str:
        """Where the gateway sends receipts, with the secret token; empty: no receipts asked for."""
        if not settings.SMS_WEBHOOK_TOKEN:
            return ""
        path = reverse("opgaver:sms_receipt", kwargs={"gateway": self.name})
        return f"{settings.SITE_URL}{path}?token={settings.SMS_WEBHOOK_TOKEN}"

    @staticmethod
    def json(response: httpx.Response) -> dict:
        try:
            data = response.json()
        except ValueError as error:
            raise SmsTemporaryError(f"SMS-udbyderen svarede ikke med JSON: {response.text[:300]}") from error
        if not isinstance(data, dict):
            raise SmsTemporaryError(f"SMS-udbyderen svarede uventet: {response.text[:300]}")
        return data


class GatewayApiSmsBackend(HttpSmsBackend):
    """GatewayAPI (gatewayapi.eu): POST /rest/mtsms with the account's API token.

    The answer holds the message's id; the receipt (a JSON POST) names it again.
    """

    name = "gatewayapi"
    FAILED = {"UNDELIVERABLE", "REJECTED", "EXPIRED", "DELETED", "SKIPPED"}

    def post(self, *, msisdn: str, body: str, counted: MessageParts) -> httpx.Response:
        if not settings.GATEWAYAPI_TOKEN:
            raise SmsError("GATEWAYAPI_TOKEN er ikke sat, så SMS'en kan ikke sendes.")
        payload = {
            "sender": settings.SMS_SENDER,
            "message": body,
            "recipients": [{"msisdn": int(msisdn.lstrip("+"))}],
        }
        if counted.encoding == "UCS-2":
            payload["encoding"] = "UCS2"
        if callback := self.receipt_url():
            payload["callback_url"] = callback
        return httpx.post(
            settings.GATEWAYAPI_URL,
            json=payload,
            headers={"Authorization": f"Token {settings.GATEWAYAPI_TOKEN}"},
            timeout=settings.SMS_HTTP_TIMEOUT,
        )

    def message_id(self, response: httpx.Response) -> str:
        ids = self.json(response).get("ids") or []
        if not ids:
            raise SmsError(f"GatewayAPI svarede uden et beskedid: {response.text[:300]}")
        return str(ids[0])

    @classmethod
    def receipt(cls, *, query: dict, body: bytes) -> Receipt:
        data = json.loads(body or b"null")
        if not isinstance(data, dict) or "id" not in data or "status" not in data:
            raise ValueError("not a GatewayAPI receipt")
        status = str(data["status"]).upper()
        delivered = True if status == "DELIVERED" else (False if status in cls.FAILED else None)
        detail = " ".join(str(data[key]) for key in ("error", "code") if data.get(key))
        return Receipt(message_id=str(data["id"]), delivered=delivered, status=f"{status} {detail}".strip())


class CpsmsSmsBackend(HttpSmsBackend):
    """CPSMS (cpsms.dk): POST /v2/send with basic auth (user name and API key).

    CPSMS answers without an id of its own, so the message carries our reference,
    which its receipt (a GET to dlr_url with status, receiver, reference) names again.
    """

    name = "cpsms"
    DELIVERED, FAILED = "1", "2"

    def post(self, *, msisdn: str, body: str, counted: MessageParts) -> httpx.Response:
        if not (settings.CPSMS_USERNAME and settings.CPSMS_API_KEY):
            raise SmsError("CPSMS_USERNAME og CPSMS_API_KEY er ikke sat, så SMS'en kan ikke sendes.")
        self.reference = f"fj-{uuid.uuid4().hex[:20]}"
        payload = {
            "to": msisdn.lstrip("+"),
            "message": body,
            "from": settings.SMS_SENDER,
            "reference": self.reference,
            "format": "UNICODE" if counted.encoding == "UCS-2" else "GSM",
        }
        if callback := self.receipt_url():
            payload["dlr_url"] = callback
        return httpx.post(
            settings.CPSMS_URL,
            json=payload,
            auth=(settings.CPSMS_USERNAME, settings.CPSMS_API_KEY),
            timeout=settings.SMS_HTTP_TIMEOUT,
        )

    def message_id(self, response: httpx.Response) -> str:
        data = self.json(response)
        if data.get("error") or not data.get("success"):
            # CPSMS may name a refused recipient in a 200 answer.
            raise SmsError(f"CPSMS afviste SMS'en: {response.text[:300]}")
        return self.reference

    @classmethod
    def receipt(cls, *, query: dict, body: bytes) -> Receipt:
        if not query.get("reference") or not query.get("status"):
            raise ValueError("not a CPSMS receipt")
        status = str(query["status"])
        delivered = True if status == cls.DELIVERED else (False if status == cls.FAILED else None)
        return Receipt(message_id=str(query["reference"]), delivered=delivered, status=f"CPSMS status {status}")


GATEWAYS = {backend.name: backend for backend in (GatewayApiSmsBackend, CpsmsSmsBackend)}


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_enabled() -> bool:
    return import_string(settings.SMS_BACKEND).enabled
