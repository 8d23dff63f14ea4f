from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from ansam.access import fetch, scopes
from ansam.api.schemas import (
    MeOut,
    OrganisationOut,
    OrganisationPatch,
    PageNumber,
    SearchPageOut,
    ServiceIn,
    ServiceOut,
)
from ansam.core.errors import AnsamError
from ansam.geo.models import Commune
from ansam.organisations import services as org_services
from ansam.organisations import taxonomies
from ansam.organisations.search import DirectoryQuery, search_directory

router = Router(tags=["directory"])


def _labelled(kind, codes):
    return [{"code": c, "label": taxonomies.label(kind, c)} for c in codes]


def service_out(service) -> dict:
    return {
        "id": service.public_id,
        "name": service.name,
        "organisation": {"id": service.organisation.public_id, "name": service.organisation.name},
        "summary": service.summary,
        "description": service.description,
        "types": _labelled("type", service.types),
        "thematiques": _labelled("thematique", service.thematiques),
        "publics": _labelled("public", service.publics),
        "fees": service.fees,
        "reception_modes": service.reception_modes,
        "referral_modes": service.referral_modes,
        "referrable_by": service.referrable_by,
        "prerequisites": service.prerequisites,
        "documents": service.documents,
        "address": service.address,
        "postal_code": service.postal_code,
        "commune_code": service.commune_id,
        "commune_name": service.commune_name,
        "phone": service.phone,
        "email": service.email,
        "capacity_status": service.capacity_status,
        "last_verified_on": service.last_verified_on,
        "areas": [{"kind": a.kind, "code": a.code} for a in service.areas.all()],
        "original_codes": service.original_codes,
    }


class SearchParams(Schema):
    q: str = ""
    thematique: str = ""
    public: str = ""
    commune: str = ""
    departement: str = ""
    reception_mode: str = ""
    fees: str = ""
    capacity: str = ""
    page: PageNumber = 1


@router.get("/directory/services", response=SearchPageOut, summary="Search the directory")
def search(request, params: Query[SearchParams]):
    fields = params.dict(exclude={"page", "q"})
    query = DirectoryQuery(text=params.q, **fields)
    result = search_directory(query, page=params.page, full=True)
    return {
        "total": result.total,
        "more": result.capped,
        "page": result.page,
        "pages": result.pages,
        "items": [
            {"service": service_out(hit.service), "reasons": hit.reasons} for hit in result.hits
        ],
        "corrected": result.corrected,
        "suggested_thematiques": result.suggested,
    }


@router.get("/services/{service_id}", response=ServiceOut)
def service_get(request, service_id: str):
    return service_out(fetch.access_service_by_id(request.user, service_id))


def _service_data(payload: ServiceIn) -> tuple[dict, list | None]:
    data = payload.dict(exclude={"areas", "commune_code"})
    data["commune"] = None
    if payload.commune_code:
        data["commune"] = Commune.objects.filter(code=payload.commune_code).first()
        if data["commune"] is None:
            raise AnsamError(fields={"commune_code": [_("Unknown INSEE code.")]})
    areas = [(a.kind, a.code) for a in payload.areas] if payload.areas is not None else None
    return data, areas


@router.put("/services/{service_id}", response=ServiceOut)
def service_update(request, service_id: str, payload: ServiceIn):
    service = fetch.access_service_by_id(request.user, service_id, manage=True)
    data, areas = _service_data(payload)
    saved = org_services.service_save(
        actor=request.user,
        organisation=service.organisation,
        service=service,
        data=data,
        areas=areas,
    )
    return service_out(saved)


@router.delete("/services/{service_id}", response={204: None})
def service_remove(request, service_id: str):
    service = fetch.access_service_by_id(request.user, service_id, manage=True)
    org_services.service_delete(actor=request.user, service=service)
    return Status(204, None)


def organisation_out(org) -> dict:
    return {
        "id": org.public_id,
        "name": org.name,
        "siret": org.siret,
        "rna": org.rna,
        "typology": org.typology,
        "description": org.description,
        "address": org.address,
        "postal_code": org.postal_code,
        "commune_code": org.commune_id,
        "commune_name": org.commune_name,
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
        "opening_hours": org.opening_hours,
        "services": [{"id": s.public_id, "name": s.name} for s in org.services.order_by("name")],
    }


@router.get("/organisations/{organisation_id}", response=OrganisationOut)
def organisation_get(request, organisation_id: str):
    return organisation_out(fetch.access_organisation_by_id(request.user, organisation_id))


@router.patch("/organisations/{organisation_id}", response=OrganisationOut)
def organisation_patch(request, organisation_id: str, payload: OrganisationPatch):
    org = fetch.access_organisation_by_id(request.user, organisation_id, manage=True)
    data = payload.dict(exclude_unset=True)
    if "commune_code" in data:
        code = data.pop("commune_code")
        data["commune"] = Commune.objects.filter(code=code).first() if code else None
        if code and data["commune"] is None:
            raise AnsamError(fields={"commune_code": [_("Unknown INSEE code.")]})
    for key in list(data):
        if data[key] is None and key != "commune":
            data[key] = ""
    org_services.organisation_update(actor=request.user, organisation=org, data=data)
    return organisation_out(org)


@router.post("/organisations/{organisation_id}/services", response={201: ServiceOut})
def service_create(request, organisation_id: str, payload: ServiceIn):
    org = fetch.access_organisation_by_id(request.user, organisation_id, manage=True)
    data, areas = _service_data(payload)
    saved = org_services.service_save(actor=request.user, organisation=org, data=data, areas=areas)
    return Status(201, service_out(saved))


@router.get("/taxonomies", summary="The data·inclusion v1 vocabularies used by the directory")
def vocabularies(request):
    return {
        "thematiques": [{"code": c, "label": v} for c, v in taxonomies.THEMATIQUES],
        "categories": [{"code": c, "label": v} for c, v in taxonomies.CATEGORIES],
        "publics": [{"code": c, "label": v} for c, v in taxonomies.PUBLICS],
        "types": [{"code": c, "label": v} for c, v in taxonomies.TYPES_SERVICE],
        "frais": [{"code": c, "label": v} for c, v in taxonomies.FRAIS],
        "modes_accueil": [{"code": c, "label": v} for c, v in taxonomies.MODES_ACCUEIL],
        "capacity": [{"code": c, "label": str(v)} for c, v in taxonomies.CapacityStatus.choices],
    }


@router.get("/me", response=MeOut)
def me(request):
    user = request.user
    return {
        "id": user.public_id,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "memberships": [
            {
                "organisation": {"id": str(m.organisation.public_id), "name": m.organisation.name},
                "role": m.role,
            }
            for m in scopes.memberships_of(user)
        ],
    }
