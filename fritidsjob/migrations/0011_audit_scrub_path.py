from django.db import migrations

# The audit trail stays append-only (0003), with one way through, for erasure and retention:
# a function owned by the tables' owner (SECURITY DEFINER), which the application's role may
# call though it may not UPDATE or DELETE the entries itself (manage.py db_grant_app_role).
# The function runs with the id of the AuditScrub row that logs it, made first in the same
# transaction; while it runs the trigger lets an entry's values change (object_repr, changes,
# changes_text, serialized_data, additional_data), never who, what, when or which record, and
# lets an access entry be deleted. Anything else is refused as before.
CREATE = """
CREATE OR REPLACE FUNCTION fritidsjob_refuse_audit_change() RETURNS trigger AS $$
DECLARE
    scrub text := coalesce(current_setting('fritidsjob.audit_scrub', true), '');
BEGIN
    IF scrub <> '' AND EXISTS (SELECT 1 FROM fritidsjob_auditscrub WHERE id = scrub::bigint) THEN
        IF TG_OP = 'UPDATE'
           AND NEW.id = OLD.id
           AND NEW.action = OLD.action
           AND NEW.timestamp = OLD.timestamp
           AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
           AND NEW.actor_email IS NOT DISTINCT FROM OLD.actor_email
           AND NEW.content_type_id = OLD.content_type_id
           AND NEW.object_pk = OLD.object_pk
           AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id
           AND NEW.remote_addr IS NOT DISTINCT FROM OLD.remote_addr
           AND NEW.cid IS NOT DISTINCT FROM OLD.cid THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' AND OLD.action = 3 THEN  -- an access entry past its retention
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'Revisionssporet kan ikke ændres eller slettes';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION fritidsjob_audit_scrub(scrub_id bigint, entries jsonb) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    changed integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fritidsjob_auditscrub WHERE id = scrub_id AND kind = 'anonymisering') THEN
        RAISE EXCEPTION 'Revisionssporet renskrives kun med en logpost';
    END IF;
    PERFORM set_config('fritidsjob.audit_scrub', scrub_id::text, true);
    UPDATE auditlog_logentry AS entry SET
        object_repr = row.object_repr,
        changes = row.changes,
        changes_text = row.changes_text,
        serialized_data = row.serialized_data,
        additional_data = row.additional_data
    FROM jsonb_to_recordset(entries) AS row(
        id bigint, object_repr text, changes jsonb, changes_text text, serialized_data jsonb, additional_data jsonb
    )
    WHERE entry.id = row.id;
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM set_config('fritidsjob.audit_scrub', '', true);
    RETURN changed;
END;
$$;

CREATE OR REPLACE FUNCTION fritidsjob_audit_expire_access(scrub_id bigint, before timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    deleted integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM fritidsjob_auditscrub WHERE id = scrub_id AND kind = 'adgangslog') THEN
        RAISE EXCEPTION 'Revisionssporet renskrives kun med en logpost';
    END IF;
    PERFORM set_config('fritidsjob.audit_scrub', scrub_id::text, true);
    DELETE FROM auditlog_logentry WHERE action = 3 AND timestamp < before;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    PERFORM set_config('fritidsjob.audit_scrub', '', true);
    RETURN deleted;
END;
$$;

-- Only the roles granted it (db_grant_app_role) may call them.
REVOKE ALL ON FUNCTION fritidsjob_audit_scrub(bigint, jsonb) FROM PUBLIC;
REVOKE ALL ON FUNCTION fritidsjob_audit_expire_access(bigint, timestamptz) FROM PUBLIC;
"""
# Back to 0003's trigger, which refuses everything.
DROP = """
DROP FUNCTION IF EXISTS fritidsjob_audit_scrub(bigint, jsonb);
DROP FUNCTION IF EXISTS fritidsjob_audit_expire_access(bigint, timestamptz);
CREATE OR REPLACE FUNCTION fritidsjob_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Revisionssporet kan ikke ændres eller slettes';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("fritidsjob", "0010_anonymisation_and_retention")]

    operations = [migrations.RunPython(create, drop)]
