"""Household members and relatives (linked people), and the merge of two records of the same
person. Both keep every history; both are audited."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ansam.access import records
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.core.errors import AnsamError, Forbidden, NotFound
from ansam.meetings.models import CasePresentation, Meeting
from ansam.people.models import Person, Relation
from ansam.sharing.models import CareTeamMember, Entry, SharingBasis
from ansam.sharing.sections import Section
from ansam.sharing.services import (
    _apply_person,
    _validate_person,
    accompaniment_open,
    visible_access,
)
from ansam.sharing.team import team_request_join


@transaction.atomic
def relation_add(
    *, actor: User, person: Person, kind: str, is_legal_representative: bool, data: dict
) -> Relation:
    """Add a household member or relative: a linked person known through the person's family
    section, not a second accompanied person (no care team, no warnings of their own) until
    someone opens their own accompaniment."""
    access = visible_access(actor, person)
    if not records.can_write_entry(access, Section.FAMILY):
        raise Forbidden(_("You may not write in this section of the record."))
    if kind not in Relation.Kind.values:
        raise AnsamError(_("Some fields are not valid."), fields={"kind": [_("Unknown kind.")]})
    _validate_person(data)
    relative = Person(created_by=actor)
    _apply_person(relative, data)
    relative.save()
    relation = Relation.objects.create(
        person=person, relative=relative, kind=kind, is_legal_representative=is_legal_representative
    )
    audit(
        actor=actor,
        action=Action.UPDATE_PERSON,
        person=person,
        organisation=access.organisation,
        section=Section.FAMILY,
        basis=access.basis_for(Section.FAMILY),
        detail={"relation": kind, "legal_representative": is_legal_representative},
    )
    return relation


@transaction.atomic
def relative_accompany(
    *, actor: User, person: Person, relation: Relation, basis: str, how: str
) -> Person | None:
    """Open the relative's own accompaniment: the actor coordinates it through the organisation
    that accompanies the person. When someone already accompanies the relative, their
    coordinator is asked instead (and None is returned): nothing of that record is shown."""
    access = visible_access(actor, person)
    if not records.can_write_entry(access, Section.FAMILY) or relation.person_id != person.pk:
        raise NotFound()
    if basis not in (SharingBasis.Basis.INFORMED, SharingBasis.Basis.CONSENT):
        raise AnsamError(
            _("Some fields are not valid."),
            fields={"basis": [_("The relative must be informed first.")]},
        )
    relative = relation.relative
    organisation = access.organisation
    if organisation is None:
        raise NotFound()
    if CareTeamMember.objects.filter(person=relative, is_active=True).exists():
        team_request_join(actor=actor, person=relative, organisation=organisation)
        return None
    accompaniment_open(
        actor=actor,
        person=relative,
        organisation=organisation,
        basis=basis,
        how=how,
        detail={"from_relation": str(relation.public_id)},
    )
    return relative


@transaction.atomic
def person_merge(*, actor: User, keep: Person, duplicate: Person) -> Person:
    """Merge a duplicate into the record kept: entries, care team, sharing bases and relations
    move over; the duplicate stays, marked as merged, so that nothing is lost."""
    if keep.pk == duplicate.pk:
        raise AnsamError(_("A record cannot be merged with itself."))
    keep_access = records.record_access(actor, keep)
    dup_access = records.record_access(actor, duplicate)
    if not keep_access.visible or not dup_access.visible:
        raise NotFound()
    if not (keep_access.is_coordinator and dup_access.is_coordinator):
        raise Forbidden(_("Only a coordinator of both records may merge them."))
    Entry.objects.filter(person=duplicate).update(person=keep)
    SharingBasis.objects.filter(person=duplicate).update(person=keep)
    Relation.objects.filter(person=duplicate).update(person=keep)
    Relation.objects.filter(relative=duplicate).update(relative=keep)
    # Meetings and cases about the person follow the record kept (the same team reads them).
    Meeting.objects.filter(person=duplicate).update(person=keep)
    CasePresentation.objects.filter(person=duplicate).update(person=keep)
    for member in CareTeamMember.objects.filter(person=duplicate, is_active=True):
        member.is_active = False
        member.save(update_fields=["is_active", "updated_at"])
        try:
            with transaction.atomic():
                CareTeamMember.objects.create(
                    person=keep,
                    organisation=member.organisation,
                    professional=member.professional,
                    role=CareTeamMember.Role.MEMBER,
                    joined_how=member.joined_how,
                )
        except IntegrityError:
            pass  # already in the kept record's team
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    for person, other in ((keep, duplicate), (duplicate, keep)):
        audit(
            actor=actor,
            action=Action.MERGE,
            person=person,
            organisation=keep_access.organisation,
            detail={
                "kept": str(keep.public_id),
                "merged": str(duplicate.public_id),
                "other": str(other.public_id),
            },
        )
    return keep
