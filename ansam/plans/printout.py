"""The printable plan: plain, short sentences, for the person to read, keep and sign."""

import io
from datetime import date
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ansam.plans.models import Action


def _d(value: str) -> str:
    if not value:
        return ""
    return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")


def _who(action: dict, first_name: str) -> str:
    if action["holder"] == Action.Holder.PERSON:
        return first_name
    if action["professional"]:
        return f"{action['professional']} ({action['organisation_name']})"
    return action["organisation_name"]


def sentences(*, person, view) -> list[tuple[str, str]]:
    """The plan as (style, sentence) pairs: the same text for the PDF and for tests."""
    first = person.given_names.split(" ")[0]
    content, refusals = view.content, view.refusals
    out = [
        ("title", _("The plan of %(name)s") % {"name": person.display_name}),
        (
            "small",
            _("Version %(n)s, proposed on %(date)s by %(who)s.")
            % {
                "n": view.version.number,
                "date": formats.date_format(view.version.created_at, "DATE_FORMAT"),
                "who": view.version.proposed_by_name,
            },
        ),
    ]
    if content["needs"]:
        out.append(("h2", _("What %(name)s needs, in their own words") % {"name": first}))
        for need in content["needs"]:
            out.append(("quote", f"« {need['words']} »"))
            out.append(
                (
                    "small",
                    _("Written down by %(who)s on %(date)s.")
                    % {"who": need["written_by"], "date": _d(need["written_at"])},
                )
            )
            if need["assessment"]:
                out.append(
                    ("p", _("What the professionals add: %(text)s") % {"text": need["assessment"]})
                )
    actions_by_goal: dict[str, list] = {}
    for action in content["actions"]:
        actions_by_goal.setdefault(action["goal"], []).append(action)
    out.append(("h2", _("Our goals and who does what")))
    for number, goal in enumerate(content["goals"], 1):
        out.append(("h3", _("Goal %(n)s: %(text)s") % {"n": number, "text": goal["text"]}))
        if goal["key"] in refusals:
            out.append(
                (
                    "refused",
                    _("%(name)s does not agree with this goal: %(why)s")
                    % {"name": first, "why": refusals[goal["key"]]},
                )
            )
        for action in actions_by_goal.get(goal["key"], []):
            text = _("%(who)s commits to: %(what)s.") % {
                "who": _who(action, first),
                "what": action["what"],
            }
            if action["due_on"]:
                text += " " + _("By %(date)s.") % {"date": _d(action["due_on"])}
            out.append(("p", "• " + text))
            if action["key"] in refusals:
                out.append(
                    (
                        "refused",
                        _("%(name)s does not agree with this action: %(why)s")
                        % {"name": first, "why": refusals[action["key"]]},
                    )
                )
    if view.version.review_on:
        out.append(
            (
                "p",
                _("We will look at this plan again together on %(date)s.")
                % {"date": formats.date_format(view.version.review_on, "DATE_FORMAT")},
            )
        )
    out.append(
        (
            "p",
            _(
                "%(name)s may refuse a goal or an action, and may ask to change the plan "
                "at any time."
            )
            % {"name": first},
        )
    )
    return out


def render_pdf(*, person, view, organisation) -> bytes:
    base = getSampleStyleSheet()
    styles = {
        "title": base["Title"],
        "h2": base["Heading2"],
        "h3": base["Heading3"],
        "p": ParagraphStyle("p", parent=base["BodyText"], fontSize=11, leading=15),
        "quote": ParagraphStyle(
            "q",
            parent=base["BodyText"],
            fontSize=12,
            leading=16,
            leftIndent=8 * mm,
            fontName="Helvetica-Oblique",
        ),
        "small": ParagraphStyle("s", parent=base["BodyText"], fontSize=9, textColor=colors.grey),
        "refused": ParagraphStyle(
            "r",
            parent=base["BodyText"],
            fontSize=11,
            leftIndent=8 * mm,
            textColor=colors.HexColor("#8a1c1c"),
        ),
    }
    story = [
        Paragraph(escape(text), styles[style])
        for style, text in sentences(person=person, view=view)
    ]
    story += [Spacer(1, 8 * mm), Paragraph(escape(_("Signatures")), styles["h2"])]
    rows = [[_("Who"), _("Date"), _("Signature")]]
    for party in view.parties:
        name = person.display_name if party.key == "person" else party.name
        signed = ""
        if party.signature is not None:
            signed = formats.date_format(party.signature.signed_on, "SHORT_DATE_FORMAT")
        rows.append([Paragraph(escape(name), styles["p"]), signed, ""])
    table = Table(
        rows,
        colWidths=[80 * mm, 35 * mm, 55 * mm],
        rowHeights=[8 * mm] + [18 * mm] * (len(rows) - 1),
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
            ]
        )
    )
    story.append(table)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Personalised plan"),
        author=organisation.name,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
    )
    doc.build(story)
    return buffer.getvalue()
