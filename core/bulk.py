"""Bulk writes of thousands of rows (an import's) at the speed the database allows.

`bulk_insert(model, records)` is `model.objects.bulk_create(records)`: the records get their
primary keys and are saved, with no signals, exactly as bulk_create leaves them. On PostgreSQL
it loads them with COPY instead of INSERT: the keys are drawn from the table's sequence in one
query first, and the values go to the database in the COPY stream. At 10,000 rows Django's
bulk_create spent most of its time in Python (preparing every value of every row, then quoting
them into one long SQL text), more than the database spent storing them. Other databases
(SQLite in development and tests) use bulk_create itself.

`bulk_update(model, records, fields)` is `model.objects.bulk_update(records, fields)`: on
PostgreSQL one UPDATE ... FROM a COPY-filled temporary table per call, instead of a CASE per
field and row (whose SQL grows with rows x fields and which PostgreSQL plans slowly).
"""

import datetime
import time
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import Field, Model
from django.db.models.fields import AutoFieldMixin

# Field types whose stored value is the Python value itself when it has the natural type, so the
# COPY takes it as it is; any other field, or value, goes through the field's own preparation.
PLAIN_TYPES: dict[str, tuple[type, ...]] = {
    "CharField": (str,),
    "TextField": (str,),
    "EmailField": (str,),
    "SlugField": (str,),
    "BooleanField": (bool,),
    "IntegerField": (int,),
    "SmallIntegerField": (int,),
    "BigIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "ForeignKey": (int,),
    "DateField": (datetime.date,),  # exactly a date (type(), not isinstance): a datetime is not one
}


def _preparers(fields: list[Field], connection, *, insert: bool):
    """Per field, a function from a record to the value to store, as bulk_create prepares it
    (`insert`: with pre_save, which sets auto_now fields) or bulk_update does (without)."""

    def plain(field: Field, types: tuple[type, ...]):
        attname = field.attname

        def prepare(record):
            value = getattr(record, attname)
            if value is None or type(value) in types:
                return value
            return field.get_db_prep_save(field.pre_save(record, True) if insert else value, connection=connection)

        return prepare

    def full(field: Field):
        attname = field.attname

        def prepare(record):
            value = field.pre_save(record, True) if insert else getattr(record, attname)
            return field.get_db_prep_save(value, connection=connection)

        return prepare

    preparers = []
    for field in fields:
        internal = field.get_internal_type()
        # auto_now(_add) dates are set by pre_save; the date of a datetime is not a date to store.
        automatic = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if (
            internal in PLAIN_TYPES
            and not automatic
            and (type(field).pre_save is Field.pre_save or internal == "DateField")
        ):
            types = PLAIN_TYPES[internal]
            preparers.append(plain(field, types))
        else:
            preparers.append(full(field))
    return preparers


def _copyable(model: type[Model], records: list[Model]) -> bool:
    opts = model._meta
    return (
        not opts.parents  # multi-table inheritance writes two tables
        and isinstance(opts.pk, AutoFieldMixin)
        and all(record.pk is None for record in records)
        and not any(field.has_db_default() for field in opts.concrete_fields)
    )


def _log(connection, sql: str, began: float) -> None:
    # What CaptureQueriesContext and DEBUG's query log show for the COPY (it has no cursor.execute).
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - began:.3f}"})


def _copy(connection, table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    began = time.monotonic()
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    _log(connection, sql, began)


def bulk_insert(model: type[Model], records: Iterable[Model], *, batch_size: int | None = None) -> list[Model]:
    """`model.objects.bulk_create(records, batch_size=...)`; on PostgreSQL through COPY (see above)."""
    records = list(records)
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not records or not _copyable(model, records):
        return model._default_manager.bulk_create(records, batch_size=batch_size)
    opts = model._meta
    fields = [field for field in opts.concrete_fields if field is not opts.pk]
    for record in records:
        # What bulk_create's _prepare_for_bulk_create does: a model's own pre-save checks.
        record._prepare_related_fields_for_save(operation_name="bulk_insert")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(records)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    preparers = _preparers(fields, connection, insert=True)
    for record, pk in zip(records, ids, strict=True):
        record.pk = pk
    _copy(
        connection,
        opts.db_table,
        [opts.pk.column, *(field.column for field in fields)],
        ((record.pk, *(prepare(record) for prepare in preparers)) for record in records),
    )
    for record in records:
        record._state.adding = False
        record._state.db = connection.alias
    return records


def bulk_update(model: type[Model], records: list[Model], fields: list[str], *, batch_size: int | None = None) -> None:
    """`model.objects.bulk_update(records, fields, batch_size=...)`; on PostgreSQL one UPDATE
    from a temporary table the changed values are copied into (see above)."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or not records:
        if records:
            model._default_manager.bulk_update(records, fields, batch_size=batch_size)
        return
    opts = model._meta
    targets = [opts.get_field(name) for name in fields]
    if any(not field.concrete or field.many_to_many or field.primary_key for field in targets):
        raise ValueError("bulk_update() can only be used with concrete fields and not the primary key.")
    quote = connection.ops.quote_name
    table, temporary = quote(opts.db_table), quote(f"bulk_update_{opts.db_table}")
    columns = [opts.pk.column, *(field.column for field in targets)]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # Same column types as the table (no copy of its constraints or defaults); gone at commit.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "
            f"SELECT {', '.join(quote(column) for column in columns)} FROM {table} WITH NO DATA"
        )
        preparers = _preparers(targets, connection, insert=False)
        _copy(
            connection,
            f"bulk_update_{opts.db_table}",
            columns,
            ((record.pk, *(prepare(record) for prepare in preparers)) for record in records),
        )
        assignments = ", ".join(f"{quote(field.column)} = source.{quote(field.column)}" for field in targets)
        cursor.execute(
            f"UPDATE {table} SET {assignments} FROM {temporary} AS source "
            f"WHERE {table}.{quote(opts.pk.column)} = source.{quote(opts.pk.column)}"
        )
        cursor.execute(f"DROP TABLE {temporary}")
