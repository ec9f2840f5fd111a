from django.db import migrations

# The CVR industry code divisions (the first two digits, the same in DB07 and DB25 for these)
# that propose each of the eight default industries. The project leader edits the table.
DEFAULT_MAPPINGS = {
    "Landbrug, skovbrug og gartneri": ["01", "02", "03"],
    "Industri og produktion": [f"{division:02d}" for division in range(10, 34)],
    "Bygge og anlæg": ["41", "42", "43"],
    "Detailhandel": ["47"],
    "Transport og logistik": ["49", "50", "51", "52", "53"],
    "Hotel og restauration": ["55", "56"],
    "Social og sundhed": ["86", "87", "88"],
    "Kultur, idræt og fritid": ["90", "91", "93"],
}


def add_mappings(apps, schema_editor):
    Industry = apps.get_model("fritidsjob", "Industry")
    IndustryCodeMapping = apps.get_model("virksomheder", "IndustryCodeMapping")
    for name, divisions in DEFAULT_MAPPINGS.items():
        industry = Industry.objects.filter(name=name).first()
        if industry is None:  # renamed or removed by the municipality: leave it to the project leader
            continue
        for division in divisions:
            IndustryCodeMapping.objects.get_or_create(division=division, defaults={"industry": industry})


class Migration(migrations.Migration):
    dependencies = [("virksomheder", "0004_p_number"), ("fritidsjob", "0005_industry_young_worker_notes")]

    operations = [migrations.RunPython(add_mappings, migrations.RunPython.noop)]
