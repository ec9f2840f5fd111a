"""Plainly fake demo content for the reporting pages: used by `manage.py seed_demo` only."""

import datetime
import random

from django.db import transaction

from core.demo import seeder
from fritidsjob.models import Industry

from . import services
from .models import Deliverable, DeliverableStatus, IndustryGuide, Project, ReportText

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
    """Report texts, some deliverables delivered and three industry guides; run again, nothing changes."""
    rng = random.Random(seed)
    project = Project.objects.filter(slug="sammen-om-fritidsjob").first()
    if project is None:
        return "Rapporter: ingen demoindhold (indsatsen mangler)."
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
    return f"Rapporter: rapporttekster, {total} leverancer leveret ({delivered} nye), {guides} nye brancheguider."
