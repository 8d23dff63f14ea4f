"""A plan's content as frozen in a version: what each party covers, and how two versions
differ. Pure functions over plain dictionaries, so a version reads the same forever."""

import hashlib
import json

PERSON = "person"
# What a commitment is: a status change (in progress, done) is the plan being carried out, not
# a new commitment, and needs no new signature.
NEED_FIELDS = ("section", "words", "written_by", "written_at", "assessment")
GOAL_FIELDS = ("section", "text", "need")
ACTION_FIELDS = (
    "goal",
    "what",
    "holder",
    "organisation",
    "organisation_name",
    "professional",
    "due_on",
    "referral",
)
FIELDS = {"needs": NEED_FIELDS, "goals": GOAL_FIELDS, "actions": ACTION_FIELDS}


def snapshot(plan) -> dict:
    needs = list(plan.needs.all())
    goals = [g for g in plan.goals.all() if not g.removed]
    goal_keys = {g.pk: str(g.public_id) for g in goals}
    actions = [
        a
        for a in plan.actions.select_related("organisation", "professional", "referral")
        if not a.removed and a.goal_id in goal_keys
    ]
    return {
        "needs": [
            {
                "key": str(n.public_id),
                "section": n.section,
                "words": n.words,
                "written_by": f"{n.written_by_name} ({n.written_by_organisation_name})",
                "written_at": n.created_at.date().isoformat(),
                "assessment": n.assessment,
            }
            for n in needs
        ],
        "goals": [
            {
                "key": str(g.public_id),
                "section": g.section,
                "text": g.text,
                "need": str(g.need.public_id) if g.need_id else "",
            }
            for g in goals
        ],
        "actions": [
            {
                "key": str(a.public_id),
                "goal": goal_keys[a.goal_id],
                "what": a.what,
                "holder": a.holder,
                "organisation": str(a.organisation.public_id) if a.organisation_id else "",
                "organisation_name": a.organisation.name if a.organisation_id else "",
                "professional": a.professional.full_name if a.professional_id else "",
                "due_on": a.due_on.isoformat() if a.due_on else "",
                "referral": str(a.referral.public_id) if a.referral_id else "",
            }
            for a in actions
        ],
    }


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def org_party(organisation_public_id: str) -> str:
    return f"org:{organisation_public_id}"


def parties(content: dict) -> list[str]:
    """Who must sign: the person, and each organisation that holds an action."""
    orgs = sorted({a["organisation"] for a in content["actions"] if a["organisation"]})
    return [PERSON, *(org_party(o) for o in orgs)]


def party_names(content: dict) -> dict[str, str]:
    return {
        org_party(a["organisation"]): a["organisation_name"]
        for a in content["actions"]
        if a["organisation"]
    }


def covered(content: dict, party: str) -> dict:
    """What a party commits to. The person: the whole plan. A partner: its actions and the
    goals they serve."""
    if party == PERSON:
        return {
            k: [{f: item[f] for f in ("key", *FIELDS[k])} for item in content[k]] for k in FIELDS
        }
    org = party.removeprefix("org:")
    actions = [
        {f: a[f] for f in ("key", *ACTION_FIELDS)}
        for a in content["actions"]
        if a["organisation"] == org
    ]
    goal_keys = {a["goal"] for a in actions}
    goals = [
        {f: g[f] for f in ("key", *GOAL_FIELDS)} for g in content["goals"] if g["key"] in goal_keys
    ]
    return {"goals": goals, "actions": actions}


def covered_hash(content: dict, party: str) -> str:
    return digest(covered(content, party))


def diff(old: dict | None, new: dict) -> dict[str, list[dict]]:
    """Item by item, in the new version's order then the removed ones: state is one of added,
    removed, changed (with the changed fields) or same."""
    result = {}
    for kind, fields in FIELDS.items():
        before = {item["key"]: item for item in (old or {}).get(kind, [])}
        rows = []
        for item in new.get(kind, []):
            prior = before.pop(item["key"], None)
            if prior is None:
                rows.append({"state": "added", "old": None, "new": item, "fields": []})
                continue
            changed = [f for f in fields if prior.get(f) != item.get(f)]
            rows.append(
                {
                    "state": "changed" if changed else "same",
                    "old": prior,
                    "new": item,
                    "fields": changed,
                }
            )
        rows += [{"state": "removed", "old": p, "new": None, "fields": []} for p in before.values()]
        result[kind] = rows
    return result
