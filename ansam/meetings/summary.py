"""What the person receives after a meeting about them: in plain words, when it was, who was
there, what was agreed and decided, and who does what by when. Never a private note, never a
professional's reading of their situation (those stay in the minutes)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ansam.meetings.models import Meeting, MinutesPart, Participant


def summary_for_person(meeting: Meeting) -> str:
    when = formats.date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
    present = [
        p.name
        for p in meeting.participants.all()
        if p.removed_at is None and p.answer != Participant.Answer.DECLINED
    ]
    lines = [_("Meeting of %(date)s about your situation.") % {"date": when}]
    if present:
        lines.append(_("Those invited: %s.") % ", ".join(present))
    agreed = [p.text for p in meeting.parts.all() if p.kind == MinutesPart.Kind.AGREE]
    if agreed:
        lines.append("")
        lines.append(_("What we agreed on:"))
        lines += [f"- {text}" for text in agreed]
    decisions = list(meeting.decisions.all())
    if decisions:
        lines.append("")
        lines.append(_("What was decided, and who does it:"))
        for decision in decisions:
            line = f"- {decision.text} — {decision.owner_name}"
            if decision.due_on:
                line += " " + _("(by %s)") % formats.date_format(decision.due_on, "DATE_FORMAT")
            lines.append(line)
    else:
        lines.append("")
        lines.append(_("Nothing new was decided."))
    lines.append("")
    lines.append(
        _(
            "These decisions are added to your plan. You may agree with them or not: tell the "
            "professional who accompanies you."
        )
    )
    return "\n".join(lines)
