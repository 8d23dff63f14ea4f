from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ansam.core.layout import check_tree


class Command(BaseCommand):
    help = "Check that pages, API and accounts read a person's data only through ansam.access."

    def handle(self, *args: Any, **options: Any) -> None:
        offences = check_tree(Path(settings.BASE_DIR))
        if offences:
            raise CommandError(
                "Personal data read outside the access policy:\n"
                + "\n".join(f"  {o}" for o in offences)
            )
        self.stdout.write("Layout: the thin layers read personal data only through access.")
