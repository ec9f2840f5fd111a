from django.db import migrations

from core.postgres import trigram_indexes

# The top search (talentvaerksted/search.py) and the course list match titles with icontains:
# on PostgreSQL this index serves them instead of a scan.


class Migration(migrations.Migration):
    dependencies = [("talentvaerksted", "0003_cv_share_in_company_portal"), ("core", "0002_trigram_and_audit_person_indexes")]

    operations = [trigram_indexes("talentvaerksted_course", "title")]
