"""Import and export of the directory in the data·inclusion format.

Reads structures and services in schema v1, and in the earlier v0 shape still used by published
data (the API's search answers nest each service's structure). v0 codes are mapped to v1 by the
reviewed table; the original codes are kept on the service, and codes with no mapping are
reported. Re-importing updates records by (source, id) and never duplicates them. A bad record
is reported (id, field, reason) and skipped; the good ones are kept."""

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import pydantic
from data_inclusion.schema import v1
from django.core.exceptions import ValidationError
from email_validator import EmailNotValidError, validate_email

from ansam.organisations.data_inclusion_write import ImportState, write_batch
from ansam.organisations.taxonomies import AreaKind, typologies
from ansam.organisations.v0_mapping import map_codes
from ansam.organisations.validators import clean_siret, validate_siret

BATCH = 2000


@dataclass
class RecordProblem:
    record: str
    field: str
    reason: str
    kind: str = "error"  # "error": record skipped; "warning": value dropped, record kept


@dataclass
class ImportReport:
    read: int = 0
    structures_created: int = 0
    structures_updated: int = 0
    structures_unchanged: int = 0
    services_created: int = 0
    services_updated: int = 0
    services_unchanged: int = 0
    skipped: int = 0
    problems: list[RecordProblem] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)

    def error(self, record, field_name, reason):
        self.problems.append(RecordProblem(str(record), field_name, str(reason), "error"))

    def warning(self, record, field_name, reason):
        self.problems.append(RecordProblem(str(record), field_name, str(reason), "warning"))

    @property
    def imported(self) -> int:
        return (
            self.structures_created
            + self.structures_updated
            + self.structures_unchanged
            + self.services_created
            + self.services_updated
            + self.services_unchanged
        )


class UnreadableFile(Exception):
    """Nothing at all could be read from the file."""


# --- reading -------------------------------------------------------------------------------


def load_records(path: Path) -> tuple[list[dict], list[dict]]:
    """(structures, services) found in a file, whatever the shape of the answer."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnreadableFile(f"file not found: {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnreadableFile(f"not valid JSON: {exc}") from None
    return split_records(data)


def split_records(data) -> tuple[list[dict], list[dict]]:
    structures, services = [], []
    if isinstance(data, dict) and ("structures" in data or "services" in data):
        structures = list(data.get("structures") or [])
        services = list(data.get("services") or [])
    else:
        items = data.get("items") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise UnreadableFile("expected a list of records, or an object with 'items'")
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("service"), dict):
                item = item["service"]  # API search answer: {"service": ..., "distance": ...}
            if isinstance(item, dict) and isinstance(item.get("structure"), dict):
                structures.append(item["structure"])
                services.append(item)
            elif isinstance(item, dict) and "structure_id" in item:
                services.append(item)
            else:
                structures.append(item)
    return structures, services


# --- normalising one record into v1 --------------------------------------------------------


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = "\n".join(str(v).strip() for v in value if str(v).strip())
    value = str(value).strip()
    return value or None


def _date(value) -> str:
    return value if isinstance(value, str) and value else date.today().isoformat()


@lru_cache(maxsize=50_000)
def _email_problem(value: str) -> str:
    """The check the schema's EmailStr makes (email-validator, no DNS), cached: the same
    addresses come back on every service of an organisation."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return str(exc)
    return ""


def _validated(model, record: dict, report, record_id) -> bool:
    """Validate with the package's model; an email it would refuse is reported and left out
    (the record is kept), as for a SIRET with a wrong checksum."""
    email = record.get("courriel")
    if email:
        problem = _email_problem(email)
        if problem:
            report.warning(record_id, "courriel", problem)
            email = None
    record["courriel"] = None
    try:
        model.model_validate(record, context={"ignore_warnings": True})
    except pydantic.ValidationError as exc:
        _pydantic_errors(report, record_id, exc)
        return False
    record["courriel"] = email
    return True


def _pydantic_errors(report, record_id, exc: pydantic.ValidationError):
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "record"
        report.error(record_id, loc, err["msg"])


def structure_to_v1(raw: dict, report: ImportReport) -> tuple[dict, dict] | None:
    """(v1 dict validated by the package's Structure model, extra Ansam fields)."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(raw, dict):
        report.error("?", "record", "not an object")
        return None
    siret = clean_siret(raw.get("siret"))
    if siret:
        try:
            validate_siret(siret)
        except ValidationError as exc:
            report.warning(rid, "siret", exc.messages[0])
            siret = ""
    reseaux = raw.get("reseaux_porteurs") or raw.get("labels_nationaux") or []
    mapped = map_codes("reseau_porteur", reseaux)
    for code in mapped.unmapped:
        report.unmapped[("reseau_porteur", code)] += 1
    record = {
        "source": raw.get("source"),
        "id": rid,
        "nom": _text(raw.get("nom")),
        "date_maj": _date(raw.get("date_maj")),
        "description": _text(raw.get("description"))
        or _text(raw.get("presentation_detail"))
        or _text(raw.get("presentation_resume")),
        "lien_source": raw.get("lien_source") or None,
        "siret": siret or None,
        "commune": _text(raw.get("commune")),
        "code_postal": _text(raw.get("code_postal")),
        "code_insee": _text(raw.get("code_insee")),
        "adresse": _text(raw.get("adresse")),
        "complement_adresse": _text(raw.get("complement_adresse")),
        "longitude": raw.get("longitude"),
        "latitude": raw.get("latitude"),
        "telephone": _text(raw.get("telephone")),
        "courriel": _text(raw.get("courriel")),
        "site_web": raw.get("site_web") or None,
        "horaires_accueil": _text(raw.get("horaires_accueil") or raw.get("horaires_ouverture")),
        "reseaux_porteurs": mapped.codes or None,
    }
    if not _validated(v1.Structure, record, report, rid or "?"):
        return None
    typology = raw.get("typologie") if raw.get("typologie") in dict(typologies()) else ""
    extra = {
        "rna": _text(raw.get("rna")) or "",
        "typology": typology,
        "original_codes": {"reseaux_porteurs": mapped.unmapped} if mapped.unmapped else {},
    }
    if raw.get("typologie") and not typology:
        extra["original_codes"]["typologie"] = raw["typologie"]
    return record, extra


def _zone(raw: dict) -> list[tuple[str, str]]:
    if raw.get("zone_eligibilite"):
        areas = []
        for code in raw["zone_eligibilite"]:
            if code == "france":
                areas.append((AreaKind.FRANCE, ""))
            elif len(code) == 9:
                areas.append((AreaKind.EPCI, code))
            elif len(code) == 5 and not code.startswith("99"):
                areas.append((AreaKind.COMMUNE, code))
            elif len(code) in (2, 3):
                areas.append((AreaKind.DEPARTEMENT, code))
        return areas
    kind, code = raw.get("zone_diffusion_type"), raw.get("zone_diffusion_code")
    if kind == "pays":
        return [(AreaKind.FRANCE, "")]
    if kind in ("commune", "epci", "departement", "region") and code:
        return [(kind, code)]
    return []


def service_to_v1(raw: dict, report: ImportReport) -> tuple[dict, dict] | None:
    if not isinstance(raw, dict):
        report.error("?", "record", "not an object")
        return None
    rid = raw.get("id") or "?"
    original = {}

    def mapped(kind, values, field_name):
        result = map_codes(kind, values)
        for code in result.unmapped:
            report.unmapped[(kind, code)] += 1
        v0_codes = [v for v in (values or []) if isinstance(v, str)]
        if v0_codes and v0_codes != result.codes:
            original[field_name] = v0_codes
        return result

    themes = mapped("thematique", raw.get("thematiques"), "thematiques")
    publics = mapped("public", raw.get("publics") or raw.get("profils"), "publics")
    types = raw.get("types") if raw.get("types") is not None else [raw.get("type")]
    types = mapped("type", [t for t in types if t], "types")
    fees_raw = raw.get("frais")
    fees_list = fees_raw if isinstance(fees_raw, list) else [fees_raw] if fees_raw else []
    fees = mapped("frais", fees_list, "frais")
    modes_raw = raw.get("modes_mobilisation")
    referral_by = raw.get("mobilisable_par")
    if modes_raw is None:  # v0: the ways a professional (accompagnateur) and a person refer
        pro = raw.get("modes_orientation_accompagnateur") or []
        person = raw.get("modes_orientation_beneficiaire") or []
        modes_raw = pro + person
        referral_by = (["professionnels"] if pro else []) + (["usagers"] if person else [])
    modes = mapped("mode_orientation", modes_raw, "modes_orientation")
    reception = mapped("mode_accueil", raw.get("modes_accueil"), "modes_accueil")
    pub_codes = publics.codes
    if "tous-publics" in pub_codes:
        # The schema forbids combining it; the broadest public wins, nobody is excluded.
        pub_codes = ["tous-publics"]
    contact_public = raw.get("contact_public", True) is not False
    description = (
        _text(raw.get("description"))
        or _text(raw.get("presentation_detail"))
        or _text(raw.get("presentation_resume"))
        or _text(raw.get("nom"))
    )
    record = {
        "source": raw.get("source"),
        "structure_id": raw.get("structure_id"),
        "id": raw.get("id"),
        "nom": _text(raw.get("nom")),
        "description": description,
        "lien_source": raw.get("lien_source") or None,
        "date_maj": _date(raw.get("date_maj")),
        "type": types.codes[0] if types.codes else None,
        "thematiques": themes.codes or None,
        "frais": fees.codes[0] if fees.codes else None,
        "frais_precisions": _text(raw.get("frais_precisions") or raw.get("frais_autres")),
        "publics": pub_codes or None,
        "publics_precisions": _text(raw.get("publics_precisions") or raw.get("profils_precisions")),
        "conditions_acces": _text(raw.get("conditions_acces")),
        "commune": _text(raw.get("commune")),
        "code_postal": _text(raw.get("code_postal")),
        "code_insee": _text(raw.get("code_insee")),
        "adresse": _text(raw.get("adresse")),
        "complement_adresse": _text(raw.get("complement_adresse")),
        "longitude": raw.get("longitude"),
        "latitude": raw.get("latitude"),
        "telephone": _text(raw.get("telephone")) if contact_public else None,
        "courriel": _text(raw.get("courriel")) if contact_public else None,
        "modes_accueil": reception.codes or None,
        "modes_mobilisation": modes.codes or None,
        "mobilisable_par": sorted(set(referral_by or [])) or None,
        "mobilisation_precisions": _text(
            raw.get("mobilisation_precisions") or raw.get("modes_orientation_accompagnateur_autres")
        ),
        "lien_mobilisation": raw.get("lien_mobilisation") or raw.get("formulaire_en_ligne") or None,
        "horaires_accueil": _text(raw.get("horaires_accueil")),
    }
    if not _validated(v1.Service, record, report, rid):
        return None
    extra = {
        "summary": (_text(raw.get("presentation_resume")) or "")[:500],
        "types": types.codes,
        "categories": themes.categories,
        "prerequisites": _text(raw.get("pre_requis")) or "",
        "documents": _text(raw.get("justificatifs")) or "",
        "contact_name": (_text(raw.get("contact_nom_prenom")) or "") if contact_public else "",
        "areas": _zone(raw),
        "original_codes": original,
        "quality_score": raw.get("score_qualite"),
    }
    return record, extra


# --- writing -------------------------------------------------------------------------------


def _dedupe(records: list[tuple[dict, dict]]) -> list[tuple[dict, dict]]:
    """The same record repeated in one file (a structure nested in each of its services)."""
    seen = {}
    for rec, extra in records:
        seen[(rec["source"], rec["id"])] = (rec, extra)
    return list(seen.values())


def import_records(structures_raw: list, services_raw: list) -> ImportReport:
    report = ImportReport(read=len(structures_raw) + len(services_raw))
    structures = [s for s in (structure_to_v1(r, report) for r in structures_raw) if s]
    services = [s for s in (service_to_v1(r, report) for r in services_raw) if s]
    report.skipped += report.read - len(structures) - len(services)
    structures, services = _dedupe(structures), _dedupe(services)
    state = ImportState()
    for start in range(0, len(structures), BATCH):
        # Structures first: every structure before any service of the same batch refers to it.
        write_batch(structures[start : start + BATCH], [], report, state)
    for start in range(0, len(services), BATCH):
        write_batch([], services[start : start + BATCH], report, state)
    return report


def import_file(path: Path) -> ImportReport:
    structures, services = load_records(path)
    if not structures and not services:
        raise UnreadableFile("the file holds no structure and no service")
    return import_records(structures, services)
