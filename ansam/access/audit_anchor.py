"""Anchoring the audit chain outside the database: checkpoints of (seq, hash), with the key
epochs and a MAC, appended regularly to places the database does not hold (a file on another
disk, syslog, an email to the data protection officer). `audit_verify` checks the chain against
them, which catches what a keyed chain alone cannot: events cut from its end, a chain rewritten
by someone who also holds the key, a key epoch moved back."""

import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from ansam.access.audit import GENESIS, current_key_id, keys
from ansam.access.models import AuditCheckpoint, AuditEvent, AuditHead, AuditKeyEpoch

logger = logging.getLogger("ansam.audit")


def _mac(key: bytes, body: dict[str, Any]) -> str:
    payload = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def checkpoint_line() -> tuple[dict[str, Any], str]:
    head = AuditHead.objects.filter(id=1).first() or AuditHead(seq=0, hash=GENESIS)
    key_id = current_key_id()
    body = {
        "seq": head.seq,
        "hash": head.hash,
        "at": timezone.now().isoformat(timespec="seconds"),
        "epochs": [[e.from_seq, e.key_id] for e in AuditKeyEpoch.objects.order_by("from_seq")],
        "key_id": key_id,
    }
    line = json.dumps(body | {"mac": _mac(keys()[key_id], body)}, sort_keys=True)
    return body, line


def file_targets() -> list[Path]:
    return [
        Path(t.partition(":")[2])
        for t in settings.ANSAM_AUDIT_CHECKPOINTS
        if t.partition(":")[0] == "file"
    ]


def write_checkpoint(*, force: bool = False) -> dict[str, Any] | None:
    """Append a checkpoint to every configured place, when the chain moved since the last one
    (or when forced). Returns what was written."""
    if not settings.ANSAM_AUDIT_CHECKPOINTS:
        return None
    body, line = checkpoint_line()
    last = AuditCheckpoint.objects.order_by("-pk").first()
    if not force and last is not None and last.seq == body["seq"]:
        return None
    for target in settings.ANSAM_AUDIT_CHECKPOINTS:
        kind, _, where = target.partition(":")
        if kind == "file":
            path = Path(where)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
                out.flush()
                os.fsync(out.fileno())
        elif kind == "syslog":
            logger.info("audit checkpoint %s", line)
        elif kind == "email":
            send_mail(f"Ansam audit checkpoint #{body['seq']}", line, None, [where])
        else:
            raise ValueError(f"unknown audit checkpoint target: {target}")
    AuditCheckpoint.objects.create(seq=body["seq"], hash=body["hash"])
    return body


@dataclass
class AnchorResult:
    ok: bool
    checked: int
    reason: str = ""


def verify_checkpoints(lines: Iterable[str]) -> AnchorResult:
    """Each checkpoint is authentic (its MAC), names an event that is still in the chain with
    the same hash, and the key epochs it recorded are still the chain's."""
    known = keys()
    epochs = [[e.from_seq, e.key_id] for e in AuditKeyEpoch.objects.order_by("from_seq")]
    hashes = {}
    checked, last_seq = 0, -1
    for number, raw in enumerate(lines, start=1):
        raw = raw.strip()
        if not raw:
            continue
        try:
            body = json.loads(raw)
            mac = body.pop("mac")
            key = known[body["key_id"]]
        except (ValueError, KeyError, TypeError):
            return AnchorResult(
                False,
                checked,
                f"checkpoint line {number} cannot be read, or its key is not configured",
            )
        if not hmac.compare_digest(_mac(key, body), mac):
            return AnchorResult(False, checked, f"checkpoint line {number} is not authentic")
        seq = body["seq"]
        if seq < last_seq:
            return AnchorResult(False, checked, f"checkpoint line {number} goes back in time")
        last_seq = seq
        if seq > 0:
            if seq not in hashes:
                hashes[seq] = (
                    AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
                )
            if hashes[seq] is None:
                return AnchorResult(
                    False, checked, f"event #{seq}, checkpointed on {body['at']}, is missing"
                )
            if not hmac.compare_digest(hashes[seq], body["hash"]):
                return AnchorResult(
                    False, checked, f"event #{seq} differs from its checkpoint of {body['at']}"
                )
        if [e for e in epochs if e[0] <= max(seq, 1)] != [e for e in body["epochs"]]:
            return AnchorResult(
                False, checked, f"the key epochs differ from checkpoint line {number}"
            )
        checked += 1
    return AnchorResult(True, checked)
