"""Mapping of data·inclusion schema v0 codes onto v1, read from the reviewed table
ansam/organisations/data/v0_to_v1.csv. Codes that are already v1 map to themselves."""

import csv
from dataclasses import dataclass, field
from functools import cache

from data_inclusion.schema import v1

from ansam.organisations.taxonomies import DATA_DIR

V1_CODES = {
    "thematique": {t.value for t in v1.Thematique},
    "public": {p.value for p in v1.Public},
    "type": {t.value for t in v1.TypeService},
    "frais": {f.value for f in v1.Frais},
    "mode_orientation": {m.value for m in v1.ModeMobilisation},
    "reseau_porteur": {r.value for r in v1.ReseauPorteur},
    "mode_accueil": {m.value for m in v1.ModeAccueil},
}


@cache
def mapping_table() -> dict[tuple[str, str], list[str]]:
    with (DATA_DIR / "v0_to_v1.csv").open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    table = {}
    for row in csv.DictReader(lines):
        table[(row["kind"], row["v0"])] = [c for c in row["v1"].split("|") if c]
    return table


@dataclass
class MappedCodes:
    codes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def map_codes(kind: str, values) -> MappedCodes:
    """v1 codes for a list of v0 (or v1) codes; whole themes go to categories."""
    out = MappedCodes()
    for value in values or []:
        if not isinstance(value, str) or not value:
            continue
        if value in V1_CODES[kind]:
            targets = [value]
        else:
            targets = mapping_table().get((kind, value))
            if not targets:
                out.unmapped.append(value)
                continue
        for target in targets:
            if target.startswith("cat:"):
                out.categories.append(target[4:])
            else:
                out.codes.append(target)
    out.codes = sorted(set(out.codes))
    out.categories = sorted(set(out.categories))
    return out
