"""A year of the territory's history for the network diagnostic and the observatory: people
accompanied across the communes, referred along the usual paths between organisations.

It makes a readable network: food aid and social services around each CCAS, the SIAO as the
broker between the social services and the shelters, a strong employment tie with no agreement
(an invisible partnership), one-way paths (to the CMPs), organisations that refer and receive
nothing (the centres sociaux), and organisations left out (isolated); demo/agreements.py adds
an agreement between two organisations that never work together (on paper). Counts in Nantes
pass the suppression threshold; most elsewhere do not."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from ansam.geo.models import Commune
from ansam.organisations.models import Membership, Organisation
from ansam.people.duplicates import name_key
from ansam.people.models import Person, Relation
from ansam.plans.models import Need, Plan
from ansam.referrals.models import DeclineReason, Referral, ReferralEvent, State
from ansam.sharing.models import CareTeamMember

COMMUNES = (
    "Nantes", "Saint-Nazaire", "Saint-Herblain", "Rezé", "Saint-Sébastien-sur-Loire",
    "Orvault", "Vertou", "Couëron",
)  # fmt: skip
# (sender, receiver, people a year in Nantes, need, section); {c} is the commune.
PATHS = (
    ("Maison départementale des solidarités de {c}", "CCAS de {c}", 14,
     "difficultes-financieres", "income"),
    ("CCAS de {c}", "Maison départementale des solidarités de {c}", 8,
     "famille", "family"),
    ("CCAS de {c}", "Restos du cœur – {c}", 12, "equipement-et-alimentation", "daily_life"),
    ("CCAS de {c}", "Épicerie solidaire – {c}", 6, "equipement-et-alimentation", "daily_life"),
    ("Maison départementale des solidarités de {c}", "Centre médico-psychologique de {c}", 12,
     "sante", "health"),
    ("Maison départementale des solidarités de {c}", "SIAO – 115 Loire-Atlantique", 6,
     "logement-hebergement", "housing"),
    ("Mission locale de {c}", "France Travail {c}", 16, "trouver-un-emploi", "employment"),
    ("France Travail {c}", "Mission locale de {c}", 12, "choisir-un-metier", "employment"),
    ("Centre social La Boussole – {c}", "CCAS de {c}", 7, "numerique", "rights"),
    ("Centre hospitalier de {c} – service social", "Maison départementale des solidarités de {c}",
     5, "sante", "health"),
)  # fmt: skip
SHELTERS = ("CHRS L’Étape", "CHRS Horizons", "CHRS L’Escale", "CHRS Les Alizés", "CHRS Le Relais")
FIRST = ("Inès", "Yanis", "Lina", "Adam", "Chloé", "Noah", "Sarah", "Ilyes", "Jade", "Malik")
LAST = ("Morel", "Diallo", "Petit", "Nguyen", "Lefèvre", "Benali", "Garnier", "Traoré", "Roux")


def build_activity(*, seed: int, keep_out: set[str]) -> int:
    """`keep_out`: the demo accounts, whose caseloads stay as demo/people.py made them."""
    rng = random.Random(seed + 15)
    orgs = {o.name: o for o in Organisation.objects.select_related("commune")}
    members: dict[int, list[int]] = defaultdict(list)
    others = Membership.objects.filter(is_active=True).exclude(user__email__in=keep_out)
    for org_id, user_id in others.values_list("organisation_id", "user_id"):
        members[org_id].append(user_id)
    communes = {c.name: c for c in Commune.objects.filter(name__in=COMMUNES, departement_id="44")}
    now = timezone.now()
    created = 0
    paths = [
        (s.format(c=c), r.format(c=c), people if c == "Nantes" else max(1, people // 3), t, sec, c)
        for c in COMMUNES
        for s, r, people, t, sec in PATHS
    ]
    paths += [("SIAO – 115 Loire-Atlantique", shelter, 4, "logement-hebergement", "housing",
               "Nantes") for shelter in SHELTERS]  # fmt: skip
    for sender_name, receiver_name, count, thematique, section, commune_name in paths:
        sender, receiver = orgs.get(sender_name), orgs.get(receiver_name)
        if sender is None or receiver is None or not members[sender.pk]:
            continue
        for _i in range(count):
            when = now - timedelta(days=rng.randint(5, 350), hours=rng.randint(0, 9))
            person = _person(rng, communes.get(commune_name), when)
            professional = rng.choice(members[sender.pk])
            _member(person, sender, professional, "coordinator", when)
            _referral(rng, person, sender, receiver, professional, thematique, section, when,
                      members[receiver.pk])  # fmt: skip
            created += 1
    return created


def _person(rng: random.Random, commune: Commune | None, when) -> Person:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 25000))
    person = Person.objects.create(
        birth_name=last,
        given_names=first,
        birth_date=born,
        commune=commune,
        name_key=name_key(last),
        given_key=name_key(first),
    )
    if rng.random() < 0.35:
        given = rng.choice(FIRST)
        child = Person.objects.create(
            birth_name=last,
            given_names=given,
            birth_date=date(2012, 1, 1) + timedelta(days=rng.randint(0, 3000)),
            commune=commune,
            name_key=name_key(last),
            given_key=name_key(given),
        )
        Relation.objects.create(person=person, relative=child, kind=Relation.Kind.CHILD)
    return person


def _member(person: Person, org: Organisation, user_id: int, role: str, when) -> None:
    member = CareTeamMember.objects.create(
        person=person,
        organisation=org,
        professional_id=user_id,
        role=role,
        joined_how=CareTeamMember.JoinedHow.CREATED
        if role == "coordinator"
        else CareTeamMember.JoinedHow.REFERRAL,
    )
    CareTeamMember.objects.filter(pk=member.pk).update(since=when)


def _referral(rng, person, sender, receiver, user_id, thematique, section, when, receivers):
    roll = rng.random()
    if roll < 0.6:
        state, reason = State.ACCEPTED, ""
    elif roll < 0.75:
        state, reason = State.DECLINED, rng.choice(
            [DeclineReason.NO_CAPACITY, DeclineReason.NO_CAPACITY, DeclineReason.OUTSIDE_AREA,
             DeclineReason.NOT_ELIGIBLE]
        )  # fmt: skip
    elif roll < 0.85:
        state, reason = State.EXPIRED, ""
    else:
        state, reason = State.SENT, ""
    answered = when + timedelta(days=rng.randint(1, 15), hours=rng.randint(0, 8))
    referral = Referral.objects.create(
        person=person,
        service_name=receiver.name,
        sender_id=user_id,
        sender_organisation=sender,
        receiver_organisation=receiver,
        thematique=thematique,
        section=section,
        need_words="—",
        state=state,
        decline_reason=reason,
        answer_due_on=(when + timedelta(days=10)).date(),
        appointment_at=answered + timedelta(days=rng.randint(2, 30))
        if state == State.ACCEPTED
        else None,
    )
    Referral.objects.filter(pk=referral.pk).update(created_at=when)
    snapshot = {
        "sender_organisation_id_at": sender.pk,
        "sender_organisation_name_at": sender.name,
        "receiver_organisation_id_at": receiver.pk,
        "receiver_organisation_name_at": receiver.name,
    }
    event = ReferralEvent.objects.create(referral=referral, to_state=State.SENT, **snapshot)
    ReferralEvent.objects.filter(pk=event.pk).update(at=when)
    if state in (State.ACCEPTED, State.DECLINED):
        event = ReferralEvent.objects.create(
            referral=referral, from_state=State.SENT, to_state=state, **snapshot
        )
        ReferralEvent.objects.filter(pk=event.pk).update(at=answered)
    if state == State.ACCEPTED and receivers:
        _member(person, receiver, rng.choice(receivers), "member", answered)
    plan = Plan.objects.create(person=person)
    Need.objects.create(
        plan=plan,
        section=section,
        words="—",
        written_by_name="—",
        written_by_organisation_name=sender.name,
    )
