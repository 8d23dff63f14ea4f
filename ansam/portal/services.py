"""What happens in the person's own space, and the professionals' side of it: a member of the
care team opens it by giving a one-time code; the person signs in with it and their birth date;
they answer their plan, make their choices about sharing, ask for a correction. What the person
does is recorded in the access log as theirs (role "person"), as a professional's would be."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.access import portal as policy
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.access.records import profile_sections
from ansam.accounts.models import User
from ansam.core import links
from ansam.core.errors import AnsamError, Conflict, Forbidden, NotFound
from ansam.core.ids import maybe_public_id
from ansam.core.notifications import notify
from ansam.meetings.models import Meeting, Participant
from ansam.meetings.viewpoints import store_viewpoint
from ansam.organisations.models import Organisation
from ansam.people.models import Person
from ansam.plans import content as plan_content
from ansam.plans.models import Plan, Signature
from ansam.plans.services import version_to_answer
from ansam.portal.models import CorrectionRequest, PortalAccess
from ansam.sharing.models import CareTeamMember, SharingBasis
from ansam.sharing.sections import Section
from ansam.sharing.services import visible_access


def _my_meeting(access: PortalAccess, meeting_id: str) -> tuple[Meeting, Participant]:
    public_id = maybe_public_id(meeting_id)
    if public_id is None:
        raise NotFound()
    meeting = (
        Meeting.objects.select_for_update()
        .filter(
            public_id=public_id,
            person=access.person,
            kind=Meeting.Kind.PERSON,
            cancelled_at=None,
        )
        .first()
    )
    me = (
        meeting.participants.filter(kind=Participant.Kind.PERSON, removed_at=None).first()
        if meeting
        else None
    )
    if meeting is None or me is None:
        raise NotFound()
    return meeting, me


@transaction.atomic
def meeting_answer(*, access: PortalAccess, meeting_id: str, answer: str) -> None:
    """The person says whether they come to a meeting about them."""
    meeting, me = _my_meeting(access, meeting_id)
    if answer not in (Participant.Answer.ACCEPTED, Participant.Answer.DECLINED):
        raise AnsamError(fields={"answer": [_("Say whether you come.")]})
    if meeting.starts_at < timezone.now():
        raise AnsamError(_("This meeting has already taken place."))
    me.answer, me.answered_at = answer, timezone.now()
    me.save(update_fields=["answer", "answered_at", "updated_at"])
    notify(
        [meeting.organiser],
        _("%(name)s answered the invitation to “%(title)s”.")
        % {"name": access.person.display_name, "title": meeting.title},
        links.meeting(meeting.public_id),
    )


@transaction.atomic
def meeting_viewpoint(
    *, access: PortalAccess, meeting_id: str, reading: str, proposal: str, version: int | None
) -> None:
    """Before the meeting, the person writes how they see their situation and what they want,
    in their words: kept as theirs (every earlier version too), read by the participants."""
    meeting, me = _my_meeting(access, meeting_id)
    if meeting.minutes_closed_at is not None:
        raise AnsamError(_("The meeting is over: its summary is below."))
    if not reading.strip():
        raise AnsamError(
            _("Write how you see things."), fields={"reading": [_("Write how you see things.")]}
        )
    store_viewpoint(
        me,
        section=Section.DAILY_LIFE,
        reading=reading.strip()[:4000],
        proposal=proposal.strip()[:4000],
        written_by=None,
        expected_version=version,
    )
    audit(actor=None, action=Audit.MEETING_EDIT, person=access.person, role=policy.PERSON_ROLE,
          detail={"meeting": str(meeting.public_id), "change": "viewpoint"})  # fmt: skip


def _coordinators(person: Person) -> list[User]:
    members = CareTeamMember.objects.filter(
        person=person, is_active=True, role=CareTeamMember.Role.COORDINATOR
    ).select_related("professional")
    return [m.professional for m in members]


@transaction.atomic
def plan_answer(
    *,
    access: PortalAccess,
    number,
    shown_hash: str,
    decision: str,
    refusals: dict[str, str] | None = None,
    reason: str = "",
) -> Signature:
    """The person signs or refuses the latest version themselves, and may refuse a goal or an
    action with their reason (signing the rest): the same frozen-version rule as on paper."""
    person = access.person
    plan = Plan.objects.select_for_update().filter(person=person).first()
    if plan is None:
        raise NotFound()
    version = version_to_answer(plan, number, shown_hash)
    errors = {}
    if decision not in Signature.Decision.values:
        errors["decision"] = [_("Say whether you sign or refuse.")]
    if decision == Signature.Decision.REFUSED and not reason.strip():
        errors["reason"] = [_("Say why you refuse, in your words.")]
    keys = {i["key"] for k in ("goals", "actions") for i in version.content[k]}
    refusals = {k: v.strip()[:500] for k, v in (refusals or {}).items() if k in keys and v.strip()}
    if errors:
        raise AnsamError(_("Some answers are missing."), fields=errors)
    signature = Signature(
        version=version,
        party=plan_content.PERSON,
        decision=decision,
        refusals=refusals,
        reason=reason.strip(),
        how=Signature.How.OWN_SPACE,
        covered_hash=plan_content.covered_hash(version.content, plan_content.PERSON),
        recorded_by=None,
        recorded_by_name=person.display_name,
        signed_on=timezone.localdate(),
    )
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError:
        raise Conflict(
            _("You have already answered this version."), code="already_answered"
        ) from None
    audit(
        actor=None,
        action=Audit.PLAN_ANSWER,
        person=person,
        role=policy.PERSON_ROLE,
        detail={"version": version.number, "party": plan_content.PERSON, "decision": decision,
                "refused_items": len(refusals), "how": Signature.How.OWN_SPACE},
    )  # fmt: skip
    words = (
        _("%(name)s signed their plan in their own space.")
        if decision == Signature.Decision.SIGNED
        else _("%(name)s refused their plan in their own space.")
    )
    notify(
        _coordinators(person), words % {"name": person.display_name}, links.plan(person.public_id)
    )
    return signature


# What the person may say in their space (child protection is never theirs to set: a
# professional records it under CASF L226-2-2).
CHOICES = (
    SharingBasis.Basis.CONSENT,
    SharingBasis.Basis.WITHDRAWN,
    SharingBasis.Basis.OBJECTION,
)


def team_organisations(person: Person) -> list[Organisation]:
    ids = CareTeamMember.objects.filter(person=person, is_active=True).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@transaction.atomic
def choice_record(
    *, access: PortalAccess, organisation: Organisation | None, section: str, basis: str
) -> SharingBasis:
    """The person gives, withdraws or refuses sharing, for one organisation of their team (or
    the whole team) and one section (or all): effective on every partner's next request."""
    person = access.person
    errors = {}
    if basis not in CHOICES:
        errors["basis"] = [_("Choose what you want.")]
    if section and (section not in Section.values or section in policy.NOT_SELF_SERVED):
        errors["section"] = [_("Choose a part of your record.")]
    if organisation is not None and organisation not in team_organisations(person):
        errors["organisation"] = [_("This organisation is not in your care team.")]
    elif organisation is not None and section and section not in profile_sections(organisation):
        errors["section"] = [
            _("%(org)s does not read this part of your record: there is nothing to change.")
            % {"org": organisation.name}
        ]
    if errors:
        raise AnsamError(_("Your choice could not be recorded."), fields=errors)
    row = SharingBasis.objects.create(
        person=person,
        organisation=organisation,
        section=section,
        basis=basis,
        how=SharingBasis.How.OWN_SPACE,
    )
    audit(
        actor=None,
        action=Audit.RECORD_BASIS,
        person=person,
        role=policy.PERSON_ROLE,
        section=section,
        basis=basis,
        detail={"for_organisation": organisation.name if organisation else "", "how": "own_space"},
    )
    return row


def _one_month(day: date) -> date:
    """The same day a month later (the month's last day when it has none): RGPD art. 12(3)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@transaction.atomic
def correction_ask(*, access: PortalAccess, text: str) -> CorrectionRequest:
    person = access.person
    text = text.strip()
    if not text:
        raise AnsamError(
            _("Say what is wrong."), fields={"text": [_("Say what should be corrected.")]}
        )
    row = CorrectionRequest.objects.create(
        person=person, text=text[:4000], due_on=_one_month(timezone.localdate())
    )
    audit(actor=None, action=Audit.CORRECTION_ASK, person=person, role=policy.PERSON_ROLE)
    notify(
        _coordinators(person),
        _("%(name)s asks for a correction of their data: answer by %(due)s.")
        % {"name": person.display_name, "due": row.due_on.strftime("%d/%m/%Y")},
        links.person(person.public_id),
        urgent=True,
    )
    return row


@transaction.atomic
def correction_answer(*, actor: User, correction: CorrectionRequest, answer: str) -> None:
    access = visible_access(actor, correction.person)
    if not policy.can_handle_corrections(access):
        raise Forbidden(_("The coordinator of the care team answers a request for correction."))
    if not answer.strip():
        raise AnsamError(fields={"answer": [_("Write the answer the person will read.")]})
    if correction.answered_at is not None:
        raise Conflict(_("This request was already answered."), code="already_answered")
    correction.answer = answer.strip()[:4000]
    correction.answered_at = timezone.now()
    correction.answered_by = actor
    correction.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    audit(
        actor=actor,
        action=Audit.CORRECTION_ANSWER,
        person=correction.person,
        organisation=access.organisation,
    )
