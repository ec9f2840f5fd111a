"""SMS through a small backend interface, chosen by settings.SMS_BACKEND.

There is no real provider yet. The console and file backends are for
development and tests and say so; production's default, DisabledSmsBackend,
refuses to send, so an SMS reminder fails visibly instead of pretending to go
out. A provider's adapter subclasses BaseSmsBackend and raises SmsTemporaryError
for what may work later (gateway down, rate limited) and SmsError otherwise.
"""

import json
import sys
import threading
import uuid
from pathlib import Path

from django.conf import settings
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


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_enabled() -> bool:
    return import_string(settings.SMS_BACKEND).enabled
