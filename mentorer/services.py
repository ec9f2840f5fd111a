"""Writes for mentors, mentor relationships and sessions. Views, the portal and the demo call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.consent import ConsentKind
from core.formatting import long_date
from core.sharing import shares_personal_data
from fritidsjob.models import Youth
from fritidsjob.services import apply_fields

from .models import (
    APPROVED_STATUSES,
    BOERNEATTEST_AGE,
    AttestAssessment,
    Mentor,
    MentorRelationship,
    MentorSession,
    MentorStatus,
    RelationshipStatus,
    youth_age_on,
)

MENTOR_FIELDS = [
    "first_name",
    "last_name",
    "employer",
    "job_title",
    "phone",
    "email",
    "postcode",
    "languages",
    "availability",
    "about",
    "capacity",
    "status",
    "interview_on",
    "boerneattest_on",
    "boerneattest_assessment",
    "confidentiality_signed_on",
    "intro_course_on",
    "user",
]
RELATIONSHIP_FIELDS = ["start_date", "planned_end", "goals", "next_steps", "coordinator"]
SESSION_FIELDS = ["date", "duration_minutes", "form", "topic", "note"]


# --- mentors -------------------------------------------------------------------------------


def _check_approval(mentor: Mentor, previous_status: str | None, today: datetime.date) -> None:
    """A mentor becomes godkendt (or aktiv) only with complete vetting; the message says what is missing.

    Checked when the status changes into godkendt/aktiv: an attest that later
    expires does not lock the mentor's record; the overview and the reminders
    show it, and matching checks it again.
    """
    if mentor.status not in APPROVED_STATUSES or previous_status in APPROVED_STATUSES:
        return
    if missing := mentor.vetting_missing(today):
        raise ValidationError(
            {
                "status": _("%(name)s kan ikke godkendes, før screeningen er færdig. Mangler: %(missing)s.")
                % {"name": mentor.full_name, "missing": ", ".join(missing)}
            },
            code="vetting_incomplete",
        )


def _check_user(mentor: Mentor) -> None:
    from fritidsjob import roles

    if mentor.user is not None and not mentor.user.groups.filter(name=roles.MENTOR).exists():
        raise ValidationError(
            {"user": _("Brugerkontoen skal have rollen Mentor for at kunne bruge mentorportalen.")},
            code="not_a_mentor_account",
        )


@transaction.atomic
def mentor_create(*, data: dict, industries=(), today: datetime.date | None = None) -> Mentor:
    mentor = Mentor()
    apply_fields(mentor, data, MENTOR_FIELDS)
    mentor.full_clean()
    _check_approval(mentor, None, today or timezone.localdate())
    _check_user(mentor)
    mentor.save()
    mentor.industries.set(industries)
    return mentor


@transaction.atomic
def mentor_update(*, mentor: Mentor, data: dict, industries=None, today: datetime.date | None = None) -> Mentor:
    previous_status = Mentor.objects.filter(pk=mentor.pk).values_list("status", flat=True).first()
    apply_fields(mentor, data, MENTOR_FIELDS)
    mentor.full_clean()
    _check_approval(mentor, previous_status, today or timezone.localdate())
    _check_user(mentor)
    mentor.save()
    if industries is not None:
        mentor.industries.set(industries)
    return mentor


@transaction.atomic
def mentor_portal_invite(*, mentor: Mentor, invited_by, base_url: str):
    """Give the mentor a portal login: a Mentor account with their e-mail, and the invitation to choose a password.

    A mentor already invited who never chose a password gets the invitation again.
    """
    from fritidsjob import accounts, roles

    if mentor.user is not None:
        if not accounts.invitation_pending(mentor.user):
            raise ValidationError(_("%(name)s har allerede login til mentorportalen.") % {"name": mentor.full_name})
        user = mentor.user
        transaction.on_commit(lambda: accounts.invitation_send(user=user, invited_by=invited_by, base_url=base_url))
        return user
    if not mentor.email:
        raise ValidationError(_("Skriv mentorens e-mailadresse, før du giver adgang til mentorportalen."))
    user = accounts.user_invite(
        email=mentor.email,
        first_name=mentor.first_name,
        last_name=mentor.last_name,
        role=roles.MENTOR,
        invited_by=invited_by,
        base_url=base_url,
    )
    mentor.user = user
    mentor.save(update_fields=["user", "updated_at"])
    return user


# --- matching -------------------------------------------------------------------------------


def match_problems(*, mentor: Mentor, youth: Youth, on: datetime.date) -> list[str]:
    """Why `mentor` cannot start a relationship with `youth` on `on` (Danish); empty when it can.

    The consent is not among them: require_consent (core.consent) is the one
    consent check, asked by relationship_start (its decorator, core.sharing).
    """
    problems = []
    if mentor.status not in APPROVED_STATUSES:
        problems.append(
            _("%(name)s er ikke godkendt som mentor (status: %(status)s).")
            % {"name": mentor.full_name, "status": mentor.get_status_display().lower()}
        )
    if missing := mentor.basic_vetting_missing():
        problems.append(_("Screeningen mangler: %(missing)s.") % {"missing": ", ".join(missing)})
    if mentor.boerneattest_assessment == AttestAssessment.REMARKS:
        problems.append(_("Børneattesten har anmærkninger; mentoren kan ikke kobles til unge."))
    age = youth_age_on(youth, on)
    if age < BOERNEATTEST_AGE and not mentor.boerneattest_valid_on(on):
        problems.append(
            _(
                "%(youth)s er under %(age)s år på startdatoen, så mentoren skal have en gyldig børneattest. "
                "Mangler: %(problem)s."
            )
            % {"youth": youth.first_name, "age": BOERNEATTEST_AGE, "problem": mentor.boerneattest_problem(on)}
        )
    active = getattr(mentor, "active_count", None)
    if active is None:
        active = mentor.relationships.filter(status=RelationshipStatus.ACTIVE).count()
    if active >= mentor.capacity:
        problems.append(
            _("%(name)s har ingen ledig plads (%(active)s af %(capacity)s mentees).")
            % {"name": mentor.full_name, "active": active, "capacity": mentor.capacity}
        )
    return problems


@shares_personal_data(kind=ConsentKind.SHARE_WITH_MENTOR, recipient="mentor", youth=lambda kwargs: kwargs["youth"])
@transaction.atomic
def relationship_start(*, youth: Youth, mentor: Mentor, data: dict) -> MentorRelationship:
    """Start a mentor relationship: vetting, børneattest (under 15), capacity and the consent to share, checked.

    The consent is asked for today (the decorator): from now on the mentor's portal shows the young person.
    """
    # Lock the mentor so two coordinators cannot fill the last place at once.
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    relationship = MentorRelationship(youth=youth, mentor=mentor, status=RelationshipStatus.ACTIVE)
    apply_fields(relationship, data, RELATIONSHIP_FIELDS)
    relationship.full_clean(validate_constraints=False)
    start = relationship.start_date
    if MentorRelationship.objects.active().filter(youth=youth).exists():
        raise ValidationError(
            _("%(name)s har allerede et aktivt mentorforløb. Afslut det først.") % {"name": youth.full_name},
            code="already_active",
        )
    if problems := match_problems(mentor=mentor, youth=youth, on=start):
        raise ValidationError(problems, code="cannot_match")
    relationship.save()
    if mentor.status == MentorStatus.APPROVED:
        mentor.status = MentorStatus.ACTIVE
        mentor.save(update_fields=["status", "updated_at"])
    return relationship


@transaction.atomic
def relationship_update(*, relationship: MentorRelationship, data: dict) -> MentorRelationship:
    """Change goals, next steps, planned end or coordinator (not the start: that was checked when it began)."""
    apply_fields(relationship, {k: v for k, v in data.items() if k != "start_date"}, RELATIONSHIP_FIELDS)
    relationship.full_clean()
    relationship.save()
    return relationship


@transaction.atomic
def relationship_end(
    *, relationship: MentorRelationship, ended_on: datetime.date, outcome: str, evaluation: str
) -> MentorRelationship:
    if not relationship.is_active:
        raise ValidationError(_("Forløbet er allerede afsluttet."), code="already_ended")
    errors = {}
    if not outcome:
        errors["outcome"] = _("Vælg forløbets resultat.")
    if not evaluation.strip():
        errors["evaluation"] = _("Skriv en kort evaluering af forløbet.")
    last = relationship.sessions.order_by("-date").values_list("date", flat=True).first()
    if last and ended_on and ended_on < last:
        errors["ended_on"] = _("Der er logget et møde %(date)s; forløbet kan ikke slutte før det.") % {
            "date": long_date(last)
        }
    if errors:
        raise ValidationError(errors)
    relationship.status = RelationshipStatus.ENDED
    relationship.ended_on = ended_on
    relationship.outcome = outcome
    relationship.evaluation = evaluation.strip()
    relationship.full_clean()
    relationship.save()
    return relationship


# --- sessions ---------------------------------------------------------------------------------


@shares_personal_data(
    kind=ConsentKind.SHARE_WITH_MENTOR, recipient="mentor", youth=lambda kwargs: kwargs["relationship"].youth
)
@transaction.atomic
def session_log(
    *, relationship: MentorRelationship, data: dict, logged_by, next_steps: str | None = None
) -> MentorSession:
    """Log a session; `next_steps`, when given, replaces the relationship's next steps.

    Only while the consent to share with the mentor is in force today: a withdrawn
    consent stops the mentor's work with the young person at once, from the portal or the staff's page.
    """
    if not relationship.is_active:
        raise ValidationError(_("Forløbet er afsluttet, så der kan ikke logges flere møder."), code="ended")
    session = MentorSession(relationship=relationship, logged_by=logged_by)
    apply_fields(session, data, SESSION_FIELDS)
    session.full_clean()
    session.save()
    if next_steps is not None and next_steps.strip():
        relationship.next_steps = next_steps.strip()
        relationship.save(update_fields=["next_steps"])
    return session
