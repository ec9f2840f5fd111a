from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.importing import import_kinds, run_import


class Command(BaseCommand):
    help = (
        "Importerer et regneark (CSV eller XLSX). Alt eller intet: en fil med en fejl importerer intet. "
        "Samme fil to gange ændrer intet."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", metavar="KIND", help="Hvad filen indeholder, fx unge")
        parser.add_argument("file", metavar="FILE", help="Stien til CSV- eller XLSX-filen")
        parser.add_argument("--dry-run", action="store_true", help="Kontrollér filen og vis resultatet; gem intet")

    def handle(self, *args, kind, file, dry_run, **options):
        kinds = import_kinds()
        if kind not in kinds:
            raise CommandError(f"Ukendt importtype {kind!r}. Mulige typer: {', '.join(kinds)}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} findes ikke.")
        with path.open("rb") as handle:
            result = run_import(kind=kind, file=handle, filename=path.name, dry_run=dry_run)

        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Filen blev afvist med {len(result.errors)} fejl. Intet er importeret.")
        for warning in result.warnings:
            self.stderr.write(f"advarsel: {warning}")
        if dry_run:
            self.stdout.write("Prøvekørsel: filen er i orden, men intet er gemt.")
        self.stdout.write(result.summary())
