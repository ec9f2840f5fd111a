"""Messages from the case: whom a consultant may write to, the Danish templates, and the send service.

The young person is a recipient here; the apps above add theirs (foraeldre: parents with
custody) in their own `messaging.py`, found at start-up (opgaver.apps), so opgaver imports no
feature app::

    from opgaver.messaging import Recipient, register_recipients

    @register_recipients(order=20)
    def parents(youth):
        return [Recipient(key=f"foraelder-{p.pk}", name=p.full_name, ...) for p in ...]

Sending goes through the delivery machinery (opgaver/services.py): rendered once, quiet hours
for SMS, retries, sent exactly once, failures in the sender's inbox; each is logged on the
timeline and in the audit trail (Delivery is audited, with the young person's id).
"""

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fritidsjob.models import Youth

from .models import Channel, Delivery, RecipientKind
from .registry import MessagePlan

# An SMS is read on a lock screen: three SMS parts at most.
SMS_MAX_LENGTH = 459
EMAIL_MAX_LENGTH = 2000
# What a message must not carry: a CPR number (with or without the dash).
CPR_LIKE = re.compile(r"\b\d{6}-?\d{4}\b")


@dataclass(frozen=True)
class Recipient:
    key: str  # stable within the case, e.g. "ung" or "foraelder-12"
    name: str
    description: str  # e.g. "Den unge", "Mor (forældremyndighed)"
    kind: str  # RecipientKind
    phone: str
    email: str


@dataclass(frozen=True)
class Template:
    key: str
    label: str
    subject: str
    text: str  # with {navn} (the recipient's first name) and {afsender} (the staff member)


TEMPLATES = [
    Template(
        "ring",
        gettext_lazy("Bed om at blive ringet op"),
        gettext_lazy("Vil du ringe til mig?"),
        gettext_lazy("Hej {navn}. Vil du ringe til mig, når du har tid? Venlig hilsen {afsender}, Fritidsjob"),
    ),
    Template(
        "aftale",
        gettext_lazy("Husk vores aftale"),
        gettext_lazy("Husk vores aftale"),
        gettext_lazy(
            "Hej {navn}. Husk vores aftale. Giv besked, hvis du ikke kan komme. Venlig hilsen {afsender}, Fritidsjob"
        ),
    ),
    Template(
        "tak",
        gettext_lazy("Tak for i dag"),
        gettext_lazy("Tak for i dag"),
        gettext_lazy(
            "Hej {navn}. Tak for i dag. Skriv eller ring, hvis du har spørgsmål. Venlig hilsen {afsender}, Fritidsjob"
        ),
    ),
]

RecipientsFor = Callable[[Youth], list[Recipient]]
_providers: list[tuple[int, RecipientsFor]] = []


def register_recipients(*, order: int = 100) -> Callable[[RecipientsFor], RecipientsFor]:
    def decorator(provider: RecipientsFor) -> RecipientsFor:
        if all(existing is not provider for _order, existing in _providers):
            _providers.append((order, provider))
            _providers.sort(key=lambda item: item[0])
        return provider

    return decorator


def autodiscover() -> None:
    autodiscover_modules("messaging")


@register_recipients(order=10)
def the_young_person(youth: Youth) -> list[Recipient]:
    return [
        Recipient(
            key="ung",
            name=youth.full_name,
            description=_("Den unge"),
            kind=RecipientKind.YOUTH,
            phone=youth.phone,
            email=youth.email,
        )
    ]


def recipients_for(youth: Youth) -> list[Recipient]:
    """Everyone the case may be written to, with a phone or an e-mail address (one query per provider)."""
    found = [recipient for _order, provider in _providers for recipient in provider(youth)]
    return [recipient for recipient in found if recipient.phone or recipient.email]


def template_text(template: Template, *, recipient: Recipient, sender_name: str) -> str:
    first_name = recipient.name.split(" ")[0] if recipient.name else ""
    return str(template.text).format(navn=first_name, afsender=sender_name)


def check_text(text: str, *, channel: str) -> str:
    """The one rule for a message's text: not empty, not too long, and no CPR number in it."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv en besked, eller vælg en skabelon.")})
    limit = SMS_MAX_LENGTH if channel == Channel.SMS else EMAIL_MAX_LENGTH
    if len(text) > limit:
        raise ValidationError({"text": _("Beskeden må højst være %(count)s tegn.") % {"count": limit}})
    if CPR_LIKE.search(text):
        raise ValidationError({"text": _("Beskeden ligner et CPR-nummer. Send aldrig følsomme oplysninger.")})
    return text


def case_message_send(
    *,
    youth: Youth,
    recipient: Recipient,
    channel: str,
    subject: str,
    text: str,
    sent_by,
    request_key: uuid.UUID,
    now: datetime.datetime,
) -> tuple[Delivery, bool]:
    """Queue one message from the case; (delivery, created). The same request_key again sends nothing new."""
    from .services import delivery_create, enqueue_send

    existing = Delivery.objects.filter(request_key=request_key).first()
    if existing is not None:
        return existing, False
    to = recipient.phone if channel == Channel.SMS else recipient.email
    if not to:
        raise ValidationError(
            {
                "channel": _("%(name)s har ingen %(what)s.")
                % {
                    "name": recipient.name,
                    "what": _("telefon") if channel == Channel.SMS else _("e-mail"),
                }
            }
        )
    text = check_text(text, channel=channel)
    plan = MessagePlan(
        channel=channel,
        to=to,
        recipient_kind=recipient.kind,
        template="message",
        context={"text": text, "subject": subject or _("Besked fra Fritidsjob")},
        responsible=sent_by,
    )
    try:
        with transaction.atomic():
            delivery = delivery_create(
                reminder=None,
                youth=youth,
                responsible=sent_by,
                message=plan,
                now=now,
                sent_by=sent_by,
                request_key=request_key,
            )
    except IntegrityError:
        # A second request with the same key won the race: it made the one message.
        return Delivery.objects.get(request_key=request_key), False
    if delivery.send_after <= now:
        transaction.on_commit(partial(enqueue_send, delivery_id=delivery.pk), robust=True)
    return delivery, True
