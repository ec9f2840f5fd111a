import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import seed_all
from core.models import Municipality
from fritidsjob import demo


class Command(BaseCommand):
    help = "Opretter demodata (opdigtede unge i Viborg) og demobrugere. Kun med DJANGO_DEBUG slået til."

    def add_arguments(self, parser):
        parser.add_argument("--youth", type=int, default=60, help="Antal demo-unge (standard 60)")
        parser.add_argument(
            "--history",
            type=int,
            default=1100,
            help="Antal unge i indsatsens historik fra 2022 (standard 1100, så nøgletallene får den størrelse, "
            "programmet rapporterede)",
        )
        parser.add_argument("--seed", type=int, default=2022, help="Startværdi for tilfældige data")

    def handle(self, *args, youth, history, seed, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo kører kun med DJANGO_DEBUG=true: demodata hører ikke hjemme i drift.")
        set_up = Municipality.objects.filter(pk=1).first()
        if set_up is not None:
            # The demo is Viborg's: schools, project, companies and people that do not belong in another instance.
            raise CommandError(
                f"Instansen er sat op for {set_up.name} med opsaet_kommune. seed_demo lægger Viborgs demodata "
                "(skoler, indsats, unge og virksomheder) ind og kører derfor ikke her. Brug en ny, tom database "
                "til demoen."
            )
        password = settings.DEMO_PASSWORD or secrets.token_urlsafe(12)
        usernames = demo.create_demo_users(password)
        created = demo.create_demo_youth(youth, seed)
        self.stdout.write(f"Demodata: {created} nye unge (i alt {youth} demo-unge).")
        made = demo.create_history_youth(history, seed)
        self.stdout.write(f"Demodata: {made} nye unge i historikken siden {demo.history_span()[0].year}.")
        for summary in seed_all(seed=seed):
            self.stdout.write(f"Demodata: {summary}")
        self.stdout.write("Demobrugere (brugernavn / adgangskode):")
        for username in usernames:
            self.stdout.write(f"  {username} / {password}")
