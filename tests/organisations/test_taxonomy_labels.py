from pathlib import Path

from django.conf import settings
from django.utils import translation

from ansam.organisations import taxonomies
from ansam.organisations.taxonomy_labels import LABELS, package_labels

LOCALE = Path(settings.BASE_DIR) / "ansam" / "locale"


def test_the_marked_labels_are_the_packages():
    marked = [str(label) for label in LABELS]  # French, as the package gives them
    with translation.override("fr"):
        assert [str(label) for label in LABELS] == package_labels()
    assert len(marked) == len(set(marked)) > 100


def test_every_label_has_an_english_translation():
    po = (LOCALE / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    blocks = [b for b in po.split("\n\n") if 'msgctxt "data-inclusion"' in b]
    assert len(blocks) == len(package_labels())
    assert all('msgstr ""' not in b.splitlines()[-1] for b in blocks)


def test_labels_follow_the_reader_but_the_index_stays_french():
    code = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
    with translation.override("en"):
        assert taxonomies.display_label("thematique", code) == "Find temporary accommodation"
        assert taxonomies.label("thematique", code) == (
            "Rechercher une solution d’hébergement temporaire"
        )
    with translation.override("fr"):
        assert taxonomies.display_label("thematique", code) == (
            "Rechercher une solution d’hébergement temporaire"
        )
