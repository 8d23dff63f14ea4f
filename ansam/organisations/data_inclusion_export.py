"""Export of the directory in the data·inclusion format (schema v1), checked record by record
against the package's own models."""

import pydantic
from data_inclusion.schema import v1

from ansam.geo.models import Departement
from ansam.organisations.data_inclusion import RecordProblem
from ansam.organisations.models import Organisation, Service, ServiceArea
from ansam.organisations.taxonomies import AreaKind


def _none_if_empty(value):
    return value or None


def organisation_to_v1(org: Organisation) -> dict:
    return {
        "source": org.source,
        "id": org.source_id or str(org.public_id),
        "nom": org.name,
        "date_maj": (org.source_updated_on or org.updated_at.date()).isoformat(),
        "description": org.description if len(org.description) >= 5 else None,
        "lien_source": _none_if_empty(org.source_link),
        "siret": _none_if_empty(org.siret),
        "commune": _none_if_empty(org.commune_name),
        "code_postal": _none_if_empty(org.postal_code),
        "code_insee": org.commune_id,
        "adresse": _none_if_empty(org.address),
        "complement_adresse": _none_if_empty(org.address_complement),
        "longitude": org.longitude,
        "latitude": org.latitude,
        "telephone": _none_if_empty(org.phone),
        "courriel": _none_if_empty(org.email),
        "site_web": _none_if_empty(org.website),
        "horaires_accueil": _none_if_empty(org.opening_hours),
        "reseaux_porteurs": org.networks or None,
    }


def service_to_v1_export(service: Service, areas: list[ServiceArea]) -> dict:
    zone = []
    for area in areas:
        if area.kind == AreaKind.FRANCE:
            zone.append("france")
        elif area.kind == AreaKind.REGION:
            zone += list(
                Departement.objects.filter(region_id=area.code).values_list("code", flat=True)
            )
        else:
            zone.append(area.code)
    org = service.organisation
    return {
        "source": service.source,
        "structure_id": org.source_id or str(org.public_id),
        "id": service.source_id or str(service.public_id),
        "nom": service.name,
        "description": service.description if len(service.description) >= 5 else service.name,
        "lien_source": _none_if_empty(service.source_link),
        "date_maj": (service.source_updated_on or service.updated_at.date()).isoformat(),
        "type": service.types[0] if service.types else None,
        "thematiques": service.thematiques or None,
        "frais": _none_if_empty(service.fees),
        "frais_precisions": _none_if_empty(service.fees_details),
        "publics": service.publics or None,
        "publics_precisions": _none_if_empty(service.publics_details),
        "conditions_acces": _none_if_empty(
            "\n".join(p for p in (service.prerequisites, service.documents) if p)
        ),
        "commune": _none_if_empty(service.commune_name),
        "code_postal": _none_if_empty(service.postal_code),
        "code_insee": service.commune_id,
        "adresse": _none_if_empty(service.address),
        "complement_adresse": _none_if_empty(service.address_complement),
        "longitude": service.longitude,
        "latitude": service.latitude,
        "telephone": _none_if_empty(service.phone),
        "courriel": _none_if_empty(service.email),
        "modes_accueil": service.reception_modes or None,
        "zone_eligibilite": sorted(set(zone)) or None,
        "modes_mobilisation": service.referral_modes or None,
        "mobilisable_par": service.referrable_by or None,
        "mobilisation_precisions": _none_if_empty(service.referral_details),
        "lien_mobilisation": _none_if_empty(service.referral_link),
        "horaires_accueil": _none_if_empty(service.opening_hours),
    }


def export_directory(organisations=None) -> dict:
    """The directory as {"structures": [...], "services": [...]} in schema v1, each record
    checked against the package's models."""
    orgs = organisations if organisations is not None else Organisation.objects.all()
    structures = [organisation_to_v1(o) for o in orgs.order_by("pk")]
    services = []
    qs = Service.objects.filter(organisation__in=orgs).select_related("organisation")
    areas = {}
    for area in ServiceArea.objects.filter(service__in=qs):
        areas.setdefault(area.service_id, []).append(area)
    for service in qs.order_by("pk"):
        services.append(service_to_v1_export(service, areas.get(service.pk, [])))
    problems: list[RecordProblem] = []
    structures = [r for r in (_valid(v1.Structure, r, problems) for r in structures) if r]
    services = [r for r in (_valid(v1.Service, r, problems) for r in services) if r]
    return {"structures": structures, "services": services, "problems": problems}


def _valid(model, record: dict, problems: list) -> dict | None:
    """The record as the schema accepts it: an invalid optional value (an email the schema
    refuses, say) is left out and reported; a record still invalid is skipped and reported."""
    for _ in range(5):
        try:
            model.model_validate(record)
            return record
        except pydantic.ValidationError as exc:
            fields = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            optional = {f for f in fields if not model.model_fields[f].is_required()}
            for err in exc.errors():
                kind = "warning" if err["loc"] and err["loc"][0] in optional else "error"
                problems.append(
                    RecordProblem(record["id"], ".".join(map(str, err["loc"])), err["msg"], kind)
                )
            if fields - optional or not optional:
                return None
            record = {**record, **{f: None for f in optional}}
    return None
