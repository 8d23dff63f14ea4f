"""A meeting held a week ago without final minutes warns its organisation; reminders the day
before; the week's meetings on the day page."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from ansam.continuity.models import Signal
from ansam.continuity.services import signals_compute
from ansam.meetings import services as meetings
from ansam.meetings.models import Participant
from ansam.meetings.tasks import meeting_reminders
from tests.conftest import verified_login
from tests.meetings.world import build_meeting_world

pytestmark = pytest.mark.django_db


def test_a_meeting_without_minutes_a_week_later_warns_until_they_close():
    world, meeting = build_meeting_world(days=1)
    with time_machine.travel(timezone.now() + timedelta(days=9), tick=False):
        signals_compute(notify_users=False)
        signal = Signal.objects.get(kind="no_minutes", closed_at=None)
        assert signal.meeting == meeting and signal.organisation == world.orgs["ccas"]
        assert signal.person == world.person
        meetings.minutes_close(actor=world.users["coordinator"], meeting=meeting)
        signal.refresh_from_db()
        assert signal.closed_at is not None
        signals_compute(notify_users=False)
        assert not Signal.objects.filter(kind="no_minutes", closed_at=None).exists()


def test_a_cancelled_meeting_never_warns():
    world, meeting = build_meeting_world(days=1)
    meetings.meeting_cancel(actor=world.users["coordinator"], meeting=meeting)
    with time_machine.travel(timezone.now() + timedelta(days=9), tick=False):
        signals_compute(notify_users=False)
    assert not Signal.objects.filter(kind="no_minutes").exists()


def test_reminders_the_day_before_to_those_who_did_not_decline():
    world, meeting = build_meeting_world(days=2)
    Participant.objects.filter(meeting=meeting, email="paul.durand@example.org").update(
        answer="declined"
    )
    mail.outbox.clear()
    with time_machine.travel(meeting.starts_at - timedelta(hours=20), tick=False):
        sent = meeting_reminders.call()
        again = meeting_reminders.call()
    assert again == 0
    # CHRS, CMP and the organiser in Ansam; the person by email; not Paul, who declined.
    assert sent == 5
    assert [m.to for m in mail.outbox] == [["lea.martin@example.org"]]
    assert world.users["team_other_org"].notifications.filter(text__startswith="Rappel").exists()


def test_the_day_page_lists_the_weeks_meetings(client):
    world, meeting = build_meeting_world(days=2)
    verified_login(client, world.users["team_other_org"])
    page = client.get("/day/").content.decode()
    assert meeting.title in page
    verified_login(client, world.users["member_other_org"])
    assert meeting.title not in client.get("/day/").content.decode()
