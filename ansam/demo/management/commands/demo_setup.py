from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ansam.demo.portal import demo_code
from ansam.demo.territory import DEMO_ACCOUNTS, DEMO_PASSWORD
from ansam.geo.models import Commune
from ansam.organisations.models import Organisation
from ansam.portal import sign_in


class Command(BaseCommand):
    help = "What `make run` needs: the geography and the demo territory when the database is empty."

    def handle(self, *args, **options):
        if not Commune.objects.exists():
            call_command("load_geo", stdout=self.stdout)
        if not Organisation.objects.exists():
            call_command("demo_territory", size="small", seed=1, stdout=self.stdout)
        self.stdout.write(f"\nDemo accounts (password for all: {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.email:<38} {account.label}")
        found = demo_code()
        if found is not None:
            person, code = found
            self.stdout.write(
                f"\nThe person's own space: {settings.SITE_URL}/me/ — {person.display_name}, "
                f"born {person.birth_date:%d/%m/%Y}, one-time code {sign_in.shown(code)} "
                "(a new one at each start)."
            )
        if not settings.ANSAM_REQUIRE_2FA:
            self.stdout.write("Two-factor login is OFF in this demo (ANSAM_REQUIRE_2FA=0).")
