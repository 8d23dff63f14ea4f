"""What a reader sees of an agreement: the text in force or proposed, each party's missions and
(for the parties and the territory coordinators) contributions side by side, the acceptance
table, and what they may do; the PDF; the territory's open-data export."""

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.db.models import Count, F
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ansam.access import partnerships as policy
from ansam.access import rules
from ansam.accounts.models import User
from ansam.core.ids import maybe_public_id
from ansam.meetings.models import Participant
from ansam.organisations.models import Membership, Organisation, Service
from ansam.partnerships.models import Agreement, Contribution, Document, Party, Version
from ansam.partnerships.services import RENEWAL_NOTICE, content_of, pending
from ansam.referrals.models import Referral
from ansam.sharing.models import CareTeamMember

KIND_LABELS = dict(Contribution.Kind.choices)
UNIT_LABELS = dict(Contribution.Unit.choices)


def party_of(agreement: Agreement, party_id: str) -> Party | None:
    return next((p for p in agreement.parties.all() if str(p.public_id) == party_id), None)


def members_of(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("user__last_name")
    ]


def contributions_of(party: Party) -> list[Contribution]:
    return list(party.contributions.all())


def _version_in_force(agreement: Agreement) -> Version | None:
    if agreement.in_force_amendment is None:
        return None
    return agreement.versions.filter(number=agreement.in_force_amendment).first()


def _labelled(content: dict) -> dict:
    for party in content["parties"]:
        for c in party["contributions"]:
            c["kind_label"] = str(KIND_LABELS.get(c["kind"], c["kind"]))
            c["amount_label"] = (
                number_format(Decimal(c["amount"]).normalize(), force_grouping=True)
                if c["amount"]
                else ""
            )
            c["unit_label"] = str(UNIT_LABELS.get(c["unit"], c["unit"])) if c["unit"] else ""
    return content


def activity(agreement: Agreement) -> dict:
    """What the parties did together since the agreement began, as Ansam sees it: referrals
    from one party to another, people whose care team counts two parties or more, meetings
    where two parties or more were invited. Counts only: no person is named."""
    orgs = {p.organisation_id for p in agreement.parties.all() if p.withdrawn_on is None}
    since = agreement.starts_on
    referrals = Referral.objects.filter(
        sender_organisation_id__in=orgs,
        receiver_organisation_id__in=orgs,
        created_at__date__gte=since,
    ).exclude(sender_organisation_id=F("receiver_organisation_id"))
    together = (
        CareTeamMember.objects.filter(organisation_id__in=orgs, is_active=True)
        .values("person_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .filter(n__gte=2)
    )
    meetings = (
        Participant.objects.filter(
            organisation_id__in=orgs,
            removed_at=None,
            meeting__cancelled_at=None,
            meeting__starts_at__date__gte=since,
            meeting__starts_at__lte=timezone.now(),
        )
        .values("meeting_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .filter(n__gte=2)
    )
    return {
        "referrals": referrals.count(),
        "people_together": together.count(),
        "meetings": meetings.count(),
    }


def agreement_page(actor: User, agreement: Agreement) -> dict:
    parties = list(agreement.parties.select_related("organisation", "signatory"))
    draft_reader = policy.can_read_draft(actor, agreement)
    proposed = pending(agreement)
    in_force = _version_in_force(agreement)
    # What the reader is shown: the draft (to the parties), else the version in force.
    if draft_reader:
        content = proposed.content if proposed else content_of(agreement)
    else:
        content = in_force.content if in_force else {"parties": []}
    contributions = policy.can_read_contributions(actor, agreement)
    if not contributions:
        for party in content["parties"]:
            party["contributions"] = []
    answers = {}
    to_answer = []
    if proposed is not None:
        answers = {a.party_id: a for a in proposed.answers.select_related("by")}
        to_answer = [
            p
            for p in parties
            if p.pk in proposed.asked and p.pk not in answers and policy.can_answer_for(actor, p)
        ]
    managed = [p for p in parties if rules.can_manage_organisation(actor, p.organisation)]
    history = []
    if draft_reader:
        for version in agreement.versions.prefetch_related("answers__party__organisation"):
            history.append((version, list(version.answers.all())))
    return {
        "content": _labelled(content),
        "parties": parties,
        "proposed": proposed,
        "in_force": in_force,
        "answers": answers,
        "to_answer": to_answer,
        "history": history,
        "show_contributions": contributions,
        "activity": activity(agreement) if contributions and in_force else None,
        "indicators": list(agreement.indicators.all()),
        "channels": list(agreement.channels.select_related("service__organisation")),
        "documents": list(agreement.documents.all()) if contributions else [],
        "evaluations": list(agreement.evaluations.select_related("by")) if contributions else [],
        "party_services": party_services(agreement) if policy.can_edit(actor, agreement) else [],
        "can_evaluate": in_force is not None and bool(managed),
        "draft_reader": draft_reader,
        "can_edit": policy.can_edit(actor, agreement),
        "can_amend": agreement.status == Agreement.Status.IN_FORCE and bool(managed),
        "withdrawable": [p for p in managed if p.withdrawn_on is None]
        if agreement.in_force_amendment is not None
        and agreement.status not in (Agreement.Status.ENDED, Agreement.Status.EXPIRED)
        else [],
    }


def version_to_print(actor: User, agreement: Agreement) -> Version | None:
    if policy.can_read_draft(actor, agreement):
        return pending(agreement) or _version_in_force(agreement)
    return _version_in_force(agreement)


def render_pdf(agreement: Agreement, version: Version) -> bytes:
    """The agreement in plain French, each party's missions and contributions, and the table
    of who accepted, when."""
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm)
    c = version.content
    story = [
        Paragraph(escape(c["title"]), styles["Title"]),
        Paragraph(
            escape(
                _("Version %(n)s, from %(start)s to %(end)s. %(territory)s")
                % {
                    "n": version.number,
                    "start": c["starts_on"],
                    "end": c["ends_on"],
                    "territory": c["territory"],
                }
            ),
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph(escape(c["purpose"]), styles["BodyText"]),
    ]
    for party in c["parties"]:
        story.append(Paragraph(escape(party["organisation"]), styles["Heading2"]))
        story.append(Paragraph(escape(party["missions"]), styles["BodyText"]))
        for contribution in party["contributions"]:
            line = " ".join(
                filter(
                    None,
                    [
                        str(KIND_LABELS.get(contribution["kind"], contribution["kind"])) + " :",
                        contribution["amount"],
                        str(UNIT_LABELS.get(contribution["unit"], ""))
                        if contribution["unit"]
                        else "",
                        contribution["description"],
                    ],
                )
            )
            story.append(Paragraph("• " + escape(line), styles["BodyText"]))
    rows = [[_("Party"), _("Answer"), _("By"), _("On")]]
    answers = {a.party_id: a for a in version.answers.select_related("by")}
    for party in c["parties"]:
        a = answers.get(party["id"])
        asked = party["id"] in version.asked
        rows.append(
            [
                party["organisation"],
                a.get_decision_display() if a else (_("awaited") if asked else _("not asked")),
                a.by.full_name if a and a.by else "",
                a.at.strftime("%d/%m/%Y") if a else "",
            ]
        )
    table = Table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    story += [Spacer(1, 6 * mm), Paragraph(escape(_("Acceptance")), styles["Heading2"]), table]
    story.append(
        Paragraph(escape(_("Content fingerprint: %s") % version.content_hash), styles["Italic"])
    )
    doc.build(story)
    return buffer.getvalue()


def open_data(actor: User) -> list[dict]:
    """The territory's agreements in force (or ended), as open data: no personal data (no
    contacts, no signatories), no contributions."""
    rows = []
    public = policy.agreements_visible_to(actor).filter(in_force_amendment__isnull=False)
    for agreement in public.order_by("title"):
        version = _version_in_force(agreement)
        if version is None:
            continue
        c = version.content
        rows.append(
            {
                "id": str(agreement.public_id),
                "title": c["title"],
                "territory": c["territory"],
                "starts_on": c["starts_on"],
                "ends_on": c["ends_on"],
                "status": agreement.status,
                "parties": [
                    {"organisation": p["organisation"], "missions": p["missions"]}
                    for p in c["parties"]
                ],
            }
        )
    return rows


def document_of(actor: User, agreement: Agreement, document_id: str) -> Document | None:
    if not policy.can_read_contributions(actor, agreement):
        return None
    public_id = maybe_public_id(document_id)
    if public_id is None:
        return None
    return agreement.documents.filter(public_id=public_id).first()


def renewals_for(organisation: Organisation) -> list[Agreement]:
    """The organisation's agreements in force that end within six months (its dashboard)."""
    from_today = timezone.localdate()
    return list(
        Agreement.objects.filter(
            parties__organisation=organisation,
            parties__withdrawn_on__isnull=True,
            in_force_amendment__isnull=False,
            ends_on__gte=from_today,
            ends_on__lte=from_today + RENEWAL_NOTICE,
        )
        .exclude(status__in=[Agreement.Status.EXPIRED, Agreement.Status.ENDED])
        .order_by("ends_on")
    )


def party_services(agreement: Agreement) -> list[Service]:
    """The services a referral channel may link: the parties' own."""
    orgs = [p.organisation_id for p in agreement.parties.all()]
    return list(
        Service.objects.filter(organisation__in=orgs)
        .select_related("organisation")
        .order_by("organisation__name", "name")[:200]
    )
