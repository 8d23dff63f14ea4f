"""Every user-facing string is translated: the French catalogue is complete and compiled."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "ansam" / "locale"


def _entries(po: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) of each entry, read without any gettext tool."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not msgid:
            continue
        ident = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        strs = [
            "".join(re.findall(r'"(.*)"', m))
            for m in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        ]
        if ident:
            entries.append((ident, strs, "#, fuzzy" in block or ", fuzzy" in block))
    return entries


def test_french_catalogue_is_complete():
    entries = _entries(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 250
    untranslated = [i for i, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert not untranslated


def test_compiled_catalogue_matches_the_sources():
    po = _entries(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    with (LOCALE / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as f:
        mo = gettext.GNUTranslations(f)
    for msgid, strs, _ in po:
        if len(strs) == 1:
            expected = strs[0].encode().decode("unicode_escape").encode("latin-1").decode()
            actual = mo.gettext(msgid.encode().decode("unicode_escape").encode("latin-1").decode())
            assert actual == expected, f"run `make messages`: {msgid!r} is stale in django.mo"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_no_string_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings again: nothing new may appear that the catalogue lacks."""
    copy = tmp_path / "ansam"
    shutil.copytree(Path(settings.BASE_DIR) / "ansam", copy, ignore=shutil.ignore_patterns("*.pyc"))
    subprocess.run(
        [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "makemessages",
            "-l",
            "fr",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"ANSAM_TESTING": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(settings.BASE_DIR)},
    )
    fresh = {i for i, _, _ in _entries(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po")}
    known = {i for i, _, _ in _entries(LOCALE / "fr" / "LC_MESSAGES" / "django.po")}
    assert fresh - known == set(), "run `make messages` and translate the new strings"
