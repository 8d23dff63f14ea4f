from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ansam.organisations.data_inclusion import UnreadableFile, import_file


class Command(BaseCommand):
    help = (
        "Import data·inclusion structures and services (schema v1, or v0 as in the API's "
        "answers) from a JSON file. Re-importing updates records; bad records are reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file of structures and/or services")
        parser.add_argument("--quiet-problems", action="store_true", help="only the summary")

    def handle(self, *args, **options):
        try:
            report = import_file(Path(options["file"]))
        except UnreadableFile as exc:
            raise CommandError(f"Nothing could be read: {exc}") from None
        if not options["quiet_problems"]:
            for p in report.problems:
                label = "SKIPPED" if p.kind == "error" else "warning"
                self.stderr.write(f"{label}  record {p.record}  field {p.field}: {p.reason}")
        for (kind, code), count in sorted(report.unmapped.items()):
            self.stderr.write(f"no v1 mapping  {kind} {code!r} ({count} record(s), code kept)")
        self.stdout.write(
            f"{report.read} records read: "
            f"{report.structures_created} structures created, "
            f"{report.structures_updated} updated, {report.structures_unchanged} unchanged; "
            f"{report.services_created} services created, {report.services_updated} updated, "
            f"{report.services_unchanged} unchanged; "
            f"{report.skipped} skipped; "
            f"{sum(1 for p in report.problems if p.kind == 'warning')} warnings; "
            f"{len(report.unmapped)} codes without mapping."
        )
        if report.imported == 0:
            raise CommandError("Nothing could be imported.")
