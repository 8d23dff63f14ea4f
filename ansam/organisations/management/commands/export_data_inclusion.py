import json
import sys

from django.core.management.base import BaseCommand

from ansam.organisations.data_inclusion_export import export_directory


class Command(BaseCommand):
    help = "Export the directory as data·inclusion (schema v1) JSON: structures and services."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="file (default: standard output)")

    def handle(self, *args, **options):
        data = export_directory()
        for p in data.pop("problems"):
            label = "SKIPPED" if p.kind == "error" else "value left out"
            self.stderr.write(f"{label}  record {p.record}  field {p.field}: {p.reason}")
        text = json.dumps(data, ensure_ascii=False, indent=1)
        if options["output"] == "-":
            sys.stdout.write(text + "\n")
        else:
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(text)
            self.stdout.write(
                f"{len(data['structures'])} structures and {len(data['services'])} services "
                f"written to {options['output']}."
            )
