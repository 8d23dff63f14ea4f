"""Personalised plans and a history for the demo people, so that plans, signatures, version
comparisons, the professional's day and the dashboards show real situations. Written through
the same services as the pages; only the passing of time is simulated (dates moved back)."""

import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ansam.organisations.models import Membership
from ansam.plans import content, printout, selectors
from ansam.plans import services as plans
from ansam.referrals.models import Referral
from ansam.sharing.models import CareTeamMember, Entry

GOALS = [
    (
        "housing",
        "J’ai besoin d’un logement pour moi et mes enfants.",
        "Accéder à un logement stable",
        ["Déposer la demande de logement social", "Préparer le dossier FSL", "Visiter le logement"],
    ),
    (
        "employment",
        "Je voudrais trouver un travail, même à temps partiel.",
        "Reprendre un emploi",
        ["S’inscrire à France Travail", "Refaire le CV", "Chercher un mode de garde"],
    ),
    (
        "income",
        "Je n’arrive plus à payer mes factures.",
        "Retrouver un budget équilibré",
        [
            "Rencontrer le point conseil budget",
            "Demander un échéancier au fournisseur d’énergie",
            "Vérifier les droits CAF",
        ],
    ),
]


def _signed_printout(person, view, organisation) -> SimpleUploadedFile:
    """In the demo, the 'signed' printout is the plan's own PDF."""
    pdf = printout.render_pdf(person=person, view=view, organisation=organisation)
    return SimpleUploadedFile("plan-signe.pdf", pdf, content_type="application/pdf")


def build_plans(*, seed: int, count: int = 8) -> int:
    rng = random.Random(seed)
    membership = Membership.objects.select_related("user", "organisation").get(
        user__email="coordinatrice@demo.ansam.test"
    )
    coordinator = membership.user
    rows = CareTeamMember.objects.filter(professional=coordinator, role="coordinator")
    people = [m.person for m in rows.select_related("person").order_by("pk")]
    made = 0
    for i, person in enumerate(people[:count]):
        section, words, goal_text, whats = GOALS[i % len(GOALS)]
        need = plans.need_add(
            actor=coordinator,
            person=person,
            section=section,
            words=words,
            assessment="Situation évaluée avec la personne en entretien.",
        )
        goal = plans.goal_add(actor=coordinator, person=person, text=goal_text, need=need)
        team = [
            m
            for m in CareTeamMember.objects.filter(person=person, is_active=True).select_related(
                "organisation", "professional"
            )
            if m.role != "coordinator"
        ]
        today = timezone.localdate()
        due = [today + timedelta(days=rng.randint(10, 60)) for _ in whats]
        if i % 3 == 0:
            due[0] = today - timedelta(days=rng.randint(5, 20))  # already overdue
        holders = [
            {"holder": "organisation", "organisation": team[0].organisation}
            if team
            else {"holder": "person"},
            {"holder": "person"},
            {"holder": "professional", "professional": coordinator},
        ]
        actions = [
            plans.action_add(
                actor=coordinator,
                person=person,
                goal=goal,
                data={"what": what, "due_on": d, "past_confirmed": True, **h},
            )
            for what, d, h in zip(whats, due, holders, strict=True)
        ]
        version = plans.version_propose(
            actor=coordinator, person=person, review_on=today + timedelta(days=rng.randint(30, 120))
        )
        view = selectors.version_page(coordinator, person.public_id, version.number)[2]
        if i % 4 != 3:
            refusals = (
                {str(actions[1].public_id): "Je préfère d’abord voir avec ma sœur."}
                if i % 4 == 1
                else {}
            )
            plans.answer_record(
                actor=coordinator,
                person=person,
                party=content.PERSON,
                number=version.number,
                shown_hash=version.content_hash,
                decision="signed",
                refusals=refusals,
                upload=_signed_printout(person, view, membership.organisation),
            )
            for member in team[:1]:
                party = content.org_party(str(member.organisation.public_id))
                if party in content.parties(version.content):
                    plans.answer_record(
                        actor=member.professional,
                        person=person,
                        party=party,
                        number=version.number,
                        shown_hash=version.content_hash,
                        decision="signed",
                    )
        if i == 0 and team:  # a second version: one action moved, the partner need not re-sign
            plans.action_reschedule(
                actor=coordinator, action=actions[2], due_on=today + timedelta(days=75)
            )
            plans.version_propose(
                actor=coordinator,
                person=person,
                note="Échéance décalée à la demande de la personne.",
            )
        made += 1
    _quiet_history(people[count : count + 3])
    return made


def _quiet_history(people) -> None:
    """A few people with no contact for months: their entries and team date moved back."""

    long_ago = timezone.now() - timedelta(days=130)
    Entry.objects.filter(person__in=people).update(created_at=long_ago, updated_at=long_ago)
    CareTeamMember.objects.filter(person__in=people).update(since=long_ago)
    # And one referral whose partner has not answered in time.
    late = Referral.objects.filter(state="sent").order_by("pk").first()
    if late is not None:
        Referral.objects.filter(pk=late.pk).update(
            answer_due_on=timezone.localdate() - timedelta(days=4)
        )
