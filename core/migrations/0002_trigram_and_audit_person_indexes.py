from django.db import migrations

from core.postgres import postgres_only

# Name search (the apps' trigram indexes need the extension) and one person's audit trail
# (core.audit.trail_of looks entries up by additional_data's youth_id / parent_id / mentor_id,
# which scanned the whole log). pg_trgm is a trusted extension: the database's owner may create it.
PERSON_KEYS = ("youth_id", "parent_id", "mentor_id")

CREATE = "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n" + "\n".join(
    f"CREATE INDEX IF NOT EXISTS auditlog_logentry_{key} ON auditlog_logentry ((additional_data -> '{key}'));"
    for key in PERSON_KEYS
)
DROP = "\n".join(f"DROP INDEX IF EXISTS auditlog_logentry_{key};" for key in PERSON_KEYS)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_log_no_truncate")]

    operations = [postgres_only(CREATE, DROP)]
