"""Retention: what is due, and carrying it out (the nightly task does the same).

python manage.py opbevaring --dry-run     # what falls due in the next 30 days; changes nothing
python manage.py opbevaring               # carry out what is due today
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from core import retention as registry
from core.formatting import short_date

from ... import retention


class Command(BaseCommand):
    help = "Anonymisér afsluttede sager og slet adgangsposter, hvis opbevaringsperiode er udløbet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=f"Vis hvad der forfalder de næste {settings.RETENTION_NOTICE_DAYS} dage",
        )

    def handle(self, *args, dry_run: bool, **options):
        labels = {rule.key: f"{rule.label} ({rule.period()})" for rule in registry.rules()}
        if dry_run:
            items = retention.upcoming()
            self.stdout.write(f"Forfalder inden for {settings.RETENTION_NOTICE_DAYS} dage: {len(items)}")
        else:
            items = retention.retention_apply()
            self.stdout.write(f"Udført: {len(items)}")
        for item in items:
            count = f" ({item.count} poster)" if item.count != 1 else ""
            self.stdout.write(f"{short_date(item.due_on)}  {labels[item.rule]}: {item.description}{count}")
