"""Anonymise a young person or a parent at once, for the municipality's own procedures.

    python manage.py anonymiser ung REF --begrundelse "..."
    python manage.py anonymiser foraelder REF --begrundelse "..."

REF is the import reference or id:N (the database id). The erasure is logged as a request
decided by the command line (fritidsjob/erasure.py); in the app a second person approves.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core import erasure as registry

from ... import erasure


class Command(BaseCommand):
    help = "Anonymisér en ung eller en forælder: navne, kontaktoplysninger, fritekster og revisionssporets værdier."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(registry.subjects()), help="ung eller foraelder")
        parser.add_argument("ref", help="Importreference eller id:N")
        parser.add_argument("--begrundelse", required=True, help="Hvorfor (uden personens navn)")

    def handle(self, *args, kind: str, ref: str, begrundelse: str, **options):
        person = erasure.find_person(kind, ref)
        if person is None:
            raise CommandError(f"Ingen {registry.subject(kind).label} med referencen {ref!r}.")
        try:
            request = erasure.person_anonymise(person=person, reason=begrundelse, origin="kommandolinje")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{registry.subject(kind).label.capitalize()} #{person.pk} er anonymiseret; "
            f"{request.scrubbed_entries} poster i revisionssporet er renskrevet."
        )
