"""manage.py opsaet_kommune: a new municipality's instance, without editing code or migrations.

The migrations give every new database the demo's defaults (Viborg's schools and the
Sammen om fritidsjob project); this command replaces them with the municipality's own:
its name (core.Municipality, which the texts naming the municipality read), its schools,
optionally its industries and its logo (PNG or SVG, checked, stored through the storage API),
and its first project with its own targets. It only runs on an instance without cases, so
nothing real is ever removed. Afterwards seed_demo refuses to run (it would bring Viborg back).
"""

import datetime
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core import municipality
from core.kpis import KPIS
from core.models import Municipality
from fritidsjob.models import Industry, School, Youth
from rapporter.models import Project

DEMO_PROJECT = "sammen-om-fritidsjob"


def _names(path: str | None, what: str) -> list[str]:
    """One name a line (UTF-8); blank lines and lines starting with # are skipped."""
    if path is None:
        return []
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Filen med {what} kan ikke læses ({path}): {error}") from error
    names = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not names:
        raise CommandError(f"Filen med {what} ({path}) har ingen navne.")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise CommandError(f"Filen med {what} har det samme navn flere gange: {', '.join(duplicates)}.")
    return names


def _logo(path: str | None) -> tuple[bytes, str] | None:
    """The logo file named with --logo (on the operator's machine), checked: its bytes and suffix."""
    if path is None:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"Logofilen kan ikke læses ({path}): {error}") from error
    try:
        return data, municipality.checked_logo(Path(path).name, data)
    except municipality.LogoRefused as error:
        raise CommandError(f"{error} ({path})") from error


def _date(value: str | None, option: str) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{option} skal være en dato ÅÅÅÅ-MM-DD, ikke {value!r}.") from error


def _targets(values: list[str]) -> dict[str, int]:
    targets = {}
    for value in values:
        key, _, number = value.partition("=")
        if key not in KPIS:
            raise CommandError(f"Ukendt nøgletal {key!r} i --maal. Kendte: {', '.join(sorted(KPIS))}.")
        if not number.isdigit():
            raise CommandError(f"Målet for {key} skal være et helt tal, ikke {number!r}.")
        targets[key] = int(number)
    return targets


class Command(BaseCommand):
    help = "Sætter en ny kommune op: navn, skoler, brancher og den første indsats med egne mål."

    def add_arguments(self, parser):
        parser.add_argument("--navn", required=True, help="Kommunens navn, fx 'Silkeborg Kommune'")
        parser.add_argument("--skoler", help="Fil med kommunens skoler, ét navn pr. linje")
        parser.add_argument("--brancher", help="Fil med brancherne, ét navn pr. linje (standard: de otte)")
        parser.add_argument("--logo", help="Kommunens logo, en PNG- eller SVG-fil (vises i sidehovedet og i PDF'erne)")
        parser.add_argument("--projekt", help="Den første indsats' navn (standard: 'Fritidsjob i <kommune>')")
        parser.add_argument("--start", help="Indsatsens startdato ÅÅÅÅ-MM-DD (standard: i dag)")
        parser.add_argument("--slut", help="Indsatsens slutdato ÅÅÅÅ-MM-DD (standard: tre år efter start)")
        parser.add_argument(
            "--maal", action="append", default=[], metavar="NØGLETAL=TAL", help="Et mål, fx virksomheder_vejledt=200"
        )

    def handle(self, *args, navn, skoler, brancher, projekt, start, slut, maal, logo=None, **options):
        name = navn.strip()
        if not name:
            raise CommandError("Angiv kommunens navn med --navn.")
        schools = _names(skoler, "skoler")
        industries = _names(brancher, "brancher")
        logo_file = _logo(logo)
        start_date = _date(start, "--start") or timezone.localdate()
        end_date = _date(slut, "--slut") or start_date + relativedelta(years=3, days=-1)
        targets = _targets(maal)
        existing = Municipality.objects.filter(pk=1).first()
        if existing is not None:
            raise CommandError(f"Instansen er allerede sat op for {existing.name}.")
        if Youth.objects.exists():
            raise CommandError("Databasen har allerede unge. opsaet_kommune er til en ny, tom instans.")
        with transaction.atomic():
            row = Municipality.objects.create(pk=1, name=name)
            # The demo's defaults from the migrations give way to the municipality's own.
            Project.objects.filter(slug=DEMO_PROJECT).delete()
            School.objects.all().delete()
            School.objects.bulk_create([School(name=school) for school in schools])
            if industries:
                Industry.objects.all().delete()
                Industry.objects.bulk_create(
                    [Industry(name=industry, position=position) for position, industry in enumerate(industries, 1)]
                )
            project = Project(
                slug=slugify(projekt or f"fritidsjob-{name}")[:50],
                name=projekt or f"Fritidsjob i {name}",
                start=start_date,
                end=end_date,
                targets=targets,
            )
            try:
                project.full_clean()
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            project.save()
            if logo_file is not None:
                # Last, so nothing above can fail with the file stored. Through the storage API, not the disk.
                data, suffix = logo_file
                row.logo.save(f"logo{suffix}", ContentFile(data))
        municipality.forget()  # the page header reads the logo again
        self.stdout.write(
            f"{name} er sat op: {len(schools)} skoler, {Industry.objects.count()} brancher og indsatsen "
            f"{project.name} ({project.slug})" + (", med logo" if logo_file else "") + ".\n"
        )
