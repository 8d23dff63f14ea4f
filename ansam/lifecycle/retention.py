"""Retention of records (CNIL reference for social and medico-social accompaniment): once no
organisation accompanies the person and nothing is pending, a record is kept
ANSAM_RETENTION_DAYS after the last contact, then archived (restricted access) or anonymised,
as the operator set ANSAM_RETENTION_MODE. Each record handled is audited; a dry run reports
without changing anything."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.continuity.models import Signal
from ansam.meetings.models import CasePresentation, Meeting
from ansam.people.models import Person, Relation
from ansam.plans.models import Action, Plan, Signature
from ansam.referrals.models import OPEN, PersonFlag, Referral
from ansam.sharing.models import (
    AccompanimentClosure,
    CareTeamMember,
    EmergencyAccess,
    Entry,
    SharingBasis,
)

CHUNK = 500


@dataclass
class Decision:
    person: Person
    last_contact: datetime
    keep_until: datetime
    due: bool
    reason: str


def _max_by_person(queryset, field: str, ids) -> dict[int, datetime]:
    return dict(
        queryset.filter(person_id__in=ids)
        .values("person_id")
        .annotate(last=Max(field))
        .values_list("person_id", "last")
    )


def last_contacts(persons: list[Person]) -> dict[int, datetime]:
    """The last sign of an accompaniment, per person: their record, entries, care team,
    closures, referrals and plan."""

    ids = [p.pk for p in persons]
    result = {p.pk: p.updated_at for p in persons}
    sources = [
        _max_by_person(Entry.objects, "updated_at", ids),
        _max_by_person(CareTeamMember.objects, "since", ids),
        _max_by_person(CareTeamMember.objects, "until", ids),
        _max_by_person(AccompanimentClosure.objects, "created_at", ids),
        _max_by_person(Referral.objects, "updated_at", ids),
        _max_by_person(Plan.objects, "updated_at", ids),
        dict(
            Action.objects.filter(plan__person_id__in=ids)
            .values("plan__person_id")
            .annotate(last=Max("updated_at"))
            .values_list("plan__person_id", "last")
        ),
    ]
    for source in sources:
        for pk, when in source.items():
            if when and when > result[pk]:
                result[pk] = when
    return result


def _activity_reason(person: Person) -> str:
    if CareTeamMember.objects.filter(person=person, is_active=True).exists():
        return _("An organisation still accompanies this person.")
    if Relation.objects.filter(
        relative=person, person__in=CareTeamMember.objects.filter(is_active=True).values("person")
    ).exists():
        return _("This person is a relative of a person still accompanied.")
    if Referral.objects.filter(person=person, state__in=list(OPEN)).exists():
        return _("A referral of this person is still open.")
    return ""


def decide(persons: list[Person], now: datetime) -> list[Decision]:
    keep = timedelta(days=settings.ANSAM_RETENTION_DAYS)
    contacts = last_contacts(persons)
    decisions = []
    for person in persons:
        last = contacts[person.pk]
        reason = _activity_reason(person)
        if not reason and last + keep > now:
            reason = _("Last contact on %(date)s: kept until %(until)s.") % {
                "date": last.date().isoformat(),
                "until": (last + keep).date().isoformat(),
            }
        decisions.append(Decision(person, last, last + keep, not reason, reason))
    return decisions


def candidates(now: datetime, mode: str):
    """Records nobody accompanies any more and with nothing open (in anonymise mode, archived
    ones too)."""
    active = CareTeamMember.objects.filter(is_active=True).values("person_id")
    open_referrals = Referral.objects.filter(state__in=list(OPEN)).values("person_id")
    rows = Person.objects.filter(
        anonymised_at=None,
        merged_into=None,
        updated_at__lt=now - timedelta(days=settings.ANSAM_RETENTION_DAYS),
    )
    if mode == "archive":
        rows = rows.filter(archived_at=None)
    # A household member lives in the record of the person accompanied, as long as it is kept.
    relatives = Relation.objects.filter(person__in=active).values("relative_id")
    return (
        rows.exclude(pk__in=active)
        .exclude(pk__in=open_referrals)
        .exclude(pk__in=relatives)
        .order_by("pk")
    )


def handled(person: Person, mode: str) -> bool:
    return person.anonymised_at is not None or (mode == "archive" and bool(person.archived_at))


def _delete_files(rows) -> None:
    for row in rows:
        if row.file:
            row.file.delete(save=False)


@transaction.atomic
def anonymise(person: Person, now: datetime) -> None:
    """Erase what identifies the person and what was written about them; keep the bare facts
    the territory's statistics count (referrals between organisations, care-team spans)."""

    _delete_files(Entry.objects.filter(person=person).exclude(file=""))
    _delete_files(Signature.objects.filter(version__plan__person=person).exclude(file=""))
    Entry.objects.filter(person=person).delete()
    Plan.objects.filter(person=person).delete()
    SharingBasis.objects.filter(person=person).delete()
    Relation.objects.filter(person=person).delete()
    Relation.objects.filter(relative=person).delete()
    PersonFlag.objects.filter(person=person).delete()
    EmergencyAccess.objects.filter(person=person).delete()
    Signal.objects.filter(person=person).delete()
    # The meetings about the person (viewpoints, minutes, decisions, notes, the summary) go
    # with the record; a case shown to a peer group keeps only its reviewed pseudonymised text.
    Meeting.objects.filter(person=person).delete()
    CasePresentation.objects.filter(person=person).update(source_text="", spans=[], person=None)
    AccompanimentClosure.objects.filter(person=person).update(note="")
    Referral.objects.filter(person=person).update(need_words="", reason="", answer_text="")
    birth_year = person.birth_date.year
    Person.objects.filter(pk=person.pk).update(
        birth_name="ANONYME",
        used_name="",
        given_names="-",
        birth_date=date(birth_year, 1, 1),
        birth_place="",
        phone="",
        email="",
        address="",
        commune=None,
        name_key="",
        given_key="",
        anonymised_at=now,
        archived_at=now,
    )


def apply(decision: Decision, mode: str, now: datetime) -> None:
    person = decision.person
    with transaction.atomic():
        if mode == "anonymise":
            anonymise(person, now)
        else:
            Person.objects.filter(pk=person.pk).update(archived_at=now)
        audit(
            actor=None,
            person=person,
            action=Audit.RETENTION_ANONYMISE if mode == "anonymise" else Audit.RETENTION_ARCHIVE,
            detail={"last_contact": decision.last_contact.date().isoformat()},
        )


def retention_run(*, now=None, dry_run: bool = False, mode: str | None = None) -> list[Decision]:
    """Handle every record past its retention; return what was (or, dry, would be) done."""
    now = now or timezone.now()
    mode = mode or settings.ANSAM_RETENTION_MODE
    done = []
    ids = list(candidates(now, mode).values_list("pk", flat=True))
    for i in range(0, len(ids), CHUNK):
        persons = list(Person.objects.filter(pk__in=ids[i : i + CHUNK]))
        for decision in decide(persons, now):
            if not decision.due:
                continue
            if not dry_run:
                apply(decision, mode, now)
            done.append(decision)
    return done


def retention_one(person: Person, *, now=None, dry_run: bool = False, mode: str | None = None):
    """One record, on an operator's request: refused, with the reason, while it has activity."""
    now = now or timezone.now()
    mode = mode or settings.ANSAM_RETENTION_MODE
    decision = decide([person], now)[0]
    if handled(person, mode):
        decision.due = False
        decision.reason = _("This record was already handled.")
    if decision.due and not dry_run:
        apply(decision, mode, now)
    return decision
