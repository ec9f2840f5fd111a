"""Writes for companies, guidance, openings, matches, placements and follow-ups.

Views, imports and demo data call these; nothing else saves these models.
"""

import copy
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audited_bulk_create, audited_bulk_update, audited_update
from core.consent import ConsentKind
from core.sharing import shares_personal_data
from fritidsjob.models import Youth
from fritidsjob.services import apply_fields, new_for_bulk, update_many_for_bulk
from opgaver import services as task_services
from opgaver.models import Task, TaskStatus

from . import matching, rules_check
from .models import (
    PLANNED_ATTENDANCE,
    Company,
    ContactPerson,
    FollowUp,
    FollowUpKind,
    Guidance,
    GuidanceForm,
    JobOpening,
    Match,
    MatchStage,
    NetworkMeeting,
    NetworkMeetingSignup,
    OpeningStatus,
    Placement,
    ProgrammeText,
    follow_up_due,
    six_months_after,
)

COMPANY_FIELDS = [
    "name",
    "cvr",
    "industry",
    "address",
    "postcode",
    "city",
    "size",
    "network_member_since",
    "responsible_consultant",
    "notes",
    "company_form",
    "industry_code",
    "industry_code_version",
    "p_number",
    "import_ref",
]
CONTACT_FIELDS = ["name", "role", "phone", "email"]
GUIDANCE_FIELDS = ["date", "form", "topic", "topic_text", "consultant", "outcome", "import_ref"]
MEETING_FIELDS = ["date", "title", "place", "topic", "organiser", "note"]
OPENING_FIELDS = [
    "company",
    "title",
    "industry",
    "kind",
    "tasks",
    "hours_per_week",
    "weekly_schedule",
    "hazards",
    "min_age",
    "positions",
    "start_date",
    "status",
    "rules_justification",
]
PLACEMENT_FIELDS = [
    "company",
    "opening",
    "job_title",
    "start",
    "end",
    "hours_per_week",
    "weekly_schedule",
    "tasks",
    "hourly_wage",
    "contract_signed",
    "end_reason",
    "rules_justification",
    "import_ref",
]


# --- companies ---------------------------------------------------------------------------


@transaction.atomic
def company_create(*, data: dict) -> Company:
    company = Company()
    apply_fields(company, data, COMPANY_FIELDS)
    company.full_clean()
    company.save()
    return company


def company_new(*, data: dict) -> Company:
    """A new company, not saved yet, validated for company_create_many (see new_for_bulk; the import
    has looked up the file's CVR numbers too)."""
    return new_for_bulk(Company(), data, COMPANY_FIELDS, stored=("industry",))


@transaction.atomic
def company_create_many(*, companies: list[Company]) -> list[Company]:
    """Save many new companies (from company_new) in a few queries, each with its audit entry."""
    return audited_bulk_create(Company, companies, batch_size=500)


@transaction.atomic
def company_update(*, company: Company, data: dict) -> Company:
    apply_fields(company, data, COMPANY_FIELDS)
    company.full_clean()
    company.save()
    return company


def company_update_many(*, changes: list[tuple[Company, dict]]) -> list[Company]:
    """Change many companies (an import's changed rows) as company_update would, in a few queries,
    each with its audit entry (see fritidsjob.services.update_many_for_bulk; the import has looked
    up the file's industries and CVR numbers)."""
    return update_many_for_bulk(
        Company,
        [(company, data, {}) for company, data in changes],
        COMPANY_FIELDS,
        stored=("industry", "responsible_consultant"),
    )


@transaction.atomic
def contact_person_create(*, company: Company, data: dict) -> ContactPerson:
    contact = ContactPerson(company=company)
    apply_fields(contact, data, CONTACT_FIELDS)
    contact.full_clean()
    contact.save()
    return contact


# --- guidance and network meetings -------------------------------------------------------


@transaction.atomic
def guidance_create(*, company: Company, data: dict) -> Guidance:
    guidance = Guidance(company=company)
    apply_fields(guidance, data, GUIDANCE_FIELDS)
    guidance.full_clean()
    guidance.save()
    return guidance


def guidance_new(*, company: Company, data: dict) -> Guidance:
    """A new guidance contact, not saved yet, validated for guidance_create_many (see new_for_bulk)."""
    return new_for_bulk(Guidance(company=company), data, GUIDANCE_FIELDS, stored=("company",))


@transaction.atomic
def guidance_create_many(*, guidances: list[Guidance]) -> list[Guidance]:
    """Save many new guidance contacts (from guidance_new) in a few queries, each with its audit entry."""
    return audited_bulk_create(Guidance, guidances, batch_size=500)


@transaction.atomic
def guidance_update(*, guidance: Guidance, data: dict, company: Company | None = None) -> Guidance:
    if company is not None:
        guidance.company = company
    apply_fields(guidance, data, GUIDANCE_FIELDS)
    guidance.full_clean()
    guidance.save()
    return guidance


def guidance_update_many(*, changes: list[tuple[Guidance, dict, Company]]) -> list[Guidance]:
    """Change many guidance contacts (guidance, data, company) as guidance_update would, in a few
    queries, each with its audit entry (see fritidsjob.services.update_many_for_bulk)."""
    return update_many_for_bulk(
        Guidance,
        [(guidance, data, {"company": company}) for guidance, data, company in changes],
        GUIDANCE_FIELDS,
        stored=("consultant", "network_meeting"),
    )


def _sync_meeting_guidance(meeting: NetworkMeeting) -> None:
    """One guidance contact of form netværksmøde per attending company, dated with the meeting."""
    attending = set(meeting.companies.values_list("pk", flat=True))
    meeting.guidance.exclude(company_id__in=attending).delete()
    # Audited like every write: a bare update() would leave no entry.
    audited_update(meeting.guidance.all(), date=meeting.date, topic=meeting.topic, consultant=meeting.organiser)
    have = set(meeting.guidance.values_list("company_id", flat=True))
    for company_id in sorted(attending - have):
        guidance = Guidance(
            company_id=company_id,
            date=meeting.date,
            form=GuidanceForm.NETWORK_MEETING,
            topic=meeting.topic,
            consultant=meeting.organiser,
            network_meeting=meeting,
            outcome=_("Deltog i netværksmødet %(title)s.") % {"title": meeting.title},
        )
        guidance.full_clean(validate_constraints=False)
        guidance.save()


def _check_attendance(meeting: NetworkMeeting, companies) -> None:
    if meeting.date and meeting.is_planned and companies:
        raise ValidationError({"companies": PLANNED_ATTENDANCE})


@transaction.atomic
def network_meeting_create(*, data: dict, companies) -> NetworkMeeting:
    meeting = NetworkMeeting()
    apply_fields(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    _check_attendance(meeting, companies)
    meeting.save()
    meeting.companies.set(companies)
    _sync_meeting_guidance(meeting)
    return meeting


@transaction.atomic
def network_meeting_update(*, meeting: NetworkMeeting, data: dict, companies) -> NetworkMeeting:
    apply_fields(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    _check_attendance(meeting, companies)
    meeting.save()
    meeting.companies.set(companies)
    _sync_meeting_guidance(meeting)
    return meeting


@transaction.atomic
def meeting_signup(*, meeting: NetworkMeeting, contact: ContactPerson) -> NetworkMeetingSignup:
    """The contact signs up to a planned meeting (once; signing up again changes nothing)."""
    if not meeting.is_planned:
        raise ValidationError(_("Mødet er holdt eller holdes i dag; tilmeldingen er lukket."))
    signup, _created = NetworkMeetingSignup.objects.get_or_create(meeting=meeting, contact=contact)
    return signup


@transaction.atomic
def meeting_signup_cancel(*, meeting: NetworkMeeting, contact: ContactPerson) -> None:
    if not meeting.is_planned:
        raise ValidationError(_("Mødet er holdt eller holdes i dag; tilmeldingen kan ikke ændres."))
    NetworkMeetingSignup.objects.filter(meeting=meeting, contact=contact).delete()


@transaction.atomic
def programme_text_save(*, body: str, user) -> ProgrammeText:
    text = ProgrammeText.current()
    text.body = body
    text.updated_by = user
    text.full_clean()
    text.save()
    return text


# --- job openings ------------------------------------------------------------------------


def opening_check(opening: JobOpening) -> list:
    """The opening's violations of the young-worker rules for its minimum age on its start date."""
    return rules_check.opening_violations(
        min_age=opening.min_age,
        start=opening.start_date,
        schedule=opening.weekly_schedule,
        hours_per_week=opening.hours_per_week,
        hazards=opening.hazards,
    )


def _save_opening(opening: JobOpening, created_by=None) -> JobOpening:
    opening.full_clean()
    rules_check.require_allowed(opening_check(opening), justification=opening.rules_justification)
    opening.save()
    return opening


@transaction.atomic
def opening_create(*, data: dict, created_by) -> JobOpening:
    opening = JobOpening(created_by=created_by)
    apply_fields(opening, data, OPENING_FIELDS)
    return _save_opening(opening)


@transaction.atomic
def opening_update(*, opening: JobOpening, data: dict) -> JobOpening:
    apply_fields(opening, data, OPENING_FIELDS)
    return _save_opening(opening)


@transaction.atomic
def opening_set_status(*, opening: JobOpening, status: str) -> JobOpening:
    """The consultant's status; from "afventer godkendelse" to another it settles the company's changes too."""
    opening.status = OpeningStatus(status)
    if opening.status != OpeningStatus.AWAITING_APPROVAL:
        opening.company_changed_at, opening.company_changed_by, opening.company_changes = None, None, {}
    opening.save(update_fields=["status", "company_changed_at", "company_changed_by", "company_changes", "updated_at"])
    return opening


# --- matches -----------------------------------------------------------------------------


@transaction.atomic
def match_create(*, youth: Youth, opening: JobOpening, created_by, today: datetime.date | None = None) -> Match:
    """Suggest a young person for an opening; the score and reasons are kept as they were then."""
    if Match.objects.filter(youth=youth, opening=opening).exists():
        raise ValidationError(_("%(name)s er allerede foreslået til dette job.") % {"name": youth.full_name})
    if opening.status != OpeningStatus.OPEN:
        raise ValidationError(_("Jobåbningen er ikke åben."))
    suggestion = matching.suggest(youth, opening, today)
    if not suggestion.suitable:
        raise ValidationError(
            _("%(name)s kan ikke foreslås til jobbet: %(reasons)s")
            % {"name": youth.full_name, "reasons": "; ".join(r.text for r in suggestion.reasons if not r.good)}
        )
    match = Match(
        youth=youth,
        opening=opening,
        score=suggestion.score,
        reasons=suggestion.reasons_json(),
        created_by=created_by,
        suggested_on=today or timezone.localdate(),
    )
    match.full_clean()
    match.save()
    return match


def _require_next(match: Match, stage: str) -> None:
    if stage not in match.next_stages:
        raise ValidationError(
            _("Matchet er %(stage)s og kan ikke flyttes dertil.") % {"stage": match.get_stage_display().lower()}
        )


@shares_personal_data(
    kind=ConsentKind.SHARE_WITH_COMPANY,
    recipient="virksomhed",
    youth=lambda kwargs: kwargs["match"].youth,
    on=lambda kwargs: kwargs.get("today"),
)
@transaction.atomic
def match_send(*, match: Match, today: datetime.date | None = None) -> Match:
    """Send the young person to the company: only with a valid consent to share with a company."""
    today = today or timezone.localdate()
    _require_next(match, MatchStage.SENT)
    if match.opening.status == OpeningStatus.AWAITING_APPROVAL:
        raise ValidationError(_("Jobåbningen venter på en konsulents godkendelse. Godkend den, før unge sendes."))
    match.stage, match.sent_on = MatchStage.SENT, today
    match.save(update_fields=["stage", "sent_on", "updated_at"])
    return match


@transaction.atomic
def match_interview(*, match: Match, on: datetime.date | None = None) -> Match:
    _require_next(match, MatchStage.INTERVIEW)
    match.stage, match.interview_on = MatchStage.INTERVIEW, on or timezone.localdate()
    match.save(update_fields=["stage", "interview_on", "updated_at"])
    return match


@transaction.atomic
def match_reject(*, match: Match, reason: str, today: datetime.date | None = None) -> Match:
    _require_next(match, MatchStage.REJECTED)
    if not reason.strip():
        raise ValidationError({"rejection_reason": _("Skriv en årsag til afvisningen.")})
    match.stage, match.rejection_reason = MatchStage.REJECTED, reason.strip()
    match.decided_on = today or timezone.localdate()
    match.save(update_fields=["stage", "rejection_reason", "decided_on", "updated_at"])
    return match


# --- placements --------------------------------------------------------------------------


def placement_check(placement: Placement) -> list:
    """The placement against the young person's age on its start date."""
    return rules_check.youth_violations(
        youth=placement.youth,
        start=placement.start,
        schedule=placement.weekly_schedule,
        hours_per_week=placement.hours_per_week,
        hazards=placement.opening.hazards if placement.opening_id else [],
    )


def _follow_ups_out_of_step(
    placement: Placement, existing: dict[str, FollowUp]
) -> tuple[list[FollowUp], list[tuple[FollowUp, datetime.date]]]:
    """The rule: a one-month and a six-month follow-up for every placement; open ones move with the
    start date. Given its stored follow-ups by kind: the missing ones (unsaved) and the open ones to
    move, with their new due date."""
    missing, to_move = [], []
    for kind in FollowUpKind:
        due = follow_up_due(placement.start, kind)
        follow_up = existing.get(kind)
        if follow_up is None:
            missing.append(FollowUp(placement=placement, kind=kind, due_date=due))
        elif not follow_up.is_done and follow_up.due_date != due:
            to_move.append((follow_up, due))
    return missing, to_move


def _sync_follow_ups(placement: Placement) -> None:
    missing, to_move = _follow_ups_out_of_step(placement, {f.kind: f for f in placement.follow_ups.all()})
    for follow_up in missing:
        follow_up.save(force_insert=True)
    for follow_up, due in to_move:
        follow_up.due_date = due
        follow_up.save(update_fields=["due_date"])


def placement_new_from_history(*, youth: Youth, data: dict) -> Placement:
    """A new placement as it was (the import: no match, no rules check), not saved yet, validated
    for placement_create_many (see new_for_bulk)."""
    placement = new_for_bulk(Placement(youth=youth), data, PLACEMENT_FIELDS, stored=("youth", "company", "opening"))
    placement.six_months_on = six_months_after(placement.start)  # what save() sets, which bulk_create skips
    return placement


@transaction.atomic
def placement_create_many(*, placements: list[Placement]) -> list[Placement]:
    """Save many new placements (from placement_new_from_history) with their two follow-ups, all audited."""
    created = audited_bulk_create(Placement, placements, batch_size=500)
    follow_ups = [
        FollowUp(placement=placement, kind=kind, due_date=follow_up_due(placement.start, kind))
        for placement in created
        for kind in FollowUpKind
    ]
    audited_bulk_create(FollowUp, follow_ups, batch_size=500)
    return created


FOLLOW_UP_CHUNK = 500  # keep IN lists short for SQLite


def _sync_follow_ups_many(placements: list[Placement]) -> None:
    """_sync_follow_ups for many placements in a few queries: the missing follow-ups made, the open
    ones moved with the start date, each with the audit entry its create() or save() leaves."""
    by_pk = {placement.pk: placement for placement in placements}
    pks = list(by_pk)
    existing: dict[int, dict[str, FollowUp]] = {pk: {} for pk in pks}
    for start in range(0, len(pks), FOLLOW_UP_CHUNK):
        for follow_up in FollowUp.objects.filter(placement_id__in=pks[start : start + FOLLOW_UP_CHUNK]):
            follow_up.placement = by_pk[follow_up.placement_id]  # as placement.follow_ups.all() has it
            existing[follow_up.placement_id][follow_up.kind] = follow_up
    new, moved = [], []
    for placement in placements:
        missing, to_move = _follow_ups_out_of_step(placement, existing[placement.pk])
        new += missing
        for follow_up, due in to_move:
            before = copy.copy(follow_up)
            follow_up.due_date = due
            moved.append((before, follow_up))
    if moved:
        audited_bulk_update(FollowUp, moved, ["due_date"])
    if new:
        audited_bulk_create(FollowUp, new, batch_size=500)


def _keep_six_months_on(placement: Placement) -> None:
    placement.six_months_on = six_months_after(placement.start)  # what save() sets


@transaction.atomic
def placement_update_many_from_history(*, changes: list[tuple[Placement, dict, Youth]]) -> list[Placement]:
    """Change many placements (placement, data, youth) as placement_update(history=True,
    check_rules=False) would: the import's changed rows, recorded after the fact, so neither consent
    nor the rules are asked. In a few queries, each with its audit entry (see
    fritidsjob.services.update_many_for_bulk), their follow-ups kept in step as _sync_follow_ups does."""
    placements = update_many_for_bulk(
        Placement,
        [(placement, data, {"youth": youth}) for placement, data, youth in changes],
        PLACEMENT_FIELDS,
        stored=("company", "opening", "match", "created_by"),
        prepare=_keep_six_months_on,
    )
    _sync_follow_ups_many(placements)
    return placements


@shares_personal_data(
    kind=ConsentKind.SHARE_WITH_COMPANY,
    recipient="virksomhed",
    youth=lambda kwargs: kwargs["youth"],
    # History recorded after the fact (the import of earlier years): the sharing happened
    # before the system, so today's consent cannot decide it. Only the import passes it.
    unless=lambda kwargs: kwargs.get("history", False),
)
@transaction.atomic
def placement_create(
    *,
    youth: Youth,
    data: dict,
    created_by=None,
    match: Match | None = None,
    check_rules: bool = True,
    history: bool = False,
) -> Placement:
    """Record a job: the company gets the young person, so only with the consent to share with a company today.

    From a match, the match becomes ansat. The import passes history=True and check_rules=False (as it was).
    """
    placement = Placement(youth=youth, created_by=created_by, match=match)
    apply_fields(placement, data, PLACEMENT_FIELDS)
    if match is not None:
        if match.youth_id != youth.pk:
            raise ValidationError(_("Matchet hører til en anden ung."))
        _require_next(match, MatchStage.HIRED)
        placement.opening = match.opening
        placement.company = match.opening.company
    placement.full_clean()
    if check_rules:
        rules_check.require_allowed(placement_check(placement), justification=placement.rules_justification)
    placement.save()
    _sync_follow_ups(placement)
    if match is not None:
        match.stage, match.decided_on = MatchStage.HIRED, placement.start
        match.save(update_fields=["stage", "decided_on", "updated_at"])
    opening = placement.opening
    # The last position taken fills the opening.
    if opening is not None and opening.status == OpeningStatus.OPEN and opening.placements.count() >= opening.positions:
        opening_set_status(opening=opening, status=OpeningStatus.FILLED)
    return placement


def _same_company(kwargs: dict) -> bool:
    """The update keeps the placement with the company it has (as stored: a bound form has set the new one)."""
    if "company" not in kwargs["data"]:
        return True
    return Placement.objects.filter(pk=kwargs["placement"].pk, company=kwargs["data"]["company"]).exists()


@shares_personal_data(
    kind=ConsentKind.SHARE_WITH_COMPANY,
    recipient="virksomhed",
    youth=lambda kwargs: kwargs["placement"].youth,
    # Moving the job to another company gives that company the young person; history (the import) aside.
    unless=lambda kwargs: kwargs.get("history", False) or _same_company(kwargs),
)
@transaction.atomic
def placement_update(*, placement: Placement, data: dict, check_rules: bool = True, history: bool = False) -> Placement:
    apply_fields(placement, data, PLACEMENT_FIELDS)
    placement.full_clean()
    if check_rules:
        rules_check.require_allowed(placement_check(placement), justification=placement.rules_justification)
    placement.save()
    _sync_follow_ups(placement)
    return placement


# --- follow-ups --------------------------------------------------------------------------


def _close_tasks_for(follow_up: FollowUp, *, user, now: datetime.datetime) -> None:
    """The reminder tasks about this follow-up are done once it is recorded: one place for that."""
    tasks = Task.objects.filter(
        content_type=ContentType.objects.get_for_model(FollowUp), object_id=follow_up.pk, status=TaskStatus.OPEN
    )
    for task in tasks:
        task_services.task_complete(task=task, user=user, now=now)


@transaction.atomic
def follow_up_complete(
    *,
    follow_up: FollowUp,
    user,
    job_kept: bool | None = None,
    note: str = "",
    end: datetime.date | None = None,
    end_reason: str = "",
    now: datetime.datetime | None = None,
) -> FollowUp:
    """Record a follow-up. The six-month one records whether the job was kept; if not, the placement's end.

    Closes the follow-up's open tasks in Mine opgaver.
    """
    now = now or timezone.now()
    if follow_up.is_done:
        raise ValidationError(_("Opfølgningen er allerede registreret."))
    placement = follow_up.placement
    if follow_up.is_six_months:
        if job_kept is None:
            raise ValidationError({"job_kept": _("Vælg, om jobbet er fastholdt.")})
        if job_kept is False and placement.end is None:
            if end is None or not end_reason.strip():
                raise ValidationError({"end": _("Skriv sidste arbejdsdag og årsagen, når jobbet ikke er fastholdt.")})
            ending = {"end": end, "end_reason": end_reason.strip()}
            placement_update(placement=placement, data=ending, check_rules=False)
    follow_up.job_kept = job_kept if follow_up.is_six_months else None
    follow_up.note = note
    follow_up.completed_on = timezone.localdate(now)
    follow_up.completed_by = user
    follow_up.full_clean()
    follow_up.save()
    _close_tasks_for(follow_up, user=user, now=now)
    return follow_up
