"""`manage.py indsigt ung REF --out FILE.zip`: a right-of-access package from the command line (core.insight).

REF is the import reference, or `id:N` for the database id. Making the package is an access
entry in the person's audit trail, as from the case page ({"insight": "kommandolinje"}).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.insight import insight_package_create
from core.personal_data import PersonNotFound, find_person, subjects


class Command(BaseCommand):
    help = "Lav en indsigtspakke (ZIP med PDF, data.json og dokumenter) om en ung eller en forælder."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[subject.key for subject in subjects()], help="ung eller foraelder")
        parser.add_argument("reference", help="importreference, eller id:N for databasens id")
        parser.add_argument("--out", required=True, help="hvor ZIP-filen skrives, fx indsigt.zip")

    def handle(self, *args, kind, reference, out, **options):
        try:
            person = find_person(kind, reference)
        except PersonNotFound:
            raise CommandError(
                f"Ingen {kind} med referencen »{reference}« (brug importreferencen eller id:N)."
            ) from None
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"Mappen {target.parent} findes ikke.")
        package = insight_package_create(person=person, actor=None, via="kommandolinje")
        target.write_bytes(package.content)
        self.stdout.write(f"Indsigtspakken om {person} er skrevet til {target} ({len(package.content)} bytes).")
