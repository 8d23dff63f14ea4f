from django.core.management.base import BaseCommand, CommandError

from ansam.access.audit import verify_chain


class Command(BaseCommand):
    help = "Check that the audit log's hash chain is intact; name the first broken event."

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"Audit log BROKEN at event #{result.broken_seq}: {result.reason} "
                f"({result.checked} events verified before it)."
            )
        self.stdout.write(f"Audit log intact: {result.checked} events verified.")
