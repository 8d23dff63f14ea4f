"""DESIGN.md: views and API handlers never query a person's data directly; they go through the
access policy (ansam.access) and the selectors and services that use it."""

from pathlib import Path

import pytest
from django.conf import settings

from ansam.core.layout import check_python, check_template, check_tree, personal_models

PLANTED = {
    "manager": "from ansam.sharing.models import Entry\nEntry.objects.filter(pk=1)\n",
    "default manager": "Person._default_manager.all()\n",
    "shortcut": "get_object_or_404(Referral, pk=1)\n",
    "related manager": "def view(entry):\n    return entry.versions.order_by('-version')\n",
    "raw SQL": "cursor.execute('SELECT * FROM sharing_entry WHERE person_id = %s', [1])\n",
}


def test_the_thin_layers_read_personal_data_only_through_access():
    offences = check_tree(Path(settings.BASE_DIR))
    assert not offences, "\n".join(str(o) for o in offences)


def test_the_personal_models_are_derived_from_the_apps():
    personal = personal_models()
    assert {
        "Person",
        "Entry",
        "Referral",
        "ReferralEvent",
        "Signal",
        "Plan",
        "Need",
        "Goal",
        "Action",
        "Signature",
        "AuditEvent",
        "JoinRequest",
    } <= personal.models
    assert {"Organisation", "Service", "User", "Notification"}.isdisjoint(personal.models)


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_the_check_sees_a_planted_bypass(kind):
    offences = check_python("ansam/web/views/planted.py", PLANTED[kind], personal_models())
    assert offences, kind


def test_the_check_sees_a_related_manager_in_a_template():
    planted = "{% for v in entry.versions.all %}{{ v.title }}{% endfor %}"
    assert check_template("ansam/web/templates/x.html", planted, personal_models())


def test_the_check_leaves_services_and_harmless_code_alone():
    personal = personal_models()
    assert not check_python("ansam/sharing/services.py", PLANTED["raw SQL"], personal)
    harmless = "rows = {}\nrows.get('x')\nOrganisation.objects.all()\n"
    assert not check_python("ansam/web/views/x.py", harmless, personal)


# Modules that are data read as a table, not code: they may be long.
DATA_TABLES = {"ansam/demo/catalogue.py": "the kinds of organisations of a territory, as data"}


def test_modules_stay_small():
    too_long = []
    for path in (Path(settings.BASE_DIR) / "ansam").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > 500 and path.relative_to(settings.BASE_DIR).as_posix() not in DATA_TABLES:
            too_long.append((str(path), lines))
    assert not too_long, f"split these modules: {too_long}"
