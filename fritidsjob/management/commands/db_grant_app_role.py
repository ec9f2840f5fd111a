"""Give the application its own PostgreSQL role, which owns no table and may not rewrite the audit trail.

Run as the tables' owner (the role `migrate` runs as), after every `migrate`,
so tables new in a release get their grants too:

    DATABASE_URL=postgres://owner:...@host/db APP_DATABASE_PASSWORD=... \\
        python manage.py migrate && python manage.py db_grant_app_role fritidsjob_app

The web, worker and beat processes then connect as fritidsjob_app. It may
read and write the app's tables, but on the audit trail only SELECT and INSERT
(no UPDATE, DELETE or TRUNCATE), and it can't alter or drop a table, nor drop
the triggers that keep the trail append-only, since it owns none of them.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

# Tables the application may only add to (and read): the audit trail.
APPEND_ONLY_TABLES = ["auditlog_logentry"]
# Tables only `migrate` writes.
READ_ONLY_TABLES = ["django_migrations"]
# The one way an audit entry's values are rewritten or an expired access entry deleted:
# functions owned by the tables' owner, each logging itself (migration fritidsjob 0010).
AUDIT_SCRUB_FUNCTIONS = ["fritidsjob_audit_scrub(bigint, jsonb)", "fritidsjob_audit_expire_access(bigint, timestamptz)"]


class Command(BaseCommand):
    help = "Opret eller opdatér applikationens egen databaserolle med rettigheder til appens tabeller (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("role", help="Rollens navn, fx fritidsjob_app")
        parser.add_argument(
            "--password-env",
            default="APP_DATABASE_PASSWORD",
            help="Miljøvariablen med rollens adgangskode (standard: APP_DATABASE_PASSWORD)",
        )

    def handle(self, *args, role: str, password_env: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError(f"Databaseroller kræver PostgreSQL (ikke {connection.vendor}).")
        password = os.environ.get(password_env, "")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            owner, database = cursor.fetchone()
            if owner == role:
                raise CommandError("Kør kommandoen som tabellernes ejer, ikke som applikationens rolle.")
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            exists = cursor.fetchone() is not None
            if not exists and not password:
                raise CommandError(f"Rollen {role} findes ikke: sæt {password_env} til dens adgangskode.")
            names = {"role": sql.Identifier(role), "database": sql.Identifier(database)}
            templates = [
                "CREATE ROLE {role}" if not exists else "",
                "ALTER ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS",
                "GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {role}",
                "GRANT USAGE ON SCHEMA public TO {role}",
                "REVOKE CREATE ON SCHEMA public FROM {role}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
                "ALTER ROLE {role} WITH PASSWORD {password}" if password else "",
            ]
            names["password"] = sql.Literal(password)
            templates += [
                f"REVOKE UPDATE, DELETE, TRUNCATE ON {{{table}}} FROM {{role}}" for table in APPEND_ONLY_TABLES
            ]
            templates += [
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {{{table}}} FROM {{role}}" for table in READ_ONLY_TABLES
            ]
            names.update({table: sql.Identifier(table) for table in APPEND_ONLY_TABLES + READ_ONLY_TABLES})
            # The signatures are our own constants, not input: written as they are.
            templates += [f"GRANT EXECUTE ON FUNCTION {function} TO {{role}}" for function in AUDIT_SCRUB_FUNCTIONS]
            for template in filter(None, templates):
                # DDL takes no bind parameters: psycopg quotes the identifiers and the password.
                cursor.execute(sql.SQL(template).format(**names).as_string(cursor.connection))
        self.stdout.write(
            f"Rollen {role} kan læse og skrive appens tabeller; revisionssporet kun læse og tilføje."
            + ("" if exists else " (oprettet)")
        )
