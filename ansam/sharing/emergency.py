"""Emergency access (break-glass): opening it, recording that the person was informed, and the
territory's review. Each act checks the access policy and is audited in its transaction."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import records
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.core import links
from ansam.core.errors import AnsamError, Conflict, NotFound
from ansam.core.notifications import notify
from ansam.organisations.models import Membership, Organisation
from ansam.people.models import Person
from ansam.sharing.models import CareTeamMember, EmergencyAccess
from ansam.sharing.services import _membership

EMERGENCY_HOURS = 4


@transaction.atomic
def emergency_open(*, actor: User, person: Person, organisation: Organisation, reason: str):
    """Break-glass for 4 hours. The caller found the person by exact name and birth date and
    checked nothing else: the rule is checked here, and a refusal looks like no match."""
    if not records.can_open_emergency_access(actor, organisation, person):
        raise NotFound()
    membership = _membership(actor, organisation)
    if len(reason.strip()) < 20:
        raise AnsamError(
            _("Explain the emergency in a few sentences (20 characters at least)."),
            fields={"reason": [_("Too short.")]},
        )
    access = EmergencyAccess.objects.create(
        person=person,
        professional=actor,
        organisation=organisation,
        reason=reason.strip(),
        expires_at=timezone.now() + timedelta(hours=EMERGENCY_HOURS),
    )
    audit(
        actor=actor,
        action=Action.EMERGENCY,
        person=person,
        organisation=organisation,
        role=membership.role,
        basis="emergency",
        detail={"reason": reason.strip(), "emergency": str(access.public_id)},
    )
    managers = [
        m.user
        for m in Membership.objects.filter(
            organisation=organisation, is_active=True, role=Membership.Role.MANAGER
        ).select_related("user")
    ]
    notify(
        managers,
        _("%s opened an emergency access to a record.") % actor.full_name,
        links.emergencies(),
    )
    coordinators = [
        m.professional
        for m in CareTeamMember.objects.filter(
            person=person, is_active=True, role=CareTeamMember.Role.COORDINATOR
        ).select_related("professional")
        if m.professional_id != actor.pk
    ]
    notify(
        coordinators,
        _(
            "%(who)s (%(org)s) opened an emergency access to a record you coordinate: inform "
            "the person."
        )
        % {"who": actor.full_name, "org": organisation.name},
        links.person(person.public_id),
        urgent=True,
    )
    reviewers = [
        m.user
        for m in Membership.objects.filter(
            is_active=True, role=Membership.Role.TERRITORY_COORDINATOR
        ).select_related("user")
        if m.user_id != actor.pk
    ]
    notify(reviewers, _("An emergency access was opened: to review."), links.emergencies())
    return access


@transaction.atomic
def emergency_mark_informed(*, actor: User, emergency: EmergencyAccess) -> None:
    if not records.can_mark_emergency_informed(actor, emergency):
        raise NotFound()
    emergency.person_informed_at = timezone.now()
    emergency.person_informed_by = actor
    emergency.save(update_fields=["person_informed_at", "person_informed_by", "updated_at"])
    access = records.record_access(actor, emergency.person)
    audit(
        actor=actor,
        action=Action.EMERGENCY_INFORMED,
        person=emergency.person,
        organisation=access.organisation,
        detail={"emergency": str(emergency.public_id)},
    )


@transaction.atomic
def emergency_review(*, actor: User, emergency: EmergencyAccess, verdict: str, note: str) -> None:
    """A reviewer of the territory says whether the access was justified, in their words."""
    if not records.can_review_emergency(actor, emergency):
        raise NotFound()
    emergency = EmergencyAccess.objects.select_for_update().get(pk=emergency.pk)
    if emergency.reviewed_at is not None:
        raise Conflict(_("This emergency access was already reviewed."))
    errors = {}
    if verdict not in EmergencyAccess.Verdict.values:
        errors["verdict"] = [_("Say whether the access was justified.")]
    if len(note.strip()) < 10:
        errors["note"] = [_("Explain your verdict in a sentence.")]
    if errors:
        raise AnsamError(_("Some fields are not valid."), fields=errors)
    emergency.reviewed_at = timezone.now()
    emergency.reviewed_by = actor
    emergency.verdict = verdict
    emergency.review_note = note.strip()
    emergency.save(
        update_fields=["reviewed_at", "reviewed_by", "verdict", "review_note", "updated_at"]
    )
    audit(
        actor=actor,
        action=Action.EMERGENCY_REVIEW,
        person=emergency.person,
        detail={"emergency": str(emergency.public_id), "verdict": verdict},
    )
    notify(
        [emergency.professional],
        _("Your emergency access of %(date)s was reviewed.")
        % {"date": timezone.localtime(emergency.created_at).strftime("%d/%m/%Y")},
        links.emergencies(),
    )
