"""The audit trail of personal data: the one entry point every app records through.

django-auditlog keeps the entries. An app registers its personal-data models with
`auditlog.register` in its AppConfig.ready(); from then on every save() and delete()
of them is recorded with the actor (AuditlogMiddleware), the time and the changed
fields. What sends no signal goes through here instead:

- a queryset `.update()` or `bulk_create`: `audited_update`, `audited_bulk_create` and
  `audited_bulk_add` (many-to-many) leave the entry per row that save() or add() would have left;
- a page about one person: `RecordsAccessMixin` records an access entry each time it
  is shown (`record_access` for a page about several);
- a change no save() shows (a user's roles set at sign-in): `record_change`;
- an export of personal data: `record_export_access`, one access entry per person;
- a search in a list of persons: `SearchAuditMixin` records the search text once per search.

Each access entry says why in additional_data: {"page": path}, {"export": file},
{"search": text} or {"insight": ...}; `access_purpose(entry)` reads it in Danish for the
access log (Adgangslog) and for a person's right-of-access package.

A record that belongs to a young person (a placement, a CV, a consent) carries
`get_additional_data()` returning {"youth_id": ...}, so `trail_of(youth)` finds it.
Entries are append-only: the admin shows them read-only and, on PostgreSQL, a trigger
refuses UPDATE and DELETE (migration fritidsjob 0003).
"""

from collections.abc import Callable, Iterable

from auditlog.cid import get_cid
from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function, is_primitive, model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import DateTimeField, ForeignKey, JSONField, Model, Q, QuerySet
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str
from django.utils.translation import gettext as _

from .bulk import bulk_insert, bulk_update
from .exports import ExportMixin, requested_format
from .kpis import counted_changed

EXPORT_BATCH_SIZE = 1000


def _changes(old: Model | None, new: Model, fields: Iterable[str] | None = None) -> dict:
    # As auditlog's own receivers work them out: the registered fields, masked ones masked.
    return model_instance_diff(
        old, new, fields_to_check=fields, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )


def _value_of(field, use_json: bool) -> Callable[[Model], object]:
    """auditlog's get_field_value(record, field) for one field, its common cases without the per-call tests."""
    if use_json or isinstance(field, DateTimeField | JSONField):
        return lambda record: get_field_value(record, field, use_json)
    if (
        not settings.AUDITLOG_USE_FK_STRING_REPRESENTATION
        and (field.one_to_one or field.many_to_one)
        and hasattr(field, "rel_class")
    ):
        attname = field.get_attname()
        return lambda record: smart_str(getattr(record, attname), strings_only=True)
    name = field.name

    def value_of(record):
        try:
            value = smart_str(getattr(record, name))
        except (ObjectDoesNotExist, AttributeError):
            return get_field_value(record, field, use_json)
        return str(value) if type(value).__name__ == "__proxy__" else value

    return value_of


def _creation_changes(model: type[Model], fields: Iterable[str]) -> Callable[[Model], dict | None]:
    """`_changes(None, record, fields)` for many new records of `model`, worked out as auditlog does.

    model_instance_diff finds the fields, the registry's filters and the "old" values (none: each
    is what auditlog writes for a missing record) again for every record, which was most of a
    bulk import's time; here that is done once, and only each record's own values per record.
    """
    options = auditlog.get_model_fields(model)
    wanted = set(fields)
    tracked = [
        field
        for field in get_fields_in_model(model())
        if (field.name in wanted or (isinstance(field, ForeignKey) and field.attname in wanted))
        and (not options["include_fields"] or field.name in options["include_fields"])
        and field.name not in options["exclude_fields"]
    ]
    differ = _differ(model, tracked)
    return lambda record: differ(None, record)


def _update_changes(model: type[Model]) -> Callable[[Model, Model], dict | None]:
    """`_changes(before, after)` for many (before, after) pairs of `model`, worked out as auditlog
    does (every field of the model, less the registry's filters), the fields found once."""
    options = auditlog.get_model_fields(model)
    tracked = [
        field
        for field in model._meta.fields
        if (not options["include_fields"] or field.name in options["include_fields"])
        and field.name not in options["exclude_fields"]
    ]
    return _differ(model, tracked)


def _differ(model: type[Model], tracked: list) -> Callable[[Model | None, Model], dict | None]:
    """model_instance_diff(old, new) over `tracked` fields, each field's reader and mask found once."""
    use_json = settings.AUDITLOG_STORE_JSON_CHANGES
    options = auditlog.get_model_fields(model)
    columns = [
        (
            field.name,
            _value_of(field, use_json),
            get_field_value(None, field, use_json),
            get_mask_function(options.get("mask_callable")) if field.name in options["mask_fields"] else None,
        )
        for field in tracked
    ]

    def changes(old: Model | None, new: Model) -> dict | None:
        diff = {}
        for name, value_of, missing, mask in columns:
            old_value = missing if old is None else value_of(old)
            new_value = value_of(new)
            if old_value == new_value:
                continue
            if mask is not None:
                diff[name] = (mask(smart_str(old_value)), mask(smart_str(new_value)))
            elif not use_json:
                diff[name] = (smart_str(old_value), smart_str(new_value))
            else:
                diff[name] = (
                    old_value if is_primitive(old_value) else smart_str(old_value),
                    new_value if is_primitive(new_value) else smart_str(new_value),
                )
        return diff or None

    return changes


def _additional_data(record: Model) -> dict:
    return (record.get_additional_data() if hasattr(record, "get_additional_data") else None) or {}


def record_access(*records: Model, page: str = "") -> None:
    """An access entry on each audited record: someone was shown it (on `page`, a path)."""
    for record in records:
        if record.pk is not None and auditlog.contains(type(record)):
            # As auditlog's own access receiver writes it (actor and address from the middleware), plus the page.
            LogEntry.objects.log_create(
                record,
                action=LogEntry.Action.ACCESS,
                changes=None,
                force_log=True,
                additional_data={**_additional_data(record), **({"page": page[:300]} if page else {})},
            )


def record_change(record: Model, *, changes: dict, **details) -> LogEntry:
    """An update entry for a change no save() of the record shows (e.g. a user's roles set at sign-in).

    `changes` as auditlog writes them, {"field": [old, new]}; `details` go in additional_data.
    """
    return LogEntry.objects.log_create(
        record, action=LogEntry.Action.UPDATE, changes=changes, additional_data=details or None
    )


def audited_update(queryset: QuerySet, **fields) -> int:
    """`queryset.update(**fields)`, with the update entry per changed row that save() would leave.

    update() sends no signals, so auditlog never sees it. The rows are read before and
    after, as a value may be an expression (F("date") + shift).
    """
    model = queryset.model
    with transaction.atomic():
        if not auditlog.contains(model):
            count = queryset.update(**fields)
            counted_changed(model)  # update() sends no signal the reporting hears either
            return count
        before = {row.pk: row for row in queryset.select_for_update()}
        rows = model._default_manager.filter(pk__in=before)
        count = rows.update(**fields)
        counted_changed(model)
        for row in rows:
            changes = _changes(before[row.pk], row, fields)
            if changes:
                LogEntry.objects.log_create(row, action=LogEntry.Action.UPDATE, changes=changes)
    return count


def audited_bulk_create(model: type[Model], records: Iterable[Model], **options) -> list[Model]:
    """`model.objects.bulk_create(records)`, with the create entry per row that save() would leave.

    The entries are inserted in batches too (an import creates thousands of records). Each
    entry first gets the pre_save signal an entry's save() sends, through which auditlog's
    context (the middleware, `set_actor`) fills in who did it, as it does for a single save.
    """
    with transaction.atomic():
        created = bulk_insert(model, records, **options)
        counted_changed(model)
        if auditlog.contains(model):
            # Only the record's own columns: nothing points to a record just created, and asking
            # a reverse one-to-one would cost a query per row.
            changes = _creation_changes(model, [field.name for field in model._meta.concrete_fields])
            entries = [
                _entry(
                    record,
                    action=LogEntry.Action.CREATE,
                    actor=None,
                    remote_addr=None,
                    additional_data=record.get_additional_data() if hasattr(record, "get_additional_data") else None,
                    changes=changes(record),
                )
                for record in created
            ]
            for entry in entries:
                pre_save.send(sender=LogEntry, instance=entry, raw=False, using=entry._state.db, update_fields=None)
            bulk_insert(LogEntry, entries, batch_size=EXPORT_BATCH_SIZE)
    return created


def audited_bulk_update(model: type[Model], changes: list[tuple[Model, Model]], fields: list[str]) -> None:
    """`model.objects.bulk_update(records, fields)` for (before, after) pairs, with the update
    entry per changed record that its save() would leave (auditlog diffs all its fields).

    bulk_update sets no auto_now field: the caller includes and sets those it keeps.
    """
    with transaction.atomic():
        bulk_update(model, [after for _before, after in changes], fields, batch_size=500)
        if changes:
            counted_changed(model)  # bulk_update sends no signal the reporting hears either
        if auditlog.contains(model):
            differ = _update_changes(model)
            entries = [
                _entry(
                    after,
                    action=LogEntry.Action.UPDATE,
                    actor=None,
                    remote_addr=None,
                    additional_data=after.get_additional_data() if hasattr(after, "get_additional_data") else None,
                    changes=diff,
                )
                for before, after in changes
                if (diff := differ(before, after))
            ]
            for entry in entries:
                pre_save.send(sender=LogEntry, instance=entry, raw=False, using=entry._state.db, update_fields=None)
            bulk_insert(LogEntry, entries, batch_size=EXPORT_BATCH_SIZE)


def audited_bulk_add(pairs: list[tuple[Model, list[Model]]], *, field: str) -> None:
    """`record.<field>.add(*related)` for many (record, related) pairs at once, with the entry per
    record that auditlog's m2m signal would leave (for a field registered with m2m_fields)."""
    if not pairs:
        return
    model = type(pairs[0][0])
    m2m = model._meta.get_field(field)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    with transaction.atomic():
        through._default_manager.bulk_create(
            [
                through(**{f"{source}_id": record.pk, f"{target}_id": other.pk})
                for record, related in pairs
                for other in related
            ],
            batch_size=EXPORT_BATCH_SIZE,
        )
        counted_changed(model)
        if auditlog.contains(model) and field in auditlog._registry[model]["m2m_fields"]:
            entries = [
                _entry(
                    record,
                    action=LogEntry.Action.UPDATE,
                    actor=None,
                    remote_addr=None,
                    additional_data=record.get_additional_data() if hasattr(record, "get_additional_data") else None,
                    changes={field: {"type": "m2m", "operation": "add", "objects": [str(other) for other in related]}},
                )
                for record, related in pairs
                if related
            ]
            for entry in entries:
                pre_save.send(sender=LogEntry, instance=entry, raw=False, using=entry._state.db, update_fields=None)
            bulk_insert(LogEntry, entries, batch_size=EXPORT_BATCH_SIZE)


def _entry(
    record: Model,
    *,
    action: int,
    actor,
    remote_addr: str | None,
    additional_data: dict | None,
    changes: dict | None = None,
) -> LogEntry:
    """An unsaved log entry about `record`, for what auditlog's own signals do not record."""
    return LogEntry(
        content_type=ContentType.objects.get_for_model(type(record)),  # cached after the first
        object_pk=str(record.pk),
        object_id=record.pk if isinstance(record.pk, int) else None,
        object_repr=str(record)[:200],
        action=action,
        changes_text="",
        changes=changes,
        cid=get_cid(),
        actor=actor,
        remote_addr=remote_addr,
        additional_data=additional_data,
    )


def record_export_access(records: Iterable[Model], *, actor, remote_addr: str | None, details: dict) -> None:
    """An access entry for every audited person in an export, with `details` naming the file.

    One insert per batch rather than per person (an export may hold thousands), so the
    actor is passed in: bulk_create bypasses the middleware's hook that fills it in.
    """
    LogEntry.objects.bulk_create(
        [
            _entry(
                record,
                action=LogEntry.Action.ACCESS,
                actor=actor,
                remote_addr=remote_addr,
                additional_data={**details, **_additional_data(record)},
            )
            # Persons of every audited model in the export (e.g. parents and their children).
            for record in records
            if auditlog.contains(type(record))
        ],
        batch_size=EXPORT_BATCH_SIZE,
    )


def trail_of(person: Model) -> QuerySet:
    """Everything recorded about one person: their own record and the records that carry their id.

    A young person's placement, say, carries {"youth_id": ...} in LogEntry.additional_data.
    """
    key = f"additional_data__{person._meta.model_name}_id"
    return (
        LogEntry.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(type(person)), object_id=person.pk) | Q(**{key: person.pk})
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


class RecordsAccessMixin:
    """A page about one person: each time it is shown, their audit trail gets an access entry.

    The record is `self.object` (DetailView, UpdateView, DeleteView); a view that keeps it
    elsewhere overrides `accessed_record()`. Recorded once the view has answered 200, so a
    refusal, a 404 or the redirect after a save records nothing; a file (a PDF, a scanned
    document) counts as shown. An export records its own entries (record_export_access).
    """

    def accessed_record(self) -> Model | None:
        return getattr(self, "object", None)

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        exporting = isinstance(self, ExportMixin) and requested_format(request)
        if response.status_code == 200 and not exporting:
            record = self.accessed_record()
            if record is not None:
                record_access(record, page=request.path)
        return response


SEARCH_TEXT_MAX_LENGTH = 200


def record_search(model: type[Model], *, request, list_name: str, text: str) -> LogEntry:
    """An access entry for a search in a list of persons: who searched for what, where.

    It is about the list (no one record), so it names the model searched and no object.
    """
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_id=None,
        object_repr=str(model._meta.verbose_name_plural)[:200],
        action=LogEntry.Action.ACCESS,
        changes_text="",
        actor=request.user if request.user.is_authenticated else None,
        remote_addr=request.META.get("REMOTE_ADDR"),
        additional_data={"search": text[:SEARCH_TEXT_MAX_LENGTH], "list": list_name, "page": request.path[:300]},
    )


class SearchAuditMixin:
    """A list with a name search: each search is recorded once, with its text (record_search).

    Once per search, not per page of its results nor per redraw of the same search: the
    last text searched in each list is kept in the session. `search_parameter` names the
    filter's field, `search_list` the list, and the model is the view's queryset's.
    """

    search_parameter = "name"
    search_list = ""

    def get(self, request, *args, **kwargs):
        text = " ".join(request.GET.get(self.search_parameter, "").split())
        key = f"last_search:{self.search_list or request.path}"
        if text and request.session.get(key) != text:
            record_search(
                self.get_queryset().model, request=request, list_name=self.search_list or request.path, text=text
            )
            request.session[key] = text
        elif not text:
            request.session.pop(key, None)
        return super().get(request, *args, **kwargs)


def access_purpose(entry: LogEntry, *, plain: bool = False) -> str:
    """Why someone was shown a person's data, in Danish: the page, the export, the search.

    `plain`: for the family's own package, without paths and file names.
    """
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    if "insight" in data:
        return _("Indsigtspakke udleveret")
    if "search" in data:
        return _("Søgning: »%(text)s«") % {"text": data["search"]}
    if "export" in data:
        if plain:
            return _("Med i et udtræk af en liste")
        return _("Udtræk af en liste (%(file)s)") % {"file": data["export"]}
    if "page" in data and not plain:
        return _("Side vist (%(page)s)") % {"page": data["page"]}
    return _("Vist på en side i systemet") if plain else _("Side vist")


def record_event(
    record: Model, *, actor, event: str, remote_addr: str | None = None, details: dict | None = None
) -> None:
    """An entry about `record` for what sends no model signal, e.g. a user's second factor reset.

    `event` is a short English key ("second_factor_reset"); `details` what else an auditor needs.
    """
    _entry(
        record,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        remote_addr=remote_addr,
        additional_data={"event": event, **(details or {})},
    ).save()
