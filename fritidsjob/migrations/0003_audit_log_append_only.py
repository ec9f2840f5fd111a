from django.db import migrations

# The audit trail must be append-only: on PostgreSQL a trigger refuses to
# change or delete an entry, whoever asks (the app, the admin or a script).
CREATE = """
CREATE OR REPLACE FUNCTION fritidsjob_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Revisionssporet kan ikke ændres eller slettes';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fritidsjob_audit_append_only
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION fritidsjob_refuse_audit_change();
"""
DROP = """
DROP TRIGGER IF EXISTS fritidsjob_audit_append_only ON auditlog_logentry;
DROP FUNCTION IF EXISTS fritidsjob_refuse_audit_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("fritidsjob", "0002_default_industries_and_schools"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
