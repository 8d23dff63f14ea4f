from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ansam.geo.loading import load_geography


class Command(BaseCommand):
    help = "Load French régions, départements, EPCI and communes (INSEE codes) into the database."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.GEO_DATA_DIR), help="folder of CSV files")

    def handle(self, *args, **options):
        try:
            report = load_geography(Path(options["dir"]))
        except FileNotFoundError as exc:
            raise CommandError(f"Geography file not found: {exc}") from None
        except (KeyError, ValueError) as exc:
            raise CommandError(f"Malformed geography file: {exc}") from None
        self.stdout.write(
            f"{report.regions} régions, {report.departements} départements, "
            f"{report.epcis} EPCI, {report.communes} communes loaded."
        )
