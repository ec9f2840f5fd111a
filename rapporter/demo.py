"""Plainly fake demo content for the reporting pages: used by `manage.py seed_demo` only."""

import datetime
import random

from django.db import transaction

from core.demo import seeder
from fritidsjob.models import Industry

from . import services
from .models import Deliverable, DeliverableStatus, IndustryGuide, Project, ReportText

# The next funding period, holding today's demo activity: the dashboard's default while it runs.
CONTINUATION = {
    "slug": "sammen-om-fritidsjob-2025",
    "name": "Sammen om fritidsjob – videreførelse 2025-2027",
    "funder": "Den A.P. Møllerske Støttefond",
    "start": datetime.date(2025, 1, 1),
    "end": datetime.date(2027, 12, 31),
}
# Its own targets: a little below the first period's, as the funder granted less for the continuation.
CONTINUATION_TARGETS = {
    "gennemfoert_talentvaerksted": 300,
    "fastholdt_6_maaneder": 240,
    "virksomheder_vejledt": 900,
    "foraeldre_med_sag_vejledt": 330,
    "informeret_unge_og_foraeldre": 5500,
    "foraeldre_introduceret": 1000,
}

REPORT_TEXTS = {
    "summary": "Indsatsen er godt i gang. (Demotekst: opdigtet til afprøvning.)",
    "progress": "- Talentværkstedet kører på tre skoler.\n- Netværket af virksomheder vokser hver måned.",
    "challenges": "Det tager tid at nå forældre, der ikke taler dansk.",
    "next_steps": "Webinar for virksomheder i næste kvartal.",
}

GUIDES = {
    "Detailhandel": {
        "why_hire": "Unge medarbejdere er **friske og nysgerrige**, og de kender kunderne på deres egen alder.",
        "suitable_tasks": "- Opfyldning af varer\n- Flaskeretur\n- Oprydning på lageret",
        "practical_steps": "1. Ring til jobcentret.\n2. Mød den unge til en samtale.\n3. Aftal en prøveperiode.",
        "contact": "Fritidsjobteamet, telefon 00 00 00 00 (demo)",
    },
    "Hotel og restauration": {
        "why_hire": "Et fritidsjob i køkkenet lærer den unge at møde til tiden og arbejde i et team.",
        "suitable_tasks": "- Opvask\n- Klargøring af grøntsager\n- Borddækning",
        "practical_steps": "1. Kontakt os.\n2. Vi finder en ung, der passer til jeres køkken.",
        "contact": "Fritidsjobteamet, telefon 00 00 00 00 (demo)",
    },
    "Kultur, idræt og fritid": {
        "why_hire": "Unge, der selv går til sport, er gode rollemodeller for de yngre.",
        "suitable_tasks": "- Hjælpetræner\n- Kiosk i hallen\n- Klargøring af baner",
        "practical_steps": "1. Kontakt os.\n2. Aftal en prøveperiode.",
        "contact": "Fritidsjobteamet, telefon 00 00 00 00 (demo)",
    },
}


@transaction.atomic
@seeder(order=50)
def seed(*, seed: int) -> str:
    """The continuation project, report texts, some deliverables delivered and three industry guides;
    run again, nothing changes."""
    rng = random.Random(seed)
    project = Project.objects.filter(slug="sammen-om-fritidsjob").first()
    if project is None:
        return "Rapporter: ingen demoindhold (indsatsen mangler)."
    continuation = Project.objects.filter(slug=CONTINUATION["slug"]).first()
    made = continuation is None
    if made:
        continuation = services.project_create(data=CONTINUATION, targets=CONTINUATION_TARGETS)
    if not ReportText.objects.filter(project=continuation).exists():
        services.report_text_save(project=continuation, data=REPORT_TEXTS)
    if not ReportText.objects.filter(project=project).exists():
        services.report_text_save(project=project, data=REPORT_TEXTS)
    delivered = 0
    if not project.deliverables.filter(status=DeliverableStatus.DELIVERED).exists():
        for deliverable in project.deliverables.order_by("position")[:5]:
            day = project.start + datetime.timedelta(days=rng.randint(60, 700))
            services.deliverable_update(
                deliverable=deliverable, data={"status": DeliverableStatus.DELIVERED, "delivered_on": day}
            )
            delivered += 1
    guides = 0
    for name, sections in GUIDES.items():
        industry = Industry.objects.filter(name=name).first()
        if industry and not IndustryGuide.objects.filter(industry=industry).exists():
            services.industry_guide_save(industry=industry, data=sections)
            guides += 1
    total = Deliverable.objects.filter(project=project, status=DeliverableStatus.DELIVERED).count()
    return (
        f"Rapporter: indsatsen {continuation.slug} ({'ny' if made else 'findes'}), rapporttekster, "
        f"{total} leverancer leveret ({delivered} nye), {guides} nye brancheguider."
    )
