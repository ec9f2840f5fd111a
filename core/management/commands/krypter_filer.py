"""Encrypt the files at rest stored before encryption, and re-encrypt all with the newest key.

    python manage.py krypter_filer [--dry-run]

Run once after upgrading to encrypted consent documents, and after putting a new key first
in FILE_ENCRYPTION_KEYS (the old keys stay in the list until this has run).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import FileField

from core.files import EncryptedStorage


class Command(BaseCommand):
    help = "Krypterer gemte personfiler (fx scannede samtykker) og genkrypterer dem med den nyeste nøgle."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Vis kun, hvor mange filer der ville blive rørt")

    def handle(self, *args, dry_run: bool, **options):
        counts = {"encrypted": 0, "rotated": 0, "unchanged": 0, "missing": 0}
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, FileField) or not isinstance(field.storage, EncryptedStorage):
                    continue
                names = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                for name in names.iterator():
                    if not field.storage.exists(name):
                        counts["missing"] += 1
                    elif dry_run:
                        counts["rotated"] += 1
                    else:
                        counts[field.storage.reencrypt(name)] += 1
        verb = "ville blive krypteret" if dry_run else "krypteret"
        self.stdout.write(
            f"{counts['encrypted'] + counts['rotated']} filer {verb} "
            f"({counts['encrypted']} var ukrypterede); {counts['missing']} mangler på disken."
        )
