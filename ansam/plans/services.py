"""Functions that change a personalised plan. Each checks the access policy, runs in one
transaction and appends its audit event in that same transaction."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import plans as policy
from ansam.access import records
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.continuity import services as continuity
from ansam.core import links
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.core.notifications import notify
from ansam.people.models import Person
from ansam.plans import content as plan_content
from ansam.plans.models import Action, Goal, Need, Plan, PlanVersion, Signature
from ansam.sharing.models import CareTeamMember
from ansam.sharing.sections import Section
from ansam.sharing.services import ALLOWED_TYPES, check_upload, visible_access

INVALID = _("Some fields are not valid.")


def _editable(actor: User, person: Person) -> records.RecordAccess:
    access = visible_access(actor, person)
    if not policy.can_edit_plan(access):
        raise Forbidden(_("Only the care team builds the plan."))
    return access


def _plan(actor: User, person: Person) -> Plan:
    plan, _created = Plan.objects.get_or_create(person=person, defaults={"created_by": actor})
    return plan


def _audit(actor: User, access, person: Person, event=Audit.PLAN_EDIT, **detail) -> None:
    # The event is not called "action": a plan's action passed as action=… took its place.
    audit(
        actor=actor,
        action=event,
        person=person,
        organisation=access.organisation,
        detail={k: str(v) for k, v in detail.items()},
    )


def _check_version(obj, expected_version) -> None:
    """An edit says which version it changes: without it, two people would overwrite each
    other without knowing."""
    if expected_version is None:
        raise AnsamError(
            _(
                "This form is out of date (it does not say which version it changes): reload the "
                "page."
            ),
            code="missing_version",
            fields={"version": [_("Required.")]},
        )
    if obj.version != int(expected_version):
        raise Conflict(
            _("Someone changed this part of the plan meanwhile. Reload it to see their version."),
            code="stale_version",
        )


def _readable_section(access, section: str) -> str:
    if section not in Section.values or not access.can_read(section):
        raise AnsamError(INVALID, fields={"section": [_("Choose a section you may read.")]})
    return section


@transaction.atomic
def need_add(
    *, actor: User, person: Person, section: str, words: str, assessment: str = ""
) -> Need:
    """Write down a need as the person says it."""
    access = _editable(actor, person)
    _readable_section(access, section)
    words = (words or "").strip()
    if not words:
        raise AnsamError(INVALID, fields={"words": [_("Write the need as the person says it.")]})
    need = Need.objects.create(
        plan=_plan(actor, person),
        section=section,
        words=words,
        written_by=actor,
        written_by_name=actor.full_name or actor.email,
        written_by_organisation_name=access.organisation.name if access.organisation else "",
        assessment=assessment.strip(),
        assessment_by_name=(actor.full_name or actor.email) if assessment.strip() else "",
        assessment_at=timezone.now() if assessment.strip() else None,
    )
    _audit(actor, access, person, need=need.public_id, section=section)
    return need


@transaction.atomic
def need_assess(*, actor: User, need: Need, assessment: str, expected_version: int | None) -> Need:
    """The professionals' reading of a need, beside the person's words (never over them)."""
    need = Need.objects.select_for_update().select_related("plan__person").get(pk=need.pk)
    access = _editable(actor, need.plan.person)
    if not access.can_read(need.section):
        raise NotFound()
    _check_version(need, expected_version)
    need.assessment = (assessment or "").strip()
    need.assessment_by_name = actor.full_name or actor.email
    need.assessment_at = timezone.now()
    need.version += 1
    need.save()
    _audit(actor, access, need.plan.person, need=need.public_id, assessed=True)
    return need


@transaction.atomic
def goal_add(
    *, actor: User, person: Person, text: str, need: Need | None = None, section: str = ""
):
    access = _editable(actor, person)
    plan = _plan(actor, person)
    if need is not None:
        if need.plan_id != plan.pk:
            raise NotFound()
        section = need.section
    _readable_section(access, section)
    text = (text or "").strip()
    if not text:
        raise AnsamError(INVALID, fields={"text": [_("Required.")]})
    goal = Goal.objects.create(plan=plan, need=need, section=section, text=text[:300])
    _audit(actor, access, person, goal=goal.public_id)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: User,
    goal: Goal,
    expected_version: int | None,
    text: str | None = None,
    remove: bool = False,
) -> Goal:
    goal = Goal.objects.select_for_update().select_related("plan__person").get(pk=goal.pk)
    access = _editable(actor, goal.plan.person)
    if not access.can_read(goal.section):
        raise NotFound()
    _check_version(goal, expected_version)
    if remove:
        goal.removed = True
    elif not (text or "").strip():
        raise AnsamError(INVALID, fields={"text": [_("Required.")]})
    else:
        goal.text = (text or "").strip()[:300]
    goal.version += 1
    goal.save()
    _audit(actor, access, goal.plan.person, goal=goal.public_id, removed=goal.removed)
    return goal


def _holder(person: Person, data: dict) -> tuple[str, object, object]:
    """Check who holds the action: an organisation of the active care team, or a professional
    in it, or the person."""
    holder = data.get("holder")
    if holder == Action.Holder.PERSON:
        return holder, None, None
    team = CareTeamMember.objects.filter(person=person, is_active=True).select_related(
        "organisation", "professional"
    )
    if holder == Action.Holder.ORGANISATION:
        org = data.get("organisation")
        row = next((m for m in team if org is not None and m.organisation_id == org.pk), None)
        if row is None:
            raise AnsamError(
                _(
                    "This organisation is not in the person's care team. Refer the person to it, "
                    "or ask the coordinator to add it, first."
                ),
                fields={"organisation": [_("Not in the care team.")]},
            )
        return holder, row.organisation, None
    if holder == Action.Holder.PROFESSIONAL:
        pro = data.get("professional")
        row = next((m for m in team if pro is not None and m.professional_id == pro.pk), None)
        if row is None:
            raise AnsamError(INVALID, fields={"professional": [_("Not in the care team.")]})
        return holder, row.organisation, row.professional
    raise AnsamError(INVALID, fields={"holder": [_("Say who is responsible.")]})


def _clean_action(person: Person, data: dict, *, creating: bool) -> dict:
    what = (data.get("what") or "").strip()
    if not what:
        raise AnsamError(INVALID, fields={"what": [_("Required.")]})
    holder, organisation, professional = _holder(person, data)
    due_on = data.get("due_on")
    if creating and due_on and due_on < timezone.localdate() and not data.get("past_confirmed"):
        raise AnsamError(
            _("The due date is in the past. Confirm it if the action was already due then."),
            code="due_in_past",
            fields={"due_on": [_("This date is in the past.")]},
        )
    referral = data.get("referral")
    if referral is not None and referral.person_id != person.pk:
        raise NotFound()
    return {
        "what": what[:300],
        "holder": holder,
        "organisation": organisation,
        "professional": professional,
        "due_on": due_on,
        "referral": referral,
    }


@transaction.atomic
def action_add(*, actor: User, person: Person, goal: Goal, data: dict) -> Action:
    access = _editable(actor, person)
    plan = _plan(actor, person)
    if goal.plan_id != plan.pk or goal.removed:
        raise NotFound()
    action = Action.objects.create(
        plan=plan, goal=goal, **_clean_action(person, data, creating=True)
    )
    _audit(actor, access, person, action=action.public_id)
    return action


def _locked_action(actor: User, action: Action) -> tuple[Action, records.RecordAccess]:
    action = Action.objects.select_for_update().select_related("plan__person").get(pk=action.pk)
    access = _editable(actor, action.plan.person)
    if not policy.can_update_action(access, action):
        raise Forbidden(_("Only the action's holder or the coordinator changes it."))
    return action, access


@transaction.atomic
def action_update(
    *, actor: User, action: Action, data: dict, expected_version: int | None
) -> Action:
    """Change a commitment (what, who, when): the plan needs a new version and the signatures
    of those whose commitments changed."""
    action, access = _locked_action(actor, action)
    _check_version(action, expected_version)
    person = action.plan.person
    if data.get("remove"):
        action.removed = True
    else:
        for key, value in _clean_action(person, data, creating=False).items():
            setattr(action, key, value)
    action.version += 1
    action.save()
    _audit(actor, access, person, action=action.public_id, removed=action.removed)
    continuity.close_for(subject=f"action:{action.pk}", act="changed", actor=actor)
    return action


@transaction.atomic
def action_reschedule(*, actor: User, action: Action, due_on: date | None) -> Action:
    """A new due date: a changed commitment, to be agreed in the next version."""
    action, access = _locked_action(actor, action)
    if due_on is None or due_on < timezone.localdate():
        raise AnsamError(INVALID, fields={"due_on": [_("Choose a date to come.")]})
    action.due_on = due_on
    action.version += 1
    action.save(update_fields=["due_on", "version", "updated_at"])
    _audit(actor, access, action.plan.person, action=action.public_id, due_on=due_on)
    continuity.close_for(subject=f"action:{action.pk}", act="rescheduled", actor=actor)
    return action


@transaction.atomic
def action_set_status(*, actor: User, action: Action, status: str, reason: str = "") -> Action:
    """Carry the plan out: in progress, done, or abandoned with a reason."""
    action, access = _locked_action(actor, action)
    if status not in Action.Status.values:
        raise AnsamError(INVALID, fields={"status": [_("Unknown status.")]})
    if status == Action.Status.ABANDONED and not reason.strip():
        raise AnsamError(INVALID, fields={"reason": [_("Say why the action is abandoned.")]})
    action.status = status
    action.abandon_reason = reason.strip()[:300] if status == Action.Status.ABANDONED else ""
    action.save(update_fields=["status", "abandon_reason", "updated_at"])
    _audit(actor, access, action.plan.person, action=action.public_id, status=status)
    if not action.is_open:
        continuity.close_for(subject=f"action:{action.pk}", act=status, actor=actor)
    return action


@transaction.atomic
def review_set(*, actor: User, person: Person, review_on: date | None) -> Plan:
    access = _editable(actor, person)
    if review_on is not None and review_on < timezone.localdate():
        raise AnsamError(INVALID, fields={"review_on": [_("Choose a date to come.")]})
    plan = _plan(actor, person)
    plan.review_on = review_on
    plan.save(update_fields=["review_on", "updated_at"])
    _audit(actor, access, person, review_on=review_on or "")
    continuity.close_for(subject=f"plan:{plan.pk}", act="review_set", actor=actor)
    return plan


def latest_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


@transaction.atomic
def version_propose(*, actor: User, person: Person, note: str = "", review_on=None) -> PlanVersion:
    """Freeze the draft as a new version. Parties whose commitments did not change keep their
    signature; the others are asked to sign."""
    access = _editable(actor, person)
    if not policy.can_propose(access):
        raise Forbidden(_("The coordinator proposes the plan's versions."))
    plan = Plan.objects.select_for_update().filter(person=person).first()
    if plan is None or not plan.goals.filter(removed=False).exists():
        raise AnsamError(_("Write at least one goal before proposing the plan."))
    if review_on is not None:
        if review_on < timezone.localdate():
            raise AnsamError(INVALID, fields={"review_on": [_("Choose a date to come.")]})
        plan.review_on = review_on
        plan.save(update_fields=["review_on", "updated_at"])
    snapshot = plan_content.snapshot(plan)
    previous = latest_version(plan)
    if previous is not None and previous.content_hash == plan_content.digest(snapshot):
        raise AnsamError(
            _("Nothing changed since version %(n)s.") % {"n": previous.number}, code="unchanged"
        )
    version = PlanVersion.objects.create(
        plan=plan,
        number=(previous.number + 1) if previous else 1,
        content=snapshot,
        content_hash=plan_content.digest(snapshot),
        review_on=plan.review_on,
        note=note[:500],
        proposed_by=actor,
        proposed_by_name=actor.full_name or actor.email,
    )
    if previous is not None:
        _carry_signatures(previous, version)
    _audit(actor, access, person, Audit.PLAN_PROPOSE, version=version.number)
    answered = set(version.signatures.values_list("party", flat=True))
    waiting = {
        p.removeprefix("org:")
        for p in plan_content.parties(snapshot)
        if p != plan_content.PERSON and p not in answered
    }
    members = CareTeamMember.objects.filter(
        person=person, is_active=True, organisation__public_id__in=waiting
    ).select_related("professional")
    notify(
        {m.professional for m in members if m.professional_id != actor.pk},
        _("A plan version awaits your organisation's signature."),
        links.plan(person.public_id),
    )
    continuity.close_for(subject=f"plan:{plan.pk}", act="proposed", actor=actor)
    return version


def _carry_signatures(previous: PlanVersion, version: PlanVersion) -> None:
    for sig in previous.signatures.filter(decision=Signature.Decision.SIGNED):
        if sig.party not in plan_content.parties(version.content):
            continue
        if plan_content.covered_hash(version.content, sig.party) != sig.covered_hash:
            continue
        Signature.objects.create(
            version=version,
            party=sig.party,
            organisation=sig.organisation,
            decision=sig.decision,
            refusals=sig.refusals,
            how=sig.how,
            covered_hash=sig.covered_hash,
            carried_from=sig.carried_from or sig,
            recorded_by=sig.recorded_by,
            recorded_by_name=sig.recorded_by_name,
            signed_on=sig.signed_on,
        )


def version_to_answer(plan: Plan, number, shown_hash: str) -> PlanVersion:
    """The version the signer saw must still be the latest, unchanged."""
    version = latest_version(plan)
    if version is None:
        raise NotFound()
    if str(version.number) != str(number) or version.content_hash != shown_hash:
        raise Conflict(
            _(
                "The plan changed since it was shown (version %(n)s is now the latest). Read it "
                "again before signing."
            )
            % {"n": version.number},
            code="plan_changed",
        )
    return version


@transaction.atomic
def answer_record(
    *,
    actor: User,
    person: Person,
    party: str,
    number,
    shown_hash: str,
    decision: str,
    refusals: dict | None = None,
    reason: str = "",
    signed_on: date | None = None,
    upload=None,
) -> Signature:
    """Record one party's answer to the latest version: the person's (in person, with the
    signed printout) or an organisation's (by one of its members in the team)."""
    access = visible_access(actor, person)
    if not policy.can_answer_for(access, party):
        raise Forbidden(_("You may answer only for the person or for your own organisation."))
    plan = Plan.objects.select_for_update().filter(person=person).first()
    if plan is None:
        raise NotFound()
    version = version_to_answer(plan, number, shown_hash)
    if party not in plan_content.parties(version.content):
        raise AnsamError(_("This organisation holds no action in this version."))
    errors = {}
    if decision not in Signature.Decision.values:
        errors["decision"] = [_("Say whether the plan is signed or refused.")]
    if decision == Signature.Decision.REFUSED and not reason.strip():
        errors["reason"] = [_("Write the reason for the refusal.")]
    keys = {i["key"] for k in ("goals", "actions") for i in version.content[k]}
    refusals = {k: v.strip()[:500] for k, v in (refusals or {}).items() if k in keys}
    if party != plan_content.PERSON and refusals:
        errors["refusals"] = [_("Only the person refuses a goal or an action.")]
    if party == plan_content.PERSON and upload is None:
        errors["file"] = [_("Upload the printout the person signed.")]
    if errors:
        raise AnsamError(INVALID, fields=errors)
    organisation = None
    if party != plan_content.PERSON:
        organisation = next(
            m.organisation
            for m in access.team
            if plan_content.org_party(str(m.organisation.public_id)) == party
        )
    signature = Signature(
        version=version,
        party=party,
        organisation=organisation,
        decision=decision,
        refusals=refusals,
        reason=reason.strip(),
        how=Signature.How.IN_PERSON if party == plan_content.PERSON else Signature.How.ONLINE,
        covered_hash=plan_content.covered_hash(version.content, party),
        recorded_by=actor,
        recorded_by_name=actor.full_name or actor.email,
        signed_on=signed_on or timezone.localdate(),
    )
    if upload is not None:
        signature.file_name, signature.file_type, signature.file_size = check_upload(upload)
        signature.file.save(
            f"{signature.public_id}{ALLOWED_TYPES[signature.file_type]}", upload, save=False
        )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise Conflict(
            _("This party has already answered this version."), code="already_answered"
        ) from None
    _audit(
        actor,
        access,
        person,
        Audit.PLAN_ANSWER,
        version=version.number,
        party=party,
        decision=decision,
        refused_items=len(refusals),
    )
    return signature
