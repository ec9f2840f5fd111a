from django.db import migrations

# The non-numeric commitments of "Sammen om fritidsjob" to the funder: 6-8 industry
# guides (one per default industry), the parents' guide, webinars for municipalities
# and companies, an inspiration catalogue, at least four inspiration talks, case and
# inspiration videos. All start as planned; the project leader sets dates and status.
INDUSTRIES = [
    "Detailhandel",
    "Hotel og restauration",
    "Landbrug, skovbrug og gartneri",
    "Industri og produktion",
    "Bygge og anlæg",
    "Transport og logistik",
    "Social og sundhed",
    "Kultur, idræt og fritid",
]
DELIVERABLES = [
    *[("brancheguide", f"Brancheguide: {industry}") for industry in INDUSTRIES],
    ("foraeldreguide", "Forældreguide"),
    ("webinar_kommuner", "Webinar for kommuner"),
    ("webinar_virksomheder", "Webinar for virksomheder"),
    ("inspirationskatalog", "Inspirationskatalog"),
    *[("inspirationsoplaeg", f"Inspirationsoplæg {number}") for number in range(1, 5)],
    ("casevideo", "Casevideoer"),
    ("inspirationsvideo", "Inspirationsvideoer"),
]


def add_deliverables(apps, schema_editor):
    Project = apps.get_model("rapporter", "Project")
    Deliverable = apps.get_model("rapporter", "Deliverable")
    project = Project.objects.filter(slug="sammen-om-fritidsjob").first()
    if project is None or Deliverable.objects.filter(project=project).exists():
        return
    Deliverable.objects.bulk_create(
        Deliverable(project=project, kind=kind, title=title, position=position)
        for position, (kind, title) in enumerate(DELIVERABLES, start=1)
    )


class Migration(migrations.Migration):
    dependencies = [("rapporter", "0003_reporting")]

    operations = [migrations.RunPython(add_deliverables, migrations.RunPython.noop)]
