from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansam.access.audit_anchor import write_checkpoint


class Command(BaseCommand):
    help = "Write a checkpoint of the audit chain to ANSAM_AUDIT_CHECKPOINTS now."

    def handle(self, *args: Any, **options: Any) -> None:
        body = write_checkpoint(force=True)
        if body is None:
            raise CommandError("ANSAM_AUDIT_CHECKPOINTS is empty: nowhere to write.")
        self.stdout.write(f"Checkpoint written: event #{body['seq']}.")
