"""A small world for the record tests: one person, a care team across two organisations, and
every other role the access matrix needs."""

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from ansam.organisations.models import Membership
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
    coordinator = MembershipFactory(organisation=ccas, role=Membership.Role.COORDINATOR).user
    users = {
        "coordinator": coordinator,
        "team_other_org": MembershipFactory(organisation=chrs).user,
        "health_member": MembershipFactory(organisation=cmp).user,
        "colleague_outside_team": MembershipFactory(organisation=ccas).user,
        "organisation_manager": MembershipFactory(organisation=ccas, role="manager").user,
        "member_other_org": MembershipFactory(organisation=other).user,
        "territory_coordinator": MembershipFactory(
            organisation=cd, role=Membership.Role.TERRITORY_COORDINATOR
        ).user,
    }
    person = services.person_create(
        actor=coordinator, organisation=ccas,
        data={"birth_name": "Martin", "given_names": "Léa", "birth_date": date(1990, 4, 12)},
        basis=SharingBasis.Basis.INFORMED, how=SharingBasis.How.ORALLY,
    )  # fmt: skip
    for key in ("team_other_org", "health_member"):
        membership = Membership.objects.get(user=users[key])
        CareTeamMember.objects.create(
            person=person, organisation=membership.organisation, professional=users[key],
            joined_how=CareTeamMember.JoinedHow.INVITED,
        )  # fmt: skip
    entries = {
        "housing": services.entry_create(
            actor=coordinator, person=person, section=Section.HOUSING,
            data={"title": "Demande de logement social", "body": "Dossier déposé."},
        ),
        "identity_file": services.entry_create(
            actor=coordinator, person=person, section=Section.IDENTITY,
            data={"title": "Pièce d'identité"},
            upload=SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
        ),
        "private": services.entry_create(
            actor=coordinator, person=person, section=Section.HOUSING,
            data={"title": "Note personnelle", "is_private": True},
        ),
    }  # fmt: skip
    # The health professional writes with the person's consent for health.
    services.basis_record(actor=users["health_member"], person=person, basis="consent",
                          how="signed_form", section=Section.HEALTH)  # fmt: skip
    entries["health"] = services.entry_create(
        actor=users["health_member"],
        person=person,
        section=Section.HEALTH,
        data={"title": "Suivi au CMP"},
    )
    return World(person=person, users=users, orgs={"ccas": ccas, "chrs": chrs, "cmp": cmp,
                                                   "other": other}, entries=entries)  # fmt: skip


def apply_state(world: World, state: str) -> None:
    """Put the person's sharing basis in one of the matrix's states."""
    coordinator = world.users["coordinator"]
    person = world.person
    if state == "informed":
        return
    if state == "objected":
        services.basis_record(actor=coordinator, person=person, basis="objection", how="orally")
    elif state == "consent":
        services.basis_record(actor=coordinator, person=person, basis="consent",
                              how="signed_form")  # fmt: skip
    elif state == "withdrawn":
        services.basis_record(actor=coordinator, person=person, basis="consent",
                              how="signed_form")  # fmt: skip
        services.basis_record(actor=coordinator, person=person, basis="withdrawn", how="orally")
    elif state == "break_glass":
        services.emergency_open(
            actor=world.users["member_other_org"], person=person, organisation=world.orgs["other"],
            reason="La personne a appelé en détresse, son référent est injoignable ce soir.",
        )  # fmt: skip
    else:
        raise ValueError(state)
