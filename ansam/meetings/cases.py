"""Peer groups and their case presentations: a worker tells a situation, Ansam proposes what
replaces each identifier, the worker reviews every replacement and every flagged span, and only
then shares the pseudonymised text with the group's members (who never see the person or the
author's own words). Every share of a presentation drawn from a record is in its access log."""

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ansam.access import meetings as policy
from ansam.access import records
from ansam.access.audit import Action as Audit
from ansam.access.audit import record as audit
from ansam.accounts.models import User
from ansam.core.errors import AnsamError, Forbidden, NotFound
from ansam.core.text import fold
from ansam.geo.models import Commune
from ansam.meetings import pseudonymise
from ansam.meetings import services as meetings
from ansam.meetings.models import CasePresentation, Meeting, Participant, PeerGroup
from ansam.organisations.models import Membership, Organisation
from ansam.organisations.taxonomies import label
from ansam.people.models import Person, Relation
from ansam.sharing.models import CareTeamMember

INVALID = _("Some fields are not valid.")
KIND_LABELS = {
    "person": gettext_lazy("person"),
    "place": gettext_lazy("place"),
    "organisation": gettext_lazy("organisation"),
    "date": gettext_lazy("date"),
    "age": gettext_lazy("age"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("email"),
    "nir": gettext_lazy("social security number"),
    "address": gettext_lazy("address"),
    "postcode": gettext_lazy("postcode"),
    "file_number": gettext_lazy("file number"),
    "long_number": gettext_lazy("number"),
    "suspect": gettext_lazy("may identify"),
    "rare": gettext_lazy("rare attribute"),
}
DECISIONS = ("replace", "keep")


@lru_cache(maxsize=1)
def communes_by_name() -> dict[str, int]:
    """Folded commune name -> its population (the largest of homonyms): the geography does not
    change while the server runs."""
    found: dict[str, int] = {}
    for name, population in Commune.objects.values_list("name", "population"):
        key = fold(name)
        found[key] = max(found.get(key, 0), population)
    return found


@transaction.atomic
def group_create(
    *, actor: User, organisation: Organisation, name: str, members: list[User]
) -> PeerGroup:
    if not Membership.objects.filter(
        user=actor, organisation=organisation, is_active=True
    ).exists():
        raise NotFound()
    if not name.strip():
        raise AnsamError(INVALID, fields={"name": [_("Required.")]})
    group = PeerGroup.objects.create(
        name=name.strip()[:200], organisation=organisation, facilitator=actor
    )
    group.members.set({actor, *members})
    return group


def session_create(*, actor: User, group: PeerGroup, data: dict) -> Meeting:
    """A session of the group: a meeting of the peer-group kind, its members invited."""
    if not policy.groups_visible_to(actor).filter(pk=group.pk).exists():
        raise NotFound()
    members = Membership.objects.filter(
        user__in=group.members.all(), is_active=True
    ).select_related("user", "organisation")
    seen, invitees = set(), []
    for m in members:
        if m.user_id not in seen:
            seen.add(m.user_id)
            invitees.append(meetings.Invitee(Participant.Kind.PROFESSIONAL, membership=m))
    created = meetings.meeting_create(
        actor=actor,
        kind=Meeting.Kind.PEER_GROUP,
        organisation=group.organisation,
        data={"title": data.get("title") or group.name, **data},
        invitees=invitees,
    )
    Meeting.objects.filter(pk=created.meeting.pk).update(peer_group=group)
    return created.meeting


def _known(actor: User, person: Person) -> pseudonymise.Known:
    """What the record says identifies the person, and what replaces it."""
    known = pseudonymise.Known()
    names = [person.birth_name, person.used_name]
    first = person.given_names.split()[0] if person.given_names else ""
    for name in filter(None, names):
        known.names[f"{first} {name}".strip()] = "A."
        known.names[f"{name} {first}".strip()] = "A."
        known.names[name] = "A."
    if first:
        known.names[first] = "A."
    letters = iter("BCDEFGHJKLMN")
    for relation in Relation.objects.filter(person=person).select_related("relative"):
        relative = relation.relative
        alias = f"{next(letters, 'Z')}."
        relative_first = relative.given_names.split()[0] if relative.given_names else ""
        for name in filter(None, [relative.birth_name, relative.used_name]):
            known.names[f"{relative_first} {name}".strip()] = alias
            known.names[name] = alias
        if relative_first:
            known.names[relative_first] = alias
    for member in CareTeamMember.objects.filter(person=person).select_related(
        "organisation", "professional"
    ):
        org = member.organisation
        kind = label("typologie", org.typology) if org.typology else _("an organisation")
        known.organisations[org.name] = f"un {org.typology}" if org.typology else kind
        pro = member.professional
        known.names[pro.full_name] = _("a professional")
        known.names[pro.last_name] = _("a professional")
    if person.commune_id:
        commune = person.commune
        known.places[commune.name] = pseudonymise.place_label(commune.population)
    return known


def _record_text(actor: User, person: Person) -> str:
    access = records.record_access(actor, person)
    entries = records.entries_visible_to(actor, access).order_by("-created_at")[:5]
    return "\n\n".join(f"{e.title}\n{e.body}".strip() for e in reversed(list(entries)))


@transaction.atomic
def presentation_create(
    *, actor: User, group: PeerGroup, text: str, person: Person | None = None, title: str = ""
) -> CasePresentation:
    if not policy.groups_visible_to(actor).filter(pk=group.pk).exists():
        raise NotFound()
    known = pseudonymise.Known()
    if person is not None:
        access = records.record_access(actor, person)
        if not records.can_contribute(access):
            raise NotFound()
        known = _known(actor, person)
        text = text.strip() or _record_text(actor, person)
    if not text.strip():
        raise AnsamError(INVALID, fields={"text": [_("Tell the situation.")]})
    spans = pseudonymise.detect(
        text,
        known,
        today=timezone.localdate(),
        communes=communes_by_name(),
        extra=pseudonymise.ner_spans(text),
    )
    count = CasePresentation.objects.filter(group=group).count() + 1
    return CasePresentation.objects.create(
        group=group,
        author=actor,
        person=person,
        title=(title.strip() or _("Situation %d") % count)[:200],
        source_text=text,
        spans=[
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "kind": s.kind,
                "replacement": s.replacement,
                "flagged": s.flagged,
                "decision": "" if s.flagged else "replace",
            }
            for s in spans
        ],
    )


@transaction.atomic
def presentation_review(
    *, actor: User, presentation: CasePresentation, decisions: dict[int, tuple[str, str]]
) -> CasePresentation:
    """The author decides each span: replace (with the proposed or their own words) or keep.
    Every flagged span must be decided; then the pseudonymised text is written."""
    presentation = CasePresentation.objects.select_for_update().get(pk=presentation.pk)
    if not policy.can_review(actor, presentation):
        raise Forbidden(_("Only its author reviews a presentation, before it is shared."))
    spans = list(presentation.spans)
    undecided = []
    for i, span in enumerate(spans):
        decision, replacement = decisions.get(i, (span["decision"], span["replacement"]))
        if decision not in DECISIONS:
            undecided.append(span["text"])
            continue
        span["decision"] = decision
        if decision == "replace":
            if not replacement.strip():
                raise AnsamError(INVALID, fields={f"span_{i}": [_("Write what replaces it.")]})
            span["replacement"] = replacement.strip()[:200]
    if undecided:
        raise AnsamError(
            _("Decide for each highlighted passage: replace it or keep it."),
            fields={"spans": undecided},
        )
    presentation.spans = spans
    presentation.text = pseudonymise.apply(
        presentation.source_text,
        [
            pseudonymise.Span(s["start"], s["end"], s["text"], s["kind"], s["replacement"])
            for s in spans
            if s["decision"] == "replace"
        ],
    )
    presentation.status = CasePresentation.Status.REVIEWED
    presentation.reviewed_at = timezone.now()
    presentation.save()
    return presentation


@transaction.atomic
def presentation_share(*, actor: User, presentation: CasePresentation) -> CasePresentation:
    presentation = CasePresentation.objects.select_for_update().get(pk=presentation.pk)
    if not policy.is_author(actor, presentation):
        raise NotFound()
    if not policy.can_share(actor, presentation):
        raise AnsamError(_("Review every replacement before sharing."))
    presentation.status = CasePresentation.Status.SHARED
    presentation.shared_at = timezone.now()
    presentation.save(update_fields=["status", "shared_at", "updated_at"])
    if presentation.person is not None:
        audit(
            actor=actor,
            action=Audit.CASE_SHARE,
            person=presentation.person,
            detail={"group": str(presentation.group.public_id), "pseudonymised": "yes"},
        )
    return presentation


def presentation_pdf(presentation: CasePresentation) -> bytes:
    """The shared text as a document, labelled pseudonymised."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm)
    story = [
        Paragraph(escape(presentation.title), styles["Title"]),
        Paragraph(
            escape(
                _(
                    "Pseudonymised (not anonymised): identifiers were replaced and reviewed by "
                    "the author. For the members of %(group)s only; do not pass it on."
                )
                % {"group": presentation.group.name}
            ),
            styles["Italic"],
        ),
        Spacer(1, 6 * mm),
    ]
    for paragraph in presentation.text.split("\n"):
        if paragraph.strip():
            story.append(Paragraph(escape(paragraph), styles["BodyText"]))
    doc.build(story)
    return buffer.getvalue()
