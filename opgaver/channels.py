"""The two channels, e-mail and SMS: sending one Delivery, which errors are worth a retry, and quiet hours."""

import datetime
import smtplib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from . import sms
from .models import Channel, Delivery

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
# No SMS to a young person in the evening or at night: held until the morning.
QUIET_FROM = datetime.time(20, 0)
QUIET_UNTIL = datetime.time(8, 0)


class TransientSendError(Exception):
    """The mail server or SMS gateway may take the message later: Celery retries with backoff."""


def sms_send_time(moment: datetime.datetime) -> datetime.datetime:
    """The first moment from `moment` on when an SMS may go out: 08:00-19:59 Copenhagen time."""
    local = moment.astimezone(COPENHAGEN)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return moment
    morning = local.date() if local.time() < QUIET_UNTIL else local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(morning, QUIET_UNTIL, tzinfo=COPENHAGEN)


def earliest_send_time(channel: str, moment: datetime.datetime) -> datetime.datetime:
    return sms_send_time(moment) if channel == Channel.SMS else moment


def is_transient(error: Exception) -> bool:
    """Whether the same message may get through later (4xx, a dropped connection, a timeout).

    An SMS that may already have reached the gateway (sms.SmsUncertainError) is not: sending it again
    could send it twice."""
    if isinstance(error, sms.SmsError):
        return isinstance(error, sms.SmsTemporaryError)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPException):  # SMTPException is an OSError: check it first
        return isinstance(error, smtplib.SMTPServerDisconnected)
    return isinstance(error, OSError)  # refused or reset connections, timeouts, DNS


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def send(delivery: Delivery, *, reference: str = "") -> str:
    """Hand one message to the mail server or SMS gateway; return the gateway's id ("" for e-mail).

    `reference` labels this SMS attempt at the gateway (sms.new_reference). Raises what they raise."""
    if delivery.channel == Channel.EMAIL:
        message = EmailMultiAlternatives(
            subject=delivery.subject, body=delivery.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.to]
        )
        if delivery.body_html:
            message.attach_alternative(delivery.body_html, "text/html")
        message.send(using="default")
        return ""
    elif delivery.channel == Channel.SMS:
        return sms.get_backend().send(to=delivery.to, body=delivery.body_text, reference=reference) or ""
    else:
        raise ValueError(f"Unknown channel {delivery.channel!r}")
