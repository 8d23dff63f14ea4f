"""Writing mapped data·inclusion records: organisations and services upserted by (source, id),
their tags, areas and search documents, one transaction per batch."""

import json
import re
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from ansam.core.db import insert_rows, upsert_rows
from ansam.geo.models import Commune, Departement
from ansam.organisations.models import Organisation, Service, ServiceArea, ServiceTag
from ansam.organisations.search_index import index_services
from ansam.organisations.taxonomies import AreaKind, categorie_of
from ansam.organisations.validators import RNA_PATTERN


def _commune_lookup(codes: set[str]) -> dict[str, Commune]:
    return Commune.objects.in_bulk([c for c in codes if c])


def _str(value) -> str:
    return "" if value is None else str(value)


def _common_values(rec: dict, extra: dict, communes: dict) -> dict:
    """What structures and services share: the name, the place, the contact, the source."""
    commune = communes.get(rec.get("code_insee") or "")
    return {
        "name": rec["nom"][:150],
        "description": rec.get("description") or "",
        "address": _str(rec.get("adresse"))[:255],
        "address_complement": _str(rec.get("complement_adresse"))[:255],
        "postal_code": _str(rec.get("code_postal")),
        "commune": commune,
        "commune_name": commune.name if commune else _str(rec.get("commune"))[:100],
        "latitude": rec.get("latitude"),
        "longitude": rec.get("longitude"),
        "phone": _str(rec.get("telephone"))[:50],
        "email": _str(rec.get("courriel")),
        "opening_hours": _str(rec.get("horaires_accueil"))[:500],
        "original_codes": extra["original_codes"],
        "source_link": _str(rec.get("lien_source"))[:500],
        "source_updated_on": rec.get("date_maj"),
    }


def _organisation_values(rec: dict, extra: dict, communes: dict) -> dict:
    return {
        **_common_values(rec, extra, communes),
        "siret": rec.get("siret") or "",
        "rna": extra["rna"] if re.fullmatch(RNA_PATTERN, extra["rna"]) else "",
        "typology": extra["typology"],
        "networks": rec.get("reseaux_porteurs") or [],
        "website": _str(rec.get("site_web"))[:500],
    }


def _service_values(rec: dict, extra: dict, communes: dict) -> dict:
    return {
        **_common_values(rec, extra, communes),
        "summary": extra["summary"],
        "types": extra["types"],
        "thematiques": rec.get("thematiques") or [],
        "categories": sorted(
            set(extra["categories"]) | {categorie_of(t) for t in rec.get("thematiques") or []}
        ),
        "publics": rec.get("publics") or [],
        "publics_details": _str(rec.get("publics_precisions")),
        "fees": _str(rec.get("frais")),
        "fees_details": _str(rec.get("frais_precisions")),
        "reception_modes": rec.get("modes_accueil") or [],
        "referral_modes": rec.get("modes_mobilisation") or [],
        "referrable_by": rec.get("mobilisable_par") or [],
        "referral_details": _str(rec.get("mobilisation_precisions")),
        "referral_link": _str(rec.get("lien_mobilisation"))[:500],
        "prerequisites": extra["prerequisites"],
        "documents": extra["documents"],
        "contact_name": extra["contact_name"][:150],
        "quality_score": extra["quality_score"],
    }


def _prepare(field, value, conn):
    if isinstance(field, models.JSONField):
        # JSON text: what the ORM stores on SQLite, and what a COPY into jsonb reads.
        return json.dumps(value, cls=field.encoder)
    return field.get_db_prep_save(value, conn)


def _comparable(field, value):
    """A value as the source gave it and as the database returns it, made equal when equal."""
    if isinstance(field, models.JSONField):
        return json.dumps(value, sort_keys=True, cls=field.encoder)
    if value is not None and isinstance(field, (models.DateField, models.UUIDField)):
        return field.to_python(value)
    return value


def _upsert(model, source_items: list[tuple[tuple[str, str], dict]], report, kind: str):
    """Create or update by (source, source_id) in one statement per batch (`upsert_rows`); give
    each object its id and public id; return the objects and the keys of those that were
    already there exactly as the source gives them (not written again). Values are prepared for
    the database in use (UUID, JSON, dates), as the ORM would."""
    if not source_items:
        return {}, set()
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    conn = connections[DEFAULT_DB_ALIAS]
    # Text, numbers and booleans go to the database as they are; only these need preparing.
    prepared = {
        name
        for name, f in fields.items()
        if isinstance(f, (models.JSONField, models.UUIDField, models.DateField))
    }
    # An update writes what the source gives; what Ansam's users set (an organisation's
    # "works in Ansam" and no-contact delay, a service's capacity and referral delays) is kept.
    by_name = {f.name: f.column for f in fields.values()}
    from_source = {by_name[name] for name in source_items[0][1]} | {"source", "source_id"}
    compared = [n for n, f in fields.items() if f.column in from_source - {"source", "source_id"}]
    now = timezone.now()
    objects, rows = {}, {}
    for key, values in source_items:
        obj = model(source=key[0], source_id=key[1], **values)
        obj.created_at = obj.updated_at = now
        objects[key] = obj
        rows[key] = tuple(
            _prepare(fields[name], getattr(obj, name), conn)
            if name in prepared
            else getattr(obj, name)
            for name in fields
        )
    existing = {}
    for source in {s for s, _ in objects}:
        if not model.objects.filter(source=source).exists():
            continue  # a first import of this source: nothing to compare with
        ids = [i for s, i in objects if s == source]
        for pk, public_id, source_id, *values in model.objects.filter(
            source=source, source_id__in=ids
        ).values_list("pk", "public_id", "source_id", *compared):
            existing[(source, source_id)] = (pk, public_id, values)
    unchanged = set()
    for key, (pk, public_id, values) in existing.items():
        obj = objects[key]
        old = [_comparable(fields[n], v) for n, v in zip(compared, values, strict=True)]
        if old == [_comparable(fields[n], getattr(obj, n)) for n in compared]:
            obj.pk, obj.public_id = pk, public_id
            unchanged.add(key)
    to_write = {k: o for k, o in objects.items() if k not in unchanged}
    columns = [f.column for f in fields.values()]
    keep = {"public_id", "created_at"} | (set(columns) - from_source - {"updated_at"})
    saved = upsert_rows(
        model, columns, [rows[k] for k in to_write], key=["source", "source_id"], keep=keep
    )
    if saved is None:  # SQLite: the written rows' ids by one more query
        saved = _saved_rows(model, to_write)
    for pk, public_id, source, source_id, _inserted in saved:
        obj = objects[(source, source_id)]
        obj.pk, obj.public_id = pk, public_id
    updated = len(set(existing) - unchanged)
    for what, n in (
        ("created", len(to_write) - updated),
        ("updated", updated),
        ("unchanged", len(unchanged)),
    ):
        setattr(report, f"{kind}_{what}", getattr(report, f"{kind}_{what}") + n)
    return objects, unchanged


def _saved_rows(model, objects: dict) -> list[tuple]:
    """After an upsert without RETURNING: the written rows' ids."""
    rows = []
    for source in {s for s, _ in objects}:
        ids = [i for s, i in objects if s == source]
        for pk, public_id, source_id in model.objects.filter(
            source=source, source_id__in=ids
        ).values_list("pk", "public_id", "source_id"):
            rows.append((pk, public_id, source, source_id, None))
    return rows


@dataclass
class ImportState:
    """Kept from batch to batch: the organisations written so far (services find theirs
    without reading them again), and those whose source changed (their services' search
    documents hold their name)."""

    organisations: dict = field(default_factory=dict)
    changed_organisations: set = field(default_factory=set)


def _areas(service, zone, region_deps: dict) -> list[tuple[str, str]]:
    if not zone:
        commune = service.commune or service.organisation.commune
        zone = [(AreaKind.COMMUNE, commune.code)] if commune else []
    areas = []
    for kind, code in zone:
        if kind == "region":  # schema rule: a region is listed as its départements
            if code not in region_deps:
                region_deps[code] = list(
                    Departement.objects.filter(region_id=code).values_list("code", flat=True)
                )
            areas += [(AreaKind.DEPARTEMENT, d) for d in region_deps[code]]
        else:
            areas.append((kind, code))
    return areas


@transaction.atomic
def write_batch(structures, services, report, state: ImportState) -> None:
    """One batch, in one transaction. A service the source gives exactly as it is here, with
    the same areas and an unchanged organisation, is left as it is (tags, areas, document)."""
    codes = {r.get("code_insee") for r, _ in structures + services}
    communes = _commune_lookup(codes)
    orgs, same_orgs = _upsert(
        Organisation,
        [((r["source"], r["id"]), _organisation_values(r, e, communes)) for r, e in structures],
        report,
        "structures",
    )
    state.organisations.update(orgs)
    state.changed_organisations |= {o.pk for k, o in orgs.items() if k not in same_orgs}
    orgs = state.organisations
    # Services whose structure is not in this file may point to one imported earlier.
    missing = {(r["source"], r["structure_id"]) for r, _ in services} - set(orgs)
    for source in {s for s, _ in missing}:
        ids = [i for s, i in missing if s == source]
        for org in Organisation.objects.filter(source=source, source_id__in=ids):
            orgs[(org.source, org.source_id)] = org
    items, zones = [], {}
    for rec, extra in services:
        org = orgs.get((rec["source"], rec["structure_id"]))
        if org is None:
            report.error(rec["id"], "structure_id", "no structure with this id was imported")
            report.skipped += 1
            continue
        values = _service_values(rec, extra, communes)
        values["organisation"] = org
        items.append(((rec["source"], rec["id"]), values))
        zones[(rec["source"], rec["id"])] = extra["areas"]
    saved, same = _upsert(Service, items, report, "services")
    region_deps = {}
    areas = {key: _areas(service, zones[key], region_deps) for key, service in saved.items()}
    # An unchanged service is written again when its areas or its organisation changed.
    kept = {
        saved[k].pk: k for k in same if saved[k].organisation_id not in state.changed_organisations
    }
    current = {}
    for service_id, kind, code in ServiceArea.objects.filter(service_id__in=list(kept)).values_list(
        "service_id", "kind", "code"
    ):
        current.setdefault(service_id, set()).add((kind, code))
    left = {k for pk, k in kept.items() if current.get(pk, set()) == set(areas[k])}
    moved = len(same) - len(left)
    report.services_unchanged -= moved
    report.services_updated += moved
    services_list = [s for k, s in saved.items() if k not in left]
    ids = [s.pk for s in services_list]
    ServiceTag.objects.filter(service_id__in=ids).delete()
    ServiceArea.objects.filter(service_id__in=ids).delete()
    tags, area_rows = [], []
    for key, service in saved.items():
        if key in left:
            continue
        for kind, codes in (
            ("thematique", service.thematiques),
            ("categorie", service.categories),
            ("public", service.publics),
            ("mode_accueil", service.reception_modes),
            ("type", service.types),
        ):
            tags += [(service.pk, kind, c) for c in set(codes)]
        area_rows += [(service.pk, kind, code) for kind, code in areas[key]]
    insert_rows(ServiceTag, ["service_id", "kind", "code"], tags)
    insert_rows(ServiceArea, ["service_id", "kind", "code"], area_rows)
    index_services(services_list)
