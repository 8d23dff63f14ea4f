"""DESIGN.md: views and API handlers never query a person's data directly; they go through the
access policy (ansam.access) and the selectors and services that use it."""

import re
from pathlib import Path

from django.conf import settings

PERSONAL_MODELS = ["Person", "Relation", "Entry", "EntryVersion", "SharingBasis",
                   "EmergencyAccess", "CareTeamMember", "AuditEvent", "Plan", "Need", "Goal",
                   "Action", "PlanVersion", "Signature", "Signal", "AccompanimentClosure",
                   "Referral", "PersonFlag"]  # fmt: skip
THIN_LAYERS = ["ansam/web", "ansam/api"]


def test_views_and_api_do_not_query_personal_data_directly():
    pattern = re.compile(r"\b(" + "|".join(PERSONAL_MODELS) + r")\.objects\b")
    offenders = []
    for layer in THIN_LAYERS:
        for path in (Path(settings.BASE_DIR) / layer).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line}")
    assert not offenders, "\n".join(offenders)


def test_modules_stay_small():
    too_long = []
    for path in (Path(settings.BASE_DIR) / "ansam").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 550:
            too_long.append((str(path), lines))
    assert not too_long, f"split these modules: {too_long}"
