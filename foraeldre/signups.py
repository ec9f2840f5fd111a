"""Sign-ups from the public page: submitting, the duplicates staff see, accepting, rejecting, retention.

A sign-up never creates a case by itself: staff accept it (a new case, or merged into an
existing one) or reject it with a reason, and the family is told the outcome by SMS or e-mail
through opgaver's send machinery.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from fritidsjob import services as youth_services
from fritidsjob.models import Youth
from fritidsjob.services import apply_fields
from opgaver.models import Channel, RecipientKind
from opgaver.registry import MessagePlan
from opgaver.services import message_send

from .models import SignUp, SignUpStatus
from .reminders import FamilyMessages

SIGNUP_FIELDS = [
    "submitted_by",
    "youth_first_name",
    "youth_last_name",
    "youth_birth_date",
    "school",
    "youth_phone",
    "wishes",
    "availability",
    "parent_first_name",
    "parent_last_name",
    "parent_phone",
    "parent_email",
    "language",
]


@transaction.atomic
def signup_submit(*, data: dict) -> SignUp:
    """Store a sign-up from the public page (the abuse checks are done before: forms.SignUpForm, the view)."""
    signup = SignUp(created_at=timezone.now())  # timezone.now read here, so a test's clock counts
    apply_fields(signup, data, SIGNUP_FIELDS)
    signup.full_clean()
    signup.save()
    return signup


# --- duplicates -------------------------------------------------------------------------------


def normalised_phone(phone: str) -> str:
    """The last 8 digits: "+45 22 33 44 55" and "22334455" are the same Danish number."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return digits[-8:]


@dataclass(frozen=True)
class Duplicates:
    youth: list[Youth]  # existing cases: same name and birth date, or same phone
    signups: list[SignUp]  # other new sign-ups of the same young person


def _same_name_and_birth(signups: list[SignUp], first: str, last: str, birth: str) -> Q:
    condition = Q(pk__in=[])
    for signup in signups:
        names = {f"{first}__iexact": signup.youth_first_name, f"{last}__iexact": signup.youth_last_name}
        condition |= Q(**names, **{birth: signup.youth_birth_date})
    return condition


def _without_spaces(field: str):
    # Phones are stored as typed ("+45 20 30 40 50", "20-30-40-50"): compared without spaces and dashes.
    return Replace(Replace(F(field), Value(" "), Value("")), Value("-"), Value(""))


def _phone_ends_with(queryset, phones: set[str], *fields: str):
    """`queryset` annotated so that the returned condition matches a phone in `phones` on any of `fields`."""
    names = {field: f"_digits_{n}" for n, field in enumerate(fields)}
    queryset = queryset.annotate(**{alias: _without_spaces(field) for field, alias in names.items()})
    condition = Q(pk__in=[])
    for phone in phones:
        for alias in names.values():
            condition |= Q(**{f"{alias}__endswith": phone})
    return queryset, condition


def duplicates_for(signups: list[SignUp]) -> dict[int, Duplicates]:
    """Possible duplicates of each sign-up, for a whole page of them in three queries.

    Same name and birth date, or the same phone number (the young person's or the parent's,
    matched on the last 8 digits, against the case's and the case's parents' phones).
    """
    if not signups:
        return {}
    phones = {normalised_phone(p) for s in signups for p in (s.youth_phone, s.parent_phone)} - {""}
    youth, by_phone = _phone_ends_with(Youth.objects.not_anonymised(), phones, "phone", "parents__phone")
    candidates = list(
        youth.filter(_same_name_and_birth(signups, "first_name", "last_name", "birth_date") | by_phone)
        .order_by("pk")
        .distinct()
        .select_related("school", "responsible_staff")
        .prefetch_related("parents")
    )
    others, by_phone = _phone_ends_with(SignUp.objects.new(), phones, "youth_phone", "parent_phone")
    other_signups = list(
        others.filter(
            _same_name_and_birth(signups, "youth_first_name", "youth_last_name", "youth_birth_date") | by_phone
        )
        .exclude(pk__in=[s.pk for s in signups])
        .select_related("school")
    )
    result = {}
    for signup in signups:
        result[signup.pk] = Duplicates(
            youth=[y for y in candidates if _same_person(signup, y.first_name, y.last_name, y.birth_date, _phones(y))],
            signups=[
                other
                for other in other_signups
                if _same_person(
                    signup,
                    other.youth_first_name,
                    other.youth_last_name,
                    other.youth_birth_date,
                    {normalised_phone(other.youth_phone), normalised_phone(other.parent_phone)},
                )
            ],
        )
    return result


def _phones(youth: Youth) -> set[str]:
    return {normalised_phone(youth.phone)} | {normalised_phone(p.phone) for p in youth.parents.all()}


def _same_person(signup: SignUp, first: str, last: str, birth: datetime.date, phones: set[str]) -> bool:
    same_name = (
        first.casefold() == signup.youth_first_name.casefold()
        and last.casefold() == signup.youth_last_name.casefold()
        and birth == signup.youth_birth_date
    )
    own = {normalised_phone(signup.youth_phone), normalised_phone(signup.parent_phone)} - {""}
    return same_name or bool(own & (phones - {""}))


# --- accepting and rejecting ----------------------------------------------------------------------


def _check_new(signup: SignUp) -> None:
    if signup.status != SignUpStatus.NEW:
        raise ValidationError(_("Tilmeldingen er allerede behandlet."), code="decided")


@transaction.atomic
def signup_accept(*, signup: SignUp, by, responsible, into: Youth | None = None, parent_has_custody: bool = True):
    """Accept a sign-up: a new case with the parent, or the parent added to the existing case `into`.

    Returns the case. A parent already linked to the case with the same phone is not added twice.
    """
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    _check_new(signup)
    if responsible is None or not responsible.is_active:
        raise ValidationError({"responsible": _("Vælg den ansvarlige konsulent.")})
    if into is None:
        youth = youth_services.youth_create(
            data={
                "first_name": signup.youth_first_name,
                "last_name": signup.youth_last_name,
                "birth_date": signup.youth_birth_date,
                "school": signup.school,
                "phone": signup.youth_phone,
                "responsible_staff": responsible,
                "registered_on": timezone.localdate(),
            }
        )
    else:
        youth = into
        if youth.responsible_staff_id != responsible.pk:
            youth_services.youth_update(youth=youth, data={"responsible_staff": responsible})
    phone = normalised_phone(signup.parent_phone)
    existing = [p for p in youth.parents.all() if phone and normalised_phone(p.phone) == phone]
    if not existing:
        from .services import parent_create

        parent_create(
            data={
                "first_name": signup.parent_first_name,
                "last_name": signup.parent_last_name,
                "phone": signup.parent_phone,
                "email": signup.parent_email,
                "relation": "",
                "has_custody": parent_has_custody,
                "language": signup.get_language_display().lower(),
            },
            children=[youth],
        )
    signup.status, signup.decided_at, signup.decided_by, signup.youth = SignUpStatus.ACCEPTED, timezone.now(), by, youth
    signup.full_clean()
    signup.save()
    _tell_outcome(signup=signup, youth=youth, responsible=responsible)
    return youth


@transaction.atomic
def signup_reject(*, signup: SignUp, by, reason: str) -> SignUp:
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    _check_new(signup)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Skriv en begrundelse for afvisningen.")})
    signup.status, signup.decided_at, signup.decided_by = SignUpStatus.REJECTED, timezone.now(), by
    signup.reject_reason = reason.strip()
    signup.full_clean()
    signup.save()
    _tell_outcome(signup=signup, youth=None, responsible=by)
    return signup


def outcome_text(signup: SignUp) -> str:
    """The SMS or e-mail: first names only, nothing sensitive (Digitaliseringsstyrelsen's guidance)."""
    contact = settings.PROGRAMME_CONTACT_PHONE
    if signup.status == SignUpStatus.ACCEPTED:
        return _(
            "Hej %(name)s. Tak for tilmeldingen af %(youth)s til Talentværkstedet. Vi har oprettet "
            "tilmeldingen, og en konsulent ringer til jer inden for 14 dage. Spørgsmål: ring %(phone)s."
        ) % {"name": signup.parent_first_name, "youth": signup.youth_first_name, "phone": contact}
    return _(
        "Hej %(name)s. Tak for tilmeldingen af %(youth)s til Talentværkstedet. Vi kan desværre ikke tage "
        "imod den. Ring gerne til os på %(phone)s, så fortæller vi hvorfor og hvad I kan gøre."
    ) % {"name": signup.parent_first_name, "youth": signup.youth_first_name, "phone": contact}


def _tell_outcome(*, signup: SignUp, youth: Youth | None, responsible) -> None:
    # SMS when there is a phone (most parents read SMS), else e-mail.
    if signup.parent_phone:
        channel, to = Channel.SMS, signup.parent_phone
    elif signup.parent_email:
        channel, to = Channel.EMAIL, signup.parent_email
    else:
        channel, to = Channel.SMS, signup.youth_phone
    message = MessagePlan(
        channel=channel,
        to=to,
        recipient_kind=RecipientKind.PARENT,
        template="message",
        context={"text": outcome_text(signup), "subject": _("Din tilmelding til Talentværkstedet")},
    )
    message_send(
        rule_key=FamilyMessages.key,
        record=signup,
        message=message,
        now=timezone.now(),
        youth=youth,
        responsible=responsible,
    )


# --- retention -------------------------------------------------------------------------------


def retention_cutoff(day: datetime.date) -> datetime.datetime:
    """Rejected and untouched sign-ups from before this moment are past their period on `day`."""
    months = settings.RETENTION_REJECTED_SIGNUP_MONTHS
    return timezone.make_aware(datetime.datetime.combine(day - relativedelta(months=months), datetime.time.max))


def expired_signups(day: datetime.date):
    """Rejected sign-ups (counted from the rejection) and never-handled ones (from arrival) past the period."""
    cutoff = retention_cutoff(day)
    return SignUp.objects.filter(
        Q(status=SignUpStatus.REJECTED, decided_at__lte=cutoff) | Q(status=SignUpStatus.NEW, created_at__lte=cutoff)
    )


@transaction.atomic
def signups_delete_expired(*, day: datetime.date) -> int:
    """Delete what expired_signups lists, each with its audit entry (a delete through the model)."""
    count = 0
    for signup in expired_signups(day):
        signup.delete()
        count += 1
    return count
