"""Loading the real French geography from the CSV files shipped in ansam/geo/data."""

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from ansam.core.text import words
from ansam.geo.models import Commune, Departement, Epci, Region

# Paris, Lyon and Marseille are split into arrondissements whose INSEE codes start so.
PLM_CITIES = {"751": "75056", "693": "69123", "132": "13055"}
PLM_DEPARTEMENT = {"75056": "75", "69123": "69", "13055": "13"}


@dataclass
class GeoLoadReport:
    regions: int = 0
    departements: int = 0
    epcis: int = 0
    communes: int = 0


def _read(path: Path) -> list[dict]:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return list(csv.DictReader(f))
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _file(directory: Path, name: str) -> Path:
    for candidate in (directory / name, directory / f"{name}.gz"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(directory / name)


def _float(value: str) -> float | None:
    return float(value) if value else None


@transaction.atomic
def load_geography(directory: Path) -> GeoLoadReport:
    """Create or update every région, département, EPCI and commune (idempotent)."""
    report = GeoLoadReport()
    regions = [
        Region(code=r["code"], name=r["nom"]) for r in _read(_file(directory, "regions.csv"))
    ]
    Region.objects.bulk_create(
        regions, update_conflicts=True, unique_fields=["code"], update_fields=["name"]
    )
    report.regions = len(regions)
    deps = [
        Departement(code=r["code"], name=r["nom"], region_id=r["region"])
        for r in _read(_file(directory, "departements.csv"))
    ]
    Departement.objects.bulk_create(
        deps, update_conflicts=True, unique_fields=["code"], update_fields=["name", "region"]
    )
    report.departements = len(deps)
    epcis = [
        Epci(siren=r["siren"], name=r["nom"], kind=r["type"])
        for r in _read(_file(directory, "epci.csv"))
    ]
    Epci.objects.bulk_create(
        epcis, update_conflicts=True, unique_fields=["siren"], update_fields=["name", "kind"]
    )
    report.epcis = len(epcis)
    known_epcis = {e.siren for e in epcis}
    communes, arrondissements = [], []
    for r in _read(_file(directory, "communes.csv")):
        if r["type"] not in ("COM", "ARM"):
            continue
        parent = PLM_CITIES.get(r["code_insee"][:3]) if r["type"] == "ARM" else None
        departement = r["departement"] or PLM_DEPARTEMENT.get(parent or "", "")
        if not departement:
            continue
        commune = Commune(
            code=r["code_insee"],
            name=r["nom"],
            kind=r["type"],
            departement_id=departement,
            epci_id=r["epci_siren"] if r["epci_siren"] in known_epcis else None,
            parent_id=parent,
            population=int(r["population"] or 0),
            postal_codes=r["codes_postaux"],
            latitude=_float(r["latitude"]),
            longitude=_float(r["longitude"]),
            name_folded=" ".join(words(r["nom"])),
        )
        (arrondissements if parent else communes).append(commune)
    fields = [
        "name",
        "kind",
        "departement",
        "epci",
        "parent",
        "population",
        "postal_codes",
        "latitude",
        "longitude",
        "name_folded",
    ]
    for batch in (communes, arrondissements):  # cities before their arrondissements
        Commune.objects.bulk_create(
            batch,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=fields,
        )
    report.communes = len(communes) + len(arrondissements)
    return report
