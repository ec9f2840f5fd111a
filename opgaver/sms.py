"""SMS through a small backend interface, chosen by settings.SMS_BACKEND.

The console and file backends are for development and tests and say so;
production's default, DisabledSmsBackend, refuses to send, so an SMS reminder
fails visibly instead of pretending to go out. The real gateways, GatewayAPI and
CPSMS, are HttpSmsBackend subclasses. A backend raises SmsTemporaryError for what
may work later and was certainly not sent (the gateway could not be reached, a
5xx, rate limited: the delivery machinery retries with backoff), SmsUncertainError
when the request may have reached the gateway but no answer came (a read timeout,
a dropped connection: never resent automatically, see below) and SmsError
otherwise (a bad number, a 4xx: never retried).

Before a gateway is called, the number is normalised to a valid Danish (or
+-prefixed foreign) number and the message's parts are counted (GSM-7 or UCS-2);
a message over SMS_MAX_PARTS is refused. Delivery receipts come back through
opgaver.views.SmsReceiptView and each backend's `receipt` reads its gateway's format.

No duplicate SMS after a timeout. Neither gateway documents idempotency: GatewayAPI's
`userref` and CPSMS's `reference` are our own labels, echoed in the receipts, not keys
the gateway refuses twice. So a retry after a timeout that came after the request was
sent could deliver the SMS twice. Such a send is therefore not retried: the delivery
fails as "ukendt" for staff to check (opgaver.services.delivery_send), and it keeps the
reference it was sent with, so a delivery receipt that arrives later still settles it.
Only errors that prove the gateway never got the request (no connection) and 5xx/429
answers (the gateway says it did not take the message) are retried.
"""

import json
import math
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
import phonenumbers
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The gateway refused the message; sending it again will not help."""


class SmsTemporaryError(SmsError):
    """The gateway could not take the message now, and certainly did not send it; try again later."""


class SmsUncertainError(SmsError):
    """The request may have reached the gateway, but no answer came: sending again could send it twice."""


class BaseSmsBackend:
    #: False for a backend that can't send at all: rules then choose e-mail.
    enabled = True

    def send(self, *, to: str, body: str, reference: str = "") -> str:
        """Send one SMS; return the gateway's message id. Raise SmsError / SmsTemporaryError / SmsUncertainError.

        `reference` is our own label for this attempt (new_reference()); a gateway that can carry one
        sends it along, and its receipts name it again."""
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Development: writes the SMS to standard output."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str, reference: str = "") -> str:
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

    def send(self, *, to: str, body: str, reference: str = "") -> str:
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

    def send(self, *, to: str, body: str, reference: str = "") -> str:
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


def new_reference(delivery_id: int) -> str:
    """Our label for one send attempt: unique (a new attempt after staff's "send igen" gets a new one), at
    most 32 characters (CPSMS's limit for `reference`)."""
    return f"fj-{delivery_id}-{uuid.uuid4().hex[:12]}"[:32]


@dataclass(frozen=True)
class Receipt:
    """A gateway's delivery receipt: True delivered, False failed for good, None still under way.

    `message_id` is the gateway's id for the message (or our reference where the gateway has no id of its
    own); `reference` is the label we sent with it, when the receipt names it."""

    message_id: str
    delivered: bool | None
    status: str
    reference: str = ""


class HttpSmsBackend(BaseSmsBackend):
    """A gateway reached over HTTPS with httpx; subclasses build the request and read the answers."""

    #: The gateway's part of the receipt URL (opgaver:sms_receipt).
    name = ""
    #: How staff read the gateway's name in an error.
    title = ""

    def send(self, *, to: str, body: str, reference: str = "") -> str:
        msisdn = normalise_number(to)
        counted = check_parts(body)
        reference = reference or f"fj-{uuid.uuid4().hex[:20]}"
        try:
            response = self.post(msisdn=msisdn, body=body, counted=counted, reference=reference)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError) as error:
            # No connection was made, so the gateway never saw the request: safe to try again.
            raise SmsTemporaryError(f"{self.title} kunne ikke nås ({type(error).__name__}).") from error
        except httpx.TimeoutException as error:
            # The request went out, the answer did not come back: the gateway may have taken it.
            raise SmsUncertainError(
                f"{self.title} svarede ikke inden for {settings.SMS_HTTP_TIMEOUT:g} s, efter at SMS'en var sendt "
                "af sted."
            ) from error
        except httpx.TransportError as error:
            raise SmsUncertainError(
                f"Forbindelsen til {self.title} blev afbrudt, efter at SMS'en var sendt af sted "
                f"({type(error).__name__})."
            ) from error
        if response.status_code >= 500 or response.status_code == 429:
            raise SmsTemporaryError(f"{self.title} svarede {response.status_code}{self.detail(response)}.")
        if response.status_code >= 400:
            raise SmsError(f"{self.title} afviste SMS'en ({response.status_code}){self.detail(response)}.")
        return self.message_id(response, reference=reference)

    def post(self, *, msisdn: str, body: str, counted: MessageParts, reference: str) -> httpx.Response:
        raise NotImplementedError

    def message_id(self, response: httpx.Response, *, reference: str) -> str:
        raise NotImplementedError

    def detail(self, response: httpx.Response) -> str:
        """The gateway's own words about an error, for staff; never the raw body (it may repeat the number)."""
        return ""

    @classmethod
    def receipt(cls, *, query: dict, body: bytes) -> Receipt:
        """The receipt in the gateway's request; ValueError if it is not one."""
        raise NotImplementedError

    def receipt_url(self, **params: str) -> str:
        """Where the gateway sends receipts, with the secret token; empty: no receipts asked for."""
        if not settings.SMS_WEBHOOK_TOKEN:
            return ""
        path = reverse("opgaver:sms_receipt", kwargs={"gateway": self.name})
        query = urlencode({"token": settings.SMS_WEBHOOK_TOKEN, **params})
        return f"{settings.SITE_URL}{path}?{query}"

    def json(self, response: httpx.Response) -> dict:
        """The JSON of a 2xx answer: one the gateway may have acted on, so an unreadable one is uncertain."""
        try:
            data = response.json()
        except ValueError as error:
            raise SmsUncertainError(f"{self.title} svarede ikke med JSON ({response.status_code}).") from error
        if not isinstance(data, dict):
            raise SmsUncertainError(f"{self.title} svarede uventet ({response.status_code}).")
        return data

    @staticmethod
    def error_json(response: httpx.Response) -> dict:
        try:
            data = response.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


class GatewayApiSmsBackend(HttpSmsBackend):
    """GatewayAPI: POST /rest/mtsms with the account's API token.

    Documented by GatewayAPI (read 2026-12): https://gatewayapi.com/docs/apis/rest/ (request, `userref`,
    `callback_url`, the answer {"ids": [...], "usage": {...}}, errors {"code": "0x0213", "message": ...,
    "variables": [...], "incident_uuid": ...} with 400/401/403/422/500), the delivery status webhook (a JSON
    POST {"id", "msisdn", "time", "status", "error", "code", "userref"}; final states DELIVERED, ACCEPTED,
    UNDELIVERABLE, REJECTED, EXPIRED, DELETED, SKIPPED; retried by GatewayAPI until we answer 2xx),
    https://gatewayapi.com/docs/authentication (`Authorization: Token <token>`), and the older edition in
    github.com/onlinecity/gatewayapi-docs docs/rest.rst (also `max_parts`). EU accounts use the host
    gatewayapi.eu, others gatewayapi.com (GATEWAYAPI_URL; the same split in Logto's GatewayAPI connector).
    The answer's id is kept; `userref` carries our reference, which the receipt names too.
    """

    name = "gatewayapi"
    title = "GatewayAPI"
    FAILED = {"UNDELIVERABLE", "REJECTED", "EXPIRED", "DELETED", "SKIPPED"}
    # ACCEPTED: "the mobile network has accepted the message on the end user's behalf" - a final state.
    DELIVERED = {"DELIVERED", "ACCEPTED"}

    def post(self, *, msisdn: str, body: str, counted: MessageParts, reference: str) -> httpx.Response:
        if not settings.GATEWAYAPI_TOKEN:
            raise SmsError("GATEWAYAPI_TOKEN er ikke sat, så SMS'en kan ikke sendes.")
        payload = {
            "sender": settings.SMS_SENDER,
            "message": body,
            "recipients": [{"msisdn": int(msisdn.lstrip("+"))}],
            "userref": reference,
            # The gateway's own cap, in case its count of parts differs from ours: never billed for more.
            "max_parts": settings.SMS_MAX_PARTS,
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

    def message_id(self, response: httpx.Response, *, reference: str) -> str:
        ids = self.json(response).get("ids") or []
        if not ids:
            raise SmsUncertainError("GatewayAPI svarede 200 uden et beskedid.")
        return str(ids[0])

    def detail(self, response: httpx.Response) -> str:
        data = self.error_json(response)
        words = " ".join(str(data[key]) for key in ("code", "message") if data.get(key))
        return f": {words[:200]}" if words else ""

    @classmethod
    def receipt(cls, *, query: dict, body: bytes) -> Receipt:
        try:
            data = json.loads(body or b"null")
        except ValueError as error:
            raise ValueError("not a GatewayAPI receipt") from error
        if not isinstance(data, dict) or "id" not in data or "status" not in data:
            raise ValueError("not a GatewayAPI receipt")
        status = str(data["status"]).upper()
        delivered = True if status in cls.DELIVERED else (False if status in cls.FAILED else None)
        detail = " ".join(str(data[key]) for key in ("error", "code") if data.get(key))
        return Receipt(
            message_id=str(data["id"]),
            delivered=delivered,
            status=f"{status} {detail}".strip(),
            reference=str(data.get("userref") or ""),
        )


class CpsmsSmsBackend(HttpSmsBackend):
    """CPSMS (cpsms.dk): POST /v2/send with basic auth (user name and API key).

    Documented by CPSMS: https://api.cpsms.dk/documentation/index.html (host api.cpsms.dk/v2, basic auth,
    JSON body {"to", "message", "from", "timestamp", "encoding", "dlr_url", "flash", "reference" (string(32),
    "a ID from your own system")}, the answer {"success": [...]}). Seen in public clients (not in the
    excerpt of the documentation we could read): `format` GSM/UNICODE (an eSmiley client's tests), errors
    as {"error": {"code", "message"}} with a 4xx, and the delivery report as a GET to dlr_url with
    `status` (1 delivered, 2 failed, 4 buffered, 8 abandoned) and `receiver` added to its query (wp-sms's
    CpsmsProvider). CPSMS answers without an id of its own, so our reference is the message's id, and
    it is also put in dlr_url itself, so the receipt names it whether CPSMS repeats it or not.
    """

    name = "cpsms"
    title = "CPSMS"
    DELIVERED, FAILED = {"1"}, {"2", "8"}

    def post(self, *, msisdn: str, body: str, counted: MessageParts, reference: str) -> httpx.Response:
        if not (settings.CPSMS_USERNAME and settings.CPSMS_API_KEY):
            raise SmsError("CPSMS_USERNAME og CPSMS_API_KEY er ikke sat, så SMS'en kan ikke sendes.")
        payload = {
            "to": msisdn.lstrip("+"),
            "message": body,
            "from": settings.SMS_SENDER,
            "reference": reference,
            "format": "UNICODE" if counted.encoding == "UCS-2" else "GSM",
        }
        if callback := self.receipt_url(reference=reference):
            payload["dlr_url"] = callback
        return httpx.post(
            settings.CPSMS_URL,
            json=payload,
            auth=(settings.CPSMS_USERNAME, settings.CPSMS_API_KEY),
            timeout=settings.SMS_HTTP_TIMEOUT,
        )

    def message_id(self, response: httpx.Response, *, reference: str) -> str:
        data = self.json(response)
        if data.get("error") or not data.get("success"):
            # CPSMS may name a refused recipient in a 200 answer.
            raise SmsError(f"CPSMS afviste SMS'en{self.detail(response)}.")
        return reference

    def detail(self, response: httpx.Response) -> str:
        error = self.error_json(response).get("error")
        if isinstance(error, list):  # one entry per refused recipient
            error = error[0] if error and isinstance(error[0], dict) else {}
        if not isinstance(error, dict):
            return ""
        words = " ".join(str(error[key]) for key in ("code", "message") if error.get(key))
        return f": {words[:200]}" if words else ""

    @classmethod
    def receipt(cls, *, query: dict, body: bytes) -> Receipt:
        if not query.get("reference") or not query.get("status"):
            raise ValueError("not a CPSMS receipt")
        status = str(query["status"])
        delivered = True if status in cls.DELIVERED else (False if status in cls.FAILED else None)
        reference = str(query["reference"])
        return Receipt(message_id=reference, delivered=delivered, status=f"CPSMS status {status}", reference=reference)


GATEWAYS = {backend.name: backend for backend in (GatewayApiSmsBackend, CpsmsSmsBackend)}


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_enabled() -> bool:
    return import_string(settings.SMS_BACKEND).enabled
