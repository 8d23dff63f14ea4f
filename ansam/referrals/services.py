"""Functions that move referrals. Each checks the access policy, runs in one transaction with
a row lock, snapshots the organisations in a ReferralEvent, notifies, and audits."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansam.access import records
from ansam.access import referrals as rules
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.continuity.services import close_for as continuity_close
from ansam.core import links
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.core.notifications import notify
from ansam.organisations.models import Membership, Organisation, Service
from ansam.organisations.taxonomies import CapacityStatus
from ansam.partnerships.followup import agreed_answer_days
from ansam.people.models import Person
from ansam.referrals import flags
from ansam.referrals.machine import target
from ansam.referrals.models import (
    PENDING,
    DeclineReason,
    Outcome,
    Referral,
    ReferralEvent,
    State,
)
from ansam.sharing.models import CareTeamMember, SharingBasis
from ansam.sharing.sections import Section, section_for_thematique


def _link(referral: Referral) -> str:
    return links.referral(referral.public_id)


def _event(referral: Referral, actor: User | None, from_state, note: str = "") -> None:
    actor_org = ""
    if actor is not None:
        if actor.pk == referral.sender_id:
            actor_org = referral.sender_organisation.name
        else:
            actor_org = referral.receiver_organisation.name
    ReferralEvent.objects.create(
        referral=referral,
        from_state=from_state,
        to_state=referral.state,
        actor=actor,
        actor_name=actor.full_name if actor else "Ansam",
        actor_organisation_name=actor_org,
        sender_organisation_id_at=referral.sender_organisation_id,
        sender_organisation_name_at=referral.sender_organisation.name,
        receiver_organisation_id_at=referral.receiver_organisation_id,
        receiver_organisation_name_at=referral.receiver_organisation.name,
        note=note,
    )


def _followers(referral: Referral) -> list:
    """The sender and the person's coordinator (when they read the referral's section): those
    who must know what became of it."""
    users = {referral.sender}
    for member in CareTeamMember.objects.filter(
        person=referral.person, is_active=True, role=CareTeamMember.Role.COORDINATOR
    ).select_related("professional"):
        if rules.can_read_referral(member.professional, referral):
            users.add(member.professional)
    return [u for u in users if u is not None]


def _receivers(referral: Referral) -> list:
    if referral.assigned_to is not None:
        return [referral.assigned_to]
    return [
        m.user
        for m in Membership.objects.filter(
            organisation=referral.receiver_organisation, is_active=True
        ).select_related("user")
    ]


def _answer_days(sender: Organisation, service: Service) -> int:
    """The delay a partnership agreement in force sets for this channel, else the service's."""
    agreed = agreed_answer_days(sender, service)
    return agreed if agreed is not None else service.referral_reminder_days


@transaction.atomic
def referral_send(
    *,
    actor: User,
    person: Person,
    service: Service,
    need_words: str,
    organisation: Organisation | None = None,
    reason: str = "",
    thematique: str = "",
    section: str = "",
    sections: list[str] | None = None,
    basis: str = "",
    how: str = "orally",
    override_reason: str = "",
    urgent: bool = False,
    accept_waiting_list: bool = False,
    idempotency_key: str = "",
) -> Referral:
    """Refer the person to a service. The person's agreement to share the chosen sections with
    the receiving organisation is recorded with it; without it, only a coordinator or manager
    may send, with a written reason, and nothing but the person's identity travels."""
    if idempotency_key:
        existing = Referral.objects.filter(sender=actor, idempotency_key=idempotency_key).first()
        if existing is not None:
            existing.replayed = True  # the same request again: nothing new is created
            return existing
    access = records.record_access(actor, person)
    if not access.visible:
        raise NotFound()
    if not rules.can_refer(access):
        raise Forbidden(_("Only the person's care team refers them."))
    # The referral is sent on behalf of the sender's organisation in the person's team.
    organisation = organisation or access.organisation
    if organisation is None or organisation.pk not in {m.organisation_id for m in access.team}:
        raise Forbidden(_("Only the person's care team refers them."))
    sections = list(dict.fromkeys(sections or []))
    errors = {}
    if not need_words.strip():
        errors["need_words"] = [_("Write the need in the person's words.")]
    unknown = [s for s in sections if s not in Section.values]
    if unknown:
        errors["sections"] = [_("Unknown section.")]
    not_readable = [s for s in sections if not access.can_read(s)]
    if not_readable:
        errors["sections"] = [_("You may only share sections you may read yourself.")]
    if basis not in (SharingBasis.Basis.INFORMED, SharingBasis.Basis.CONSENT, ""):
        errors["basis"] = [_("Unknown basis.")]
    if not basis:
        if not override_reason.strip():
            errors["basis"] = [_("Record the person's agreement to this referral.")]
        elif not rules.can_override_basis(actor, organisation):
            errors["basis"] = [_("Only a coordinator or a manager may send without it.")]
        sections = [s for s in sections if s == Section.IDENTITY]
    if Section.HEALTH in sections and basis != SharingBasis.Basis.CONSENT:
        errors["sections"] = [_("Health information travels only with the person's consent.")]
    if service.capacity_status in (CapacityStatus.FULL, CapacityStatus.SUSPENDED) and not (
        accept_waiting_list
    ):
        errors["service"] = [
            _("This service is %(status)s: confirm to be put on its waiting list.")
            % {"status": service.get_capacity_status_display().lower()}
        ]
    thematique = thematique or (service.thematiques[0] if service.thematiques else "")
    section = section or default_section(access, thematique)
    if section not in rules.referral_sections(access):
        errors["section"] = [
            _(
                "File the referral under a section you may read: whoever reads that section in "
                "the care team will read the need and the answers."
            )
        ]
    if errors:
        raise AnsamError(_("The referral cannot be sent yet."), fields=errors)
    receiver = service.organisation
    referral = Referral(
        person=person,
        service=service,
        service_name=service.name,
        sender=actor,
        sender_organisation=organisation,
        receiver_organisation=receiver,
        thematique=thematique,
        section=section,
        need_words=need_words.strip(),
        reason=reason.strip(),
        sections=sections,
        urgent=urgent,
        answer_due_on=timezone.localdate() + timedelta(days=_answer_days(organisation, service)),
        remind_after_days=service.referral_reminder_days,
        expire_after_days=service.referral_expiry_days,
        outside_ansam=not receiver.uses_ansam,
        basis_override_reason=override_reason.strip(),
        idempotency_key=idempotency_key,
    )
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:  # the same key sent twice at once
        existing = Referral.objects.get(sender=actor, idempotency_key=idempotency_key)
        existing.replayed = True
        return existing
    referral.replayed = False
    if basis:
        for section in sections or [Section.IDENTITY]:
            SharingBasis.objects.create(
                person=person,
                organisation=receiver,
                section=section,
                basis=basis,
                how=how,
                note=_("Referral to %s") % service.name,
                recorded_by=actor,
                recorded_by_organisation=organisation,
            )
    _event(referral, actor, "")
    audit(
        actor=actor,
        action=Action.REFERRAL_SEND,
        person=person,
        organisation=organisation,
        basis=basis or "override",
        detail={
            "referral": str(referral.public_id),
            "to": receiver.name,
            "sections": sections,
            "override": override_reason.strip(),
        },
    )
    if not referral.outside_ansam:
        notify(
            _receivers(referral),
            _("New referral to %s") % service.name,
            _link(referral),
            urgent=urgent,
        )
    flags.check_after_send(referral)
    return referral


def default_section(access: records.RecordAccess, thematique: str) -> str:
    """The section of the need's thematique when the sender reads it, else the first of daily
    life and identity that they read."""
    readable = rules.referral_sections(access)
    for section in (section_for_thematique(thematique), Section.DAILY_LIFE, Section.IDENTITY):
        if section in readable:
            return section
    return readable[0] if readable else Section.IDENTITY


def _locked(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("person", "sender", "sender_organisation", "receiver_organisation")
        .get(pk=referral.pk)
    )


def _locked_for_answer(actor: User, referral: Referral) -> Referral:
    """The referral, locked, for someone who may answer it (the receiving organisation, or the
    sender of a referral outside Ansam); anyone else finds nothing."""
    referral = _locked(referral)
    if not rules.can_answer(actor, referral):
        raise NotFound()
    return referral


def _move(referral: Referral, act: str, actor: User | None, note: str = "") -> str:
    new = target(act, referral.state)
    if new is None:
        raise Conflict(
            _("This referral is %(state)s: it cannot be %(act)s.")
            % {"state": referral.get_state_display().lower(), "act": _ACT_LABELS[act]},
            code="illegal_transition",
        )
    old = referral.state
    referral.state = new
    referral.save()
    _event(referral, actor, old, note)
    if old in PENDING and new not in PENDING:
        # Answered, withdrawn or expired: its "unanswered" warning closes with the act.
        continuity_close(
            subject=f"referral:{referral.pk}", actor=actor, act=_SIGNAL_ACTS.get(act, "answered")
        )
    return old


_SIGNAL_ACTS = {"cancel": "cancelled", "expire": "expired"}


_ACT_LABELS = {
    "see": gettext_lazy("marked as seen"),
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "redirect": gettext_lazy("redirected"),
    "start": gettext_lazy("started"),
    "close": gettext_lazy("closed"),
    "cancel": gettext_lazy("cancelled"),
    "expire": gettext_lazy("expired"),
}


@transaction.atomic
def referral_see(*, actor: User, referral: Referral) -> Referral:
    referral = _locked(referral)
    if rules.is_receiver(actor, referral) and referral.state == State.SENT:
        _move(referral, "see", actor)
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, appointment_at, note: str = "") -> Referral:
    referral = _locked_for_answer(actor, referral)
    if appointment_at is None:
        raise AnsamError(
            _("Give the date of the first appointment."),
            fields={"appointment_at": [_("Required.")]},
        )
    _move(referral, "accept", actor, note)
    referral.appointment_at = appointment_at
    referral.answer_text = note
    referral.assigned_to = actor if not referral.outside_ansam else referral.assigned_to
    referral.save()
    if not referral.outside_ansam:
        # The receiver joins the care team, seeing what the referral carried.
        CareTeamMember.objects.get_or_create(
            person=referral.person,
            organisation=referral.receiver_organisation,
            professional=actor,
            is_active=True,
            defaults={
                "joined_how": CareTeamMember.JoinedHow.REFERRAL,
                "sections": referral.sections or [Section.IDENTITY],
            },
        )
    notify(
        _followers(referral),
        _("Referral accepted by %s") % referral.receiver_organisation,
        _link(referral),
    )
    return referral


@transaction.atomic
def referral_decline(
    *,
    actor: User,
    referral: Referral,
    reason: str,
    text: str = "",
    suggested_service: Service | None = None,
) -> Referral:
    referral = _locked_for_answer(actor, referral)
    if reason not in DeclineReason.values:
        raise AnsamError(_("Choose a reason."), fields={"reason": [_("Required.")]})
    _move(referral, "decline", actor, text)
    referral.decline_reason = reason
    referral.answer_text = text
    referral.suggested_service = suggested_service
    referral.save()
    notify(
        _followers(referral),
        _("Referral declined by %s") % referral.receiver_organisation,
        _link(referral),
    )
    flags.check_after_refusal(referral)
    return referral


@transaction.atomic
def referral_redirect(
    *, actor: User, referral: Referral, service: Service, text: str = ""
) -> Referral:
    """The receiver passes the referral on to another service; a new referral follows it, sent
    by the same sender, and the old one records where it went."""
    referral = _locked(referral)
    if not rules.can_answer(actor, referral) or referral.outside_ansam:
        raise NotFound()
    _move(referral, "redirect", actor, text)
    following = Referral.objects.create(
        person=referral.person,
        service=service,
        service_name=service.name,
        sender=referral.sender,
        sender_organisation=referral.sender_organisation,
        receiver_organisation=service.organisation,
        thematique=referral.thematique,
        section=referral.section,
        need_words=referral.need_words,
        reason=text or referral.reason,
        sections=referral.sections,
        urgent=referral.urgent,
        answer_due_on=timezone.localdate()
        + timedelta(days=_answer_days(referral.sender_organisation, service)),
        remind_after_days=service.referral_reminder_days,
        expire_after_days=service.referral_expiry_days,
        outside_ansam=not service.organisation.uses_ansam,
        previous=referral,
    )
    for section in following.sections:
        basis = records.current_basis(referral.person, referral.receiver_organisation, section)
        if basis:
            SharingBasis.objects.create(
                person=referral.person,
                organisation=service.organisation,
                section=section,
                basis=basis,
                how="orally",
                note=_("Redirected referral"),
                recorded_by=actor,
            )
    _event(following, actor, "", _("Redirected from %s") % referral.receiver_organisation)
    referral.redirected_to = following
    referral.save()
    notify(
        _followers(referral),
        _("Referral redirected to %s") % service.organisation,
        _link(following),
    )
    notify(
        _receivers(following),
        _("New referral to %s") % service.name,
        _link(following),
        urgent=following.urgent,
    )
    flags.check_after_send(following)
    return following


@transaction.atomic
def referral_start(*, actor: User, referral: Referral) -> Referral:
    referral = _locked_for_answer(actor, referral)
    _move(referral, "start", actor)
    notify(
        _followers(referral),
        _("Accompaniment started at %s") % referral.receiver_organisation,
        _link(referral),
    )
    return referral


@transaction.atomic
def referral_close(*, actor: User, referral: Referral, outcome: str, text: str = "") -> Referral:
    referral = _locked_for_answer(actor, referral)
    if outcome not in Outcome.values:
        raise AnsamError(_("Choose an outcome."), fields={"outcome": [_("Required.")]})
    _move(referral, "close", actor, text)
    referral.outcome = outcome
    referral.answer_text = text
    referral.save()
    notify(
        _followers(referral),
        _("Referral closed by %s") % referral.receiver_organisation,
        _link(referral),
    )
    return referral


@transaction.atomic
def referral_cancel(*, actor: User, referral: Referral, text: str = "") -> Referral:
    referral = _locked(referral)
    if not rules.is_sender(actor, referral):
        raise NotFound()
    _move(referral, "cancel", actor, text)
    if not referral.outside_ansam:
        notify(
            _receivers(referral), _("A referral was withdrawn by its sender."), links.referrals()
        )
    return referral


@transaction.atomic
def referral_extend(*, actor: User, referral: Referral, answer_due_on) -> Referral:
    """The sender, having called the partner, gives them until a new date to answer; the
    expiry moves with it."""
    referral = _locked(referral)
    if not rules.is_sender(actor, referral):
        raise NotFound()
    if referral.state not in PENDING:
        raise Conflict(_("This referral was already answered."), code="illegal_transition")
    if answer_due_on is None or answer_due_on <= timezone.localdate():
        raise AnsamError(
            _("Some fields are not valid."), fields={"answer_due_on": [_("Choose a date to come.")]}
        )
    referral.answer_due_on = answer_due_on
    needed = (answer_due_on - timezone.localdate(referral.created_at)).days + 7
    referral.expire_after_days = max(referral.expire_after_days, needed)
    referral.save(update_fields=["answer_due_on", "expire_after_days", "updated_at"])
    _event(
        referral,
        actor,
        referral.state,
        _("Answer expected by %(date)s.") % {"date": answer_due_on.isoformat()},
    )
    continuity_close(subject=f"referral:{referral.pk}", act="extended", actor=actor)
    return referral
