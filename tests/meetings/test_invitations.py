"""Invitations as calendar clients read them (RFC 5545/5546), parsed back with icalendar."""

import pytest
from django.core import mail
from icalendar import Calendar

from ansam.core.errors import AnsamError, NotFound
from ansam.meetings import answers, calendar
from ansam.meetings import services as meetings
from ansam.meetings.models import Participant
from tests.factories import MembershipFactory
from tests.meetings.world import K, build_meeting_world, synthesis
from tests.sharing.world import build_world

pytestmark = pytest.mark.django_db


def calendars(method=None):
    found = []
    for message in mail.outbox:
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype.startswith("text/calendar"):
                cal = Calendar.from_ical(content)
                if method is None or str(cal["method"]) == method:
                    found.append((message, mimetype, cal))
    return found


def test_each_invitee_with_an_address_gets_a_calendar_request():
    world, meeting = build_meeting_world()
    sent = calendars("REQUEST")
    to = sorted(m.to[0] for m, _t, _c in sent)
    assert to == sorted(
        [
            world.users["team_other_org"].email,
            world.users["health_member"].email,
            "lea.martin@example.org",
            "paul.durand@example.org",
        ]
    )
    message, mimetype, cal = sent[0]
    assert mimetype == "text/calendar; method=REQUEST; charset=utf-8"
    assert any(a[0] == "invitation.ics" for a in message.attachments)
    event = cal.walk("VEVENT")[0]
    assert str(event["uid"]) == meeting.uid and int(event["sequence"]) == 0
    meeting.refresh_from_db()
    assert event["dtstart"].dt == meeting.starts_at
    assert str(event["summary"]) == "Réunion de coordination"
    assert str(event["location"]) == "CCAS de Nantes, salle 2"
    attendee = event["attendee"]
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION" and attendee.params["RSVP"] == "TRUE"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert str(event["organizer"]).startswith("mailto:")


def test_no_personal_data_in_the_calendar_entry():
    world, meeting = build_meeting_world()
    secrets = ("martin", "léa", "logement", "santé", "julie", meeting.title.lower())
    for message, _type, cal in calendars():
        event = cal.walk("VEVENT")[0]
        shown = " ".join(
            str(event.get(name, "")) for name in ("summary", "description", "location", "url")
        ).lower()
        assert not [s for s in secrets if s in shown], shown
        # Nor in the email around it (mail is read on phones too).
        assert not [s for s in secrets if s in f"{message.subject} {message.body}".lower()]
        for attendee in (
            [event["attendee"]] if not isinstance(event["attendee"], list) else event["attendee"]
        ):
            if str(attendee).endswith("lea.martin@example.org"):
                assert "CN" not in attendee.params  # the person is never named


def test_a_change_sends_the_same_uid_with_a_higher_sequence_and_cancels_the_removed():
    world, meeting = build_meeting_world()
    mail.outbox.clear()
    keep = [
        i
        for i in [
            *__import__("tests.meetings.world", fromlist=["invitees"]).invitees(
                world, "team_other_org"
            ),
            meetings.Invitee(K.PERSON, email="lea.martin@example.org"),
        ]
    ]
    data = {"title": meeting.title, "starts_at": meeting.starts_at, "duration_minutes": 60}
    meetings.meeting_update(
        actor=world.users["coordinator"], meeting=meeting, data=data, invitees=keep
    )
    requests = calendars("REQUEST")
    assert {int(c.walk("VEVENT")[0]["sequence"]) for _m, _t, c in requests} == {1}
    assert {str(c.walk("VEVENT")[0]["uid"]) for _m, _t, c in requests} == {meeting.uid}
    cancelled = sorted(m.to[0] for m, _t, _c in calendars("CANCEL"))
    assert cancelled == sorted([world.users["health_member"].email, "paul.durand@example.org"])
    removed = Participant.objects.get(meeting=meeting, user=world.users["health_member"])
    assert removed.removed_at is not None  # kept: what they said stays in the minutes


def test_cancelling_sends_method_cancel_to_everyone():
    world, meeting = build_meeting_world()
    mail.outbox.clear()
    meetings.meeting_cancel(actor=world.users["coordinator"], meeting=meeting)
    sent = calendars("CANCEL")
    assert len(sent) == 4
    event = sent[0][2].walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1


def test_a_meeting_in_the_past_is_recorded_as_held_without_inviting():
    world = build_world()
    mail.outbox.clear()
    created = synthesis(world, days=-2)
    assert created.past and calendars() == []


def test_professionals_outside_the_care_team_are_not_invited_to_a_persons_meeting():
    world = build_world()
    outsider = MembershipFactory(organisation=world.orgs["other"])
    with pytest.raises(AnsamError, match="pas dans l’équipe d’accompagnement"):
        synthesis(world, extra=[meetings.Invitee(K.PROFESSIONAL, membership=outsider)])


def test_an_invitee_outside_ansam_needs_an_email():
    world = build_world()
    with pytest.raises(AnsamError, match="nom et d’une adresse e-mail"):
        synthesis(world, extra=[meetings.Invitee(K.EXTERNAL, name="Sans adresse")])


def test_a_calendar_reply_records_the_answer():
    world, meeting = build_meeting_world()
    paul = Participant.objects.get(meeting=meeting, email="paul.durand@example.org")
    reply = calendar.invitation(meeting, [paul], "REPLY").replace(
        "PARTSTAT=NEEDS-ACTION", "PARTSTAT=ACCEPTED"
    )
    assert answers.answer_from_calendar(reply).answer == "accepted"
    paul.refresh_from_db()
    assert paul.answer == "accepted" and paul.answered_at is not None


def test_a_reply_that_matches_no_invitation_says_so():
    world, meeting = build_meeting_world()
    stranger = Participant(meeting=meeting, kind=K.EXTERNAL, name="X", email="x@example.org")
    reply = calendar.invitation(meeting, [stranger], "REPLY").replace(
        "PARTSTAT=NEEDS-ACTION", "PARTSTAT=DECLINED"
    )
    with pytest.raises(NotFound, match="ne correspond à aucune invitation"):
        answers.answer_from_calendar(reply)
    with pytest.raises(calendar.ReplyError, match="pas une réponse"):
        answers.answer_from_calendar(calendar.invitation(meeting, [], "REQUEST"))
    with pytest.raises(calendar.ReplyError, match="pas un fichier iCalendar"):
        answers.answer_from_calendar("bonjour")
