"""Anonymising a person: requested by one staff member, approved by a second, carried out in one go.

Carried out synchronously when approved (and from `manage.py anonymiser`): one person's
records are a few hundred rows at most, so the approver sees the result at once and
there is never a half-anonymised case waiting for a worker. The nightly retention task
(fritidsjob/retention.py) calls the same `person_anonymise`.

What each app removes is its own business (its `anonymisers.py`, core/erasure.py); this
module runs them in one transaction, then rewrites the person's audit entries through
the one path the append-only protection lets through (`audit_scrub`), and deletes the
files from disk once the transaction has committed.
"""

import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Model, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core import erasure
from core.audit import record_event

from .models import AnonymisationRequest, AnonymisationStatus, AuditScrub, Youth, YouthStatus

# What a value in a rewritten audit entry reads: the field stays, the value goes.
SCRUBBED = "***"
# Keys of an entry's structure that are no personal value (an m2m change's type and operation).
_STRUCTURE_KEYS = {"type", "operation", "event"}
_BATCH = 500
APPROVER_PERMISSION = "fritidsjob.approve_anonymisation"


def find_person(kind: str, ref: str) -> Model | None:
    """The person named on the command line: `id:N` (the database id) or the import reference."""
    subject = erasure.subjects().get(kind)
    if subject is None:
        return None
    manager = subject.model._default_manager
    if ref.startswith("id:"):
        pk = ref.removeprefix("id:")
        return manager.filter(pk=int(pk)).first() if pk.isdigit() else None
    return manager.filter(import_ref=ref).first()


def refusal(person: Model) -> str | None:
    """Why `person` cannot be anonymised now, in Danish; None when they can.

    A young person's case must be closed first: an open case is still worked on, and the
    staff's caseload and the reminders count open cases.
    """
    if getattr(person, "anonymised_at", None):
        return _("Personen er allerede anonymiseret.")
    if isinstance(person, Youth) and person.status != YouthStatus.CLOSED:
        return _("Sagen skal afsluttes, før den unge kan anonymiseres.")
    return None


def _describe(person: Model) -> str:
    return f"{erasure.subject_of(person).kind} #{person.pk}"


# --- the flow ----------------------------------------------------------------------------


@transaction.atomic
def anonymisation_request(*, person: Model, reason: str, requested_by) -> AnonymisationRequest:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Skriv en begrundelse for anonymiseringen.")})
    if refused := refusal(person):
        raise ValidationError(refused)
    if AnonymisationRequest.objects.pending().for_person(person).exists():
        raise ValidationError(_("Der er allerede en anmodning om anonymisering, som venter på godkendelse."))
    request = AnonymisationRequest(
        content_type=ContentType.objects.get_for_model(type(person)),
        object_id=person.pk,
        reason=reason,
        requested_by=requested_by,
    )
    request.full_clean()
    request.save()
    record_event(person, actor=requested_by, event="anonymisation_requested", details={"request": request.pk})
    return request


def _decide(request: AnonymisationRequest, decided_by) -> None:
    if request.status != AnonymisationStatus.REQUESTED:
        raise ValidationError(_("Anmodningen er allerede afgjort."))
    if not decided_by.has_perm(APPROVER_PERMISSION):
        raise PermissionDenied
    if request.requested_by_id == decided_by.pk:
        raise ValidationError(_("En anden end den, der anmodede, skal godkende anonymiseringen."))


@transaction.atomic
def anonymisation_approve(*, request: AnonymisationRequest, approver) -> AnonymisationRequest:
    """The second staff member's approval; the anonymisation is carried out at once."""
    request = AnonymisationRequest.objects.select_for_update().get(pk=request.pk)
    _decide(request, approver)
    person = request.content_type.get_object_for_this_type(pk=request.object_id)
    if refused := refusal(person):  # e.g. reopened since it was asked for
        raise ValidationError(refused)
    request.decided_by = approver
    request.decided_at = timezone.now()
    request.status = AnonymisationStatus.DONE
    request.scrubbed_entries = _carry_out(person=person, reason=request.reason, actor=approver)
    request.save()
    return request


@transaction.atomic
def anonymisation_reject(*, request: AnonymisationRequest, decided_by) -> AnonymisationRequest:
    request = AnonymisationRequest.objects.select_for_update().get(pk=request.pk)
    _decide(request, decided_by)
    request.decided_by = decided_by
    request.decided_at = timezone.now()
    request.status = AnonymisationStatus.REJECTED
    request.save()
    return request


@transaction.atomic
def person_anonymise(
    *, person: Model, reason: str, actor=None, origin: str, deleting: bool = False
) -> AnonymisationRequest:
    """Anonymise at once, for the municipality's own procedures: the command line and retention.

    Recorded as a request decided in the same moment, so the erasure log is one list.
    `deleting`: the case is deleted next (services.youth_delete), open or not.
    """
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Skriv en begrundelse for anonymiseringen.")})
    refused = refusal(person)
    if refused and not (deleting and not getattr(person, "anonymised_at", None)):
        raise ValidationError(refused)
    AnonymisationRequest.objects.pending().for_person(person).update(
        status=AnonymisationStatus.DONE, decided_by=actor, decided_at=timezone.now()
    )
    request = AnonymisationRequest(
        content_type=ContentType.objects.get_for_model(type(person)),
        object_id=person.pk,
        reason=reason,
        requested_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
        status=AnonymisationStatus.DONE,
        origin=origin,
    )
    request.scrubbed_entries = _carry_out(person=person, reason=reason, actor=actor)
    request.save()
    return request


def _carry_out(*, person: Model, reason: str, actor) -> int:
    """Run every app's anonymisers, rewrite the audit entries, delete the files after commit."""
    run = erasure.ErasureRun(reason=reason)
    erasure.run_anonymisers(run, person)
    scrubbed = audit_scrub(
        entries=_entries_of(run), reason=f"{_describe(person)}: {reason}", actor=actor, persons=run.persons
    )
    for each in run.persons:
        # After the rewrite, so this entry keeps its (value-free) details.
        record_event(each, actor=actor, event="anonymised", details={"audit_entries_scrubbed": scrubbed})
    files = list(run.files)
    transaction.on_commit(lambda: _delete_files(files))
    return scrubbed


def _delete_files(files) -> None:
    for storage, name in files:
        storage.delete(name)


# --- the audit trail ---------------------------------------------------------------------


def _entries_of(run: erasure.ErasureRun):
    """Every entry about a touched record or a person, and every entry that holds one of their values."""
    about = Q(pk__in=[])
    for model, pks in run.records.items():
        if pks:
            about |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    for person in run.persons:
        about |= Q(content_type=ContentType.objects.get_for_model(type(person)), object_id=person.pk)
        about |= Q(**{f"additional_data__{person._meta.model_name}_id": person.pk})
    mentions = Q(pk__in=[])
    for value in run.values:
        # JSON may hold "ø" as "\u00f8" (SQLite): look for both spellings.
        for spelling in {value, json.dumps(value)[1:-1]}:
            for column in ("object_repr", "changes_text", "scrub_changes", "scrub_additional", "scrub_serialized"):
                mentions |= Q(**{f"{column}__icontains": spelling})
    return LogEntry.objects.annotate(
        scrub_changes=Cast("changes", TextField()),
        scrub_additional=Cast("additional_data", TextField()),
        scrub_serialized=Cast("serialized_data", TextField()),
    ).filter(about | mentions)


def _scrubbed(value):
    if value is None:
        return None
    if isinstance(value, dict):
        return {key: (item if key in _STRUCTURE_KEYS else _scrubbed(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item) for item in value]
    return SCRUBBED


def _scrubbed_details(details):
    # Which records an entry is about (youth_id, ...) and what happened stay; any other value goes.
    if not isinstance(details, dict):
        return _scrubbed(details)
    return {
        key: item if (key.endswith("_id") and isinstance(item, int)) or key in _STRUCTURE_KEYS else _scrubbed(item)
        for key, item in details.items()
    }


def _rewrite(entry: LogEntry, persons) -> dict:
    return {
        "id": entry.pk,
        "object_repr": _repr_after(entry, persons),
        "changes": _scrubbed(entry.changes),
        "changes_text": "",
        "serialized_data": None,
        "additional_data": _scrubbed_details(entry.additional_data),
    }


def _repr_after(entry: LogEntry, persons) -> str:
    for person in persons:
        if entry.content_type.model_class() is type(person) and entry.object_id == person.pk:
            return str(person)  # already anonymised: "Anonymiseret ung"
    return f"{entry.content_type.name} #{entry.object_pk}"


def audit_scrub(*, entries, reason: str, actor=None, persons=()) -> int:
    """The one path that rewrites audit entries: who, what, when and which fields stay; values go.

    Logged first (AuditScrub), in the caller's transaction. On PostgreSQL the rewrite
    runs inside `fritidsjob_audit_scrub()`, owned by the tables' owner: the trigger lets
    an entry change only there, and only its values (migration 0010).
    """
    with transaction.atomic():
        scrub = AuditScrub.objects.create(
            kind=AuditScrub.Kind.ANONYMISATION, performed_by=actor, reason=reason[:1000], entries=0
        )
        rows = [_rewrite(entry, persons) for entry in entries.select_related("content_type").order_by("pk")]
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT fritidsjob_audit_scrub(%s, %s::jsonb)", [scrub.pk, json.dumps(batch)])
            else:
                # No triggers guard SQLite (development and the quick test runs): the same rewrite.
                LogEntry.objects.bulk_update(
                    [LogEntry(pk=row.pop("id"), **row) for row in batch],
                    ["object_repr", "changes", "changes_text", "serialized_data", "additional_data"],
                )
        AuditScrub.objects.filter(pk=scrub.pk).update(entries=len(rows))
    return len(rows)


def access_log_expire(*, before, reason: str) -> int:
    """Delete the access entries (someone was shown a person) older than `before`, through the same path."""
    with transaction.atomic():
        scrub = AuditScrub.objects.create(kind=AuditScrub.Kind.ACCESS_LOG_EXPIRY, reason=reason[:1000], entries=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT fritidsjob_audit_expire_access(%s, %s)", [scrub.pk, before])
                count = cursor.fetchone()[0]
        else:
            count, _deleted = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, timestamp__lt=before).delete()
        AuditScrub.objects.filter(pk=scrub.pk).update(entries=count)
    return count
