"""Viewpoints kept apart, need-to-know on the minutes, decisions into the plan, the person's
summary, private notes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.meetings import answers, decisions, selectors
from ansam.meetings import services as meetings
from ansam.meetings.models import Participant, Viewpoint
from ansam.plans.models import Action
from tests.meetings.world import K, build_meeting_world

pytestmark = pytest.mark.django_db


def row(meeting, **kw):
    return Participant.objects.get(meeting=meeting, removed_at=None, **kw)


def write(world, meeting, who, participant, reading, section="housing", version=None, **kw):
    return meetings.viewpoint_write(
        actor=world.users[who],
        meeting=meeting,
        participant_id=participant.public_id,
        data={"reading": reading, "section": section, **kw},
        expected_version=version,
    )


def page(world, meeting, who):
    from ansam.access import meetings as policy

    access = policy.meeting_access(world.users[who], meeting)
    assert access is not None
    return selectors.meeting_page(world.users[who], meeting, access)


def test_three_divergent_viewpoints_stay_apart_and_attributed():
    world, meeting = build_meeting_world(days=-1)
    chrs = row(meeting, user=world.users["team_other_org"])
    person = row(meeting, kind=K.PERSON)
    write(
        world,
        meeting,
        "coordinator",
        row(meeting, user=world.users["coordinator"]),
        "Un logement autonome est possible avec un accompagnement.",
    )
    write(
        world,
        meeting,
        "team_other_org",
        chrs,
        "Une étape en résidence sociale d'abord.",
        proposal="Six mois en résidence sociale.",
    )
    # The person has no account: the organiser writes down what she says, in her words.
    write(world, meeting, "coordinator", person, "Je ne veux plus de foyer. Je veux ma porte.")
    shown = {r.participant.name: r.viewpoint for r in page(world, meeting, "team_other_org").rows}
    assert shown[chrs.name].reading.startswith("Une étape") and shown[chrs.name].proposal
    assert shown[person.name].reading == "Je ne veux plus de foyer. Je veux ma porte."
    assert shown[person.name].written_by == world.users["coordinator"]
    assert Viewpoint.objects.filter(meeting=meeting).count() == 3


def test_nobody_edits_another_professionals_viewpoint():
    world, meeting = build_meeting_world()
    chrs = row(meeting, user=world.users["team_other_org"])
    write(world, meeting, "team_other_org", chrs, "Ma lecture.")
    with pytest.raises(Forbidden):
        write(world, meeting, "coordinator", chrs, "Je corrige sa lecture.", version=1)
    with pytest.raises(Forbidden):  # nor the person's, when one is not the organiser
        write(world, meeting, "team_other_org", row(meeting, kind=K.PERSON), "Elle dit…")


def test_an_amended_viewpoint_keeps_the_earlier_and_asks_for_confirmation_again():
    world, meeting = build_meeting_world()
    chrs = row(meeting, user=world.users["team_other_org"])
    write(world, meeting, "team_other_org", chrs, "Première lecture.")
    meetings.viewpoint_confirm(
        actor=world.users["team_other_org"], meeting=meeting, participant_id=chrs.public_id
    )
    with pytest.raises(Conflict):
        write(world, meeting, "team_other_org", chrs, "Sans version.", version=None)
    amended = write(world, meeting, "team_other_org", chrs, "Lecture amendée.", version=1)
    assert amended.version == 2 and amended.confirmed_at is None
    assert [v.reading for v in selectors.versions_of(amended)] == ["Première lecture."]


def test_a_participant_reads_only_the_parts_their_organisation_reads():
    world, meeting = build_meeting_world(days=-1)
    cmp = row(meeting, user=world.users["health_member"])
    write(world, meeting, "health_member", cmp, "Suivi psychiatrique régulier.", section="health")
    meetings.minutes_part_add(
        actor=world.users["coordinator"],
        meeting=meeting,
        kind="agree",
        section="housing",
        text="Chercher un logement accompagné.",
    )
    chrs_page = page(world, meeting, "team_other_org")
    cmp_row = next(r for r in chrs_page.rows if r.participant.pk == cmp.pk)
    assert cmp_row.viewpoint is None and cmp_row.hidden  # the CHRS does not read health
    assert [p.text for p in chrs_page.agree] == ["Chercher un logement accompagné."]
    assert page(world, meeting, "health_member").rows  # the CMP reads its own
    with pytest.raises(AnsamError):  # one writes only in a part one reads
        write(
            world,
            meeting,
            "team_other_org",
            row(meeting, user=world.users["team_other_org"]),
            "Santé ?",
            section="health",
        )


def test_a_decision_becomes_an_action_of_the_plan_under_a_goal():
    world, meeting = build_meeting_world(days=-1)
    decision = decisions.decision_add(
        actor=world.users["coordinator"],
        meeting=meeting,
        data={
            "what": "Déposer une demande en résidence sociale",
            "section": "housing",
            "holder": Action.Holder.ORGANISATION,
            "organisation": world.orgs["chrs"],
            "due_on": timezone.localdate() + timedelta(days=14),
        },
        new_goal="Trouver un logement",
    )
    action = decision.action
    assert action is not None and action.plan.person == world.person
    assert action.organisation == world.orgs["chrs"] and action.goal.text == "Trouver un logement"
    assert decision.owner_name == "CHRS Le Phare"


def test_a_decision_owner_outside_the_care_team_is_refused():
    world, meeting = build_meeting_world(days=-1)
    with pytest.raises(AnsamError, match="pas dans l’équipe d’accompagnement"):
        decisions.decision_add(
            actor=world.users["coordinator"],
            meeting=meeting,
            data={
                "what": "Proposer un chantier d'insertion",
                "section": "housing",
                "holder": Action.Holder.ORGANISATION,
                "organisation": world.orgs["other"],
            },
            new_goal="Travailler",
        )


def test_closing_the_minutes_freezes_them_and_writes_the_persons_summary():
    world, meeting = build_meeting_world(days=-1)
    meetings.minutes_part_add(
        actor=world.users["coordinator"],
        meeting=meeting,
        kind="agree",
        section="housing",
        text="Un logement avec accompagnement.",
    )
    decisions.decision_add(
        actor=world.users["coordinator"],
        meeting=meeting,
        data={
            "what": "Rassembler les fiches de paie",
            "section": "housing",
            "holder": Action.Holder.PERSON,
        },
        new_goal="Trouver un logement",
    )
    meetings.note_save(actor=world.users["coordinator"], meeting=meeting, text="Ma note à moi.")
    closed = meetings.minutes_close(actor=world.users["coordinator"], meeting=meeting)
    assert "Rassembler les fiches de paie" in closed.summary_for_person
    assert "Un logement avec accompagnement." in closed.summary_for_person
    assert "Ma note" not in closed.summary_for_person
    with pytest.raises(Forbidden):
        meetings.minutes_part_add(
            actor=world.users["coordinator"],
            meeting=meeting,
            kind="differ",
            section="housing",
            text="Trop tard.",
        )
    assert page(world, meeting, "team_other_org").note is None  # another's note: never


def test_minutes_close_only_once_the_meeting_took_place():
    world, meeting = build_meeting_world(days=2)
    with pytest.raises(AnsamError, match="une fois la réunion tenue"):
        meetings.minutes_close(actor=world.users["coordinator"], meeting=meeting)


def test_who_sees_the_meeting():
    from ansam.access import meetings as policy

    world, meeting = build_meeting_world()
    assert policy.meeting_access(world.users["team_other_org"], meeting) is not None
    for who in (
        "colleague_outside_team",
        "member_other_org",
        "organisation_manager",
        "emergency_actor",
    ):
        assert policy.meeting_access(world.users[who], meeting) is None, who
    with pytest.raises(NotFound):
        answers.participant_answer(
            actor=world.users["member_other_org"], meeting=meeting, answer="accepted"
        )
