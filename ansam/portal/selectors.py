"""What the person reads in their own space, in plain words: their plan as it stands for them
to answer, their referrals, their care team and what each reads, their choices, who read their
record, and everything Ansam holds about them (RGPD art. 15 and 20)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import portal as policy
from ansam.access.audit import BASIS_LABELS, action_label
from ansam.access.audit import Action as Audit
from ansam.access.models import AuditEvent
from ansam.access.records import latest_basis, profile_sections, profiles_of, team_sections
from ansam.core.ids import maybe_public_id
from ansam.meetings.models import Meeting, Participant, Viewpoint
from ansam.organisations.models import Organisation
from ansam.people.models import Person
from ansam.plans import content as plan_content
from ansam.plans.models import Plan, PlanVersion, Signature
from ansam.portal.models import CorrectionRequest, PortalAccess, SignInCode
from ansam.referrals.models import Referral
from ansam.sharing.models import CareTeamMember, Entry, SharingBasis
from ansam.sharing.sections import Section


@dataclass
class PlanToAnswer:
    version: PlanVersion | None
    goals: list[dict[str, Any]] = field(default_factory=list)  # each with its actions
    needs: list[dict[str, Any]] = field(default_factory=list)
    answer: Signature | None = None


def plan(person: Person) -> PlanToAnswer:
    found = Plan.objects.filter(person=person).first()
    version = found.versions.order_by("-number").first() if found else None
    shown = PlanToAnswer(version=version)
    if version is None:
        return shown
    content = version.content
    shown.needs = content["needs"]
    for goal in content["goals"]:
        actions = [a for a in content["actions"] if a["goal"] == goal["key"]]
        shown.goals.append(goal | {"actions": actions})
    shown.answer = version.signatures.filter(party=plan_content.PERSON).first()
    return shown


def referrals(person: Person) -> list[Referral]:
    return list(
        Referral.objects.filter(person=person)
        .select_related("receiver_organisation", "sender_organisation", "service")
        .order_by("-created_at")[:100]
    )


def referral(person: Person, public_id: str) -> Referral | None:
    pid = maybe_public_id(public_id)
    if pid is None:
        return None
    return (
        Referral.objects.filter(person=person, public_id=pid)
        .select_related("receiver_organisation", "sender_organisation", "sender", "person")
        .first()
    )


@dataclass
class TeamRow:
    organisation: Organisation
    professionals: list[str]
    coordinator: bool
    sections: list[str]  # labels of what it reads now


def _bases(person: Person) -> list[SharingBasis]:
    return list(SharingBasis.objects.filter(person=person))


def team(person: Person) -> list[TeamRow]:
    members = list(
        CareTeamMember.objects.filter(person=person, is_active=True).select_related(
            "organisation", "professional"
        )
    )
    bases = _bases(person)
    profiles = profiles_of(m.organisation for m in members)
    rows: dict[int, TeamRow] = {}
    for m in members:
        row = rows.get(m.organisation_id)
        if row is None:
            row = rows[m.organisation_id] = TeamRow(m.organisation, [], False, [])
        row.professionals.append(m.professional.full_name or m.professional.email)
        row.coordinator |= m.role == CareTeamMember.Role.COORDINATOR
    for org_id, row in rows.items():
        opened = team_sections([m for m in members if m.organisation_id == org_id], bases, profiles)
        row.sections = [str(Section(s).label) for s in Section.values if s in opened]
    return sorted(rows.values(), key=lambda r: (not r.coordinator, r.organisation.name))


@dataclass
class ChoiceRow:
    organisation: Organisation
    section: str
    label: str
    basis: str  # the latest recorded for it, "" when none
    basis_label: str
    shared: bool


def choices(person: Person) -> list[ChoiceRow]:
    """Each organisation of the team and each part of the record its profile reads, with what
    the person said last (for it, for the whole team, for every part)."""
    members = list(
        CareTeamMember.objects.filter(person=person, is_active=True).select_related("organisation")
    )
    orgs = {m.organisation_id: m.organisation for m in members}
    profiles = profiles_of(orgs.values())
    bases = _bases(person)
    rows = []
    labels = dict(SharingBasis.Basis.choices)
    for org in sorted(orgs.values(), key=lambda o: o.name):
        opened = team_sections([m for m in members if m.organisation_id == org.pk], bases, profiles)
        for section in profile_sections(org, profiles):
            if section in policy.NOT_SELF_SERVED:
                continue
            latest = latest_basis(org.pk, section, bases)
            basis = latest.basis if latest is not None else ""
            rows.append(
                ChoiceRow(
                    organisation=org,
                    section=section,
                    label=str(Section(section).label),
                    basis=basis,
                    basis_label=str(labels.get(basis, _("Nothing said yet"))),
                    shared=section in opened,
                )
            )
    return rows


@dataclass
class LogLine:
    at: Any
    who: str
    organisation: str
    what: str
    section: str
    basis: str
    emergency: bool


def _own_labels() -> dict[str, str]:
    """The person's own doings, said to them."""
    return {
        Audit.RECORD_BASIS: _("changed your choices about sharing"),
        Audit.PLAN_ANSWER: _("answered your plan"),
        Audit.PORTAL_SIGN_IN: _("signed in to your space"),
        Audit.PORTAL_EXPORT: _("downloaded your data"),
        Audit.CORRECTION_ASK: _("asked for a correction of your data"),
    }


def _what(event: AuditEvent, own: dict[str, str]) -> str:
    if event.role == policy.PERSON_ROLE:
        return own.get(event.action) or action_label(event.action)
    return action_label(event.action)


def log(person: Person, page: int | str | None = 1) -> tuple[Page, list[LogLine]]:
    """Who did what with the record, newest first, in words."""
    events = AuditEvent.objects.filter(person_id=person.pk).order_by("-seq")
    shown = Paginator(events, 50).get_page(page)
    bases = dict(SharingBasis.Basis.choices) | {k: str(v) for k, v in BASIS_LABELS.items()}
    own = _own_labels()
    lines = [
        LogLine(
            at=e.at,
            who=_("You")
            if e.role == policy.PERSON_ROLE
            else (e.actor_name or _("Ansam (automatic)")),
            organisation=e.organisation_name,
            what=_what(e, own),
            section=str(Section(e.section).label) if e.section in Section.values else "",
            basis=str(bases.get(e.basis, e.basis)),
            emergency=e.basis == "emergency" or e.action in ("emergency_access",),
        )
        for e in shown.object_list
    ]
    return shown, lines


def corrections(person: Person) -> list[CorrectionRequest]:
    return list(CorrectionRequest.objects.filter(person=person).order_by("-created_at"))


def everything(person: Person) -> dict[str, Any]:
    """Everything Ansam holds about the person that is theirs to take away: identity, record
    entries (not the professionals' private working notes, nor child protection information,
    which a professional gives in person), plan versions and answers, referrals, care team,
    choices, corrections asked, and who read the record."""
    entries = (
        Entry.objects.filter(person=person, is_private=False)
        .exclude(section__in=policy.NOT_SELF_SERVED)
        .select_related("author_organisation")
        .order_by("created_at")
    )
    own = _own_labels()
    found = Plan.objects.filter(person=person).first()
    versions = (
        list(found.versions.order_by("number").prefetch_related("signatures")) if found else []
    )
    return {
        "identity": {
            "birth_name": person.birth_name,
            "used_name": person.used_name,
            "given_names": person.given_names,
            "birth_date": person.birth_date.isoformat(),
            "birth_place": person.birth_place,
            "sex": person.sex,
            "phone": person.phone,
            "email": person.email,
            "address": person.address,
            "commune": person.commune_id or "",
        },
        "entries": [
            {
                "section": e.section,
                "section_label": str(Section(e.section).label),
                "kind": e.kind,
                "title": e.title,
                "text": e.body,
                "date": e.occurred_on.isoformat() if e.occurred_on else "",
                "written_at": e.created_at.isoformat(),
                "organisation": e.author_organisation.name if e.author_organisation else "",
                "document": e.file_name,
            }
            for e in entries
        ],
        "plan": [
            {
                "version": v.number,
                "proposed_at": v.created_at.isoformat(),
                "content": v.content,
                "answers": [
                    {
                        "party": s.party,
                        "decision": s.decision,
                        "refusals": s.refusals,
                        "reason": s.reason,
                        "how": s.how,
                        "on": s.signed_on.isoformat(),
                    }
                    for s in v.signatures.all()
                ],
            }
            for v in versions
        ],
        "referrals": [
            {
                "sent_at": r.created_at.isoformat(),
                "from": r.sender_organisation.name,
                "to": r.receiver_organisation.name,
                "service": r.service_name,
                "need_in_your_words": r.need_words,
                "state": r.state,
                "state_label": str(r.get_state_display()),
                "appointment": r.appointment_at.isoformat() if r.appointment_at else "",
                "answer": r.answer_text,
            }
            for r in referrals(person)
        ],
        "care_team": [
            {
                "organisation": row.organisation.name,
                "professionals": row.professionals,
                "coordinator": row.coordinator,
                "reads": row.sections,
            }
            for row in team(person)
        ],
        "choices": [
            {
                "at": b.created_at.isoformat(),
                "organisation": b.organisation.name if b.organisation else "",
                "section": b.section,
                "basis": b.basis,
                "how": b.how,
            }
            for b in SharingBasis.objects.filter(person=person).select_related("organisation")
        ],
        "corrections": [
            {
                "asked_at": c.created_at.isoformat(),
                "text": c.text,
                "due_on": c.due_on.isoformat(),
                "answer": c.answer,
            }
            for c in corrections(person)
        ],
        "access_log": [
            {
                "at": e.at.isoformat(),
                "who": "" if e.role == policy.PERSON_ROLE else e.actor_name,
                "organisation": e.organisation_name,
                "action": e.action,
                "what": _what(e, own),
                "section": e.section,
                "basis": e.basis,
            }
            for e in AuditEvent.objects.filter(person_id=person.pk).order_by("seq")
        ],
    }


def open_corrections(person: Person) -> int:
    return CorrectionRequest.objects.filter(person=person, answered_at=None).count()


def correction(person: Person, public_id: str) -> CorrectionRequest | None:
    pid = maybe_public_id(public_id)
    if pid is None:
        return None
    return CorrectionRequest.objects.filter(person=person, public_id=pid).first()


def codes(space: PortalAccess | None) -> list[SignInCode]:
    return list(space.codes.order_by("-created_at")[:5]) if space is not None else []


@dataclass
class MeetingRow:
    meeting: Meeting
    me: Participant | None
    viewpoint: Viewpoint | None
    upcoming: bool


def meetings(person: Person) -> list[MeetingRow]:
    """Coordination meetings about the person (cancelled ones included, said so), newest first."""
    now = timezone.now()
    rows = []
    found = (
        Meeting.objects.filter(person=person, kind=Meeting.Kind.PERSON)
        .select_related("organisation")
        .order_by("-starts_at")[:50]
    )
    for meeting in found:
        me = next(
            (
                p
                for p in meeting.participants.filter(removed_at=None)
                if p.kind == Participant.Kind.PERSON
            ),
            None,
        )
        viewpoint = Viewpoint.objects.filter(participant=me).first() if me else None
        rows.append(MeetingRow(meeting, me, viewpoint, meeting.starts_at > now))
    return rows
