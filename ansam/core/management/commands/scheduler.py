import time

from django.core.management.base import BaseCommand

from ansam.core.tasks import PERIODIC


class Command(BaseCommand):
    help = (
        "Enqueue Ansam's periodic tasks (referral reminders and expiry, daily email digests) "
        "for the task worker. Run one scheduler per deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="enqueue each task once and stop")

    def handle(self, *args, **options):
        last = {}
        while True:
            now = time.monotonic()
            for task, every in PERIODIC:
                if options["once"] or now - last.get(task, -every) >= every:
                    task.enqueue()
                    last[task] = now
                    self.stdout.write(f"enqueued {task.name}")
            if options["once"]:
                return
            time.sleep(30)
