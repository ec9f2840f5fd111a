"""Writes to youth cases. Views, imports and tasks call these, never .save() directly."""

import copy
import datetime
import functools
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audited_bulk_create, audited_bulk_update

from . import erasure
from .models import CalendarFeed, Heartbeat, JournalEntry, StartPageVisit, Youth, YouthStatus

# Fields a form or an import may set on a young person directly.
YOUTH_FIELDS = [
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "school",
    "school_class",
    "postcode",
    "phone",
    "email",
    "in_target_group",
    "target_group_level",
    "target_group_reasons",
    "referral_source",
    "available_weekdays",
    "available_from",
    "available_until",
    "responsible_staff",
    "status",
    "end_reason",
    "registered_on",
    "jobcenter_case_number",
    "esdh_case_number",
    "kle_number",
    "import_ref",
]

# The references a bulk write takes as stored (looked up or left as they were), not checked per row.
YOUTH_STORED = ("school", "responsible_staff")


def apply_fields(instance, data: dict, allowed: list[str]) -> None:
    """Set `data` on `instance`; a field outside `allowed` is a programming error, never user input.

    Every app's services use this to take a form's or an import's cleaned data.
    """
    for field, value in data.items():
        if field not in allowed:
            raise TypeError(f"{type(instance).__name__} has no settable field {field!r}")
        setattr(instance, field, value)


def new_for_bulk(record, data: dict, allowed: list[str], *, stored: tuple[str, ...] = ()):
    """`record` (unsaved) with `data` set and validated as its app's create service validates it,
    for the `<entity>_new` services a bulk import calls before `<entity>_create_many`.

    Left out, since each would cost a query per row: uniqueness (the import has looked the
    file's references up at once), check constraints (the database enforces them) and the
    foreign keys named in `stored` (records the import looked up, so they exist).
    """
    apply_fields(record, data, allowed)
    # A field that `data` does not set and that holds its (valid) default is checked once per model, not per row.
    unset = [
        name
        for name, attname, default in _valid_defaults(type(record))
        if name not in data and getattr(record, attname) == default
    ]
    record.full_clean(exclude=[*stored, *unset], validate_unique=False, validate_constraints=False)
    return record


@transaction.atomic
def update_many_for_bulk(
    model, changes: list[tuple], allowed: list[str], *, stored: tuple[str, ...] = (), prepare=None
) -> list:
    """Change many stored records (an import's changed rows) in a few queries, each with the audit
    entry its save() would leave, for the `<entity>_update_many` services.

    `changes` are (record, data, references): `data` is set and validated as the app's update
    service validates it, less what costs a query per row (see new_for_bulk; `stored` and the
    `references`, stored records such as {"parent": parent}, are taken as they are). If any is
    refused, nothing is saved: the first refusal is raised, with `error.failures` listing every
    (index of the change, ValidationError), so each bad row can be reported. `prepare(record)`, if
    given, sets on each validated record what the model's save() sets (bulk_update calls no save()).
    """
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    automatic = [field for field in columns if getattr(field, "auto_now", False)]
    now = timezone.now()
    pairs, fields, failures = [], set(), []
    for index, (record, data, references) in enumerate(changes):
        before = copy.copy(record)
        for name, value in references.items():
            setattr(record, name, value)
        try:
            new_for_bulk(record, data, allowed, stored=(*stored, *references))
        except ValidationError as error:
            failures.append((index, error))
            continue
        if prepare is not None:
            prepare(record)
        for field in automatic:  # bulk_update sets no auto_now field
            setattr(record, field.attname, now)
        fields.update(
            field.name for field in columns if getattr(before, field.attname) != getattr(record, field.attname)
        )
        pairs.append((before, record))
    if failures:
        first = failures[0][1]
        first.index, first.failures = failures[0][0], failures
        raise first
    if pairs and fields:
        audited_bulk_update(model, pairs, sorted(fields))
    return [record for _before, record in pairs]


@functools.cache
def _valid_defaults(model) -> tuple[tuple[str, str, object], ...]:
    """(name, attname, default) of each field of `model` whose default passes the field's own
    validation (clean_fields), as a new record holds it."""
    fresh = model()
    valid = []
    for field in model._meta.concrete_fields:
        value = getattr(fresh, field.attname)
        try:
            field.clean(value, fresh)
        except ValidationError:
            continue
        valid.append((field.name, field.attname, value))
    return tuple(valid)


@transaction.atomic
def youth_create(*, data: dict, industries=(), cpr: str = "") -> Youth:
    youth = Youth()
    apply_fields(youth, data, YOUTH_FIELDS)
    youth.set_cpr(cpr)
    _note_closing(youth)
    youth.full_clean()
    youth.save()
    youth.industries_of_interest.set(industries)
    return youth


def youth_new(*, data: dict) -> Youth:
    """A new case, not saved yet, validated for youth_create_many (see new_for_bulk)."""
    return new_for_bulk(Youth(), data, YOUTH_FIELDS, stored=YOUTH_STORED)


@transaction.atomic
def youth_create_many(*, youths: list[Youth]) -> list[Youth]:
    """Save many new cases (from youth_new) in a few queries, each with its audit entry."""
    return audited_bulk_create(Youth, youths, batch_size=500)


@transaction.atomic
def youth_update_many(*, changes: list[tuple[Youth, dict]], validated: bool = False) -> list[Youth]:
    """Change many cases (an import's changed rows) in a few queries, each with its audit entry.

    Each case is validated as youth_update validates it, less what would cost a query per row
    (see new_for_bulk); a refused one raises ValidationError with the index of its pair in
    `error.index`, and nothing is saved. `validated`: the caller has already validated each case
    with its data exactly so (the import does, on a copy, before it counts the row), so it is not
    done twice.
    """
    pairs = []
    # Only the columns some row changes: bulk_update's SQL holds a CASE per column and row.
    fields = {"updated_at"}
    columns = [Youth._meta.get_field(name) for name in {*YOUTH_FIELDS, "closed_on"}]
    now = timezone.now()
    for index, (youth, data) in enumerate(changes):
        before = copy.copy(youth)
        try:
            if validated:
                apply_fields(youth, data, YOUTH_FIELDS)
            else:
                new_for_bulk(youth, data, YOUTH_FIELDS, stored=YOUTH_STORED)
        except ValidationError as error:
            error.index = index
            raise
        _note_closing(youth)
        youth.updated_at = now
        fields.update(c.name for c in columns if getattr(before, c.attname) != getattr(youth, c.attname))
        pairs.append((before, youth))
    audited_bulk_update(Youth, pairs, sorted(fields))
    return [youth for _before, youth in pairs]


def _note_closing(youth: Youth) -> None:
    # The retention period of a closed case runs from the day it was closed; reopening clears it.
    if youth.status == YouthStatus.CLOSED:
        youth.closed_on = youth.closed_on or timezone.localdate()
    else:
        youth.closed_on = None


@transaction.atomic
def youth_update(*, youth: Youth, data: dict, industries=None, cpr: str | None = None) -> Youth:
    """Change a case. cpr=None keeps the stored CPR number; "" removes it."""
    apply_fields(youth, data, YOUTH_FIELDS)
    if cpr is not None:
        youth.set_cpr(cpr)
    _note_closing(youth)
    youth.full_clean()
    youth.save()
    if industries is not None:
        youth.industries_of_interest.set(industries)
    return youth


@transaction.atomic
def youth_delete(*, youth: Youth, deleted_by=None) -> None:
    """Delete a case: anonymised first, so its audit entries (which stay) keep no personal value."""
    if youth.anonymised_at is None:
        erasure.person_anonymise(
            person=youth,
            reason=_("Sagen er slettet af en administrator."),
            actor=deleted_by,
            origin="sletning",
            deleting=True,
        )
    youth.delete()


@transaction.atomic
def journal_entry_create(
    *, youth: Youth, author, kind: str, text: str, date: datetime.date | None = None
) -> JournalEntry:
    entry = JournalEntry(youth=youth, author=author, kind=kind, text=text, date=date or timezone.localdate())
    entry.full_clean()
    entry.save()
    return entry


def heartbeat_record(*, name: str) -> Heartbeat:
    heartbeat, _created = Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})
    return heartbeat


def start_page_visit(*, user, session_key: str, now: datetime.datetime):
    """Record a visit to "I dag" and return when the user's previous visit (an earlier sign-in) was.

    None on the first visit ever. Two queries: the row, and its update or creation.
    """
    visit = StartPageVisit.objects.filter(user=user).first()
    if visit is None:
        StartPageVisit.objects.create(user=user, session_key=session_key, seen_at=now)
        return None
    if visit.session_key != session_key:
        visit.previous_seen_at, visit.session_key = visit.seen_at, session_key
    visit.seen_at = now
    visit.save(update_fields=["previous_seen_at", "session_key", "seen_at"])
    return visit.previous_seen_at


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new secret iCal link for `user`; the old one (if any) stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
