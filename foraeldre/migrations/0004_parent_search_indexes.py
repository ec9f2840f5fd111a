from django.db import migrations

from core.postgres import trigram_indexes

# The list's search (icontains on each word) uses these on PostgreSQL instead of scanning the table.


class Migration(migrations.Migration):
    dependencies = [("foraeldre", "0003_danish_guide_edition"), ("core", "0002_trigram_and_audit_person_indexes")]

    operations = [trigram_indexes("foraeldre_parent", "first_name", "last_name", "phone", "email")]
