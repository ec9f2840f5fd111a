"""Migration operations that only mean something on PostgreSQL (SQLite, the development default, skips them)."""

from django.db import migrations


def postgres_only(forward: str, backward: str) -> migrations.RunPython:
    """Run `forward` (and `backward` when unapplied) on PostgreSQL only."""

    def run(sql):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql)

        return apply

    return migrations.RunPython(run(forward), run(backward), elidable=False)


def trigram_indexes(table: str, *columns: str) -> migrations.RunPython:
    """GIN trigram indexes for a list's `icontains` search on `columns` of `table`.

    Django writes `UPPER("col"::text) LIKE UPPER('%word%')` for icontains on PostgreSQL;
    an index on that same expression lets the search use the index instead of a scan.
    Needs pg_trgm (core 0002).
    """
    create = "\n".join(
        f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops);'
        for column in columns
    )
    drop = "\n".join(f'DROP INDEX IF EXISTS "{table}_{column}_trgm";' for column in columns)
    return postgres_only(create, drop)


def iexact_indexes(table: str, *columns: str) -> migrations.RunPython:
    """B-tree indexes for an `iexact` match on `columns` of `table`.

    Django writes `UPPER("col"::text) = UPPER('word')` for iexact on PostgreSQL. A search that ORs
    it with trigram matches can only combine indexes (a BitmapOr) when every branch has one;
    one branch without makes PostgreSQL scan the whole table.
    """
    create = "\n".join(
        f'CREATE INDEX IF NOT EXISTS "{table}_{column}_upper" ON "{table}" ((UPPER("{column}"::text)));'
        for column in columns
    )
    drop = "\n".join(f'DROP INDEX IF EXISTS "{table}_{column}_upper";' for column in columns)
    return postgres_only(create, drop)
