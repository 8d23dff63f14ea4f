"""Read a calendar client's answer to an invitation (an iTIP REPLY) from a file or standard
input: the mail gateway of ANSAM_MEETINGS_REPLY_TO pipes the .ics part here."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansam.core.errors import AnsamError
from ansam.meetings import answers, calendar


class Command(BaseCommand):
    help = "Record an answer to a meeting invitation from an iCalendar REPLY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="the .ics file (standard input if absent)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["file"]:
                with open(options["file"], encoding="utf-8") as f:
                    text = f.read()
            else:
                text = sys.stdin.read()
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from None
        try:
            participant = answers.answer_from_calendar(text)
        except (AnsamError, calendar.ReplyError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            raise CommandError(str(message)) from None
        self.stdout.write(f"{participant.email}: {participant.answer}")
