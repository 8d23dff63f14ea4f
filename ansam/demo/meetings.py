"""Meetings for the demo: one in every state (coming, held awaiting minutes, minutes final,
cancelled), about the coordinator's people and between organisations, written through the same
services as the pages; the past is simulated by recording meetings as held."""

from datetime import timedelta

from django.utils import timezone

from ansam.meetings import cases, decisions, selectors
from ansam.meetings import services as meetings
from ansam.meetings.models import Participant
from ansam.organisations.models import Membership
from ansam.plans.models import Action
from ansam.sharing.models import CareTeamMember

K = Participant.Kind


def _team(person, coordinator):
    return [
        m for m in selectors.invitable_members(coordinator, person) if m.user_id != coordinator.pk
    ]


def _synthesis(coordinator, person, *, days: int, title: str):
    team = _team(person, coordinator)
    return meetings.meeting_create(
        actor=coordinator,
        kind="person",
        person=person,
        data={
            "title": title,
            "starts_at": timezone.now().replace(hour=10, minute=0) + timedelta(days=days),
            "duration_minutes": 90,
            "place": "Maison départementale des solidarités, salle 3",
            "agenda": "Où en est la situation ? Ce que chacun observe et propose. Suites.",
        },
        invitees=[
            *[meetings.Invitee(K.PROFESSIONAL, membership=m) for m in team[:2]],
            meetings.Invitee(K.PERSON),
            meetings.Invitee(K.COMPANION, name="Sa sœur"),
        ],
    ).meeting


def _viewpoints(coordinator, meeting, team_users, words):
    rows = {p.user_id: p for p in meeting.participants.all() if p.user_id}
    person = next(p for p in meeting.participants.all() if p.kind == K.PERSON)
    writers = [(coordinator, rows[coordinator.pk]), (coordinator, person)]
    writers += [(u, rows[u.pk]) for u in team_users if u.pk in rows]
    for (actor, participant), (reading, proposal) in zip(writers, words, strict=False):
        meetings.viewpoint_write(
            actor=actor,
            meeting=meeting,
            participant_id=participant.public_id,
            data={"section": "housing", "reading": reading, "proposal": proposal},
            expected_version=None,
        )


WORDS = [
    (
        "La situation de logement s’est dégradée : hébergée chez un tiers depuis trois mois.",
        "Une demande de logement social prioritaire, avec un accompagnement.",
    ),
    (
        "Je ne veux pas retourner en foyer. Je veux un endroit à moi pour mes enfants.",
        "Un petit appartement, même loin du centre.",
    ),
    (
        "Une étape en résidence sociale permettrait de stabiliser le budget d’abord.",
        "Six mois en résidence sociale, puis le logement autonome.",
    ),
]


def build_meetings() -> int:
    coordinator = Membership.objects.get(user__email="coordinatrice@demo.ansam.test").user
    people = [
        m.person
        for m in CareTeamMember.objects.filter(professional=coordinator, role="coordinator")
        .select_related("person")
        .order_by("pk")[:4]
    ]
    if len(people) < 4:
        return 0
    coming = _synthesis(coordinator, people[0], days=3, title="Synthèse — accès au logement")
    held = _synthesis(coordinator, people[1], days=-10, title="Réunion de concertation")
    final = _synthesis(coordinator, people[2], days=-20, title="Synthèse — budget et logement")
    cancelled = _synthesis(coordinator, people[3], days=5, title="Point de situation")
    team_users = [m.user for m in _team(people[2], coordinator)]
    _viewpoints(coordinator, final, team_users, WORDS)
    meetings.minutes_part_add(
        actor=coordinator,
        meeting=final,
        kind="agree",
        section="housing",
        text="Le logement est la priorité, avec un accompagnement budgétaire.",
    )
    meetings.minutes_part_add(
        actor=coordinator,
        meeting=final,
        kind="differ",
        section="housing",
        text="Logement autonome tout de suite (la personne) ou étape en résidence sociale "
        "(le CHRS) : les deux pistes sont instruites en parallèle.",
    )
    decisions.decision_add(
        actor=coordinator,
        meeting=final,
        data={
            "what": "Déposer une demande de logement social prioritaire",
            "section": "housing",
            "holder": Action.Holder.PROFESSIONAL,
            "professional": coordinator,
            "due_on": timezone.localdate() + timedelta(days=14),
        },
        new_goal="Accéder à un logement stable",
    )
    meetings.minutes_close(actor=coordinator, meeting=final)
    _viewpoints(coordinator, held, [m.user for m in _team(people[1], coordinator)], WORDS[:2])
    meetings.meeting_cancel(actor=coordinator, meeting=cancelled)
    org = Membership.objects.get(user__email="responsable@demo.ansam.test")
    partners = list(
        Membership.objects.filter(is_active=True, role="manager")
        .exclude(organisation=org.organisation)
        .select_related("user", "organisation")
        .order_by("pk")[:3]
    )
    meetings.meeting_create(
        actor=org.user,
        kind="partnership",
        organisation=org.organisation,
        data={
            "title": "Comité des partenaires de l’accès au logement",
            "starts_at": timezone.now().replace(hour=14, minute=0) + timedelta(days=9),
            "duration_minutes": 120,
            "place": "CCAS, salle du conseil",
            "agenda": "Bilan des orientations du trimestre ; délais de réponse ; charte.",
        },
        invitees=[meetings.Invitee(K.PROFESSIONAL, membership=m) for m in partners],
    )
    _peer_group(coordinator, people[2])
    return len([coming, held, final, cancelled]) + 1


def _peer_group(coordinator, person) -> None:
    """A group for the analysis of practice, with one situation reviewed and shared."""
    org = Membership.objects.get(user=coordinator).organisation
    others = [
        m.user
        for m in Membership.objects.filter(
            user__email__in=["partenaire@demo.ansam.test", "travailleur@demo.ansam.test"]
        )
    ]
    group = cases.group_create(
        actor=coordinator, organisation=org, name="Analyse des pratiques — Nantes", members=others
    )
    presentation = cases.presentation_create(
        actor=coordinator,
        group=group,
        person=person,
        title="Une mère seule et le logement",
        text=(
            f"{person.given_names} {person.birth_name}, 34 ans, vit à Nantes avec ses deux "
            "enfants. Elle est hébergée chez sa sœur depuis "
            "mars 2026. Le CHRS L’Étape propose une résidence sociale ; elle veut un logement à "
            "elle. Mme Girard, son assistante sociale de secteur, craint une rupture."
        ),
    )
    cases.presentation_review(
        actor=coordinator,
        presentation=presentation,
        decisions={i: ("replace", s["replacement"]) for i, s in enumerate(presentation.spans)},
    )
    cases.presentation_share(actor=coordinator, presentation=presentation)
