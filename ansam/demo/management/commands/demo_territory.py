from django.core.management.base import BaseCommand, CommandError

from ansam.demo.territory import SIZES, build_territory
from ansam.geo.models import Commune


class Command(BaseCommand):
    help = "Build a realistic demo territory on the real communes of one département."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--departement", default="44", help="INSEE code, e.g. 44")

    def handle(self, *args, **options):
        if not Commune.objects.exists():
            raise CommandError("No commune loaded: run `manage.py load_geo` first.")
        try:
            report = build_territory(
                departement=options["departement"], size=options["size"], seed=options["seed"]
            )
        except Exception as exc:  # a clear message, never a traceback
            raise CommandError(f"The demo territory could not be built: {exc}") from None
        self.stdout.write(
            f"Demo territory in {report.departement}: {report.communes} communes, "
            f"{report.organisations} organisations, {report.services} services, "
            f"{report.professionals} professionals, {report.people} people accompanied."
        )
