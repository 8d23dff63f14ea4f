"""Decisions of a meeting. About a person, each becomes an action of their plan: under a goal
of the plan (or a new one), held by the person, an organisation of the care team or one of its
professionals — so it follows the plan's rule: the plan needs a new version, agreed and signed
by those whose commitments changed. Between organisations, a decision names its owner."""

from django.db import transaction
from django.utils.translation import gettext as _

from ansam.access import meetings as policy
from ansam.access.audit import Action as Audit
from ansam.accounts.models import User
from ansam.core.errors import AnsamError, Forbidden
from ansam.meetings.models import Decision, Meeting
from ansam.meetings.services import INVALID, audit_meeting, locked
from ansam.plans import services as plans
from ansam.plans.models import Action, Goal


def _owner_name(data: dict) -> str:
    holder = data.get("holder")
    if holder == Action.Holder.PERSON:
        return _("the person")
    if holder == Action.Holder.PROFESSIONAL and data.get("professional") is not None:
        return data["professional"].full_name
    if holder == Action.Holder.ORGANISATION and data.get("organisation") is not None:
        return data["organisation"].name
    return (data.get("owner_name") or "").strip()


@transaction.atomic
def decision_add(
    *, actor: User, meeting: Meeting, data: dict, goal: Goal | None = None, new_goal: str = ""
) -> Decision:
    meeting, access = locked(actor, meeting)
    if not policy.can_write_minutes(access):
        raise Forbidden(_("The organiser records the decisions, until the minutes close."))
    text = (data.get("what") or "").strip()
    if not text:
        raise AnsamError(INVALID, fields={"what": [_("Required.")]})
    section = data.get("section") or ""
    if not access.can_read(section):
        raise AnsamError(INVALID, fields={"section": [_("Choose a part of the record you read.")]})
    action = None
    if meeting.person is not None:
        if goal is None:
            if not new_goal.strip():
                raise AnsamError(
                    _("Say which goal of the plan this decision serves, or write a new goal."),
                    fields={"goal": [_("Required.")]},
                )
            goal = plans.goal_add(
                actor=actor, person=meeting.person, text=new_goal, section=section
            )
        action = plans.action_add(
            actor=actor, person=meeting.person, goal=goal, data={**data, "what": text}
        )
    owner = _owner_name(data)
    if not owner:
        raise AnsamError(INVALID, fields={"owner_name": [_("Say who does it.")]})
    decision = Decision.objects.create(
        meeting=meeting,
        text=text[:300],
        section=section,
        owner_name=owner[:200],
        due_on=data.get("due_on"),
        action=action,
        written_by=actor,
    )
    audit_meeting(actor, meeting, Audit.MEETING_EDIT, change="decision", section=section)
    return decision
