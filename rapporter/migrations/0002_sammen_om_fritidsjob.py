import datetime

from django.db import migrations

# The first project and its targets, as the KPI contract states them.
TARGETS = {
    "gennemfoert_talentvaerksted": 350,
    "fastholdt_6_maaneder": 280,
    "virksomheder_vejledt": 1000,
    "foraeldre_med_sag_vejledt": 365,
    "informeret_unge_og_foraeldre": 6400,
    "foraeldre_introduceret": 1100,
}


def add_project(apps, schema_editor):
    Project = apps.get_model("rapporter", "Project")
    Project.objects.get_or_create(
        slug="sammen-om-fritidsjob",
        defaults={
            "name": "Sammen om fritidsjob",
            "funder": "Den A.P. Møllerske Støttefond",
            "start": datetime.date(2022, 1, 1),
            "end": datetime.date(2024, 12, 31),
            "targets": TARGETS,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("rapporter", "0001_initial")]

    operations = [migrations.RunPython(add_project, migrations.RunPython.noop)]
