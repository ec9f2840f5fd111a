"""The database cache's table (settings.CACHES without REDIS_URL), made by `migrate` like every other table.

`createcachetable` does nothing for a cache that is not in the database (Redis), and nothing when
the table exists, so this runs safely everywhere; the test runner makes it too.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_trigram_and_audit_person_indexes")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
