"""A plan for the record world's person: a housing need in her words, one goal, three actions
(the CCAS, the CHRS and the person herself)."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ansam.plans import content
from ansam.plans import services as plans
from ansam.plans.models import Action
from tests.sharing.world import PDF, build_world


@dataclass
class PlanWorld:
    base: object
    person: object
    need: object
    goal: object
    actions: dict


def build_plan_world() -> PlanWorld:
    base = build_world()
    coordinator, person = base.users["coordinator"], base.person
    need = plans.need_add(
        actor=coordinator,
        person=person,
        section="housing",
        words="Je veux un logement à moi, pas un foyer.",
    )
    goal = plans.goal_add(actor=coordinator, person=person, text="Accéder à un logement", need=need)
    soon = timezone.localdate() + timedelta(days=20)
    actions = {
        "ccas": plans.action_add(
            actor=coordinator,
            person=person,
            goal=goal,
            data={
                "what": "Déposer la demande de logement social",
                "holder": "organisation",
                "organisation": base.orgs["ccas"],
                "due_on": soon,
            },
        ),
        "chrs": plans.action_add(
            actor=coordinator,
            person=person,
            goal=goal,
            data={
                "what": "Accompagner la visite du logement",
                "holder": "professional",
                "professional": base.users["team_other_org"],
                "due_on": soon,
            },
        ),
        "person": plans.action_add(
            actor=coordinator,
            person=person,
            goal=goal,
            data={
                "what": "Réunir les trois derniers bulletins de salaire",
                "holder": Action.Holder.PERSON,
                "due_on": soon,
            },
        ),
    }
    return PlanWorld(base, person, need, goal, actions)


def printout():
    return SimpleUploadedFile("signe.pdf", PDF, content_type="application/pdf")


def answer(world, actor, party, version, decision="signed", **kwargs):
    return plans.answer_record(
        actor=actor,
        person=world.person,
        party=party,
        number=version.number,
        shown_hash=version.content_hash,
        decision=decision,
        upload=printout() if party == content.PERSON else None,
        **kwargs,
    )
