"""The person's data as a readable document (RGPD art. 15): the same facts as the JSON copy,
in sentences and short lists, for someone who will print it or read it on a phone."""

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from ansam.sharing.models import SharingBasis


def _when(value: str) -> str:
    if not value:
        return ""
    moment = parse_datetime(value)
    if moment is not None:
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    day = parse_date(value)
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else value


def sentences(person, found: dict) -> list[tuple[str, str]]:
    """(style, text) pairs: the same text for the PDF and for tests."""
    who = found["identity"]
    out = [
        ("title", _("What Ansam holds about %(name)s") % {"name": person.display_name}),
        (
            "small",
            _(
                "A copy of your data (right of access, RGPD article 15). The professionals' "
                "private working notes and child protection information are not in it: ask your "
                "worker for them."
            ),
        ),
        ("h2", _("Who you are")),
        ("p", _("Name at birth: %(v)s") % {"v": who["birth_name"]}),
        ("p", _("Name used: %(v)s") % {"v": who["used_name"] or "—"}),
        ("p", _("Given names: %(v)s") % {"v": who["given_names"]}),
        ("p", _("Birth date: %(v)s") % {"v": _when(who["birth_date"])}),
        ("p", _("Address: %(v)s") % {"v": who["address"] or "—"}),
        (
            "p",
            _("Phone: %(v)s · Email: %(e)s") % {"v": who["phone"] or "—", "e": who["email"] or "—"},
        ),
        ("h2", _("Who helps you")),
    ]
    for row in found["care_team"]:
        reads = ", ".join(row["reads"]) or _("nothing of your record")
        out.append(
            ("p", _("%(org)s (%(who)s) reads: %(reads)s.")
             % {"org": row["organisation"], "who": ", ".join(row["professionals"]), "reads": reads})
        )  # fmt: skip
    out.append(("h2", _("Your record")))
    if not found["entries"]:
        out.append(("p", _("Nothing written.")))
    for e in found["entries"]:
        out.append(("h3", f"{e['section_label']} — {e['title']}"))
        written = {"at": _when(e["written_at"]), "org": e["organisation"] or "—"}
        out.append(("small", _("Written on %(at)s by %(org)s.") % written))
        if e["text"]:
            out.append(("p", e["text"]))
        if e["document"]:
            out.append(("small", _("Document: %(name)s") % {"name": e["document"]}))
    out.append(("h2", _("Where you were sent")))
    if not found["referrals"]:
        out.append(("p", _("Nowhere yet.")))
    for r in found["referrals"]:
        text = _("On %(at)s, %(sender)s sent you to %(receiver)s (%(service)s): %(state)s.") % {
            "at": _when(r["sent_at"]),
            "sender": r["from"],
            "receiver": r["to"],
            "service": r["service"],
            "state": r["state_label"],
        }
        if r["appointment"]:
            text += " " + _("Appointment: %(at)s.") % {"at": _when(r["appointment"])}
        out.append(("p", "• " + text))
    out.append(("h2", _("Your plan")))
    if not found["plan"]:
        out.append(("p", _("No plan yet.")))
    for version in found["plan"]:
        out.append(
            (
                "h3",
                _("Version %(n)s of %(at)s")
                % {"n": version["version"], "at": _when(version["proposed_at"])},
            )
        )
        for goal in version["content"]["goals"]:
            out.append(("p", "• " + goal["text"]))
        for answer in version["answers"]:
            if answer["party"] == "person":
                out.append(
                    (
                        "small",
                        _("Your answer: %(d)s on %(at)s.")
                        % {"d": answer["decision"], "at": _when(answer["on"])},
                    )
                )
    out.append(("h2", _("Your choices about sharing")))
    labels = dict(SharingBasis.Basis.choices)
    for c in found["choices"]:
        out.append(
            ("p", "• " + _("%(at)s: %(basis)s (%(org)s).")
             % {"at": _when(c["at"]), "basis": labels.get(c["basis"], c["basis"]),
                "org": c["organisation"] or _("whole team")})
        )  # fmt: skip
    out.append(("h2", _("Who read your record")))
    for e in found["access_log"]:
        who_did = e["who"] or _("You")
        line = f"{_when(e['at'])} — {who_did}"
        if e["organisation"]:
            line += f" ({e['organisation']})"
        out.append(("small", f"{line}: {e['what']}"))
    return out


def pdf(person, found: dict) -> bytes:
    base = getSampleStyleSheet()
    styles = {
        "title": base["Title"],
        "h2": base["Heading2"],
        "h3": base["Heading3"],
        "p": ParagraphStyle("p", parent=base["BodyText"], fontSize=11, leading=15),
        "small": ParagraphStyle("s", parent=base["BodyText"], fontSize=9, textColor=colors.grey),
    }
    story = [Paragraph(escape(text), styles[style]) for style, text in sentences(person, found)]
    story.append(Spacer(1, 6 * mm))
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=_("My data"), leftMargin=18 * mm, rightMargin=18 * mm
    ).build(story)
    return buffer.getvalue()
