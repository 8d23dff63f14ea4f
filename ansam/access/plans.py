"""THE access policy for the personalised plan.

The plan belongs to the person's record: the care team sees and builds it (an emergency reader
does not). Inside it, need-to-know still holds: a need or goal is shown only to those who may
read its section, except that a partner always sees the actions it holds and the goals they
serve. The coordinator proposes versions; any member of the team records the person's answer;
each partner signs for its own organisation."""

from typing import Any

from ansam.access import records
from ansam.plans.content import PERSON, org_party
from ansam.plans.models import Action, Goal, Need


def can_view_plan(access: records.RecordAccess) -> bool:
    return records.can_contribute(access)


def can_edit_plan(access: records.RecordAccess) -> bool:
    return records.can_contribute(access)


def can_propose(access: records.RecordAccess) -> bool:
    return access.is_coordinator


def team_parties(access: records.RecordAccess) -> set[str]:
    return {org_party(str(m.organisation.public_id)) for m in access.team}


def can_answer_for(access: records.RecordAccess, party: str) -> bool:
    """The person's answer is recorded by any member of the team; an organisation's only by
    its own members in the team."""
    if not records.can_contribute(access):
        return False
    return party == PERSON or party in team_parties(access)


def can_update_action(access: records.RecordAccess, action: Action) -> bool:
    """Carry an action forward (status, new due date): its holder, or the coordinator."""
    if not records.can_contribute(access):
        return False
    if access.is_coordinator or action.holder == action.Holder.PERSON:
        return True
    return action.organisation_id in {m.organisation_id for m in access.team}


def can_read_item(access: records.RecordAccess, item: Need | Goal | Action) -> bool:
    """A need, goal or action of the draft: by its section, or because the reader's
    organisation holds it (the same rule as visible_content)."""
    section = getattr(item, "section", "") or getattr(getattr(item, "goal", None), "section", "")
    own = getattr(item, "organisation_id", None) in {m.organisation_id for m in access.team}
    return access.can_read(str(section or "")) or own


def visible_content(
    access: records.RecordAccess, content: dict[str, Any]
) -> tuple[dict[str, Any], int]:
    """The part of a version (or of a diff's items) the actor may read, and how many items are
    left out."""
    own = {p.removeprefix("org:") for p in team_parties(access)}
    readable_goals = {g["key"] for g in content["goals"] if access.can_read(g["section"])}
    # A goal the actor may not read shows only through the actions it holds itself.
    actions = [
        a for a in content["actions"] if a["organisation"] in own or a["goal"] in readable_goals
    ]
    shown_goals = readable_goals | {a["goal"] for a in actions}
    goals = [g for g in content["goals"] if g["key"] in shown_goals]
    needs = [n for n in content["needs"] if access.can_read(n["section"])]
    hidden = sum(len(content[k]) for k in ("needs", "goals", "actions")) - (
        len(needs) + len(goals) + len(actions)
    )
    return {"needs": needs, "goals": goals, "actions": actions}, hidden
