"""THE access policy for referrals.

A referral is seen by its sender, by the members of the receiving organisation (their work
queue), and by the members of the person's care team who may read the referral's section under
the person's bases (who follow the loop on the person's page); other team members learn only
that a referral exists, not to whom nor why. While it is pending,
the receivers see only what it carries: the person's name and birth date, the need, and the
entries of the sections chosen to travel, as long as the person's sharing basis for the receiving
organisation allows them. Accepting adds the receiver to the care team with those sections;
declining or expiring leaves the receiver with nothing."""

from django.db.models import Q, QuerySet

from ansam.access import records, rules
from ansam.accounts.models import User
from ansam.organisations.models import Membership, Organisation
from ansam.referrals.models import PENDING, Referral, State
from ansam.sharing.models import CareTeamMember, Entry, SharingBasis
from ansam.sharing.sections import Section


def referrals_visible_to(actor: User) -> QuerySet[Referral]:
    orgs = rules.active_organisation_ids(actor)
    if not orgs:
        return Referral.objects.none()
    team_people = CareTeamMember.objects.filter(
        professional=actor, is_active=True, organisation_id__in=orgs
    ).values("person_id")
    return Referral.objects.filter(
        Q(sender=actor, sender_organisation_id__in=orgs)
        | Q(receiver_organisation_id__in=orgs)
        | Q(person_id__in=team_people)
    )


def can_read_referral(actor: User, referral: Referral, sections: set[str] | None = None) -> bool:
    """Its content (the need in the person's words, the summary, the appointment, the answers):
    the sender, the receivers, and the care-team members who read its section. `sections`,
    when given, are the sections the actor reads on the person's record (for lists)."""
    if is_sender(actor, referral) or is_receiver(actor, referral):
        return True
    if sections is None:
        sections = set(records.record_access(actor, referral.person).sections)
    return referral.section in sections


def reader_basis(
    actor: User, referral: Referral, access: records.RecordAccess | None = None
) -> str:
    """The basis on which the actor reads the referral, for the audit log."""
    if is_sender(actor, referral) or is_receiver(actor, referral):
        return "referral"
    access = access or records.record_access(actor, referral.person)
    return access.basis_for(referral.section)


def is_receiver(actor: User, referral: Referral) -> bool:
    return referral.receiver_organisation_id in rules.active_organisation_ids(actor)


def is_sender(actor: User, referral: Referral) -> bool:
    return (
        referral.sender_id == actor.pk
        and referral.sender_organisation_id in rules.active_organisation_ids(actor)
    )


def can_answer(actor: User, referral: Referral) -> bool:
    """Receiving organisation's members answer; for a service outside Ansam, the sender does."""
    if referral.outside_ansam:
        return is_sender(actor, referral)
    return is_receiver(actor, referral)


def can_cancel(actor: User, referral: Referral) -> bool:
    return is_sender(actor, referral) and referral.state in PENDING


def can_refer(access: records.RecordAccess) -> bool:
    """Only the person's care team refers them."""
    return records.can_contribute(access)


def referral_sections(access: records.RecordAccess) -> list[str]:
    """The sections a referral's content may be filed under: those the sender reads."""
    return [s for s in Section.values if access.can_read(s)]


def can_override_basis(actor: User, organisation: Organisation) -> bool:
    """Sending without a recorded basis is a separate right: coordinators and managers."""
    roles = rules.roles_in(actor, organisation)
    return bool(roles & {Membership.Role.COORDINATOR, Membership.Role.MANAGER})


def carried_entries(referral: Referral) -> QuerySet[Entry]:
    """What a pending referral lets its receivers read."""
    if referral.state not in PENDING and referral.state != State.ACCEPTED:
        return Entry.objects.none()
    bases = list(SharingBasis.objects.filter(person=referral.person))
    allowed = [
        s
        for s in referral.sections
        if records.basis_allows(
            s, records.current_basis(referral.person, referral.receiver_organisation, s, bases)
        )
    ]
    return Entry.objects.filter(person=referral.person, section__in=allowed, is_private=False)
