"""Functions that change a person's record. Each checks the access policy, runs in one
transaction and appends its audit event in that same transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import records
from ansam.access.audit import Action
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.continuity import services as continuity
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.organisations.models import Membership, Organisation
from ansam.people.duplicates import find_candidates, name_key
from ansam.people.models import Person
from ansam.sharing.models import (
    CareTeamMember,
    Entry,
    EntryVersion,
    SharingBasis,
)
from ansam.sharing.sections import Section

PERSON_FIELDS = [
    "birth_name",
    "used_name",
    "given_names",
    "birth_date",
    "birth_place",
    "sex",
    "phone",
    "email",
    "address",
    "commune",
]
MAX_UPLOAD = 10 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
# The first bytes of each allowed type: the declared type is not trusted.
MAGIC = {
    "application/pdf": [b"%PDF"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "image/png": [b"\x89PNG"],
    "application/vnd.oasis.opendocument.text": [b"PK"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [b"PK"],
}


class DuplicateSuspected(AnsamError):
    code = "duplicate_suspected"
    status = 409

    def __init__(self, candidates) -> None:
        super().__init__(_("A record may already exist for this person."))
        self.candidates = candidates


def _membership(actor: User, organisation: Organisation) -> Membership:
    membership = Membership.objects.filter(
        user=actor, organisation=organisation, is_active=True
    ).first()
    if membership is None:
        raise NotFound()
    return membership


def visible_access(actor: User, person: Person) -> records.RecordAccess:
    """The actor's access to the record; a record the actor may not see does not exist."""
    access = records.record_access(actor, person)
    if not access.visible:
        raise NotFound()
    return access


def _validate_person(data: dict) -> dict:
    errors = {}
    for name in ("birth_name", "given_names"):
        if not (data.get(name) or "").strip():
            errors[name] = [_("This field is required.")]
    birth_date = data.get("birth_date")
    if not isinstance(birth_date, date):
        errors["birth_date"] = [_("Enter a valid date.")]
    elif birth_date > timezone.localdate():
        errors["birth_date"] = [_("The birth date cannot be in the future.")]
    elif birth_date.year < 1900:
        errors["birth_date"] = [_("The birth date is not plausible.")]
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        errors["__all__"] = [_("Unknown field: %s") % ", ".join(sorted(unknown))]
    if errors:
        raise AnsamError(_("Some fields are not valid."), fields=errors)
    return data


def _apply_person(person: Person, data: dict) -> None:
    for key, value in data.items():
        setattr(person, key, value.strip() if isinstance(value, str) else value)
    person.name_key = name_key(person.birth_name, person.used_name)
    person.given_key = name_key(person.given_names)


@transaction.atomic
def person_create(
    *,
    actor: User,
    organisation: Organisation,
    data: dict,
    basis: str,
    how: str,
    duplicates_checked: bool = False,
) -> Person:
    """Create a record coordinated by the actor. Likely duplicates anywhere on the territory
    stop the creation until the worker has seen them (duplicates_checked=True)."""
    membership = _membership(actor, organisation)
    _validate_person(data)
    if basis not in (SharingBasis.Basis.INFORMED, SharingBasis.Basis.CONSENT):
        raise AnsamError(
            _("Record how the person was informed before creating the record."),
            fields={"basis": [_("The person must be informed, or consent.")]},
        )
    if not duplicates_checked:
        candidates = find_candidates(
            birth_name=data["birth_name"],
            used_name=data.get("used_name", ""),
            given_names=data["given_names"],
            birth_date=data["birth_date"],
        )
        if candidates:
            raise DuplicateSuspected(candidates)
    person = Person(created_by=actor)
    _apply_person(person, data)
    person.save()
    accompaniment_open(
        actor=actor,
        person=person,
        organisation=organisation,
        basis=basis,
        how=how,
        role=membership.role,
    )
    return person


def accompaniment_open(
    *,
    actor: User,
    person: Person,
    organisation: Organisation,
    basis: str,
    how: str,
    role: str = "",
    detail: dict | None = None,
) -> None:
    """The actor coordinates the person's accompaniment through this organisation, on what
    the person was told; in the caller's transaction, audited as the record's creation."""
    CareTeamMember.objects.create(
        person=person,
        organisation=organisation,
        professional=actor,
        role=CareTeamMember.Role.COORDINATOR,
        joined_how=CareTeamMember.JoinedHow.CREATED,
    )
    SharingBasis.objects.create(
        person=person,
        basis=basis,
        how=how,
        recorded_by=actor,
        recorded_by_organisation=organisation,
    )
    audit(
        actor=actor,
        action=Action.CREATE_PERSON,
        person=person,
        organisation=organisation,
        role=role,
        basis=basis,
        detail=detail,
    )


@transaction.atomic
def person_update(*, actor: User, person: Person, data: dict) -> Person:
    access = visible_access(actor, person)
    if not records.can_write_entry(access, Section.IDENTITY):
        raise Forbidden(_("You may not change this person's identity."))
    merged = {f: getattr(person, f) for f in PERSON_FIELDS} | data
    _validate_person(merged)
    _apply_person(person, data)
    person.save()
    audit(
        actor=actor,
        action=Action.UPDATE_PERSON,
        person=person,
        organisation=access.organisation,
        section=Section.IDENTITY,
        basis=access.basis_for(Section.IDENTITY),
        detail={"fields": sorted(data)},
    )
    return person


def check_upload(upload) -> tuple[str, str, int]:
    if upload.size > MAX_UPLOAD:
        raise AnsamError(
            _("The file is too large (10 MB at most)."), fields={"file": [_("Too large.")]}
        )
    declared = (getattr(upload, "content_type", "") or "").split(";")[0]
    head = upload.read(8)
    upload.seek(0)
    if declared not in ALLOWED_TYPES or not any(head.startswith(m) for m in MAGIC[declared]):
        raise AnsamError(
            _("This type of file is not accepted (PDF, JPEG, PNG, ODT or DOCX)."),
            fields={"file": [_("Type not accepted.")]},
        )
    return upload.name[-255:], declared, upload.size


@transaction.atomic
def entry_create(*, actor: User, person: Person, section: str, data: dict, upload=None) -> Entry:
    access = visible_access(actor, person)
    if section not in Section.values or not records.can_write_entry(access, section):
        raise Forbidden(
            _("You may not write in this section of the record."),
            fields={"section": [_("Not allowed for your organisation.")]},
        )
    title = (data.get("title") or "").strip()
    if not title:
        raise AnsamError(_("Some fields are not valid."), fields={"title": [_("Required.")]})
    entry = Entry(
        person=person,
        section=section,
        kind=data.get("kind") or Entry.Kind.NOTE,
        title=title[:200],
        body=data.get("body", ""),
        occurred_on=data.get("occurred_on"),
        is_private=bool(data.get("is_private")),
        author=actor,
        author_organisation=access.organisation,
    )
    if entry.kind not in Entry.Kind.values:
        raise AnsamError(_("Some fields are not valid."), fields={"kind": [_("Unknown kind.")]})
    if upload is not None:
        entry.file_name, entry.file_type, entry.file_size = check_upload(upload)
        entry.kind = Entry.Kind.DOCUMENT
        entry.file.save(f"{entry.public_id}{ALLOWED_TYPES[entry.file_type]}", upload, save=False)
    entry.save()
    audit(
        actor=actor,
        action=Action.CREATE_ENTRY,
        person=person,
        organisation=access.organisation,
        section=section,
        basis=access.basis_for(section),
        detail={"entry": str(entry.public_id), "kind": entry.kind},
    )
    # An entry is a contact: the organisation's "no contact" warning closes, wherever the entry
    # was written from.
    continuity.close_for(
        subject=f"person:{person.pk}",
        act="note",
        actor=actor,
        organisation_id=access.organisation.pk if access.organisation else None,
        kinds=["no_contact"],
    )
    return entry


@transaction.atomic
def entry_update(*, actor: User, entry: Entry, data: dict, expected_version: int) -> Entry:
    """Edit an entry; the previous state is kept as a version. A stale version is refused."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    access = records.record_access(actor, entry.person)
    if not access.visible or not access.can_read(entry.section):
        raise NotFound()
    if not records.can_edit_entry(actor, access, entry):
        raise Forbidden(_("Only the author may change this entry."))
    if entry.version != expected_version:
        raise Conflict(
            _("Someone changed this entry meanwhile. Reload it to see their version."),
            code="stale_version",
        )
    EntryVersion.objects.create(
        entry=entry,
        version=entry.version,
        section=entry.section,
        title=entry.title,
        body=entry.body,
        occurred_on=entry.occurred_on,
        edited_by=actor,
        edited_at=timezone.now(),
    )
    title = (data.get("title", entry.title) or "").strip()
    if not title:
        raise AnsamError(_("Some fields are not valid."), fields={"title": [_("Required.")]})
    entry.title = title[:200]
    entry.body = data.get("body", entry.body)
    entry.occurred_on = data.get("occurred_on", entry.occurred_on)
    entry.version += 1
    entry.save()
    audit(
        actor=actor,
        action=Action.UPDATE_ENTRY,
        person=entry.person,
        organisation=access.organisation,
        section=entry.section,
        basis=access.basis_for(entry.section),
        detail={"entry": str(entry.public_id), "version": entry.version},
    )
    return entry


@transaction.atomic
def basis_record(
    *,
    actor: User,
    person: Person,
    basis: str,
    how: str,
    organisation: Organisation | None = None,
    section: str = "",
    note: str = "",
) -> SharingBasis:
    """Record what the person said. Takes effect on every partner's next request."""
    access = visible_access(actor, person)
    if not records.can_record_basis(access, organisation):
        raise Forbidden(
            _(
                "Only the coordinator records what the person says for the whole team or for "
                "another organisation; you may record it for your own organisation."
            )
        )
    errors = {}
    if basis not in SharingBasis.Basis.values:
        errors["basis"] = [_("Unknown basis.")]
    if how not in SharingBasis.How.values:
        errors["how"] = [_("Say how the person expressed it.")]
    if section and section not in Section.values:
        errors["section"] = [_("Unknown section.")]
    elif section and organisation is not None:
        if section not in records.profile_sections(organisation):
            # It would change nothing: say so rather than record a choice that is ignored.
            errors["section"] = [
                _(
                    "%(org)s does not read the section “%(section)s” (its need-to-know profile): "
                    "this would change nothing."
                )
                % {"org": organisation.name, "section": Section(section).label}
            ]
    if errors:
        raise AnsamError(_("Some fields are not valid."), fields=errors)
    row = SharingBasis.objects.create(
        person=person,
        organisation=organisation,
        section=section,
        basis=basis,
        how=how,
        note=note[:500],
        recorded_by=actor,
        recorded_by_organisation=access.organisation,
    )
    audit(
        actor=actor,
        action=Action.RECORD_BASIS,
        person=person,
        organisation=access.organisation,
        section=section,
        basis=basis,
        detail={"for_organisation": organisation.name if organisation else "", "how": how},
    )
    return row


def clean_date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("Enter a valid date.")) from None
