"""The tamper-evident audit log of every read and write of personal data.

Each event holds the HMAC-SHA256 of its content and of the previous event's hash, keyed with a
secret kept outside the database (ANSAM_AUDIT_KEYS): whoever holds only the database cannot
recompute the chain after changing it. Checkpoints written outside the database
(audit_anchor.py) also catch the events cut from its end."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ansam.access.models import AuditEvent, AuditHead, AuditKeyEpoch
from ansam.accounts.models import User
from ansam.organisations.models import Organisation
from ansam.people.models import Person

GENESIS = "0" * 64


class Action:
    VIEW_RECORD = "view_record"
    VIEW_SECTION = "view_section"
    VIEW_ENTRY = "view_entry"
    DOWNLOAD = "download_document"
    CREATE_PERSON = "create_person"
    UPDATE_PERSON = "update_person"
    CREATE_ENTRY = "create_entry"
    UPDATE_ENTRY = "update_entry"
    RECORD_BASIS = "record_sharing_basis"
    TEAM_ADD = "care_team_add"
    TEAM_HANDOVER = "care_team_handover"
    TEAM_LEAVE = "care_team_leave"
    EMERGENCY = "emergency_access"
    VIEW_LOG = "view_access_log"
    EXPORT = "export"
    VIEW_PLAN = "view_plan"
    PLAN_EDIT = "plan_edit"
    PLAN_PROPOSE = "plan_propose"
    PLAN_ANSWER = "plan_answer"
    PLAN_PRINT = "plan_print"
    CLOSE_ACCOMPANIMENT = "close_accompaniment"
    RETENTION_ARCHIVE = "retention_archive"
    RETENTION_ANONYMISE = "retention_anonymise"
    ARCHIVE_REOPEN = "archive_reopen"
    MERGE = "merge_records"
    REFERRAL_SEND = "referral_send"
    VIEW_REFERRAL = "view_referral"
    EMERGENCY_INFORMED = "emergency_informed"
    EMERGENCY_REVIEW = "emergency_review"
    MEETING_CREATE = "meeting_create"
    MEETING_EDIT = "meeting_edit"
    VIEW_MEETING = "view_meeting"
    CASE_SHARE = "case_share"
    PORTAL_CODE = "portal_code"
    PORTAL_CLOSE = "portal_close"
    PORTAL_SIGN_IN = "portal_sign_in"
    PORTAL_EXPORT = "portal_export"
    PORTAL_LINK = "portal_link"
    CORRECTION_ASK = "correction_ask"
    CORRECTION_ANSWER = "correction_answer"
    SIGN_IN_PROVIDER = "sign_in_provider"


# What the access log shows the coordinator (and, later, the person) for each action.
ACTION_LABELS = {
    Action.VIEW_RECORD: gettext_lazy("read the record"),
    Action.VIEW_SECTION: gettext_lazy("read a section"),
    Action.VIEW_ENTRY: gettext_lazy("read an entry"),
    Action.DOWNLOAD: gettext_lazy("downloaded a document"),
    Action.CREATE_PERSON: gettext_lazy("created the record"),
    Action.UPDATE_PERSON: gettext_lazy("changed the identity"),
    Action.CREATE_ENTRY: gettext_lazy("wrote an entry"),
    Action.UPDATE_ENTRY: gettext_lazy("changed an entry"),
    Action.RECORD_BASIS: gettext_lazy("recorded what the person says about sharing"),
    Action.TEAM_ADD: gettext_lazy("added to the care team"),
    Action.TEAM_HANDOVER: gettext_lazy("handed over the coordination"),
    Action.TEAM_LEAVE: gettext_lazy("left the care team"),
    Action.EMERGENCY: gettext_lazy("opened an emergency access"),
    Action.VIEW_LOG: gettext_lazy("read who read the record"),
    Action.EXPORT: gettext_lazy("exported the record"),
    Action.VIEW_PLAN: gettext_lazy("read the plan"),
    Action.PLAN_EDIT: gettext_lazy("changed the plan"),
    Action.PLAN_PROPOSE: gettext_lazy("proposed a version of the plan"),
    Action.PLAN_ANSWER: gettext_lazy("recorded an answer to the plan"),
    Action.PLAN_PRINT: gettext_lazy("printed the plan"),
    Action.CLOSE_ACCOMPANIMENT: gettext_lazy("closed the accompaniment"),
    Action.RETENTION_ARCHIVE: gettext_lazy("archived (retention rule)"),
    Action.RETENTION_ANONYMISE: gettext_lazy("anonymised (retention rule)"),
    Action.ARCHIVE_REOPEN: gettext_lazy("reopened the archived record"),
    Action.MERGE: gettext_lazy("merged two records"),
    Action.REFERRAL_SEND: gettext_lazy("referred the person"),
    Action.VIEW_REFERRAL: gettext_lazy("read a referral"),
    Action.EMERGENCY_INFORMED: gettext_lazy(
        "recorded that the person was informed of an emergency access"
    ),
    Action.EMERGENCY_REVIEW: gettext_lazy("reviewed an emergency access"),
    Action.MEETING_CREATE: gettext_lazy("organised a coordination meeting"),
    Action.MEETING_EDIT: gettext_lazy("wrote in a coordination meeting"),
    Action.VIEW_MEETING: gettext_lazy("read a coordination meeting"),
    Action.CASE_SHARE: gettext_lazy("shared a pseudonymised case with a peer group"),
    Action.PORTAL_CODE: gettext_lazy("gave a code to open the person's own space"),
    Action.PORTAL_CLOSE: gettext_lazy("closed the person's own space"),
    Action.PORTAL_SIGN_IN: gettext_lazy("signed in to their own space"),
    Action.PORTAL_EXPORT: gettext_lazy("downloaded their data"),
    Action.PORTAL_LINK: gettext_lazy("linked a FranceConnect identity to the record"),
    Action.CORRECTION_ASK: gettext_lazy("asked for a correction of their data"),
    Action.CORRECTION_ANSWER: gettext_lazy("answered a request for correction"),
    Action.SIGN_IN_PROVIDER: gettext_lazy("signed in through ProConnect"),
}

# The sharing bases as the access log names them, besides SharingBasis.Basis.
BASIS_LABELS = {
    "emergency": gettext_lazy("emergency access"),
    "referral": gettext_lazy("referral"),
    "override": gettext_lazy("sent without the person's recorded agreement"),
}


def action_label(code: str) -> str:
    if code not in ACTION_LABELS and len(code) == 36 and code.count("-") == 4:
        # Until 2026-12-01 a plan edit naming one of the plan's actions was recorded with the
        # action's id in place of its kind (plans.services._audit): it was a plan edit.
        return str(ACTION_LABELS[Action.PLAN_EDIT])
    return str(ACTION_LABELS.get(code, code))


def _canonical(event: AuditEvent) -> bytes:
    data = {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "organisation_id": event.organisation_id,
        "organisation_name": event.organisation_name,
        "role": event.role,
        "action": event.action,
        "person_id": event.person_id,
        "section": event.section,
        "basis": event.basis,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()


def keys() -> dict[str, bytes]:
    """The configured keys by id, in order: the last one signs new events."""
    found = {}
    for item in settings.ANSAM_AUDIT_KEYS:
        key_id, _, secret = item.partition(":")
        found[key_id.strip()] = secret.strip().encode()
    return found


def current_key_id() -> str:
    return list(keys())[-1]


def compute_hash(event: AuditEvent, key: bytes | None) -> str:
    """Keyed with `key`; None only for the events chained before keys existed."""
    if key is None:
        return hashlib.sha256(_canonical(event)).hexdigest()
    return hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()


@transaction.atomic
def record(
    *,
    actor: User | None,
    action: str,
    person: Person | None = None,
    organisation: Organisation | None = None,
    role: str = "",
    section: str = "",
    basis: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event, in the caller's transaction (a write and its event commit together)."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    key_id = current_key_id()
    if head.key_id != key_id:
        # A new key (or the first): it signs from the next event on; the change is itself
        # recorded in every checkpoint, so that it cannot be moved back unseen.
        AuditKeyEpoch.objects.create(from_seq=head.seq + 1, key_id=key_id)
    event = AuditEvent(
        seq=head.seq + 1,
        at=timezone.now().replace(microsecond=0),
        actor_id=getattr(actor, "pk", None),
        actor_name=(actor.full_name or actor.email) if actor is not None else "",
        organisation_id=getattr(organisation, "pk", None),
        organisation_name=getattr(organisation, "name", "") or "",
        role=role,
        action=action,
        person_id=getattr(person, "pk", None),
        section=section,
        basis=basis,
        detail=detail or {},
        prev_hash=head.hash,
    )
    event.hash = compute_hash(event, keys()[key_id])
    event.save()
    AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash, key_id=key_id)
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def _key_for(seq: int, epochs: list[AuditKeyEpoch], known: dict[str, bytes]) -> bytes | None:
    """The key that signed event `seq` (None: before keys), or a KeyError naming a missing id."""
    key_id = None
    for epoch in epochs:
        if epoch.from_seq <= seq:
            key_id = epoch.key_id
    if key_id is None:
        return None
    if key_id not in known:
        raise KeyError(key_id)
    return known[key_id]


def verify_chain(batch: int = 5000) -> VerifyResult:
    """Walk the chain in order: each event's keyed hash, its link to the previous one, and the
    continuity of sequence numbers; finally the head."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    last_seq = 0
    epochs = list(AuditKeyEpoch.objects.order_by("from_seq"))
    known = keys()
    while True:
        events = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not events:
            break
        for event in events:
            if event.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq, "event missing (sequence gap)")
            if event.prev_hash != prev_hash:
                return VerifyResult(False, checked, event.seq, "not linked to the previous event")
            try:
                key = _key_for(event.seq, epochs, known)
            except KeyError as missing:
                reason = f"signed with key {missing}, which is not configured"
                return VerifyResult(False, checked, event.seq, reason)
            if not hmac.compare_digest(compute_hash(event, key), event.hash):
                return VerifyResult(False, checked, event.seq, "content changed")
            prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
        last_seq = events[-1].seq
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return VerifyResult(False, checked, checked + 1, "events missing at the end of the log")
    return VerifyResult(True, checked)
