from django.db import migrations

# The eight default industries (0002) and the trade notes their guides carry. Other
# industries keep none until someone picks them in the admin: guessing from the name put
# the hotel and culture notes into "Transport og logistik" ("sport" in "transport").
DEFAULT_NOTES = {
    "Detailhandel": "detailhandel",
    "Hotel og restauration": "hotel_restaurant",
    "Landbrug, skovbrug og gartneri": "landbrug",
    "Industri og produktion": "industri",
    "Bygge og anlæg": "byggeri",
    "Transport og logistik": "transport",
    "Social og sundhed": "social_sundhed",
    "Kultur, idræt og fritid": "kultur_idraet",
}


def set_notes(apps, schema_editor):
    Industry = apps.get_model("fritidsjob", "Industry")
    for name, notes in DEFAULT_NOTES.items():
        Industry.objects.filter(name=name, young_worker_notes="").update(young_worker_notes=notes)


class Migration(migrations.Migration):
    dependencies = [("fritidsjob", "0005_industry_young_worker_notes")]

    operations = [migrations.RunPython(set_notes, migrations.RunPython.noop)]
