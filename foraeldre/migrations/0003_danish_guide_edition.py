from django.db import migrations


def create_danish_edition(apps, schema_editor):
    # The parents' guide always exists in Danish; other languages are optional.
    GuideEdition = apps.get_model("foraeldre", "GuideEdition")
    GuideEdition.objects.get_or_create(language="da", defaults={"title": "Fritidsjobguide til forældre"})


class Migration(migrations.Migration):
    dependencies = [("foraeldre", "0002_parent_contacts_events_guide")]

    operations = [migrations.RunPython(create_danish_edition, migrations.RunPython.noop)]
