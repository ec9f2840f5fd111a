"""Digital consent: a link to one person, a one-time code on the second channel, yes/no per kind, withdrawal.

The answers are ConsentAnswer rows; the Consent that the one consent function (foraeldre.consent)
counts is made from them, with the method "digitalt", once everyone who must consent at the young
person's age has said yes: a parent with custody under 18, and the young person too from 15. So a
digital consent counts exactly like one registered by staff, and a withdrawal through the link ends
it at once (Consent.withdrawn_on = today).

MitID: verifying the person is `code_verify` (a one-time code to the phone or e-mail on record).
Signing with MitID needs an agreement with a MitID broker; a broker's login would replace the code
step and call `verified_by_broker` below (README "Tilmelding og digitalt samtykke").
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import ratelimit
from core.formatting import short_date
from fritidsjob.models import ADULT_AGE, Youth, age_on
from opgaver.models import Channel, RecipientKind
from opgaver.registry import MessagePlan
from opgaver.services import message_send

from . import services
from .consent import YOUTH_OWN_CONSENT_AGE, required_parties
from .family_texts import CONSENT_TEXT_VERSION
from .models import (
    CODE_MAX_TRIES,
    CODE_MINUTES,
    CONSENT_LINK_DAYS,
    Consent,
    ConsentAnswer,
    ConsentKind,
    ConsentMethod,
    ConsentRequest,
    DigitalChannel,
    GuideLanguage,
    OneTimeCode,
    Parent,
)
from .reminders import FamilyMessages

CODES_PER_HOUR = 5


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def link_url(token: str) -> str:
    return settings.SITE_URL + reverse("familie:consent", args=[token])


def _channel(channel: str) -> str:
    return Channel.SMS if channel == DigitalChannel.SMS else Channel.EMAIL


def _send(*, request: ConsentRequest, record, channel: str, text: str, subject: str, requested=False, now):
    to = request.phone if channel == DigitalChannel.SMS else request.email
    message = MessagePlan(
        channel=_channel(channel),
        to=to,
        recipient_kind=RecipientKind.YOUTH if request.for_youth else RecipientKind.PARENT,
        template="message",
        context={"text": text, "subject": subject},
        requested=requested,
    )
    message_send(
        rule_key=FamilyMessages.key, record=record, message=message, now=now, youth=request.youth,
        responsible=request.sent_by,
    )  # fmt: skip


# --- sending the link ------------------------------------------------------------------------


@transaction.atomic
def consent_request_send(
    *, youth: Youth, parent: Parent | None, channel: str, by, now: datetime.datetime | None = None
) -> tuple[ConsentRequest, str]:
    """Send a consent link to a parent with custody, or (parent=None) to the young person from 15.

    Returns the request and the link's token (only its hash is stored).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if parent is not None:
        if not parent.children.filter(pk=youth.pk).exists() or parent.has_custody is not True:
            raise ValidationError(
                _("%(parent)s er ikke registreret med forældremyndighed for %(youth)s.")
                % {"parent": parent.full_name, "youth": youth.full_name}
            )
        if age_on(youth.birth_date, today) >= ADULT_AGE:
            raise ValidationError(_("Den unge er fyldt 18 år og giver selv samtykke."))
    elif age_on(youth.birth_date, today) < YOUTH_OWN_CONSENT_AGE:
        raise ValidationError(_("Den unge giver først selv samtykke fra 15 år."))
    token = secrets.token_urlsafe(32)
    request = ConsentRequest(
        youth=youth,
        parent=parent,
        token_hash=_hash(token),
        link_channel=channel,
        language=_language_of(parent),
        sent_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=CONSENT_LINK_DAYS),
    )
    if not (request.phone if channel == DigitalChannel.SMS else request.email):
        raise ValidationError(
            _("Der er ikke registreret et telefonnummer til SMS.")
            if channel == DigitalChannel.SMS
            else _("Der er ikke registreret en e-mailadresse.")
        )
    request.full_clean()
    request.save()
    name = request.person_name.split(" ")[0]
    text = _(
        "Hej %(name)s. Talentværkstedet beder om dit samtykke. Åbn linket, læs om hvert samtykke, og svar ja "
        "eller nej. Linket virker i %(days)s dage og kun for dig: %(url)s"
    ) % {"name": name, "days": CONSENT_LINK_DAYS, "url": link_url(token)}
    _send(
        request=request, record=request, channel=channel, text=text, subject=_("Samtykke til Talentværkstedet"), now=now
    )
    return request, token


def _language_of(parent: Parent | None) -> str:
    """The parent's language as recorded ("arabisk", "ar"), as one of the guide's languages; else Danish."""
    recorded = (parent.language if parent else "").strip().casefold()
    for language in GuideLanguage:
        if recorded in (language.value, str(language.label).casefold()):
            return language.value
    return GuideLanguage.DANISH


# --- opening the link -------------------------------------------------------------------------


class LinkNotUsable(Exception):
    """The link is unknown, expired or locked; `reason` is "expired" or "locked"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def request_for_token(token: str, *, now: datetime.datetime | None = None) -> ConsentRequest:
    now = now or timezone.now()
    request = (
        ConsentRequest.objects.select_related("youth", "parent", "sent_by").filter(token_hash=_hash(token)).first()
    )
    if request is None or request.is_expired(now):
        raise LinkNotUsable("expired")
    if request.locked_at is not None:
        raise LinkNotUsable("locked")
    return request


@transaction.atomic
def code_send(*, request: ConsentRequest, token: str, now: datetime.datetime | None = None) -> OneTimeCode:
    """A new six-digit code on the second channel; earlier unused codes stop working."""
    now = now or timezone.now()
    if request.locked_at is not None:
        raise ValidationError(_("Linket er låst."))
    # Each code is an SMS or e-mail to a real person: a few per hour, not a stream.
    if not ratelimit.hit(scope="consent-code", key=str(request.pk), limit=CODES_PER_HOUR, window_seconds=3600):
        raise ValidationError(_("Der er sendt mange koder. Vent en time, eller ring til os."))
    OneTimeCode.objects.filter(request=request, used_at__isnull=True).update(expires_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    one_time = OneTimeCode.objects.create(
        request=request,
        code_hash=_hash(f"{request.pk}:{code}"),
        channel=request.code_channel,
        created_at=now,
        expires_at=now + datetime.timedelta(minutes=CODE_MINUTES),
    )
    text = code_text(request=request, code=code)
    _send(
        request=request, record=one_time, channel=request.code_channel, text=text,
        subject=_("Din kode til Talentværkstedet"), requested=True, now=now,
    )  # fmt: skip
    return one_time


def code_text(*, request: ConsentRequest, code: str) -> str:
    """The code, and how to withdraw: "Træk tilbage" on the link, while it works, or the programme's phone.

    Where the link is, not the link itself: the code goes on the other channel so that the link alone,
    or the phone alone, is not enough. No name at all, and in GSM-7 (plain quotes, not guillemets) so it
    stays two SMS parts, under SMS_MAX_PARTS (tests/test_digital_consent.py).
    """
    return _(
        "Din kode til samtykke hos Talentværkstedet: %(code)s. Den virker i %(minutes)s minutter. Du kan altid "
        'trække et samtykke tilbage: tryk "Træk tilbage" på linket i vores %(where)s (til %(until)s), eller ring '
        "%(phone)s."
    ) % {
        "code": code,
        "minutes": CODE_MINUTES,
        "where": _("SMS") if request.link_channel == DigitalChannel.SMS else _("e-mail"),
        "until": short_date(timezone.localdate(request.expires_at)),
        "phone": settings.PROGRAMME_CONTACT_PHONE,
    }


def code_verify(*, request: ConsentRequest, code: str, now: datetime.datetime | None = None) -> OneTimeCode:
    """The code used, when `code` is right; a wrong or expired code counts, and CODE_MAX_TRIES lock the link.

    The count is committed before the refusal is raised (the raise is outside the transaction).
    """
    now = now or timezone.now()
    with transaction.atomic():
        request = ConsentRequest.objects.select_for_update().get(pk=request.pk)
        if request.locked_at is None:
            current = OneTimeCode.objects.filter(request=request, used_at__isnull=True, expires_at__gt=now).first()
            given = _hash(f"{request.pk}:{(code or '').strip()}")
            if current is not None and hmac.compare_digest(current.code_hash, given):
                current.used_at = now
                current.save(update_fields=["used_at"])
                return current
            request.failed_codes += 1
            if request.failed_codes >= CODE_MAX_TRIES:
                request.locked_at = now
            request.save(update_fields=["failed_codes", "locked_at"])
    if request.locked_at is not None:
        raise LinkNotUsable("locked")
    left = CODE_MAX_TRIES - request.failed_codes
    if current is None:
        raise ValidationError(_("Koden er udløbet. Bestil en ny kode. (%(left)s forsøg tilbage)") % {"left": left})
    raise ValidationError(_("Koden er forkert. Du har %(left)s forsøg tilbage.") % {"left": left})


# --- answering and withdrawing -------------------------------------------------------------


def _normalised(name: str) -> str:
    return " ".join((name or "").split()).casefold()


@transaction.atomic
def answers_record(
    *, request: ConsentRequest, answers: dict[str, bool], typed_name: str, channel: str, now=None
) -> list[ConsentAnswer]:
    """Record the person's yes or no to each kind; a yes makes a Consent once everyone needed has said yes."""
    now = now or timezone.now()
    if set(answers) != {kind.value for kind in ConsentKind}:
        raise ValidationError(_("Svar ja eller nej til hvert samtykke."))
    if _normalised(typed_name) != _normalised(request.person_name):
        raise ValidationError({"typed_name": _("Skriv dit fulde navn, som det står her: %(name)s.") % {
            "name": request.person_name}})  # fmt: skip
    recorded = []
    for kind, given in answers.items():
        answer = ConsentAnswer(
            request=request,
            kind=kind,
            given=given,
            typed_name=" ".join(typed_name.split()),
            text_version=f"{CONSENT_TEXT_VERSION}/{request.language}",
            channel=channel,
            answered_at=now,
        )
        answer.full_clean()
        answer.save()
        recorded.append(answer)
        if given:
            _consent_when_complete(youth=request.youth, kind=kind, answer=answer, now=now)
        else:
            _withdraw_party(request=request, kind=kind, now=now)
    return recorded


def latest_answers(request: ConsentRequest) -> dict[str, ConsentAnswer]:
    """This person's answer in force per kind (across their requests for this young person)."""
    answers = ConsentAnswer.objects.filter(request__youth=request.youth, request__parent=request.parent).order_by(
        "-answered_at", "-pk"
    )
    latest: dict[str, ConsentAnswer] = {}
    for answer in answers:
        latest.setdefault(answer.kind, answer)
    return latest


def _yes(answers) -> ConsentAnswer | None:
    latest = {}
    for answer in answers.order_by("-answered_at", "-pk"):
        latest.setdefault((answer.request.parent_id, answer.kind), answer)
    yes = [a for a in latest.values() if a.given and a.withdrawn_at is None]
    return yes[0] if yes else None


def _consent_when_complete(*, youth: Youth, kind: str, answer: ConsentAnswer, now) -> Consent | None:
    today = timezone.localdate(now)
    parties = required_parties(youth=youth, on=today)
    answers = ConsentAnswer.objects.filter(request__youth=youth, kind=kind).select_related("request__parent")
    youth_yes = _yes(answers.filter(request__parent__isnull=True))
    parents = [answer.request.parent] if answer.request.parent else []
    if not parents:  # the young person answered: every custody holder who has said yes
        latest = _yes(answers.filter(request__parent__isnull=False))
        parents = [latest.request.parent] if latest else []
    if parties.youth and youth_yes is None:
        return None  # the young person's own yes is still missing: the parent's waits for it
    if parties.custody_holder and not parents:
        return None
    parent = parents[0] if parties.custody_holder else None
    if Consent.objects.valid_on(today).filter(youth=youth, kind=kind, given_by=parent).exists():
        return None
    return services.consent_record(
        youth=youth,
        recorded_by=answer.request.sent_by,
        data={
            "kind": kind,
            "given_by": parent,
            "youth_consented": youth_yes is not None,
            "given_on": today,
            "method": ConsentMethod.DIGITAL,
        },
        digital={"text_version": answer.text_version, "given_at": now, "digital_channel": answer.channel},
    )


def _withdraw_party(*, request: ConsentRequest, kind: str, now) -> int:
    """End, today, the consents of `kind` this person is part of: at once, as staff's withdrawal does."""
    today = timezone.localdate(now)
    consents = Consent.objects.valid_on(today).filter(youth=request.youth, kind=kind, withdrawn_on__isnull=True)
    consents = consents.filter(youth_consented=True) if request.for_youth else consents.filter(given_by=request.parent)
    count = 0
    for consent in consents:
        services.consent_withdraw(consent=consent, withdrawn_on=today)
        count += 1
    return count


@transaction.atomic
def answer_withdraw(*, request: ConsentRequest, kind: str, now=None) -> int:
    """The person withdraws their consent of `kind` (from the link or the receipt's link): at once."""
    now = now or timezone.now()
    ConsentAnswer.objects.filter(
        request__youth=request.youth, request__parent=request.parent, kind=kind, given=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    return _withdraw_party(request=request, kind=kind, now=now)


def verified_by_broker(*, request: ConsentRequest, now=None) -> str:
    """The adapter point for MitID: a broker's confirmed login for the person replaces code_verify.

    Not connected: it needs an agreement with a MitID broker (README). Returns the channel to record.
    """
    raise NotImplementedError("MitID kræver en aftale med en MitID-broker; se README.")
