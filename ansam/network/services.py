"""Runs of the network diagnostic: asked for by a page (a period and filters), computed by the
task worker, stored; the daily task keeps the default periods fresh."""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ansam.core.periods import last_twelve_months, previous_period
from ansam.network import figures as graph
from ansam.network import lists
from ansam.network.models import Edge, Node, Run, relation_hidden
from ansam.network.sources import Collected, Filters, collect

log = logging.getLogger(__name__)
# "Refers much and receives nothing": from this many referrals sent in the period.
REFERS_MIN = 5


def run_key(f: Filters) -> str:
    return "|".join([f.start.isoformat(), f.end.isoformat(), f.thematique, f.public, f.place])


def run_for(filters: Filters, *, scheduled: bool = False) -> tuple[Run, bool]:
    """The stored run of these filters, created (waiting for the worker) if new."""
    run, created = Run.objects.get_or_create(
        key=run_key(filters),
        defaults={
            "period_start": filters.start,
            "period_end": filters.end,
            "thematique": filters.thematique,
            "public": filters.public,
            "place": filters.place,
            "scheduled": scheduled,
        },
    )
    if scheduled and not run.scheduled:
        Run.objects.filter(pk=run.pk).update(scheduled=True)
    return run, created


def filters_of(run: Run) -> Filters:
    return Filters(run.period_start, run.period_end, run.thematique, run.public, run.place)


def run_compute(run: Run) -> Run:
    began = time.perf_counter()
    try:
        data = collect(filters_of(run))
        with transaction.atomic():
            _store(run, data)
            run.status = Run.Status.DONE
            run.error = ""
            run.computed_at = timezone.now()
            run.seconds = round(time.perf_counter() - began, 3)
            run.save(
                update_fields=["status", "error", "computed_at", "seconds", "figures", "threshold"]
            )
    except Exception as error:  # the page says it failed; the log keeps why
        log.exception("network run %s failed", run.key)
        Run.objects.filter(pk=run.pk).update(status=Run.Status.FAILED, error=str(error)[:500])
        run.status = Run.Status.FAILED
    return run


def _store(run: Run, data: Collected) -> None:
    strong = settings.ANSAM_NETWORK_STRONG_TIE
    pairs: dict[tuple[int, int], dict] = {}

    def pair(a: int, b: int) -> dict:
        key = (min(a, b), max(a, b))
        if key not in pairs:
            pairs[key] = {
                "a_to_b": 0, "b_to_a": 0, "accepted": 0, "declined": 0,
                "shared_people": 0, "meetings": 0, "people": 0, "agreements": [],
            }  # fmt: skip
        return pairs[key]

    for key, counts in data.referrals.items():
        pair(*key).update(counts)
    for key, n in data.shared_people.items():
        row = pair(*key)
        row["shared_people"] = n
        row["people"] = max(row["people"], n)
    for key, n in data.meetings.items():
        pair(*key)["meetings"] = n
    for key, titles in data.agreements.items():
        pair(*key)["agreements"] = titles

    ties: dict[tuple[int, int], float] = {}
    for key, row in pairs.items():
        row["weight"] = row["a_to_b"] + row["b_to_a"] + row["shared_people"] + row["meetings"]
        if row["weight"]:
            ties[key] = row["weight"]
    nodes = sorted(data.organisations)
    sent: dict[int, int] = dict.fromkeys(nodes, 0)
    received = dict.fromkeys(nodes, 0)
    links = []  # directed: who referred to whom
    for (a, b), c in data.referrals.items():
        for s, r, n in ((a, b, c["a_to_b"]), (b, a, c["b_to_a"])):
            if n:
                links.append((s, r))
                sent[s] += n
                received[r] += n
    result = graph.compute(nodes, ties, links)
    threshold = settings.ANSAM_SUPPRESSION_THRESHOLD
    shown: dict[int, list[Any]] = {org: [0, False, 0, False] for org in nodes}
    for (a, b), row in pairs.items():
        hidden = relation_hidden(
            people=row["people"],
            a_to_b=row["a_to_b"],
            b_to_a=row["b_to_a"],
            shared_people=row["shared_people"],
            threshold=threshold,
        )
        for s, r, n in ((a, b, row["a_to_b"]), (b, a, row["b_to_a"])):
            if hidden or 0 < n < threshold:
                shown[s][1] = shown[r][3] = True
            else:
                shown[s][0] += n
                shown[r][2] += n
    agreements = dict.fromkeys(nodes, 0)
    for a, b in data.agreements:
        agreements[a] += 1
        agreements[b] += 1

    run.nodes.all().delete()
    run.edges.all().delete()
    Node.objects.bulk_create(
        (
            Node(
                run=run,
                organisation_id=org,
                name=info["name"],
                typology=info["typology"] or "",
                commune_name=info["commune_name"] or "",
                uses_ansam=info["uses_ansam"],
                degree_in=f.degree_in,
                degree_out=f.degree_out,
                partners=f.partners,
                agreements=agreements[org],
                betweenness=f.betweenness,
                constraint=f.constraint,
                effective_size=f.effective_size,
                community=f.community,
                refers_without_receiving=sent[org] >= REFERS_MIN and received[org] == 0,
                sent_shown=shown[org][0],
                sent_partial=bool(shown[org][1]),
                received_shown=shown[org][2],
                received_partial=bool(shown[org][3]),
                x=f.x,
                y=f.y,
            )
            for org, info in data.organisations.items()
            for f in [result.nodes[org]]
        ),
        batch_size=2000,
    )
    _insert_edges(run, pairs, strong)
    run.threshold = threshold
    run.figures = {
        "organisations": result.organisations,
        "relations": result.relations,
        "referral_links": result.referral_links,
        "density": result.density,
        "referral_density": result.referral_density,
        "reciprocity": result.reciprocity,
        "centralisation": result.centralisation,
        "betweenness_centralisation": result.betweenness_centralisation,
        "communities": result.communities,
        "modularity": result.modularity,
        "isolated": result.isolated,
        "declared": len(data.agreements),
        "betweenness": result.betweenness_method,
    }
    lists.store(run)


EDGE_COLUMNS = ("a_to_b", "b_to_a", "accepted", "declined", "shared_people", "meetings",
                "people", "weight")  # fmt: skip


def _insert_edges(run: Run, pairs: dict[tuple[int, int], dict], strong: int) -> None:
    """The relations written in bulk without model instances (bulk_create's took 9 of a 24 s
    run on 100,000 relations): PostgreSQL's COPY, else many rows per statement (binding a
    statement's 30,000 parameters on the client took psycopg 20 s for 100,000 rows)."""
    quote = connection.ops.quote_name
    columns = ("run_id", "a_id", "b_id", *EDGE_COLUMNS, "declared", "agreements", "finding")
    # The table and column names come from the model; the values are parameters.
    table, names = quote(Edge._meta.db_table), ", ".join(map(quote, columns))
    as_json = Edge._meta.get_field("agreements")
    none = as_json.get_db_prep_save([], connection)
    rows = (
        (
            run.pk, a, b, *(row[c] for c in EDGE_COLUMNS), bool(row["agreements"]),
            as_json.get_db_prep_save(row["agreements"], connection) if row["agreements"] else none,
            _finding(row, strong),
        )
        for (a, b), row in pairs.items()
    )  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        per_statement = max(1, (connection.features.max_query_params or 999) // len(columns))
        row_marks = f"({', '.join(['%s'] * len(columns))})"
        while chunk := list(islice(rows, per_statement)):
            values = ", ".join([row_marks] * len(chunk))
            sql = f"INSERT INTO {table} ({names}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [v for row in chunk for v in row])


def _finding(row: dict, strong: int) -> str:
    if row["agreements"] and not row["weight"]:
        return Edge.Finding.PAPER
    if not row["agreements"] and row["weight"] >= strong:
        return Edge.Finding.INVISIBLE
    high, low = max(row["a_to_b"], row["b_to_a"]), min(row["a_to_b"], row["b_to_a"])
    if high >= 3 and low == 0:
        return Edge.Finding.ONE_WAY
    return ""


def daily(today: date | None = None) -> dict[str, int]:
    """Keep the default periods fresh (this year and the one before, for the change), compute
    what pages asked for, and forget runs nobody opened for a month."""
    start, end = last_twelve_months(today)
    runs = [run_for(Filters(start, end), scheduled=True)[0]]
    runs.append(run_for(Filters(*previous_period(start, end)), scheduled=True)[0])
    Run.objects.filter(scheduled=True).exclude(pk__in=[r.pk for r in runs]).update(scheduled=False)
    stale = timezone.now() - timedelta(days=30)
    forgotten, _ = (
        Run.objects.filter(scheduled=False, created_at__lt=stale)
        .exclude(last_read_at__gte=stale)
        .delete()
    )
    done = 0
    # Runs a page asked for went to the worker then; these are the ones it lost (a restart).
    lost = timezone.now() - timedelta(hours=1)
    waiting = Run.objects.filter(status=Run.Status.PENDING, created_at__lt=lost).exclude(
        pk__in=[r.pk for r in runs]
    )
    for run in runs + list(waiting):
        run_compute(run)
        done += 1
    return {"computed": done, "forgotten": forgotten}
