"""A synthesis meeting about the record world's person: the coordinator (CCAS) organises, the
CHRS and the CMP come, the person and her sister, and an employer's adviser outside Ansam."""

from datetime import timedelta

from django.utils import timezone

from ansam.meetings import services as meetings
from ansam.meetings.models import Participant
from ansam.organisations.models import Membership
from tests.sharing.world import build_world

K = Participant.Kind


def invitees(world, *keys):
    return [
        meetings.Invitee(K.PROFESSIONAL, membership=Membership.objects.get(user=world.users[k]))
        for k in keys
    ]


def synthesis(world, *, days=3, extra=()):
    data = {
        "title": "Synthèse — logement de Mme Martin",
        "starts_at": timezone.now() + timedelta(days=days),
        "duration_minutes": 90,
        "place": "CCAS de Nantes, salle 2",
        "agenda": "Point logement, santé, prochaines étapes",
    }
    people = [
        *invitees(world, "team_other_org", "health_member"),
        meetings.Invitee(K.PERSON, email="lea.martin@example.org"),
        meetings.Invitee(K.COMPANION, name="Sa sœur, Julie Martin"),
        meetings.Invitee(K.EXTERNAL, name="Paul Durand", email="paul.durand@example.org"),
        *extra,
    ]
    return meetings.meeting_create(
        actor=world.users["coordinator"],
        kind="person",
        person=world.person,
        data=data,
        invitees=people,
    )


def build_meeting_world(**kwargs):
    world = build_world()
    return world, synthesis(world, **kwargs).meeting
