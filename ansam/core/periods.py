"""Periods of whole months, as the network diagnostic and the observatory count them: the end
is exclusive (the first day of the month after)."""

from datetime import date, datetime, time

from django.utils import timezone


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def last_twelve_months(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, the current one included."""
    end = add_months(today or timezone.localdate(), 1)
    return add_months(end, -12), end


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same number of months just before."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return add_months(start, -months), start


def start_of(day: date) -> datetime:
    """Midnight of that day, in the territory's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
