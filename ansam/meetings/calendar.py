"""Meetings as iCalendar (RFC 5545, with the iTIP methods of RFC 5546), built with `icalendar`:
invitations that calendar clients turn into Accept/Decline buttons, cancellations, replies read
back, and a professional's personal feed.

No personal data in a calendar entry: calendars are synced to phones and clouds. The title is
the meeting's kind ("Réunion de coordination"), the description a link to Ansam; the person's
name, the agenda and the minutes stay in Ansam. Attendees are listed by email (that is how a
calendar answers), named only when they are professionals."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from ansam.core import links
from ansam.meetings.models import Meeting, Participant

PRODID = "-//Ansam//Reunions//FR"
PARTSTAT = {
    Participant.Answer.NEEDS_ACTION: "NEEDS-ACTION",
    Participant.Answer.ACCEPTED: "ACCEPTED",
    Participant.Answer.DECLINED: "DECLINED",
    Participant.Answer.TENTATIVE: "TENTATIVE",
}
ANSWER_OF = {v: k for k, v in PARTSTAT.items()}


def neutral_title(meeting: Meeting) -> str:
    return {
        Meeting.Kind.PERSON: _("Coordination meeting"),
        Meeting.Kind.PARTNERSHIP: _("Partnership meeting"),
        Meeting.Kind.PEER_GROUP: _("Peer-group session"),
        Meeting.Kind.GOVERNANCE: _("Governance session"),
    }[Meeting.Kind(meeting.kind)]


def organiser_address() -> str:
    """Where calendar clients send their answers: a mailbox whose mail an operator pipes to
    `manage.py meetings_ics_reply` (settings.ANSAM_MEETINGS_REPLY_TO)."""
    return parseaddr(settings.ANSAM_MEETINGS_REPLY_TO or settings.DEFAULT_FROM_EMAIL)[1]


def _event(meeting: Meeting, attendees: Iterable[Participant], *, cancelled: bool) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", neutral_title(meeting))
    link = settings.SITE_URL + links.meeting(meeting.public_id)
    event.add("description", _("Details and minutes in Ansam: %s") % link)
    event.add("url", link)
    if meeting.place or meeting.video_link:
        event.add("location", meeting.place or meeting.video_link)
    if cancelled:
        event.add("status", "CANCELLED")
    organizer = vCalAddress(f"mailto:{organiser_address()}")
    organizer.params["cn"] = vText("Ansam")
    event.add("organizer", organizer, encode=False)
    for participant in attendees:
        if not participant.email:
            continue
        address = vCalAddress(f"mailto:{participant.email}")
        if participant.kind == Participant.Kind.PROFESSIONAL:
            address.params["cn"] = vText(participant.name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText(PARTSTAT[Participant.Answer(participant.answer)])
        address.params["rsvp"] = vText("TRUE")
        event.add("attendee", address, encode=False)
    return event


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def invitation(meeting: Meeting, attendees: Iterable[Participant], method: str) -> str:
    """METHOD:REQUEST (new or changed) or METHOD:CANCEL, for these attendees."""
    calendar = _calendar(method)
    calendar.add_component(_event(meeting, attendees, cancelled=method == "CANCEL"))
    return calendar.to_ical().decode()


def feed(meetings: Iterable[Meeting]) -> str:
    """A personal feed: every meeting of the professional, with the same neutral content."""
    calendar = _calendar(None)
    calendar.add("x-wr-calname", "Ansam")
    for meeting in meetings:
        calendar.add_component(_event(meeting, [], cancelled=meeting.cancelled_at is not None))
    return calendar.to_ical().decode()


class ReplyError(ValueError):
    pass


def read_reply(text: str) -> tuple[str, str, str, datetime | None]:
    """(uid, attendee email, answer, dtstamp) from an iTIP REPLY, or ReplyError saying why."""
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as exc:
        raise ReplyError(_("This is not an iCalendar file.")) from exc
    if str(calendar.get("method", "")).upper() != "REPLY":
        raise ReplyError(_("This calendar file is not a reply to an invitation."))
    events = calendar.walk("VEVENT")
    if not events:
        raise ReplyError(_("The reply holds no event."))
    event = events[0]
    attendee = event.get("attendee")
    if isinstance(attendee, list):
        attendee = attendee[0] if attendee else None
    if attendee is None:
        raise ReplyError(_("The reply names no attendee."))
    partstat = str(attendee.params.get("PARTSTAT", "")).upper()
    if partstat not in ANSWER_OF:
        raise ReplyError(_("The reply gives no answer."))
    email = str(attendee).removeprefix("mailto:").removeprefix("MAILTO:").strip().lower()
    stamp = event.get("dtstamp")
    return str(event.get("uid", "")), email, ANSWER_OF[partstat], stamp.dt if stamp else None
