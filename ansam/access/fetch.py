"""access_<thing>_by_id helpers: fetch and check in one call; forbidden looks like absent."""

from ansam.access import meetings, partnerships, plans, records, referrals, rules, scopes
from ansam.accounts.models import User
from ansam.core.errors import NotFound
from ansam.core.ids import parse_public_id
from ansam.meetings.models import CasePresentation, Meeting, PeerGroup
from ansam.organisations.models import Membership, Organisation, Service
from ansam.partnerships.models import Agreement, Body
from ansam.people.models import Person
from ansam.referrals.models import Referral


def access_organisation_by_id(
    actor: User, public_id: object, *, manage: bool = False
) -> Organisation:
    org = (
        scopes.organisations_visible_to(actor).filter(public_id=parse_public_id(public_id)).first()
    )
    if org is None or (manage and not rules.can_manage_organisation(actor, org)):
        raise NotFound()
    return org


def access_service_by_id(actor: User, public_id: object, *, manage: bool = False) -> Service:
    service = (
        scopes.services_visible_to(actor)
        .select_related("organisation", "commune")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if service is None or (manage and not rules.can_edit_service(actor, service)):
        raise NotFound()
    return service


def access_membership_by_id(actor: User, public_id: object) -> Membership:
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(public_id=parse_public_id(public_id), is_active=True)
        .first()
    )
    if membership is None or not rules.can_end_membership(actor, membership):
        raise NotFound()
    return membership


def access_person_by_id(actor: User, public_id: object) -> tuple[Person, records.RecordAccess]:
    """A person's record and what the actor may do with it."""
    person = records.persons_visible_to(actor).filter(public_id=parse_public_id(public_id)).first()
    if person is None:
        raise NotFound()
    access = records.record_access(actor, person)
    if not access.visible:
        raise NotFound()
    return person, access


def access_plan_by_person_id(actor: User, public_id: object) -> tuple[Person, records.RecordAccess]:
    """A person's record, for their plan (the care team's, not an emergency reader's)."""
    person, access = access_person_by_id(actor, public_id)
    if not plans.can_view_plan(access):
        raise NotFound()
    return person, access


def access_referral_by_id(actor: User, public_id: object) -> Referral:
    """A referral its sender, its receivers, or a team member who reads its section may see."""
    referral = (
        referrals.referrals_visible_to(actor)
        .select_related(
            "person",
            "sender",
            "sender_organisation",
            "receiver_organisation",
            "service",
            "suggested_service",
            "redirected_to",
            "assigned_to",
        )
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if referral is None:
        raise NotFound()
    reader = None
    if not (referrals.is_sender(actor, referral) or referrals.is_receiver(actor, referral)):
        # A team member: their record access, decided once, serves the check, the audit
        # event's organisation and basis.
        reader = records.record_access(actor, referral.person)
    sections = set(reader.sections) if reader is not None else None
    if not referrals.can_read_referral(actor, referral, sections):
        raise NotFound()  # a team member outside its section: as if it did not exist
    referral.reader_access = reader
    return referral


def access_meeting_by_id(actor: User, public_id: object) -> tuple[Meeting, meetings.MeetingAccess]:
    meeting = (
        meetings.meetings_visible_to(actor)
        .select_related("person", "organisation", "organiser")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    access = meetings.meeting_access(actor, meeting) if meeting is not None else None
    if meeting is None or access is None:
        raise NotFound()
    return meeting, access


def access_group_by_id(actor: User, public_id: object) -> PeerGroup:
    group = (
        meetings.groups_visible_to(actor)
        .select_related("organisation", "facilitator")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if group is None:
        raise NotFound()
    return group


def access_presentation_by_id(actor: User, public_id: object) -> CasePresentation:
    presentation = (
        CasePresentation.objects.select_related("group", "author")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if presentation is None or not meetings.can_read_presentation(actor, presentation):
        raise NotFound()
    return presentation


def access_agreement_by_id(actor: User, public_id: object) -> Agreement:
    agreement = (
        partnerships.agreements_visible_to(actor)
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if agreement is None:
        raise NotFound()
    return agreement


def access_body_by_id(actor: User, public_id: object) -> Body:
    body = (
        partnerships.bodies_visible_to(actor)
        .select_related("organisation", "agreement")
        .filter(public_id=parse_public_id(public_id))
        .first()
    )
    if body is None:
        raise NotFound()
    return body
