"""Partnership agreements for the demo, one in every state: in force (the CCAS, the CHRS and the
MDS, who also work together on people), in force with no activity between its parties (the
diagnostic will show it), proposed and awaiting a party, declined, a draft, expired. The SIAO
and the CHRS work together without any agreement. Written through the same services."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from ansam.accounts.models import User
from ansam.organisations.models import Membership, Organisation
from ansam.partnerships import governance, services
from ansam.partnerships.models import Agreement, Body
from ansam.sharing.models import CareTeamMember


def _manager(org: Organisation):
    found = Membership.objects.filter(organisation=org, is_active=True, role="manager").first()
    if found is None:
        found = Membership.objects.filter(organisation=org, is_active=True).first()
        found.role = "manager"
        found.save(update_fields=["role"])
    return found.user


def _agreement(orgs, title, purpose, starts, ends, missions):
    agreement = services.agreement_create(
        actor=_manager(orgs[0]),
        organisation=orgs[0],
        partners=list(orgs[1:]),
        data={
            "title": title,
            "purpose": purpose,
            "territory": "Nantes Métropole",
            "starts_on": starts,
            "ends_on": ends,
        },
    )
    for party, (text, contributions) in zip(agreement.parties.all(), missions, strict=True):
        services.party_update(
            actor=_manager(party.organisation),
            party=party,
            missions=text,
            contributions=contributions,
        )
    return agreement


def _answer_all(agreement, *, but=None, decline=None):
    version = services.agreement_propose(
        actor=_manager(agreement.parties.first().organisation), agreement=agreement
    )
    for party in agreement.parties.all():
        if party.organisation == but:
            continue
        declined = party.organisation == decline
        services.agreement_answer(
            actor=_manager(party.organisation),
            agreement=agreement,
            party=party,
            decision="declined" if declined else "accepted",
            reason="Les moyens demandés dépassent notre budget." if declined else "",
            shown_hash=version.content_hash,
        )


PAPER_PARTIES = ("UDAF Loire-Atlantique", "CIDFF Loire-Atlantique")


def build_agreements() -> int:
    by_email = {
        m.user.email.split("@")[0]: m.organisation
        for m in Membership.objects.filter(user__email__endswith="@demo.ansam.test").select_related(
            "user", "organisation"
        )
    }
    ccas, chrs, mds, siao = (
        by_email[k] for k in ("responsable", "partenaire", "coordinatrice", "urgence")
    )
    today = timezone.localdate()
    money = {"kind": "money", "amount": Decimal("20000"), "unit": "euros", "description": ""}
    staff = {
        "kind": "staff",
        "amount": Decimal("0.5"),
        "unit": "fte",
        "description": "Travailleur social",
    }
    rooms = {
        "kind": "premises",
        "amount": None,
        "unit": "",
        "description": "Salle d’accueil, deux demi-journées",
    }
    in_force = _agreement(
        [ccas, chrs, mds],
        "Accès au logement des personnes sans domicile",
        "Orienter sans perdre les personnes sans domicile, de la mise à l’abri au logement.",
        today - timedelta(days=200),
        today + timedelta(days=900),
        [
            ("Premier accueil, domiciliation, ouverture des droits.", [money, rooms]),
            ("Dix places de stabilisation réservées aux orientations du CCAS.", [staff]),
            ("Coordination des accompagnements et synthèses mensuelles.", [staff]),
        ],
    )
    _answer_all(in_force)
    idle = _agreement(
        [ccas, siao],
        "Veille sociale hivernale",
        "Partager les places de mise à l’abri pendant l’hiver.",
        today - timedelta(days=300),
        today + timedelta(days=120),
        [
            ("Signaler les personnes à la rue.", [rooms]),
            ("Proposer une place sous 24 heures.", [staff]),
        ],
    )
    _answer_all(idle)  # in force, and ends within six months: a renewal alert
    pair = list(Organisation.objects.filter(name__in=PAPER_PARTIES).order_by("name"))
    if len(pair) == 2:  # an agreement on paper: these two never work together (demo/activity.py)
        paper = _agreement(
            pair,
            "Information juridique des familles",
            "Permanences communes d’information juridique pour les familles.",
            today - timedelta(days=400),
            today + timedelta(days=330),
            [("Permanence mensuelle.", [rooms]), ("Juriste, une demi-journée.", [staff])],
        )
        _answer_all(paper)
    proposed = _agreement(
        [mds, chrs],
        "Accompagnement des familles hébergées",
        "Un référent unique pour les familles hébergées en CHRS.",
        today + timedelta(days=30),
        today + timedelta(days=760),
        [("Référent de parcours.", [staff]), ("Accueil des familles, deux places.", [rooms])],
    )
    _answer_all(proposed, but=chrs)
    declined = _agreement(
        [chrs, siao],
        "Plateforme d’orientation commune",
        "Un numéro unique d’orientation partagé.",
        today + timedelta(days=60),
        today + timedelta(days=790),
        [("Répondre aux appels en journée.", [staff]), ("Répondre la nuit.", [staff, money])],
    )
    _answer_all(declined, decline=siao)
    _agreement(
        [ccas, mds],
        "Permanences numériques",
        "Aider aux démarches en ligne dans les deux accueils.",
        today + timedelta(days=90),
        today + timedelta(days=455),
        [("Un conseiller numérique.", [staff]), ("Les ordinateurs en libre accès.", [])],
    )
    expired = _agreement(
        [ccas, chrs],
        "Hiver 2024-2025",
        "Places supplémentaires pour l’hiver.",
        date(today.year - 2, 11, 1),
        date(today.year - 1, 3, 31),
        [("Orienter.", []), ("Accueillir.", [staff])],
    )
    _answer_all(expired)
    services.daily(today)
    _steering_committee(in_force, ccas, chrs, mds)
    _working_without_agreement(siao, chrs)
    return Agreement.objects.count()


def _steering_committee(agreement, ccas, chrs, mds) -> None:
    """The steering committee of the agreement in force: institutions, associations and a
    representative of the people accompanied (a demo account that opens the body only)."""
    secretary = _manager(ccas)
    body = governance.body_create(
        actor=secretary,
        organisation=ccas,
        name="Comité de pilotage — accès au logement",
        kind="steering",
        quorum=3,
        rules_text="Un siège, une voix. Le quorum est de trois sièges votants présents. "
        "Chaque désaccord est consigné dans les mots de son auteur.",
    )
    Body.objects.filter(pk=body.pk).update(agreement=agreement)
    institutions = governance.college_add(
        actor=secretary, body=body, name="Institutions", kind="institutions", seats=2
    )
    associations = governance.college_add(
        actor=secretary, body=body, name="Associations", kind="associations", seats=1
    )
    people = governance.college_add(
        actor=secretary, body=body, name="Personnes accompagnées", kind="people", seats=2
    )
    governance.seat_assign(actor=secretary, college=institutions, holder=secretary)
    governance.seat_assign(actor=secretary, college=institutions, holder=_manager(mds))
    governance.seat_assign(actor=secretary, college=associations, holder=_manager(chrs))
    representative = User.objects.get(email="representant@demo.ansam.test")
    governance.seat_assign(actor=secretary, college=people, holder=representative)


def _working_without_agreement(siao: Organisation, chrs: Organisation) -> None:
    """The SIAO's worker joins two care teams where the CHRS already is: two organisations that
    work together with no agreement in force between them (their one attempt was declined)."""
    worker = Membership.objects.filter(
        organisation=siao, user__email__startswith="urgence@"
    ).first()
    if worker is None:
        return
    people = (
        CareTeamMember.objects.filter(organisation=chrs, is_active=True)
        .values_list("person_id", flat=True)
        .order_by("person_id")[:2]
    )
    for person_id in people:
        CareTeamMember.objects.get_or_create(
            person_id=person_id,
            organisation=siao,
            professional=worker.user,
            is_active=True,
            defaults={"joined_how": CareTeamMember.JoinedHow.INVITED},
        )
