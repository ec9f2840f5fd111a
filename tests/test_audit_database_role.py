"""The audit trail can't be rewritten by the application's own database role, nor emptied by anyone.

PostgreSQL only (CI runs it): the role is made in the test database's cluster by
`manage.py db_grant_app_role`, as the release step does, and the test connects as it.
"""

import json

import psycopg
import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from fritidsjob.management.commands.db_grant_app_role import APPEND_ONLY_TABLES

from .factories import YouthFactory
from .marks import COMMITTED_DB

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles and the TRUNCATE trigger are PostgreSQL's"
)


@pytest.mark.django_db
def test_the_audit_trail_cannot_be_truncated():
    YouthFactory()
    with (
        pytest.raises(DatabaseError, match="Revisionssporet kan ikke tømmes"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # The suite's own connections may empty it between tests (settings_test.py); production's never.
        cursor.execute("SET LOCAL fritidsjob.allow_audit_truncate = 'off'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the entries' foreign keys are checked now, not at commit
        cursor.execute("TRUNCATE auditlog_logentry")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM auditlog_logentry")
        assert cursor.fetchone()[0] > 0


@pytest.fixture
def app_role(monkeypatch):
    """The application's role, made as the release step makes it; dropped again afterwards (roles are global)."""
    role = f"app_{connection.settings_dict['NAME']}"[:63]
    monkeypatch.setenv("APP_DATABASE_PASSWORD", "app-test-password")
    call_command("db_grant_app_role", role)
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def connect_as(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        dbname=db["NAME"],
        user=role,
        password="app-test-password",
        autocommit=True,
    )


@COMMITTED_DB
def test_the_app_role_owns_no_table_and_may_only_read_and_add_to_the_audit_trail(app_role):
    youth = YouthFactory()
    with connect_as(app_role) as app:
        owned = app.execute("SELECT count(*) FROM pg_tables WHERE tableowner = current_user").fetchone()[0]
        assert owned == 0
        # The app's own tables: read and write.
        app.execute("UPDATE fritidsjob_youth SET first_name = 'Anna' WHERE id = %s", [youth.pk])
        assert app.execute("SELECT count(*) FROM auditlog_logentry").fetchone()[0] > 0
        privileges = app.execute(
            "SELECT has_table_privilege('auditlog_logentry', 'INSERT'), has_table_privilege('auditlog_logentry', 'UPDATE')"
        ).fetchone()
        assert privileges == (True, False)
        for statement in [
            "UPDATE auditlog_logentry SET changes_text = 'x'",
            "DELETE FROM auditlog_logentry",
            "TRUNCATE auditlog_logentry",
            "ALTER TABLE auditlog_logentry DISABLE TRIGGER ALL",
            "DROP TRIGGER fritidsjob_audit_append_only ON auditlog_logentry",
            "CREATE TABLE rogue (id int)",
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)


@COMMITTED_DB
def test_granting_again_keeps_the_audit_trail_append_only(app_role):
    call_command("db_grant_app_role", app_role)  # every release runs it again
    with connect_as(app_role) as app:
        for table in APPEND_ONLY_TABLES:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(f"DELETE FROM {table}")


@COMMITTED_DB
def test_the_app_role_rewrites_values_only_through_the_logged_scrub_function(app_role):
    from fritidsjob.models import AuditScrub

    youth = YouthFactory(first_name="Hemmelignavn")
    entry = LogEntry.objects.filter(object_id=youth.pk, content_type__model="youth").get()
    scrub = AuditScrub.objects.create(kind=AuditScrub.Kind.ANONYMISATION, reason="test")
    rewritten = json.dumps(
        [
            {
                "id": entry.pk,
                "object_repr": "x",
                "changes": {},
                "changes_text": "",
                "serialized_data": None,
                "additional_data": None,
            }
        ]
    )
    with connect_as(app_role) as app:
        # Setting the switch by hand gives no right to UPDATE.
        with pytest.raises(psycopg.errors.InsufficientPrivilege), app.transaction():
            app.execute("SELECT set_config('fritidsjob.audit_scrub', %s, true)", [str(scrub.pk)])
            app.execute("UPDATE auditlog_logentry SET object_repr = 'x' WHERE id = %s", [entry.pk])
        # Without a log row first, the function refuses.
        with pytest.raises(psycopg.errors.RaiseException, match="logpost"):
            app.execute("SELECT fritidsjob_audit_scrub(%s, %s::jsonb)", [scrub.pk + 1000, rewritten])
        assert app.execute("SELECT fritidsjob_audit_scrub(%s, %s::jsonb)", [scrub.pk, rewritten]).fetchone() == (1,)
        # The switch is off again afterwards, in the same session.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("DELETE FROM auditlog_logentry WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.object_repr == "x" and "Hemmelignavn" not in json.dumps(entry.changes)


@pytest.mark.django_db
def test_even_the_scrub_path_may_not_change_who_did_what_when():
    from fritidsjob.models import AuditScrub

    youth = YouthFactory()
    entry = LogEntry.objects.filter(object_id=youth.pk, content_type__model="youth").get()
    scrub = AuditScrub.objects.create(kind=AuditScrub.Kind.ANONYMISATION, reason="test")
    for statement in [
        "UPDATE auditlog_logentry SET action = 2 WHERE id = %s",
        "UPDATE auditlog_logentry SET timestamp = now() - interval '1 day' WHERE id = %s",
        "DELETE FROM auditlog_logentry WHERE id = %s",  # not an access entry
    ]:
        with (
            pytest.raises(DatabaseError, match="Revisionssporet kan ikke ændres"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT set_config('fritidsjob.audit_scrub', %s, true)", [str(scrub.pk)])
            cursor.execute(statement, [entry.pk])
