import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ansam.core.periodic import periodic_tasks


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks that the apps list (referral reminders and expiry, warnings "
        "of rupture, audit checkpoints, digests, retention) for the task worker. Run one "
        "scheduler per deployment."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="enqueue each task once and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        last: dict[str, float] = {}
        periodic = periodic_tasks()
        while True:
            now = time.monotonic()
            for task, every in periodic:
                if options["once"] or now - last.get(task, -every) >= every:
                    task.enqueue()
                    last[task] = now
                    self.stdout.write(f"enqueued {task.name}")
            if options["once"]:
                return
            time.sleep(30)
