"""Reading referrals through the access policy; reads of what a referral carries are audited."""

from django.db.models import QuerySet

from ansam.access import records
from ansam.access import referrals as rules
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.access.fetch import access_referral_by_id
from ansam.access.rules import active_organisation_ids
from ansam.accounts.models import User
from ansam.organisations.models import Organisation
from ansam.referrals.models import OPEN, PENDING, PersonFlag, Referral, State


def referral_page(actor: User, public_id):
    """A referral's content, audited as a read of its section (as an entry is)."""
    referral = access_referral_by_id(actor, public_id)
    carried = []
    organisation: Organisation | None
    if rules.is_receiver(actor, referral):
        organisation = referral.receiver_organisation
        if referral.state in PENDING:
            carried = list(
                rules.carried_entries(referral).select_related("author_organisation")[:100]
            )
    elif rules.is_sender(actor, referral):
        organisation = referral.sender_organisation
    else:
        organisation = referral.reader_access.organisation if referral.reader_access else None
    audit(
        actor=actor,
        action=Action.VIEW_REFERRAL,
        person=referral.person,
        organisation=organisation,
        section=referral.section,
        basis=rules.reader_basis(actor, referral, referral.reader_access),
        detail={
            "referral": str(referral.public_id),
            "carried": [str(s) for s in referral.sections],
        },
    )
    return referral, carried, events_of(referral)


def events_of(referral: Referral) -> list:
    """What happened to a referral the caller may read (its loop: states, notes, who)."""
    return list(referral.events.all())


def _queue(qs: QuerySet, states) -> QuerySet:
    return (
        qs.filter(state__in=states)
        .select_related("person", "sender_organisation", "receiver_organisation", "assigned_to")
        .order_by("-urgent", "answer_due_on", "-created_at")
    )


def inbox(actor: User, *, mine_only: bool = False, include_closed: bool = False) -> QuerySet:
    orgs = active_organisation_ids(actor)
    qs = Referral.objects.filter(receiver_organisation_id__in=orgs, outside_ansam=False)
    if mine_only:
        qs = qs.filter(assigned_to=actor)
    return _queue(qs, State.values if include_closed else sorted(OPEN))


def sent(actor: User, *, include_closed: bool = False) -> QuerySet:
    qs = Referral.objects.filter(
        sender=actor, sender_organisation_id__in=active_organisation_ids(actor)
    )
    if include_closed:
        return qs.select_related("person", "receiver_organisation").order_by("-created_at")
    return _queue(qs, sorted(OPEN))


def of_person(
    actor: User, access: records.RecordAccess, limit: int = 50
) -> tuple[list[Referral], int]:
    """The person's referrals the actor may read, and how many others exist (shown only as
    "referrals not shared with you")."""
    rows = list(
        rules.referrals_visible_to(actor)
        .filter(person=access.person)
        .select_related("receiver_organisation", "sender_organisation")
        .order_by("-created_at")[:limit]
    )
    sections = set(access.sections)
    readable = [r for r in rows if rules.can_read_referral(actor, r, sections)]
    return readable, len(rows) - len(readable)


def flags_of(access: records.RecordAccess) -> list[PersonFlag]:
    """The open warnings on the person that the coordinator answers, each under its section."""
    if not records.can_answer_flag(access):
        return []
    return [
        f
        for f in PersonFlag.objects.filter(person=access.person, closed_at=None)
        if access.can_read(f.section)
    ]
