from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ansam.core.errors import NotFound
from ansam.core.ids import parse_public_id
from ansam.lifecycle.retention import retention_one, retention_run
from ansam.people.models import Person


class Command(BaseCommand):
    help = (
        "Apply the retention rule: records nobody accompanies any more are kept "
        "ANSAM_RETENTION_DAYS after the last contact, then archived or anonymised "
        "(ANSAM_RETENTION_MODE). The scheduler runs it daily; --dry-run reports only."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")
        parser.add_argument(
            "--mode",
            choices=["archive", "anonymise"],
            default=None,
            help="override ANSAM_RETENTION_MODE for this run",
        )
        parser.add_argument("--person", help="one record, by its public id")

    def handle(self, *args, **options):
        mode = options["mode"] or settings.ANSAM_RETENTION_MODE
        dry = options["dry_run"]
        verb = ("would be " if dry else "") + ("anonymised" if mode == "anonymise" else "archived")
        if options["person"]:
            try:
                person = Person.objects.get(public_id=parse_public_id(options["person"]))
            except (NotFound, Person.DoesNotExist):
                raise CommandError(f"No record with the id {options['person']}.") from None
            decision = retention_one(person, dry_run=dry, mode=mode)
            if not decision.due:
                raise CommandError(
                    f"Record {person.public_id} kept, nothing changed: {decision.reason}"
                )
            self.stdout.write(
                f"{person.public_id}: last contact {decision.last_contact.date()}, {verb}."
            )
            return
        decisions = retention_run(dry_run=dry, mode=mode)
        for d in decisions:
            self.stdout.write(
                f"{d.person.public_id}: last contact {d.last_contact.date()}, {verb}."
            )
        days = settings.ANSAM_RETENTION_DAYS
        self.stdout.write(
            f"{len(decisions)} record(s) {verb} (kept {days} days after the last contact)."
        )
