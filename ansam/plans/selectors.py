"""Reading a plan: through the record's access policy, need-to-know applied item by item, and
every read audited."""

from dataclasses import dataclass, field

from django.db.models import F

from ansam.access import plans as policy
from ansam.access import records
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.access.fetch import access_plan_by_person_id
from ansam.accounts.models import User
from ansam.core.errors import NotFound
from ansam.core.ids import parse_public_id
from ansam.plans import content as plan_content
from ansam.plans.models import Action, Plan, PlanVersion, Signature


@dataclass
class Party:
    key: str
    name: str
    signature: Signature | None
    may_answer: bool


@dataclass
class VersionView:
    version: PlanVersion
    content: dict
    hidden: int
    parties: list[Party]

    @property
    def agreed(self) -> bool:
        return all(p.signature and p.signature.decision == "signed" for p in self.parties)

    @property
    def refused(self) -> bool:
        return any(p.signature and p.signature.decision == "refused" for p in self.parties)

    @property
    def refusals(self) -> dict:
        person = next((p for p in self.parties if p.key == plan_content.PERSON), None)
        return person.signature.refusals if person and person.signature else {}


@dataclass
class PlanPage:
    person: object
    access: records.RecordAccess
    plan: Plan | None
    draft: dict
    hidden: int
    live_actions: dict[str, Action] = field(default_factory=dict)  # the draft's rows, by key
    latest: VersionView | None = None
    versions: list[PlanVersion] = field(default_factory=list)
    unproposed: bool = False


def version_view(access, version: PlanVersion) -> VersionView:
    signatures = {s.party: s for s in version.signatures.all()}
    names = plan_content.party_names(version.content)
    parties = [
        Party(
            key=p,
            name=names.get(p, ""),
            signature=signatures.get(p),
            may_answer=policy.can_answer_for(access, p),
        )
        for p in plan_content.parties(version.content)
    ]
    content, hidden = policy.visible_content(access, version.content)
    return VersionView(version, content, hidden, parties)


def plan_page(actor: User, person_id) -> PlanPage:
    person, access = access_plan_by_person_id(actor, person_id)
    plan = Plan.objects.filter(person=person).first()
    audit(actor=actor, action=Audit.VIEW_PLAN, person=person, organisation=access.organisation)
    if plan is None:
        return PlanPage(person, access, None, {"needs": [], "goals": [], "actions": []}, 0)
    snapshot = plan_content.snapshot(plan)
    draft, hidden = policy.visible_content(access, snapshot)
    actions = {str(a.public_id): a for a in plan.actions.select_related("referral")}
    versions = list(
        plan.versions.only("plan_id", "number", "created_at", "proposed_by_name", "note")
    )
    latest = plan.versions.prefetch_related("signatures").first()
    return PlanPage(
        person,
        access,
        plan,
        draft,
        hidden,
        actions,
        latest=version_view(access, latest) if latest else None,
        versions=versions,
        unproposed=latest is None or latest.content_hash != plan_content.digest(snapshot),
    )


def plan_item(actor: User, person_id, model, item_id):
    """A need, goal or action of the person's plan that the actor may read."""
    person, access = access_plan_by_person_id(actor, person_id)
    item = model.objects.filter(public_id=parse_public_id(item_id), plan__person=person).first()
    if item is None:
        raise NotFound()
    if not policy.can_read_item(access, item):
        raise NotFound()
    return person, access, item


def version_page(
    actor: User, person_id, number, *, printing: bool = False
) -> tuple[object, records.RecordAccess, VersionView]:
    person, access = access_plan_by_person_id(actor, person_id)
    version = PlanVersion.objects.filter(plan__person=person, number=_number(number)).first()
    if version is None:
        raise NotFound()
    audit(
        actor=actor,
        action=Audit.PLAN_PRINT if printing else Audit.VIEW_PLAN,
        person=person,
        organisation=access.organisation,
        detail={"version": version.number},
    )
    return person, access, version_view(access, version)


def _number(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def version_numbers(actor: User, person_id) -> tuple[object, list[int]]:
    """The plan's version numbers, oldest first, for choosing two to compare."""
    person, _access = access_plan_by_person_id(actor, person_id)
    numbers = PlanVersion.objects.filter(plan__person=person).order_by("number")
    return person, list(numbers.values_list("number", flat=True))


def compare(actor: User, person_id, a, b) -> tuple[object, PlanVersion, PlanVersion, dict, dict]:
    """Two versions side by side, item by item, within what the actor may read."""
    person, access = access_plan_by_person_id(actor, person_id)
    found = {
        v.number: v
        for v in PlanVersion.objects.filter(
            plan__person=person, number__in=[_number(a), _number(b)]
        )
    }
    if _number(a) not in found or _number(b) not in found:
        raise NotFound()
    old, new = found[_number(a)], found[_number(b)]
    old_visible, _ = policy.visible_content(access, old.content)
    new_visible, _ = policy.visible_content(access, new.content)
    audit(
        actor=actor,
        action=Audit.VIEW_PLAN,
        person=person,
        organisation=access.organisation,
        detail={"compare": f"{old.number}-{new.number}"},
    )
    signatures = {
        "old": version_view(access, old).parties,
        "new": version_view(access, new).parties,
    }
    return person, old, new, plan_content.diff(old_visible, new_visible), signatures


def signature_file(actor: User, person_id, signature_id) -> Signature:
    person, access = access_plan_by_person_id(actor, person_id)
    signature = (
        Signature.objects.filter(
            public_id=parse_public_id(signature_id), version__plan__person=person
        )
        .exclude(file="")
        .first()
    )
    if signature is None:
        raise NotFound()
    audit(
        actor=actor,
        action=Audit.DOWNLOAD,
        person=person,
        organisation=access.organisation,
        detail={"signature": str(signature.public_id)},
    )
    return signature


def next_actions(access: records.RecordAccess, limit: int = 3) -> list[Action]:
    """The plan's next open actions the reader may read, soonest first (for the record page)."""
    if not policy.can_view_plan(access):
        return []
    rows = (
        Action.objects.filter(
            plan__person=access.person,
            removed=False,
            goal__removed=False,
            status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
        )
        .select_related("goal", "organisation", "professional")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:20]
    )
    return [a for a in rows if policy.can_read_item(access, a)][:limit]
