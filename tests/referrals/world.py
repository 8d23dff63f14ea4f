from dataclasses import dataclass

from ansam.organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, make_service
from tests.sharing.world import build_world


@dataclass
class ReferralWorld:
    base: object
    person: object
    sender: object
    sender_org: object
    receiver_org: object
    receiver: object
    receiver_colleague: object
    other_org: object
    other_receiver: object
    outsider: object
    service: object
    other_service: object
    outside_service: object


def build_referral_world() -> ReferralWorld:
    base = build_world()
    ml = OrganisationFactory(name="Mission locale de Nantes", typology="ML", uses_ansam=True)
    ft = OrganisationFactory(name="France Travail Nantes", typology="FT", uses_ansam=True)
    paper = OrganisationFactory(name="Association sans Ansam", typology="ASSO", uses_ansam=False)
    receiver = MembershipFactory(organisation=ml).user
    colleague = MembershipFactory(organisation=ml).user
    other_receiver = MembershipFactory(organisation=ft).user
    service = make_service(
        ml,
        name="Contrat d'engagement jeune",
        thematiques=["trouver-un-emploi--repondre-a-des-offres-demploi"],
    )
    other_service = make_service(
        ft,
        name="Accompagnement vers l'emploi",
        thematiques=["trouver-un-emploi--repondre-a-des-offres-demploi"],
    )
    outside = make_service(
        paper,
        name="Atelier CV",
        thematiques=["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
    )
    return ReferralWorld(
        base=base,
        person=base.person,
        sender=base.users["coordinator"],
        sender_org=base.orgs["ccas"],
        receiver_org=ml,
        receiver=receiver,
        receiver_colleague=colleague,
        other_org=ft,
        other_receiver=other_receiver,
        outsider=base.users["member_other_org"],
        service=service,
        other_service=other_service,
        outside_service=outside,
    )


def send(w: ReferralWorld, **kwargs):
    from ansam.referrals.services import referral_send

    params = dict(
        actor=w.sender,
        person=w.person,
        organisation=w.sender_org,
        service=w.service,
        need_words="Je veux trouver un travail dans la restauration.",
        sections=["identity", "housing"],
        basis="consent",
    )
    params.update(kwargs)
    return referral_send(**params)


def managers(org):
    return [m.user for m in Membership.objects.filter(organisation=org, role="manager")]
