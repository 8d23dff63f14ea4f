"""The acts that close a signal. A signal is closed by doing something about its cause, never by
dismissing it: each act calls the domain service that does it, which closes the signal.

Who may open a signal: a member of its organisation who sees the person (everything), or a
manager of its organisation who does not (only that a person of the organisation has no
coordinator, and naming a colleague): a signal never reveals a person."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ansam.access import continuity as policy
from ansam.access import records
from ansam.accounts.models import User
from ansam.continuity.models import Signal
from ansam.core import links
from ansam.core.errors import AnsamError, NotFound
from ansam.core.ids import parse_public_id
from ansam.lifecycle import accompaniment
from ansam.organisations.models import Membership
from ansam.plans import services as plans
from ansam.plans.models import Action
from ansam.referrals import flags
from ansam.referrals import services as referrals
from ansam.referrals.models import PersonFlag, Referral
from ansam.sharing import services as record

K = Signal.Kind
ACTS = {
    K.OVERDUE_ACTION: ["done", "reschedule", "abandon"],
    K.UNANSWERED_REFERRAL: ["extend", "cancel"],
    K.NO_CONTACT: ["note", "close"],
    K.NO_COORDINATOR: ["take_over", "assign", "close"],
    K.PLAN_REVIEW: ["review"],
    K.PING_PONG: ["close_flag"],
    K.NO_MINUTES: [],  # closes itself when the minutes are final
}


@dataclass
class SignalView:
    signal: Signal
    access: records.RecordAccess | None
    reveal: bool
    acts: list[str]
    manager: bool
    target: tuple[str, str] | None = None  # (what it is about, its page)


def signal_for(actor: User, signal_id) -> SignalView:
    signal = (
        Signal.objects.select_related("person", "organisation")
        .filter(public_id=parse_public_id(signal_id))
        .first()
    )
    if signal is None:
        raise NotFound()
    allowed = policy.signal_access(actor, signal)
    if not allowed.visible:
        raise NotFound()
    reveal, member, manager, access = (
        allowed.reveal,
        allowed.member,
        allowed.manager,
        allowed.record,
    )
    acts = list(ACTS[Signal.Kind(signal.kind)]) if reveal and signal.closed_at is None else []
    if not member:  # a contact recorded, an accompaniment closed: the organisation's own acts
        acts = [a for a in acts if a not in ("note", "close")]
    if signal.kind == K.NO_COORDINATOR and signal.closed_at is None:
        acts = [a for a in acts if a != "assign"]
        if manager:
            acts.append("assign")
    if not reveal:
        acts = [a for a in acts if a == "assign"]
    target = _target(signal) if reveal else None
    return SignalView(signal, access if reveal else None, reveal, acts, manager, target)


def _target(signal: Signal) -> tuple[str, str] | None:
    """What the signal is about, named, with the page where it is."""

    person = signal.person.public_id
    if signal.kind == K.OVERDUE_ACTION:
        action = signal.action
        if action is not None:
            return action.what, links.plan_action(person, action.public_id)
    if signal.kind == K.UNANSWERED_REFERRAL:
        referral = signal.referral
        if referral is not None:
            return referral.service_name, links.referral(referral.public_id)
    if signal.kind == K.PLAN_REVIEW:
        return str(_("Personalised plan")), links.plan(person)
    if signal.kind == K.NO_MINUTES and signal.meeting is not None:
        return signal.meeting.title, links.meeting(signal.meeting.public_id)
    return None


def signal_act(*, actor: User, view: SignalView, act: str, data: dict) -> None:

    if act not in view.acts:
        raise NotFound()
    signal = view.signal
    person = signal.person
    if act in ("done", "abandon", "reschedule"):
        action = Action.objects.filter(pk=signal.action_id or 0, plan__person=person).first()
        if action is None:
            raise NotFound()
        if act == "reschedule":
            plans.action_reschedule(actor=actor, action=action, due_on=data.get("date"))
        else:
            status = Action.Status.DONE if act == "done" else Action.Status.ABANDONED
            plans.action_set_status(
                actor=actor, action=action, status=status, reason=data.get("text", "")
            )
    elif act in ("extend", "cancel"):
        referral = Referral.objects.filter(pk=signal.referral_id or 0, person=person).first()
        if referral is None:
            raise NotFound()
        if act == "extend":
            referrals.referral_extend(
                actor=actor, referral=referral, answer_due_on=data.get("date")
            )
        else:
            referrals.referral_cancel(actor=actor, referral=referral, text=data.get("text", ""))
    elif act == "note":
        record.entry_create(
            actor=actor,
            person=person,
            section=data.get("section", ""),
            data={"title": data.get("title", ""), "body": data.get("text", ""), "kind": "event"},
        )
    elif act == "close":
        accompaniment.accompaniment_close(
            actor=actor,
            person=person,
            organisation=signal.organisation,
            reason=data.get("reason", ""),
            note=data.get("text", ""),
        )
    elif act == "take_over":
        accompaniment.coordination_take_over(actor=actor, person=person)
    elif act == "assign":
        membership = (
            Membership.objects.filter(
                public_id=parse_public_id(data.get("membership")),
                organisation=signal.organisation,
                is_active=True,
            )
            .select_related("user")
            .first()
        )
        if membership is None:
            raise AnsamError(
                _("Choose an active member of your organisation."),
                fields={"membership": [_("Not a member.")]},
            )
        accompaniment.coordination_assign(
            actor=actor, person=person, organisation=signal.organisation, membership=membership
        )
    elif act == "review":
        plans.review_set(actor=actor, person=person, review_on=data.get("date"))
    elif act == "close_flag":
        flag = PersonFlag.objects.filter(pk=signal.flag_id or 0, person=person).first()
        if flag is None:
            raise NotFound()
        flags.flag_close(actor=actor, flag=flag, note=data.get("text", ""))
