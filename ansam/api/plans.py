"""The personalised plan and continuity signals over the API: the same selectors as the pages,
the same need-to-know."""

from datetime import date, datetime
from uuid import UUID

from ninja import Router, Schema

from ansam.access import continuity as signal_policy
from ansam.api.schemas import PageNumber
from ansam.continuity.services import why
from ansam.plans import selectors

router = Router(tags=["plans"])


class PartyOut(Schema):
    party: str
    name: str
    decision: str | None
    signed_on: date | None
    carried_from_version: int | None


class VersionOut(Schema):
    number: int
    content_hash: str
    proposed_at: datetime
    proposed_by: str
    review_on: date | None
    agreed: bool
    refused: bool
    parties: list[PartyOut]
    refusals: dict[str, str]


class PlanOut(Schema):
    person_id: UUID
    review_on: date | None
    needs: list[dict]
    goals: list[dict]
    actions: list[dict]
    hidden_parts: int
    unproposed_changes: bool
    latest_version: VersionOut | None


class SignalOut(Schema):
    id: UUID
    kind: str
    person_id: UUID
    organisation: str
    why: str
    opened_at: datetime


@router.get("/people/{person_id}/plan", response=PlanOut, summary="The person's plan")
def plan(request, person_id: str):
    page = selectors.plan_page(request.user, person_id)
    actions = []
    for item in page.draft["actions"]:
        live = page.live_actions.get(item["key"])
        actions.append(
            {
                **item,
                "status": live.status if live else "",
                "abandon_reason": live.abandon_reason if live else "",
            }
        )
    latest = None
    if page.latest is not None:
        v = page.latest.version
        latest = {
            "number": v.number,
            "content_hash": v.content_hash,
            "proposed_at": v.created_at,
            "proposed_by": v.proposed_by_name,
            "review_on": v.review_on,
            "agreed": page.latest.agreed,
            "refused": page.latest.refused,
            "refusals": page.latest.refusals,
            "parties": [
                {
                    "party": p.key,
                    "name": p.name,
                    "decision": p.signature.decision if p.signature else None,
                    "signed_on": p.signature.signed_on if p.signature else None,
                    "carried_from_version": p.signature.carried_from.version.number
                    if p.signature and p.signature.carried_from_id
                    else None,
                }
                for p in page.latest.parties
            ],
        }
    return {
        "person_id": page.person.public_id,
        "review_on": page.plan.review_on if page.plan else None,
        "needs": page.draft["needs"],
        "goals": page.draft["goals"],
        "actions": actions,
        "hidden_parts": page.hidden,
        "unproposed_changes": page.unproposed and page.plan is not None,
        "latest_version": latest,
    }


@router.get("/signals", response=list[SignalOut], summary="Warnings of rupture on my day")
def signals(request, page: PageNumber = 1):
    start = (page - 1) * 50
    rows = (
        signal_policy.signals_of_my_people(request.user)
        .select_related("person", "organisation")
        .order_by("opened_at", "pk")[start : start + 50]
    )
    return [
        {
            "id": s.public_id,
            "kind": s.kind,
            "person_id": s.person.public_id,
            "organisation": s.organisation.name,
            "why": why(s, reveal=True),
            "opened_at": s.opened_at,
        }
        for s in rows
    ]
