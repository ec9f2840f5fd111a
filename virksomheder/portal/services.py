"""Writes of the company portal: invitations and one-time login links, and what a contact does there.

Login links are django-sesame tokens (settings SESAME_*): signed, scoped to the portal, valid
for SESAME_MAX_AGE (15 minutes) and single use, because the token includes the user's last
login, which signing in with it moves on. The contact has no password at all.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from sesame.utils import get_query_string
from sesame.utils import get_user as sesame_user

from fritidsjob import roles

from .. import services, young_workers
from ..models import (
    FIELDS_NEEDING_APPROVAL,
    ContactPerson,
    FollowUp,
    JobOpening,
    Match,
    OpeningKind,
    OpeningStatus,
)

LINK_SCOPE = "virksomhedsportal"


def link_minutes() -> int:
    return settings.SESAME_MAX_AGE // 60


# --- invitations and login links -------------------------------------------------------------


def _username(contact: ContactPerson) -> str:
    # Not the e-mail: a contact's address may also be a staff member's or another company's contact's.
    return f"virksomhedskontakt-{contact.pk}"


@transaction.atomic
def contact_invite(*, contact: ContactPerson, invited_by, base_url: str):
    """Give the contact a portal login (role Virksomhedskontakt, no password) and e-mail them a login link.

    Inviting again (a deactivated contact, or one who lost the e-mail) reactivates and sends a new link.
    """
    if not contact.email:
        raise ValidationError(_("Skriv kontaktpersonens e-mailadresse, før du inviterer til virksomhedsportalen."))
    user = contact.user
    if user is None:
        user = get_user_model()(username=_username(contact), email=contact.email, first_name=contact.name[:150])
        user.set_unusable_password()
        user.full_clean()
        user.save()
        user.groups.add(Group.objects.get(name=roles.COMPANY_CONTACT))
        contact.user = user
    else:
        user.email, user.first_name, user.is_active = contact.email, contact.name[:150], True
        user.save(update_fields=["email", "first_name", "is_active"])
    contact.portal_invited_at = timezone.now()
    contact.save(update_fields=["user", "portal_invited_at"])
    transaction.on_commit(lambda: login_link_send(contact=contact, base_url=base_url, invited_by=invited_by))
    return user


def login_link(*, user, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("virksomheder:portal:link") + get_query_string(user, scope=LINK_SCOPE)


def login_link_send(*, contact: ContactPerson, base_url: str, invited_by=None) -> None:
    context = {
        "contact": contact,
        "invited_by": invited_by,
        "link": login_link(user=contact.user, base_url=base_url),
        "minutes": link_minutes(),
        "request_url": base_url.rstrip("/") + reverse("virksomheder:portal:login"),
    }
    send_mail(
        _("Dit link til virksomhedsportalen") if invited_by is None else _("Du er inviteret til virksomhedsportalen"),
        render_to_string("virksomheder/portal/login_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [contact.email],
    )


def login_link_request(*, email: str, base_url: str) -> None:
    """A new link to the address if it is an active contact's; nothing otherwise. The caller says the same
    either way, so the page never tells whether an address is known."""
    contacts = ContactPerson.objects.filter(
        user__is_active=True, user__groups__name=roles.COMPANY_CONTACT, user__email__iexact=email.strip()
    ).select_related("user")
    for contact in contacts:
        login_link_send(contact=contact, base_url=base_url)


def user_for_link(token: str):
    """The contact's user the token signs in, or None: expired, used, not a portal link or a deactivated contact."""
    if not token:
        return None
    user = sesame_user(token, scope=LINK_SCOPE, update_last_login=False)
    if user is None or not ContactPerson.objects.filter(user=user).exists():
        return None
    return user


@transaction.atomic
def contact_deactivate(*, contact: ContactPerson) -> ContactPerson:
    """No more portal: the user is inactive, so its session ends at its next request and no link works."""
    if contact.user is None or not contact.user.is_active:
        raise ValidationError(_("%(name)s har ikke adgang til virksomhedsportalen.") % {"name": contact.name})
    contact.user.is_active = False
    contact.user.save(update_fields=["is_active"])
    return contact


# --- openings --------------------------------------------------------------------------------


@transaction.atomic
def portal_opening_create(*, contact: ContactPerson, data: dict) -> JobOpening:
    """An opening posted by the company: it waits for a consultant's approval before youth are matched to it."""
    data = {**data, "company": contact.company, "status": OpeningStatus.AWAITING_APPROVAL, "rules_justification": ""}
    data.setdefault("industry", contact.company.industry)
    opening = services.opening_create(data=data, created_by=contact.user)
    opening.posted_by_contact = contact
    opening.save(update_fields=["posted_by_contact"])
    return opening


def _words(value) -> str:
    return " ".join(str(value or "").split())


def _approval_value(opening: JobOpening, field: str):
    """A field of FIELDS_NEEDING_APPROVAL as JSON, the same for the same meaning: spaces, the order of the
    shifts and hazards, and 4 or 4.00 hours are no change."""
    value = getattr(opening, field)
    if field in ("title", "tasks"):
        return _words(value)
    if field == "hours_per_week":
        return None if value is None else format(Decimal(value).normalize(), "f")
    if field == "weekly_schedule":
        shifts = [young_workers.Shift.from_json(item).to_json() for item in value or []]
        return sorted(shifts, key=lambda item: (item["weekday"], item["start"], item["end"]))
    if field == "hazards":
        return sorted(value or [])
    return value


@transaction.atomic
def portal_opening_update(*, contact: ContactPerson, opening: JobOpening, data: dict) -> JobOpening:
    """The company edits its opening; the status, company and any exception are the consultant's.

    An open opening whose job changes (FIELDS_NEEDING_APPROVAL) waits for a consultant's approval again,
    off the matching until then, with what was approved kept for the consultant to compare. An edit that
    changes none of them (or only the positions or the start) leaves it open.
    """
    if opening.company_id != contact.company_id:
        raise ValidationError(_("Jobåbningen hører til en anden virksomhed."))
    # As stored: a model form has already put what was typed on the instance.
    stored = JobOpening.objects.get(pk=opening.pk)
    approved = stored.company_changes if stored.is_changed_by_company else {}
    before = {field: _approval_value(stored, field) for field in FIELDS_NEEDING_APPROVAL}
    data = {**data, "company": contact.company, "status": opening.status, "rules_justification": ""}
    data.setdefault("industry", opening.industry)
    opening = services.opening_update(opening=opening, data=data)
    changed = {field: value for field, value in before.items() if _approval_value(opening, field) != value}
    if opening.status == OpeningStatus.OPEN and changed:
        opening.status, opening.company_changes = OpeningStatus.AWAITING_APPROVAL, changed
        opening.company_changed_at, opening.company_changed_by = timezone.now(), contact
    elif opening.is_changed_by_company:
        # Changed again while waiting: compared with what was approved, so a field changed back is no
        # change, and an opening changed back altogether is the approved one again.
        merged = {**changed, **approved}
        opening.company_changes = {f: v for f, v in merged.items() if _approval_value(opening, f) != v}
        opening.company_changed_at, opening.company_changed_by = timezone.now(), contact
        if not opening.company_changes:
            opening.status, opening.company_changed_at, opening.company_changed_by = OpeningStatus.OPEN, None, None
    else:
        return opening
    opening.save(update_fields=["status", "company_changes", "company_changed_at", "company_changed_by", "updated_at"])
    return opening


@transaction.atomic
def opening_approve(*, opening: JobOpening, approved_by) -> JobOpening:
    """A consultant approves an opening the company posted or changed: it opens for matching."""
    if opening.status != OpeningStatus.AWAITING_APPROVAL:
        raise ValidationError(_("Jobåbningen venter ikke på godkendelse."))
    opening.status, opening.approved_by, opening.approved_at = OpeningStatus.OPEN, approved_by, timezone.now()
    opening.company_changed_at, opening.company_changed_by, opening.company_changes = None, None, {}
    opening.save(
        update_fields=[
            "status",
            "approved_by",
            "approved_at",
            "company_changed_at",
            "company_changed_by",
            "company_changes",
            "updated_at",
        ]
    )
    return opening


def _field_label(field: str) -> str:
    return str(JobOpening._meta.get_field(field).verbose_name)


def fields_needing_approval_text() -> str:
    """ "titel, type, …, og særlige arbejdsforhold": what the form tells the contact needs a new approval."""
    labels = [_field_label(field) for field in FIELDS_NEEDING_APPROVAL]
    return _("%(fields)s og %(last)s") % {"fields": ", ".join(labels[:-1]), "last": labels[-1]}


def company_changes_shown(opening: JobOpening) -> list[tuple[str, str]]:
    """What the company changed since the approval, as (the field's name, what was approved) to show."""
    shown = []
    for field in FIELDS_NEEDING_APPROVAL:
        if field not in opening.company_changes:
            continue
        value = opening.company_changes[field]
        if field == "weekly_schedule":
            text = ", ".join(young_workers.Shift.from_json(item).label for item in value)
        elif field == "hazards":
            text = ", ".join(str(young_workers.Hazard(item).label) for item in value if item in young_workers.Hazard)
        elif field == "kind":
            text = str(OpeningKind(value).label) if value in OpeningKind.values else str(value)
        elif field == "hours_per_week":
            text = "" if value is None else value.replace(".", ",")
        else:
            text = str(value)
        label = _field_label(field)
        shown.append((label[:1].upper() + label[1:], text or "–"))
    return shown


# --- candidates ------------------------------------------------------------------------------


class NotHiredReason(models.TextChoices):
    """Why the company did not hire a candidate ("ikke ansat"), from a list: kept as the match's rejection reason."""

    NO_SHOW = "udeblev", _("Den unge kom ikke til samtalen")
    DECLINED = "sagde_nej", _("Den unge sagde nej tak")
    OTHER_CANDIDATE = "anden_kandidat", _("Vi valgte en anden")
    NOT_SUITABLE = "passede_ikke", _("Jobbet passede ikke til den unge")
    POSITION_GONE = "ingen_stilling", _("Stillingen er ikke længere ledig")


def _own(contact: ContactPerson, match: Match) -> None:
    if match.opening.company_id != contact.company_id:
        raise ValidationError(_("Den unge er ikke sendt til jeres virksomhed."))


@transaction.atomic
def candidate_interview(*, contact: ContactPerson, match: Match) -> Match:
    """ "Samtale aftalt"."""
    _own(contact, match)
    return services.match_interview(match=match)


@transaction.atomic
def candidate_not_hired(*, contact: ContactPerson, match: Match, reason: str) -> Match:
    """ "Ikke ansat", with a reason from the list."""
    _own(contact, match)
    if reason not in NotHiredReason.values:
        raise ValidationError({"reason": _("Vælg en årsag fra listen.")})
    label = str(NotHiredReason(reason).label)
    return services.match_reject(match=match, reason=_("Virksomheden: %(reason)s") % {"reason": label})


@transaction.atomic
def candidate_hire(*, contact: ContactPerson, match: Match, data: dict):
    """ "Ansat": the placement exactly as the consultant's flow makes it (rules, consent, follow-ups)."""
    _own(contact, match)
    data = {"job_title": match.opening.title, "tasks": match.opening.tasks, **data}
    return services.placement_create(youth=match.youth, match=match, data=data, created_by=contact.user)


# --- follow-ups answered by the employer -----------------------------------------------------

# The follow-up e-mail's link answers that one follow-up (no sign-in): signed, and good for this long.
FOLLOW_UP_LINK_DAYS = 60
_FOLLOW_UP_SALT = "virksomheder.portal.follow_up"


def follow_up_contact(follow_up: FollowUp) -> ContactPerson | None:
    """Who answers for the company: the contact who recorded the hire, else its first contact with portal access."""
    placement = follow_up.placement
    contacts = ContactPerson.objects.filter(
        company_id=placement.company_id, user__is_active=True, user__groups__name=roles.COMPANY_CONTACT
    ).exclude(email="")
    return contacts.filter(user_id=placement.created_by_id).first() or contacts.order_by("pk").first()


def follow_up_link(*, follow_up: FollowUp, contact: ContactPerson) -> str:
    token = signing.dumps({"f": follow_up.pk, "c": contact.pk}, salt=_FOLLOW_UP_SALT, compress=True)
    return settings.SITE_URL + reverse("virksomheder:portal:follow_up", args=[token])


def portal_login_url() -> str:
    """The portal's sign-in page (for a message sent without a request): a contact has no password, so a
    link to a portal page would end at the staff login; from here they get a link by e-mail."""
    return settings.SITE_URL + reverse("virksomheder:portal:login")


def follow_up_from_link(token: str) -> tuple[FollowUp, ContactPerson] | None:
    """The follow-up and the contact a link was made for; None for a forged or expired link or a deactivated contact."""
    try:
        data = signing.loads(token, salt=_FOLLOW_UP_SALT, max_age=datetime.timedelta(days=FOLLOW_UP_LINK_DAYS))
    except signing.BadSignature:
        return None
    follow_up = FollowUp.objects.filter(pk=data.get("f")).select_related("placement__youth", "placement__company")
    contact = ContactPerson.objects.filter(pk=data.get("c"), user__is_active=True).select_related("user").first()
    follow_up = follow_up.first()
    if follow_up is None or contact is None or follow_up.placement.company_id != contact.company_id:
        return None
    return follow_up, contact


class HowItGoes(models.TextChoices):
    WELL = "godt", _("Godt")
    OK = "okay", _("Okay")
    BADLY = "skidt", _("Ikke så godt")


@transaction.atomic
def follow_up_answer(
    *,
    follow_up: FollowUp,
    contact: ContactPerson,
    still_employed: bool,
    how: str = "",
    comment: str = "",
    last_day: datetime.date | None = None,
) -> FollowUp:
    """The employer's answer: recorded as the follow-up, confirmed by the contact; the consultant's task closes.

    "No longer employed" needs the last working day and ends the placement. At six months "still
    employed" is the job kept, exactly as a consultant records it (the KPI counts the placement's dates).
    """
    if follow_up.is_done:
        raise ValidationError(_("Opfølgningen er allerede besvaret. Tak."))
    placement = follow_up.placement
    if not still_employed and last_day is None:
        raise ValidationError({"last_day": _("Skriv den sidste arbejdsdag.")})
    if last_day is not None and not still_employed and last_day < placement.start:
        raise ValidationError({"last_day": _("Den sidste arbejdsdag ligger før jobstart.")})
    how_text = str(HowItGoes(how).label) if how in HowItGoes.values else ""
    note = _("Besvaret af virksomheden (%(name)s).") % {"name": contact.name}
    if how_text:
        note += " " + _("Hvordan går det: %(how)s.") % {"how": how_text}
    if comment.strip():
        note += " " + comment.strip()
    end_reason = _("Oplyst af virksomheden i opfølgningen.")
    if not still_employed and not follow_up.is_six_months and placement.end is None:
        services.placement_update(
            placement=placement, data={"end": last_day, "end_reason": end_reason}, check_rules=False
        )
    follow_up = services.follow_up_complete(
        follow_up=follow_up,
        user=contact.user,
        job_kept=still_employed if follow_up.is_six_months else None,
        note=note,
        end=None if still_employed else last_day,
        end_reason="" if still_employed else end_reason,
    )
    follow_up.confirmed_by_contact = contact
    follow_up.save(update_fields=["confirmed_by_contact"])
    return follow_up
