"""The directory's vocabularies, taken from the data·inclusion schema package (v1) and, for
organisation typologies (which v1 dropped), from the schema's v0 reference list shipped in
ansam/organisations/data/v0/."""

import csv
from functools import cache
from pathlib import Path

from data_inclusion.schema import v1
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

LABEL_CONTEXT = "data-inclusion"  # see taxonomy_labels.py

DATA_DIR = Path(__file__).parent / "data"


def _choices(enum) -> list[tuple[str, str]]:
    return [(item.value, item.label) for item in enum]


THEMATIQUES = _choices(v1.Thematique)
CATEGORIES = _choices(v1.Categorie)
PUBLICS = _choices(v1.Public)
FRAIS = _choices(v1.Frais)
MODES_ACCUEIL = _choices(v1.ModeAccueil)
TYPES_SERVICE = _choices(v1.TypeService)
MODES_MOBILISATION = _choices(v1.ModeMobilisation)
PERSONNES_MOBILISATRICES = _choices(v1.PersonneMobilisatrice)
RESEAUX_PORTEURS = _choices(v1.ReseauPorteur)


@cache
def typologies() -> list[tuple[str, str]]:
    with (DATA_DIR / "v0" / "typologies_de_structures.csv").open(encoding="utf-8") as f:
        return [(row["value"], row["label"]) for row in csv.DictReader(f)]


@cache
def labels() -> dict[str, dict[str, str]]:
    return {
        "thematique": dict(THEMATIQUES) | dict(CATEGORIES),
        "categorie": dict(CATEGORIES),
        "public": dict(PUBLICS),
        "frais": dict(FRAIS),
        "mode_accueil": dict(MODES_ACCUEIL),
        "type": dict(TYPES_SERVICE),
        "mode_mobilisation": dict(MODES_MOBILISATION),
        "mobilisable_par": dict(PERSONNES_MOBILISATRICES),
        "reseau_porteur": dict(RESEAUX_PORTEURS),
        "typologie": dict(typologies()),
    }


def label(kind: str, code: str) -> str:
    """The package's French label: what the search index and the exports use."""
    return labels()[kind].get(code, code)


def display_label(kind: str, code: str) -> str:
    """The label in the reader's language (the package's labels are French only)."""
    text = label(kind, code)
    if kind == "typologie" or text == code:
        return text
    return pgettext(LABEL_CONTEXT, text)


def display_choices(choices: list[tuple[str, str]]) -> list[tuple[str, object]]:
    return [(code, pgettext_lazy(LABEL_CONTEXT, text)) for code, text in choices]


def categorie_of(thematique: str) -> str:
    return thematique.split("--", 1)[0]


class CapacityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WAITING_LIST = "waiting_list", _("Waiting list")
    FULL = "full", _("Full")
    SUSPENDED = "suspended", _("Suspended")


class AreaKind(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("EPCI")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    FRANCE = "france", _("All of France")
