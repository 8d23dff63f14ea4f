"""The person's shared record over the API: the same selectors and services as the pages."""

from datetime import date, datetime
from uuid import UUID

from django.db import transaction
from ninja import Router, Schema, Status

from ansam.access import fetch, records
from ansam.api.schemas import PageNumber, idempotent
from ansam.core import idempotency as idem
from ansam.core.errors import Conflict, NotFound
from ansam.organisations.models import Organisation
from ansam.people.models import Person
from ansam.sharing import selectors
from ansam.sharing import services as record_services

router = Router(tags=["records"])


class PersonIn(Schema):
    birth_name: str
    used_name: str = ""
    given_names: str
    birth_date: date
    birth_place: str = ""
    sex: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    organisation_id: UUID
    basis: str
    how: str = "orally"
    duplicates_checked: bool = False


class PersonOut(Schema):
    id: UUID
    display_name: str
    birth_name: str
    used_name: str
    given_names: str
    birth_date: date
    commune_code: str | None
    readable_sections: list[str]
    coordinator: bool


class EntryIn(Schema):
    section: str
    kind: str = "note"
    title: str
    body: str = ""
    occurred_on: date | None = None
    is_private: bool = False


class EntryUpdate(Schema):
    title: str
    body: str = ""
    occurred_on: date | None = None
    version: int


class EntryOut(Schema):
    id: UUID
    section: str
    kind: str
    title: str
    body: str
    occurred_on: date | None
    is_private: bool
    author: str
    author_organisation: str
    version: int
    has_file: bool
    created_at: datetime


class BasisIn(Schema):
    basis: str
    how: str
    organisation_id: UUID | None = None
    section: str = ""
    note: str = ""


class AuditOut(Schema):
    seq: int
    at: datetime
    actor: str
    organisation: str
    action: str
    section: str
    basis: str


def person_out(person: Person, access: records.RecordAccess) -> dict:
    return {
        "id": person.public_id,
        "display_name": person.display_name,
        "birth_name": person.birth_name,
        "used_name": person.used_name,
        "given_names": person.given_names,
        "birth_date": person.birth_date,
        "commune_code": person.commune_id,
        "readable_sections": sorted(access.sections),
        "coordinator": access.is_coordinator,
    }


def entry_out(entry) -> dict:
    return {
        "id": entry.public_id,
        "section": entry.section,
        "kind": entry.kind,
        "title": entry.title,
        "body": entry.body,
        "occurred_on": entry.occurred_on,
        "is_private": entry.is_private,
        "author": entry.author.full_name if entry.author else "",
        "author_organisation": entry.author_organisation.name if entry.author_organisation else "",
        "version": entry.version,
        "has_file": bool(entry.file),
        "created_at": entry.created_at,
    }


@router.get("/people", response=list[PersonOut], summary="My caseload")
def caseload(request, page: PageNumber = 1):
    people = list(selectors.caseload(request.user)[(page - 1) * 50 : page * 50])
    return [person_out(p, records.record_access(request.user, p)) for p in people]


@router.post("/people", response={201: PersonOut, 200: PersonOut}, openapi_extra=idem.OPENAPI)
def person_create(request, payload: PersonIn):
    return idempotent(
        request,
        lambda: _person_create(request, payload),
        lambda public_id: person_get(request, public_id),
    )


def _person_create(request, payload: PersonIn):
    org = Organisation.objects.filter(public_id=payload.organisation_id).first()
    if org is None:
        raise NotFound()
    data = payload.dict(exclude={"organisation_id", "basis", "how", "duplicates_checked"})
    try:
        person = record_services.person_create(
            actor=request.user,
            organisation=org,
            data=data,
            basis=payload.basis,
            how=payload.how,
            duplicates_checked=payload.duplicates_checked,
        )
    except record_services.DuplicateSuspected as exc:
        visible = set(
            records.persons_visible_to(request.user)
            .filter(pk__in=[c.person.pk for c in exc.candidates])
            .values_list("pk", flat=True)
        )
        raise Conflict(
            exc.message,
            code="duplicate_suspected",
            fields={
                "candidates": [
                    str(c.person.public_id) if c.person.pk in visible else "not visible"
                    for c in exc.candidates
                ]
            },
        ) from None
    return person, person_out(person, records.record_access(request.user, person))


@router.get("/people/{person_id}", response=PersonOut)
def person_get(request, person_id: str):
    page = selectors.person_page(request.user, person_id, limit=0)
    return person_out(page.person, page.access)


class PersonPatch(Schema):
    """Only the fields sent change. None may be null: send "" to clear an optional field."""

    # A default of None is not validated (the field was not sent); a null that is sent is.
    birth_name: str = None  # type: ignore[assignment]
    used_name: str = None  # type: ignore[assignment]
    given_names: str = None  # type: ignore[assignment]
    birth_date: date = None  # type: ignore[assignment]
    birth_place: str = None  # type: ignore[assignment]
    sex: str = None  # type: ignore[assignment]
    phone: str = None  # type: ignore[assignment]
    email: str = None  # type: ignore[assignment]
    address: str = None  # type: ignore[assignment]


@router.patch("/people/{person_id}", response=PersonOut)
def person_patch(request, person_id: str, payload: PersonPatch):
    person, _ = fetch.access_person_by_id(request.user, person_id)
    person = record_services.person_update(
        actor=request.user, person=person, data=payload.dict(exclude_unset=True)
    )
    return person_out(person, records.record_access(request.user, person))


@router.get("/people/{person_id}/entries", response=list[EntryOut])
def entries(request, person_id: str, section: str = ""):
    page = selectors.person_page(request.user, person_id, section=section, limit=200)
    return [entry_out(e) for e in page.entries]


@router.post(
    "/people/{person_id}/entries",
    response={201: EntryOut, 200: EntryOut},
    openapi_extra=idem.OPENAPI,
)
def entry_create(request, person_id: str, payload: EntryIn):
    person, _ = fetch.access_person_by_id(request.user, person_id)

    def create():
        entry = record_services.entry_create(
            actor=request.user, person=person, section=payload.section, data=payload.dict()
        )
        return entry, entry_out(entry)

    return idempotent(request, create, lambda public_id: entry_get(request, public_id))


@router.get("/entries/{entry_id}", response=EntryOut)
def entry_get(request, entry_id: str):
    entry, _ = selectors.entry_read(request.user, entry_id)
    return entry_out(entry)


@router.put("/entries/{entry_id}", response=EntryOut)
def entry_update(request, entry_id: str, payload: EntryUpdate):
    entry, _ = selectors.entry_for(request.user, entry_id)
    entry = record_services.entry_update(
        actor=request.user,
        entry=entry,
        data=payload.dict(exclude={"version"}),
        expected_version=payload.version,
    )
    return entry_out(entry)


@router.post("/people/{person_id}/sharing", response={201: dict})
def basis_create(request, person_id: str, payload: BasisIn):
    person, _ = fetch.access_person_by_id(request.user, person_id)
    org = None
    if payload.organisation_id:
        org = Organisation.objects.filter(public_id=payload.organisation_id).first()
        if org is None:
            raise NotFound()
    with transaction.atomic():
        row = record_services.basis_record(
            actor=request.user,
            person=person,
            basis=payload.basis,
            how=payload.how,
            organisation=org,
            section=payload.section,
            note=payload.note,
        )
    return Status(201, {"id": str(row.public_id), "basis": row.basis})


@router.get("/people/{person_id}/audit", response=list[AuditOut], summary="Who read the record")
def audit_log(request, person_id: str, page: PageNumber = 1):
    _, events = selectors.access_log(request.user, person_id)
    start = (page - 1) * 100
    return [
        {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_name,
            "organisation": e.organisation_name,
            "action": e.action,
            "section": e.section,
            "basis": e.basis,
        }
        for e in events[start : start + 100]
    ]
