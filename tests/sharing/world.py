"""A small world for the record tests: one person, a care team across two organisations, and
every other role the access matrix needs."""

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from ansam.organisations.models import Membership
from ansam.sharing import emergency as emergency_services
from ansam.sharing import services
from ansam.sharing.models import CareTeamMember, SharingBasis
from ansam.sharing.sections import Section
from tests.factories import MembershipFactory, OrganisationFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class World:
    person: object
    users: dict
    orgs: dict
    entries: dict


def build_world() -> World:
    ccas = OrganisationFactory(name="CCAS de Nantes", typology="CCAS")
    chrs = OrganisationFactory(name="CHRS Le Phare", typology="CHRS")
    cmp = OrganisationFactory(name="CMP de Nantes", typology="CMP")
    other = OrganisationFactory(name="Association Horizons", typology="ASSO")
    cd = OrganisationFactory(name="Département", typology="CD")
    # The territory marked the SIAO as an emergency actor; the association is not one.
    siao = OrganisationFactory(name="SIAO 115", typology="SIAO", emergency_actor=True)
    coordinator = MembershipFactory(organisation=ccas, role=Membership.Role.COORDINATOR).user
    users = {
        "coordinator": coordinator,
        "team_other_org": MembershipFactory(organisation=chrs).user,
        "health_member": MembershipFactory(organisation=cmp).user,
        "colleague_outside_team": MembershipFactory(organisation=ccas).user,
        "organisation_manager": MembershipFactory(organisation=ccas, role="manager").user,
        "member_other_org": MembershipFactory(organisation=other).user,
        "emergency_actor": MembershipFactory(organisation=siao).user,
        "territory_coordinator": MembershipFactory(
            organisation=cd, role=Membership.Role.TERRITORY_COORDINATOR
        ).user,
    }
    person = services.person_create(
        actor=coordinator,
        organisation=ccas,
        data={"birth_name": "Martin", "given_names": "Léa", "birth_date": date(1990, 4, 12)},
        basis=SharingBasis.Basis.INFORMED,
        how=SharingBasis.How.ORALLY,
    )
    for key in ("team_other_org", "health_member"):
        membership = Membership.objects.get(user=users[key])
        CareTeamMember.objects.create(
            person=person,
            organisation=membership.organisation,
            professional=users[key],
            joined_how=CareTeamMember.JoinedHow.INVITED,
        )
    entries = {
        "housing": services.entry_create(
            actor=coordinator,
            person=person,
            section=Section.HOUSING,
            data={"title": "Demande de logement social", "body": "Dossier déposé."},
        ),
        "identity_file": services.entry_create(
            actor=coordinator,
            person=person,
            section=Section.IDENTITY,
            data={"title": "Pièce d'identité"},
            upload=SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
        ),
        "private": services.entry_create(
            actor=coordinator,
            person=person,
            section=Section.HOUSING,
            data={"title": "Note personnelle", "is_private": True},
        ),
    }
    # The health professional writes with the person's consent for health.
    services.basis_record(
        actor=users["health_member"],
        person=person,
        basis="consent",
        how="signed_form",
        section=Section.HEALTH,
        organisation=cmp,
    )
    entries["health"] = services.entry_create(
        actor=users["health_member"],
        person=person,
        section=Section.HEALTH,
        data={"title": "Suivi au CMP"},
    )
    return World(
        person=person,
        users=users,
        orgs={"ccas": ccas, "chrs": chrs, "cmp": cmp, "other": other, "siao": siao},
        entries=entries,
    )


def apply_state(world: World, state: str) -> None:
    """Put the person's sharing basis in one of the matrix's states: for the whole team
    (informed, objected, consent, withdrawn, child protection), for one organisation (the CHRS
    objects) or one section (housing withdrawn), or an emergency access by the SIAO."""
    coordinator = world.users["coordinator"]
    person = world.person
    record = services.basis_record
    if state == "informed":
        return
    if state == "objected":
        record(actor=coordinator, person=person, basis="objection", how="orally")
    elif state == "consent":
        record(actor=coordinator, person=person, basis="consent", how="signed_form")
    elif state == "withdrawn":
        record(actor=coordinator, person=person, basis="consent", how="signed_form")
        record(actor=coordinator, person=person, basis="withdrawn", how="orally")
    elif state == "child_protection":
        record(actor=coordinator, person=person, basis="child_protection", how="orally")
    elif state == "org_objection":
        record(
            actor=coordinator,
            person=person,
            basis="objection",
            how="orally",
            organisation=world.orgs["chrs"],
        )
    elif state == "section_withdrawn":
        record(
            actor=coordinator,
            person=person,
            basis="withdrawn",
            how="orally",
            section=Section.HOUSING,
        )
    elif state == "break_glass":
        emergency_services.emergency_open(
            actor=world.users["emergency_actor"],
            person=person,
            organisation=world.orgs["siao"],
            reason="La personne a appelé en détresse, son référent est injoignable ce soir.",
        )
    else:
        raise ValueError(state)
