from datetime import date
from typing import Annotated
from uuid import UUID

from ninja import Schema
from pydantic import Field

from ansam.core import idempotency
from ansam.organisations.search import MAX_PAGE


class CodeLabel(Schema):
    code: str
    label: str


class OrganisationRef(Schema):
    id: UUID
    name: str


class ServiceOut(Schema):
    id: UUID
    name: str
    organisation: OrganisationRef
    summary: str
    description: str
    types: list[CodeLabel]
    thematiques: list[CodeLabel]
    publics: list[CodeLabel]
    fees: str
    reception_modes: list[str]
    referral_modes: list[str]
    referrable_by: list[str]
    prerequisites: str
    documents: str
    address: str
    postal_code: str
    commune_code: str | None
    commune_name: str
    phone: str
    email: str
    capacity_status: str
    last_verified_on: date | None
    areas: list[dict]
    original_codes: dict


class SearchHitOut(Schema):
    service: ServiceOut
    reasons: list[str]


class SearchPageOut(Schema):
    total: int
    more: bool = False
    page: int
    pages: int
    items: list[SearchHitOut]
    corrected: dict[str, str] = Field(
        default_factory=dict, description="Typed words searched as a word of the directory"
    )
    suggested_thematiques: list[str] = Field(
        default_factory=list,
        description="When no service matched the words: the nearest thematiques, whose "
        "services are listed instead",
    )


class OrganisationOut(Schema):
    id: UUID
    name: str
    siret: str
    rna: str
    typology: str
    description: str
    address: str
    postal_code: str
    commune_code: str | None
    commune_name: str
    phone: str
    email: str
    website: str
    opening_hours: str
    services: list[OrganisationRef]


class OrganisationPatch(Schema):
    name: str | None = None
    siret: str | None = None
    rna: str | None = None
    typology: str | None = None
    description: str | None = None
    address: str | None = None
    address_complement: str | None = None
    postal_code: str | None = None
    commune_code: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    opening_hours: str | None = None


class AreaIn(Schema):
    kind: str
    code: str = ""


class ServiceIn(Schema):
    name: str
    summary: str = ""
    description: str = ""
    types: list[str] = []
    thematiques: list[str] = []
    publics: list[str] = []
    publics_details: str = ""
    fees: str = ""
    fees_details: str = ""
    reception_modes: list[str] = []
    referral_modes: list[str] = []
    referrable_by: list[str] = []
    referral_details: str = ""
    referral_link: str = ""
    prerequisites: str = ""
    documents: str = ""
    address: str = ""
    postal_code: str = ""
    commune_code: str | None = None
    phone: str = ""
    email: str = ""
    contact_name: str = ""
    opening_hours: str = ""
    capacity_status: str = "open"
    last_verified_on: date | None = None
    referral_reminder_days: int = 10
    referral_expiry_days: int = 30
    areas: list[AreaIn] | None = None


class MeOut(Schema):
    id: UUID
    email: str
    first_name: str
    last_name: str
    memberships: list[dict]


# A page number: 1 to MAX_PAGE (past it a list answers nothing new, and a larger offset fails in
# SQL); anything else is a 422 that names the field.
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE)]


def idempotent(request, create, replay):
    """Run a creation under the request's Idempotency-Key: `create()` returns (object, body);
    `replay(public_id)` the body of what the same request created before."""
    from ninja import Status

    claim, done = idempotency.begin(request)
    if done:
        return Status(200, replay(done))
    try:
        obj, body = create()
    except BaseException:
        idempotency.abandon(claim)
        raise
    idempotency.finish(claim, obj.public_id)
    return Status(201, body)
