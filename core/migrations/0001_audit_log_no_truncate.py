from django.db import migrations

# The audit trail is append-only (fritidsjob 0003 refuses UPDATE and DELETE of an entry);
# TRUNCATE fires no row trigger, so a statement trigger refuses it too, on PostgreSQL.
#
# The test suite empties its database between transactional tests with TRUNCATE: its
# settings (settings_test.py) set fritidsjob.allow_audit_truncate=on on their connections.
# Production never sets it, and the application's own database role may not TRUNCATE
# at all (manage.py db_grant_app_role): the trigger guards against the tables' owner.
CREATE = """
CREATE OR REPLACE FUNCTION core_refuse_audit_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('fritidsjob.allow_audit_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'Revisionssporet kan ikke tømmes';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_audit_no_truncate
    BEFORE TRUNCATE ON auditlog_logentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_refuse_audit_truncate();
"""
DROP = """
DROP TRIGGER IF EXISTS core_audit_no_truncate ON auditlog_logentry;
DROP FUNCTION IF EXISTS core_refuse_audit_truncate();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
