from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansam.access.audit import verify_chain
from ansam.access.audit_anchor import file_targets, verify_checkpoints


class Command(BaseCommand):
    help = (
        "Check that the audit log's keyed chain is intact and agrees with the checkpoints kept "
        "outside the database; name the first broken event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            action="append",
            default=[],
            help="A file of checkpoints (default: the files of ANSAM_AUDIT_CHECKPOINTS); for "
            "checkpoints received by email or syslog, save them to a file first.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Audit log BROKEN at event #{result.broken_seq}: {result.reason} "
                f"({result.checked} events verified before it)."
            )
        paths = [Path(p) for p in options["checkpoints"]] or file_targets()
        anchored = 0
        for path in paths:
            if not path.exists():
                raise CommandError(f"Checkpoint file not found: {path}")
            anchor = verify_checkpoints(path.read_text(encoding="utf-8").splitlines())
            if not anchor.ok:
                raise CommandError(f"Audit log BROKEN against {path}: {anchor.reason}.")
            anchored += anchor.checked
        if not paths:
            self.stdout.write(
                self.style.WARNING(
                    "No checkpoint file to compare with (ANSAM_AUDIT_CHECKPOINTS): events cut from "
                    "the end of the log since the last checkpoint cannot be detected."
                )
            )
        self.stdout.write(
            f"Audit log intact: {result.checked} events verified, {anchored} checkpoints agree."
        )
