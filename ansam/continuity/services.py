"""Computing and closing continuity signals.

`signals_compute` (scheduled) opens a signal for each new cause and closes those whose cause is
gone, naming the act that removed it. The acts themselves (a note, a new date, a hand-over…)
call `close_for` in their own transaction, so the dashboards change at once."""

import time
from collections import Counter, defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ansam.accounts.models import User
from ansam.continuity.detect import detect_all
from ansam.continuity.models import Signal, subject_refs
from ansam.core import links
from ansam.core.notifications import notify
from ansam.organisations.models import Membership
from ansam.sharing.models import CareTeamMember
from ansam.sharing.sections import Section

BATCH = 2000
# The acts that close a signal, as the signal page names them.
ACT_LABELS = {
    "resolved": gettext_lazy("its cause went away"),
    "done": gettext_lazy("action done"),
    "abandoned": gettext_lazy("action abandoned"),
    "changed": gettext_lazy("action changed"),
    "rescheduled": gettext_lazy("new due date"),
    "extended": gettext_lazy("new answer date"),
    "cancelled": gettext_lazy("referral withdrawn"),
    "answered": gettext_lazy("referral answered"),
    "expired": gettext_lazy("referral expired"),
    "note": gettext_lazy("contact recorded"),
    "closed_accompaniment": gettext_lazy("accompaniment closed"),
    "took_over": gettext_lazy("coordination taken over"),
    "reassigned": gettext_lazy("new coordinator named"),
    "review_set": gettext_lazy("new review date"),
    "proposed": gettext_lazy("new version of the plan"),
    "flag_closed": gettext_lazy("warning answered"),
}


def close_for(
    *, subject: str, act: str, actor: User | None = None, organisation_id=None, kinds=None
) -> int:
    """Close the open signals about this subject (optionally for one organisation or some
    kinds): the act that removed their cause is recorded."""
    rows = Signal.objects.filter(subject=subject, closed_at=None)
    if organisation_id is not None:
        rows = rows.filter(organisation_id=organisation_id)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return rows.update(closed_at=timezone.now(), closed_act=act, closed_by=actor)


def _notify_new(created: list[Signal]) -> None:
    """One notification per coordinator and per manager, whatever the number of signals."""

    if not created:
        return
    counts: dict[int, int] = defaultdict(int)
    per_person = Counter(s.person_id for s in created)
    per_org = Counter(s.organisation_id for s in created)
    # The coordinators of the people with new signals only (the hourly run opens few).
    people = list(per_person)
    for i in range(0, len(people), BATCH):
        for person_id, user_id in CareTeamMember.objects.filter(
            person_id__in=people[i : i + BATCH],
            is_active=True,
            role=CareTeamMember.Role.COORDINATOR,
        ).values_list("person_id", "professional_id"):
            counts[user_id] += per_person[person_id]
    managers = Membership.objects.filter(
        organisation_id__in=list(per_org), is_active=True, role=Membership.Role.MANAGER
    ).values_list("organisation_id", "user_id")
    for org_id, user_id in managers:
        counts[user_id] += per_org[org_id]

    users = {
        u.pk: u
        for u in User.objects.filter(pk__in=[k for k, n in counts.items() if n], is_active=True)
    }
    for user_id, n in counts.items():
        if n and user_id in users:
            text = ngettext(
                "%(n)s new warning of rupture on your dashboard.",
                "%(n)s new warnings of rupture on your dashboard.",
                n,
            ) % {"n": n}
            notify([users[user_id]], text, links.day())


def signals_compute(now=None, *, notify_users: bool = True) -> dict:
    """Bring the open signals in line with the territory as it is now."""

    now = now or timezone.now()
    today = timezone.localdate(now)
    wanted: dict = {}
    timings: dict = {}
    for kind, subject, org_id, person_id, detail in detect_all(now, today, timings):
        wanted.setdefault((kind, subject, org_id), (person_id, detail))
    start = time.perf_counter()
    open_rows = {
        (kind, subject, org_id): pk
        for pk, kind, subject, org_id in Signal.objects.filter(closed_at=None).values_list(
            "pk", "kind", "subject", "organisation_id"
        )
    }
    new = [
        Signal(
            kind=k[0],
            subject=k[1],
            **subject_refs(k[1]),
            organisation_id=k[2],
            person_id=v[0],
            section=v[1].pop("section", None) or Section.IDENTITY,
            detail=v[1],
            opened_at=now,
        )
        for k, v in wanted.items()
        if k not in open_rows
    ]
    gone = [pk for key, pk in open_rows.items() if key not in wanted]
    with transaction.atomic():
        created = Signal.objects.bulk_create(new, batch_size=BATCH)
        for i in range(0, len(gone), BATCH):
            Signal.objects.filter(pk__in=gone[i : i + BATCH]).update(
                closed_at=now, closed_act="resolved"
            )
    timings["write"] = time.perf_counter() - start
    if notify_users:
        _notify_new(created)
    return {
        "opened": len(new),
        "closed": len(gone),
        "open": len(wanted),
        "seconds": {k: round(v, 2) for k, v in timings.items()},
    }


def why(signal: Signal, *, reveal: bool) -> str:
    """The reason, in the reader's language; without the person's details for a reader who
    may not see them."""
    d = signal.detail or {}
    K = Signal.Kind
    if not reveal:
        return str(Signal.Kind(signal.kind).label)
    if signal.kind == K.OVERDUE_ACTION:
        return _("An action of the plan was due on %(date)s and is not done.") % {
            "date": _date(d.get("due_on"))
        }
    if signal.kind == K.UNANSWERED_REFERRAL:
        return _("The referral to %(service)s had to be answered by %(date)s.") % {
            "service": d.get("service", ""),
            "date": _date(d.get("due_on")),
        }
    if signal.kind == K.NO_CONTACT:
        return _("No entry from %(organisation)s for more than %(days)s days.") % {
            "organisation": signal.organisation.name,
            "days": d.get("days"),
        }
    if signal.kind == K.NO_COORDINATOR:
        if d.get("former"):
            return _("The coordinator, %(name)s, is no longer a member of the organisation.") % {
                "name": d["former"]
            }
        return _("The care team has no coordinator.")
    if signal.kind == K.PLAN_REVIEW:
        return _("The plan was to be reviewed on %(date)s.") % {"date": _date(d.get("review_on"))}
    if signal.kind == K.NO_MINUTES:
        return _("The meeting of %(date)s has no final minutes after %(days)s days.") % {
            "date": _date(d.get("held_on")),
            "days": d.get("days"),
        }
    return _("Referred again and again without being taken on (%(need)s).") % {
        "need": d.get("thematique") or "—"
    }


def _date(value) -> str:
    from datetime import date

    from django.utils.formats import date_format

    try:
        return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return "—"
