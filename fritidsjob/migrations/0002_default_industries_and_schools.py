from django.db import migrations

# The eight default industries of the KPI contract (../shared/docs/kpi-and-import.md).
DEFAULT_INDUSTRIES = [
    "Detailhandel",
    "Hotel og restauration",
    "Landbrug, skovbrug og gartneri",
    "Industri og produktion",
    "Bygge og anlæg",
    "Transport og logistik",
    "Social og sundhed",
    "Kultur, idræt og fritid",
]

# Public schools with lower-secondary classes in Viborg Kommune, and the
# municipal 10th-grade centre. The list is editable in the admin.
VIBORG_SCHOOLS = [
    "Vestervang Skole",
    "Nordre Skole",
    "Overlund Skole",
    "Houlkærskolen",
    "Ålykkeskolen",
    "Sødalskolen",
    "Søndermarkskolen",
    "Hald Ege Skole",
    "Rødkærsbro Skole",
    "Karup Skole",
    "Frederiks Skole",
    "Stoholm Skole",
    "Møldrup Skole",
    "Tjele Langsø Skole",
    "Skals Skole",
    "Bøgeskovskolen",
    "Ådalsskolen",
    "Vestfjendsskolen",
    "Løgstrup Skole",
    "Ørum Skole",
    "10. Klasse Center Viborg",
]


def add_defaults(apps, schema_editor):
    Industry = apps.get_model("fritidsjob", "Industry")
    School = apps.get_model("fritidsjob", "School")
    for position, name in enumerate(DEFAULT_INDUSTRIES, start=1):
        Industry.objects.get_or_create(name=name, defaults={"position": position})
    for name in VIBORG_SCHOOLS:
        School.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("fritidsjob", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
