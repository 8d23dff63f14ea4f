"""Every meeting page × role × method: who opens it, and for everyone else the same 404 as an
unknown meeting (forbidden looks like absent). New meeting pages must be listed here."""

import pytest
from django.urls import reverse

from ansam.meetings import feeds
from ansam.meetings import services as meetings
from ansam.meetings.models import Participant
from tests.conftest import page_shape, verified_login
from tests.meetings.world import build_meeting_world

pytestmark = pytest.mark.django_db

ORGANISER, PARTICIPANT = "coordinator", "team_other_org"
ROLES = (
    "anonymous",
    ORGANISER,
    PARTICIPANT,
    "health_member",  # a participant reading other sections
    "colleague_outside_team",  # same organisation as the organiser, not invited
    "member_other_org",
    "organisation_manager",
)
# page -> roles that open it (GET; POST where the page takes one)
PAGES = {
    "web:meeting": {ORGANISER, PARTICIPANT, "health_member"},
    "web:meeting_ics": {ORGANISER, PARTICIPANT, "health_member"},
    "web:meeting_edit": {ORGANISER},
    "web:meeting_minutes": {ORGANISER},
    "web:meeting_decision": {ORGANISER},
    "web:meeting_summary": set(),  # the minutes are not closed yet
}
POSTS = {
    "web:meeting_answer": {ORGANISER, PARTICIPANT, "health_member"},
    "web:meeting_note": {ORGANISER, PARTICIPANT, "health_member"},
    # Participants may see but not change: the service refuses with a message (tested below
    # to change nothing); the organiser's close is refused too, the meeting being to come.
    "web:meeting_cancel": {ORGANISER, PARTICIPANT, "health_member"},
    "web:meeting_close": {ORGANISER, PARTICIPANT, "health_member"},
}
VIEWPOINT = "web:meeting_viewpoint"
# Pages for any signed-in professional, and the two token pages.
SIGNED_IN = {"web:meetings", "web:meeting_new", "web:calendar"}
TOKEN_PAGES = {"web:calendar_feed", "web:meeting_rsvp"}
MEETING_PAGES = set(PAGES) | set(POSTS) | {VIEWPOINT} | SIGNED_IN | TOKEN_PAGES


@pytest.fixture
def world():
    return build_meeting_world()


def login(client, world, role):
    if role != "anonymous":
        verified_login(client, world[0].users[role])


@pytest.mark.parametrize("role", ROLES)
def test_meeting_pages(client, world, role):
    base, meeting = world
    login(client, world, role)
    unknown = "00000000-0000-0000-0000-000000000000"
    failures = []
    for name, allowed in PAGES.items():
        response = client.get(reverse(name, args=[meeting.public_id]))
        absent = client.get(reverse(name, args=[unknown]))
        if role == "anonymous":
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif role in allowed:
            ok = response.status_code == 200
        else:
            ok = response.status_code == 404 and page_shape(response) == page_shape(absent)
        if not ok:
            failures.append((name, response.status_code))
    for name, allowed in POSTS.items():
        response = client.post(reverse(name, args=[meeting.public_id]), {"answer": "accepted"})
        if role == "anonymous":
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif role in allowed:
            ok = response.status_code == 302  # back to the meeting, with a message
        else:
            ok = response.status_code == 404
        if not ok:
            failures.append((name, "POST", response.status_code))
    meeting.refresh_from_db()
    assert (meeting.cancelled_at is not None) == (role == ORGANISER)
    assert meeting.minutes_closed_at is None
    assert not failures, failures


@pytest.mark.parametrize("role", ROLES)
def test_viewpoint_pages(client, world, role):
    base, meeting = world
    login(client, world, role)
    rows = {p.user_id: p for p in Participant.objects.filter(meeting=meeting)}
    person_row = Participant.objects.get(meeting=meeting, kind="person")
    own = rows.get(base.users[role].pk) if role != "anonymous" else None
    for participant in [p for p in rows.values() if p.user_id] + [person_row]:
        url = reverse(VIEWPOINT, args=[meeting.public_id, participant.public_id])
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302
            continue
        allowed = participant == own or (role == ORGANISER and participant.user_id is None)
        assert response.status_code == (200 if allowed else 404), (participant.name, role)


def test_signed_in_pages(client, world):
    base, _meeting = world
    for name in SIGNED_IN:
        assert client.get(reverse(name)).status_code == 302
    verified_login(client, base.users["member_other_org"])
    for name in SIGNED_IN:
        assert client.get(reverse(name)).status_code == 200, name


def test_token_pages(client, world):
    base, meeting = world
    token = feeds.feed_create(actor=base.users[PARTICIPANT])
    response = client.get(reverse("web:calendar_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert meeting.uid in body and "Martin" not in body
    assert client.get(reverse("web:calendar_feed", args=["wrong"])).status_code == 404
    feeds.feed_revoke(actor=base.users[PARTICIPANT])
    assert client.get(reverse("web:calendar_feed", args=[token])).status_code == 404

    paul = Participant.objects.get(meeting=meeting, email="paul.durand@example.org")
    link = meetings._answer_link(paul)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200 and "Martin" not in response.content.decode()
    assert client.post("/" + path, {"answer": "declined"}).status_code == 302
    paul.refresh_from_db()
    assert paul.answer == "declined"
    assert client.get(reverse("web:meeting_rsvp", args=["wrong"])).status_code == 404


# Peer groups: pages of a group (its members), of a presentation (its author; the members once
# shared), and the list (anyone signed in). Their rules are tested in test_cases.py; here every
# role meets every page.
GROUP_PAGES = {"web:peer_group", "web:presentation_new"}
PRESENTATION_PAGES = {
    "web:presentation",
    "web:presentation_review",
    "web:presentation_pdf",
    "web:presentation_share",
}
MEETING_PAGES |= GROUP_PAGES | PRESENTATION_PAGES | {"web:peer_groups"}


@pytest.mark.parametrize("role", ROLES)
def test_peer_group_pages(client, world, role):
    from ansam.meetings import cases

    base, _meeting = world
    group = cases.group_create(
        actor=base.users[ORGANISER],
        organisation=base.orgs["ccas"],
        name="Analyse des pratiques",
        members=[base.users["member_other_org"]],
    )
    pres = cases.presentation_create(
        actor=base.users[ORGANISER],
        group=group,
        text="Léa Martin vit à Nantes.",
        person=base.person,
    )
    login(client, world, role)
    members = {ORGANISER, "member_other_org"}
    for name in sorted(GROUP_PAGES):
        response = client.get(reverse(name, args=[group.public_id]))
        if role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if role in members else 404), (name, role)
    for name in sorted(PRESENTATION_PAGES - {"web:presentation_share"}):
        response = client.get(reverse(name, args=[pres.public_id]))
        if role == "anonymous":
            assert response.status_code == 302
        elif role == ORGANISER:  # the author (the PDF exists once reviewed)
            expected = 404 if name == "web:presentation_pdf" else 200
            assert response.status_code == expected, name
        else:  # a draft is the author's alone
            assert response.status_code == 404, (name, role)
    response = client.post(reverse("web:presentation_share", args=[pres.public_id]))
    expected = {"anonymous": 302, ORGANISER: 302}.get(role, 404)
    assert response.status_code == expected
    pres.refresh_from_db()
    assert pres.status == "draft"  # the author's share was refused: not reviewed


def test_the_persons_summary_is_for_who_gives_it_to_the_person(client):
    """It tells every decision whatever its section: the organiser (here the coordinator) opens
    it, a participant who does not read every section does not."""
    from ansam.meetings import services as meetings

    base, meeting = build_meeting_world(days=-1)
    meetings.minutes_close(actor=base.users[ORGANISER], meeting=meeting)
    url = reverse("web:meeting_summary", args=[meeting.public_id])
    for role, status in ((ORGANISER, 200), (PARTICIPANT, 404), ("health_member", 404)):
        verified_login(client, base.users[role])
        assert client.get(url).status_code == status, role
