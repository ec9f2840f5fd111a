from django.db import migrations

from core.postgres import iexact_indexes


# The name search (Youth.name_matches: the case list and the top search) ORs the trigram-indexed
# names with an exact case number; without an index on the case numbers PostgreSQL scanned every
# young person (867 ms at 100,000 for a name matching one; 1 ms with these).
class Migration(migrations.Migration):
    dependencies = [("fritidsjob", "0016_start_page_and_calendar_feed")]

    operations = [iexact_indexes("fritidsjob_youth", "jobcenter_case_number", "esdh_case_number")]
