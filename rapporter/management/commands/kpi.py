import datetime
import json
import re

from django.core.management.base import BaseCommand, CommandError

from core.kpis import compute_kpis
from rapporter.models import Project

FORMATS = ("json",)


class Command(BaseCommand):
    help = "Udskriver en indsats' nøgletal som ét JSON-objekt (samme tal som oversigten og rapporten til fonden)."

    def add_arguments(self, parser):
        # Checked in handle() rather than by argparse, so the user gets Danish messages.
        parser.add_argument("--project", help="Indsatsens korte navn, fx sammen-om-fritidsjob")
        parser.add_argument("--as-of", dest="as_of", help="Opgørelsesdato ÅÅÅÅ-MM-DD (standard: i dag)")
        parser.add_argument("--format", default="json", help="Udskriftsformat; kun json")

    def handle(self, *args, project, as_of, **options):
        if not project:
            raise CommandError("Angiv indsatsen med --project, fx --project sammen-om-fritidsjob.")
        if options["format"] not in FORMATS:
            raise CommandError(f"Ukendt format {options['format']!r}. Brug --format json.")
        found = Project.objects.filter(slug=project).first()
        if found is None:
            known = ", ".join(Project.objects.values_list("slug", flat=True)) or "ingen"
            raise CommandError(f"Der findes ingen indsats med det korte navn {project!r}. Kendte indsatser: {known}.")
        result = compute_kpis(found, as_of=parse_as_of(as_of) if as_of else None)
        self.stdout.write(json.dumps(result, ensure_ascii=False))


def parse_as_of(value: str) -> datetime.date:
    # fromisoformat alone would also take 20240101 and week dates; the contract says YYYY-MM-DD.
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ugyldig dato {value!r} til --as-of. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2024-12-31.") from None
