"""The one place that decides whether a young person's data may be shared.

Every sharing point (a match sent to a company, a mentor relationship, ...)
calls `require_consent`; nothing else reads consents to make that decision.

Who must have consented depends on the young person's age on the day of the
sharing (see README, "Samtykke"):

- under 18: a parent registered with custody (forældremyndighed) and linked to
  the young person, as shared/docs/domain-rules.md says ("Parents with custody
  consent for under-18s in such voluntary programmes");
- from 15: the young person's own consent as well, recorded on the same
  consent. 15 is the age Danish law and practice give young people their own
  say: a 15-year-old consents to their own treatment (sundhedsloven § 17), has
  rights as a party in their own social case (Barnets lov), and 15 is the age
  the Ministry of Justice chose in 2023 for consent to information-society
  services (databeskyttelsesloven § 6, stk. 2) "to match the other Danish age
  limits for young people";
- from 18: the young person alone; a parent's consent no longer counts.

Because the age is judged on the day of sharing, a parent's consent given
when the young person was 14 stops counting at 15 until the young person's
own consent is recorded, and every consent stops counting at 18 unless the
young person gave it too. Withdrawal counts from its date, so a withdrawal
recorded today takes effect at once.

Other apps ask through core.consent, which the app config points here.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import short_date
from fritidsjob.models import ADULT_AGE, Youth, age_on

from .models import Consent, ConsentKind, Parent

YOUTH_OWN_CONSENT_AGE = 15

REFUSALS = {
    ConsentKind.SHARE_WITH_COMPANY: gettext_lazy(
        "Oplysninger om %(name)s kan ikke sendes til en virksomhed: der er ikke et gyldigt samtykke "
        "til deling med virksomhed fra en forælder med forældremyndighed."
    ),
    ConsentKind.SHARE_WITH_MENTOR: gettext_lazy(
        "%(name)s kan ikke kobles til en mentor: der er ikke et gyldigt samtykke "
        "til deling med mentor fra en forælder med forældremyndighed."
    ),
}
DEFAULT_REFUSAL = gettext_lazy("Der er ikke et gyldigt samtykke (%(kind)s) for %(name)s.")
YOUTH_TOO = gettext_lazy("Den unge er fyldt 15 år, så den unges eget samtykke skal også være registreret på samtykket.")
ADULT_REFUSALS = {
    ConsentKind.SHARE_WITH_COMPANY: gettext_lazy(
        "Oplysninger om %(name)s kan ikke sendes til en virksomhed: %(name)s er fyldt 18 år "
        "og har ikke selv givet et gyldigt samtykke til deling med virksomhed."
    ),
    ConsentKind.SHARE_WITH_MENTOR: gettext_lazy(
        "%(name)s kan ikke kobles til en mentor: %(name)s er fyldt 18 år "
        "og har ikke selv givet et gyldigt samtykke til deling med mentor."
    ),
}


@dataclass(frozen=True)
class RequiredParties:
    """Who must have consented for a consent to count."""

    custody_holder: bool
    youth: bool


def required_parties(*, youth: Youth, on: datetime.date) -> RequiredParties:
    age = age_on(youth.birth_date, on)
    return RequiredParties(custody_holder=age < ADULT_AGE, youth=age >= YOUTH_OWN_CONSENT_AGE)


def born_by(*, age: int, on: datetime.date) -> datetime.date:
    """The latest birth date of someone who is `age` or older on `on`, as age_on counts.

    `age` years before `on`, or the day after when age_on counts that too (someone
    born on 29 February is a year older on 28 February), so a query on birth dates
    decides as required_parties does.
    """
    day = on - relativedelta(years=age)
    next_day = day + datetime.timedelta(days=1)
    return next_day if age_on(next_day, on) >= age else day


def valid_consents(*, youth: Youth | None = None, on: datetime.date | None = None):
    """Consents in force on `on` (today), given by whoever must consent at the young person's age then.

    Of one young person, or (youth=None) of every young person in one query.
    """
    on = on or timezone.localdate()
    consents = Consent.objects.valid_on(on)
    if youth is not None:
        consents = consents.filter(youth=youth)
    # required_parties on the birth dates: under 18 a custody holder, from 15 the young person too.
    of_age = Q(youth__birth_date__lte=born_by(age=ADULT_AGE, on=on))
    under_own_consent_age = Q(youth__birth_date__gt=born_by(age=YOUTH_OWN_CONSENT_AGE, on=on))
    # A custody holder of this young person: the link is checked too, so unlinking
    # a parent registered by mistake also ends the consents they were recorded as giving.
    linked_custody_holder = Exists(
        Parent.children.through.objects.filter(
            parent=OuterRef("given_by"), parent__has_custody=True, youth=OuterRef("youth")
        )
    )
    return consents.filter(of_age | linked_custody_holder).filter(under_own_consent_age | Q(youth_consented=True))


def has_valid_consent(*, youth: Youth, kind: str, on: datetime.date | None = None) -> bool:
    return valid_consents(youth=youth, on=on).filter(kind=kind).exists()


def consented_youth_ids(*, kind: str, on: datetime.date | None = None):
    """The same decision for every young person at once, as a subquery of youth ids (the mentor portal's list)."""
    return valid_consents(on=on).filter(kind=kind).values("youth_id")


def require_consent(*, youth: Youth, kind: str, on: datetime.date | None = None) -> None:
    """Raise a ValidationError with a Danish message unless a valid consent of `kind` exists."""
    on = on or timezone.localdate()
    if has_valid_consent(youth=youth, kind=kind, on=on):
        return
    raise ValidationError(refusal_message(youth=youth, kind=kind, on=on), code="consent_missing")


def refusal_message(*, youth: Youth, kind: str, on: datetime.date) -> str:
    parties = required_parties(youth=youth, on=on)
    values = {"name": youth.full_name, "kind": ConsentKind(kind).label}
    if not parties.custody_holder:
        return str(ADULT_REFUSALS.get(kind, DEFAULT_REFUSAL) % values)
    message = str(REFUSALS.get(kind, DEFAULT_REFUSAL) % values)
    return f"{message} {YOUTH_TOO}" if parties.youth else message


# --- recording a consent ------------------------------------------------------------------


def recording_errors(consent: Consent) -> dict[str, str]:
    """Why `consent` cannot be recorded as it stands (field -> Danish message); empty when it can.

    Judged on the day the consent was given, so history can be recorded as it was.
    """
    if consent.youth_id is None or consent.given_on is None:
        return {}  # the field errors say what is missing
    errors = {}
    today = timezone.localdate()
    youth, parent = consent.youth, consent.given_by
    if consent.given_on > today:
        errors["given_on"] = _("Et samtykke kan ikke dateres i fremtiden.")
    if consent.withdrawn_on is not None:
        if consent.withdrawn_on < consent.given_on:
            errors["withdrawn_on"] = _("Et samtykke kan ikke trækkes tilbage, før det er givet.")
        elif consent.withdrawn_on > today:
            errors["withdrawn_on"] = _("Tilbagetrækningen gælder fra i dag; den kan ikke dateres i fremtiden.")
    parties = required_parties(youth=youth, on=min(consent.given_on, today))
    if parent is not None and not parent.children.filter(pk=youth.pk).exists():
        errors["given_by"] = _("%(parent)s er ikke registreret som forælder til %(youth)s.") % {
            "parent": parent.full_name,
            "youth": youth.full_name,
        }
    elif parties.custody_holder and parent is None:
        errors["given_by"] = _("Vælg den forælder med forældremyndighed, der har givet samtykket.")
    elif parties.custody_holder and parent.has_custody is not True:
        errors["given_by"] = _(
            "%(parent)s er ikke registreret med forældremyndighed. Ret forælderen, hvis det er forkert."
        ) % {"parent": parent.full_name}
    if parties.youth and not consent.youth_consented:
        if parties.custody_holder:
            errors["youth_consented"] = _(
                "Den unge er fyldt 15 år: den unges eget samtykke skal registreres sammen med forælderens."
            )
        else:
            errors["youth_consented"] = _("Den unge er fyldt 18 år og skal selv give samtykket.")
    return errors


# --- the state shown on the case -------------------------------------------------------------


@dataclass(frozen=True)
class ConsentState:
    """One kind of consent for one young person: the consent in force, if any, else why not."""

    kind: str
    label: str
    valid: Consent | None
    latest: Consent | None
    problem: str  # Danish; empty when a consent is in force

    @property
    def is_valid(self) -> bool:
        return self.valid is not None


def consent_overview(*, youth: Youth, on: datetime.date | None = None) -> list[ConsentState]:
    """Every kind of consent for `youth` with its state on `on` (today). Two queries."""
    on = on or timezone.localdate()
    valid_ids = set(valid_consents(youth=youth, on=on).values_list("pk", flat=True))
    consents = list(Consent.objects.filter(youth=youth).select_related("given_by"))  # newest first
    parties = required_parties(youth=youth, on=on)
    states = []
    for kind in ConsentKind:
        of_kind = [c for c in consents if c.kind == kind]
        valid = next((c for c in of_kind if c.pk in valid_ids), None)
        latest = of_kind[0] if of_kind else None
        problem = "" if valid else _why_not(latest, parties, on)
        states.append(ConsentState(kind=kind, label=kind.label, valid=valid, latest=latest, problem=problem))
    return states


def _why_not(latest: Consent | None, parties: RequiredParties, on: datetime.date) -> str:
    """A Danish explanation for the case page (the decision itself is valid_consents)."""
    if latest is None:
        return _("Ikke givet")
    if latest.given_on > on:
        return _("Gælder først fra %(date)s") % {"date": short_date(latest.given_on)}
    if latest.withdrawn_on is not None and latest.withdrawn_on <= on:
        return _("Trukket tilbage %(date)s") % {"date": short_date(latest.withdrawn_on)}
    if not parties.custody_holder and not latest.youth_consented:
        return _("Den unge er fyldt 18 år og skal selv give samtykke")
    if parties.youth and not latest.youth_consented:
        return _("Den unges eget samtykke mangler (den unge er fyldt 15 år)")
    if latest.given_by is None or latest.given_by.has_custody is not True:
        return _("Ikke givet af en forælder med forældremyndighed")
    return _("Givet af en forælder, der ikke længere er knyttet til den unge")
