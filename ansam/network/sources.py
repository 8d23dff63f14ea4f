"""What the network is made of, read from the domain's tables with set-based queries (one per
kind of collaboration, grouped in the database): referrals between organisations, people
accompanied together, meetings attended together, agreements in force."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest, Least

from ansam.core.periods import start_of
from ansam.meetings.models import Meeting, Participant
from ansam.organisations.models import Organisation, ServiceTag
from ansam.partnerships.models import Agreement, Party
from ansam.referrals.models import TAKEN_ON, Referral, State
from ansam.sharing.models import CareTeamMember

Pair = tuple[int, int]


@dataclass
class Filters:
    start: date
    end: date  # exclusive
    thematique: str = ""
    public: str = ""
    place: str = ""  # "commune:<code>", "epci:<siren>", "departement:<code>"


@dataclass
class Collected:
    organisations: dict[int, Any] = field(default_factory=dict)
    referrals: dict[Pair, dict[str, int]] = field(default_factory=dict)  # directed
    referral_people: dict[Pair, int] = field(default_factory=dict)  # undirected, a < b
    shared_people: dict[Pair, int] = field(default_factory=dict)
    meetings: dict[Pair, int] = field(default_factory=dict)
    agreements: dict[Pair, list[list[str]]] = field(default_factory=dict)


def organisations(filters: Filters) -> dict[int, Any]:
    """The organisations of the picture: every one of the territory (or of the place asked),
    or those offering a service of the need or public asked."""
    qs = Organisation.objects.all()
    kind, _sep, code = filters.place.partition(":")
    if kind == "commune":
        qs = qs.filter(commune_id=code)
    elif kind == "epci":
        qs = qs.filter(commune__epci_id=code)
    elif kind == "departement":
        qs = qs.filter(commune__departement_id=code)
    for tag_kind, value in (("thematique", filters.thematique), ("public", filters.public)):
        if value:
            tags = ServiceTag.objects.filter(kind=tag_kind).filter(
                Q(code=value) | Q(code__startswith=f"{value}--")
            )
            qs = qs.filter(pk__in=tags.values("service__organisation_id"))
    return {
        row["pk"]: row for row in qs.values("pk", "name", "typology", "commune_name", "uses_ansam")
    }


def collect(filters: Filters) -> Collected:
    found = Collected(organisations=organisations(filters))
    ids = set(found.organisations)
    start, end = start_of(filters.start), start_of(filters.end)

    referrals = Referral.objects.filter(
        created_at__gte=start,
        created_at__lt=end,
        sender_organisation__isnull=False,
        outside_ansam=False,
    ).exclude(sender_organisation_id=F("receiver_organisation_id"))
    if filters.thematique:
        referrals = referrals.filter(
            Q(thematique=filters.thematique) | Q(thematique__startswith=f"{filters.thematique}--")
        )
    directed: dict[Pair, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for s, r, state, n in referrals.values_list(
        "sender_organisation_id", "receiver_organisation_id", "state"
    ).annotate(n=Count("id")):
        if s in ids and r in ids:
            counts = directed[(s, r)]
            counts["sent"] += n
            if state in TAKEN_ON:
                counts["accepted"] += n
            elif state == State.DECLINED:
                counts["declined"] += n
    found.referrals = {pair: dict(c) for pair, c in directed.items()}
    pairs = referrals.annotate(
        lo=Least("sender_organisation_id", "receiver_organisation_id"),
        hi=Greatest("sender_organisation_id", "receiver_organisation_id"),
    )
    for lo, hi, n in pairs.values_list("lo", "hi").annotate(n=Count("person_id", distinct=True)):
        if lo in ids and hi in ids:
            found.referral_people[(lo, hi)] = n

    found.shared_people = _shared_people(start, end, ids)
    found.meetings = _meetings_together(start, end, ids)
    found.agreements = _agreements(filters, ids)
    return found


def _shared_people(start: datetime, end: datetime, ids: set[int]) -> dict[Pair, int]:
    """People accompanied by both organisations at some time in the period: one self-join of
    the care teams, grouped in the database."""
    table = CareTeamMember._meta.db_table
    during = "{t}.since < %s AND ({t}.until IS NULL OR {t}.until >= %s)"
    # The table name comes from the model; the dates are parameters.
    sql = (
        f"SELECT a.organisation_id, b.organisation_id, COUNT(DISTINCT a.person_id) "  # noqa: S608
        f"FROM {table} a JOIN {table} b "
        f"ON a.person_id = b.person_id AND a.organisation_id < b.organisation_id "
        f"WHERE {during.format(t='a')} AND {during.format(t='b')} "
        f"GROUP BY a.organisation_id, b.organisation_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [end, start, end, start])
        return {(a, b): n for a, b, n in cursor.fetchall() if a in ids and b in ids}


def _meetings_together(start: datetime, end: datetime, ids: set[int]) -> dict[Pair, int]:
    meetings = Meeting.objects.filter(
        starts_at__gte=start, starts_at__lt=end, cancelled_at__isnull=True
    ).exclude(kind=Meeting.Kind.GOVERNANCE)
    rows = (
        Participant.objects.filter(
            meeting__in=meetings, removed_at__isnull=True, organisation__isnull=False
        )
        .exclude(answer=Participant.Answer.DECLINED)
        .values_list("meeting_id", "organisation_id")
        .distinct()
    )
    by_meeting: dict[int, set[int]] = defaultdict(set)
    for meeting_id, org_id in rows:
        if org_id in ids:
            by_meeting[meeting_id].add(org_id)
    together: dict[Pair, int] = defaultdict(int)
    for orgs in by_meeting.values():
        ordered = sorted(orgs)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                together[(a, b)] += 1
    return dict(together)


def _agreements(filters: Filters, ids: set[int]) -> dict[Pair, list[list[str]]]:
    """Agreements in force at some time in the period (ended or expired since included)."""
    Status = Agreement.Status
    agreements = Agreement.objects.filter(
        status__in=[Status.IN_FORCE, Status.EXPIRED, Status.ENDED],
        in_force_since__isnull=False,
        starts_on__lt=filters.end,
        ends_on__gte=filters.start,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=filters.start))
    parties: dict[int, list[int]] = defaultdict(list)
    titles: dict[int, list[str]] = {}
    for agreement_id, org_id, public_id, title in Party.objects.filter(
        agreement__in=agreements, withdrawn_on__isnull=True
    ).values_list("agreement_id", "organisation_id", "agreement__public_id", "agreement__title"):
        if org_id in ids:
            parties[agreement_id].append(org_id)
            titles[agreement_id] = [str(public_id), title]
    declared: dict[Pair, list[list[str]]] = defaultdict(list)
    for agreement_id, orgs in parties.items():
        ordered = sorted(set(orgs))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                declared[(a, b)].append(titles[agreement_id])
    return dict(declared)
