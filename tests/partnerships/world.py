"""Three organisations that agree together: a CCAS, a CHRS and a mission locale, each with a
manager; the mission locale names a signatory who is not its manager."""

from datetime import date
from decimal import Decimal

from ansam.partnerships import services
from tests.factories import MembershipFactory, OrganisationFactory


class World:
    pass


def build():
    w = World()
    w.ccas = OrganisationFactory(name="CCAS de Nantes", typology="CCAS")
    w.chrs = OrganisationFactory(name="CHRS Le Phare", typology="CHRS")
    w.ml = OrganisationFactory(name="Mission locale", typology="ML")
    w.other = OrganisationFactory(name="Association Horizons")
    w.m_ccas = MembershipFactory(organisation=w.ccas, role="manager").user
    w.m_chrs = MembershipFactory(organisation=w.chrs, role="manager").user
    w.m_ml = MembershipFactory(organisation=w.ml, role="manager").user
    w.sig_ml = MembershipFactory(organisation=w.ml, role="worker").user
    w.worker_ccas = MembershipFactory(organisation=w.ccas, role="worker").user
    w.outsider = MembershipFactory(organisation=w.other, role="manager").user
    w.agreement = services.agreement_create(
        actor=w.m_ccas,
        organisation=w.ccas,
        partners=[w.chrs, w.ml],
        data={
            "title": "Accès au logement des jeunes",
            "purpose": "Orienter sans perdre les jeunes sans logement.",
            "territory": "Nantes Métropole",
            "starts_on": date(2027, 1, 1),
            "ends_on": date(2029, 12, 31),
            "review_on": date(2028, 1, 15),
        },
    )
    parties = {p.organisation_id: p for p in w.agreement.parties.all()}
    w.p_ccas, w.p_chrs, w.p_ml = parties[w.ccas.pk], parties[w.chrs.pk], parties[w.ml.pk]
    services.party_update(
        actor=w.m_ccas,
        party=w.p_ccas,
        missions="Premier accueil et ouverture des droits.",
        contributions=[
            {"kind": "money", "amount": Decimal("15000"), "unit": "euros", "description": ""},
            {"kind": "premises", "amount": None, "unit": "", "description": "Salle de réunion"},
        ],
    )
    services.party_update(
        actor=w.m_chrs,
        party=w.p_chrs,
        missions="Dix places d'hébergement réservées.",
        contributions=[
            {"kind": "staff", "amount": Decimal("0.5"), "unit": "fte", "description": ""}
        ],
    )
    services.party_update(
        actor=w.m_ml,
        party=w.p_ml,
        missions="Accompagnement vers l'emploi.",
        contributions=[
            {"kind": "skills", "amount": None, "unit": "", "description": "Conseillers"}
        ],
        signatory=w.sig_ml,
    )
    return w
