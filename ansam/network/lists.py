"""What the network page lists of a run, as ids: the picture's organisations and relations, the
strongest relations, the findings, the brokers, the isolated organisations and their counts.

For the whole network it is computed once, when the run is stored (Run.lists), so that a page
reads a few hundred rows by id instead of sorting and counting a hundred thousand relations on
every request; for a neighbourhood (a manager's), the same function runs on the few relations
that touch it."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from ansam.network.models import Edge, Node, Run

PICTURE_MAX = 150
PICTURE_EDGES = 600
LIST_MAX = 20
BROKERS = 5
FINDINGS = (Edge.Finding.PAPER, Edge.Finding.INVISIBLE, Edge.Finding.ONE_WAY)

# The fields each function reads, in this order.
NODE_FACTS = ("organisation_id", "name", "partners", "agreements", "betweenness",
              "refers_without_receiving")  # fmt: skip
EDGE_FACTS = ("id", "a_id", "b_id", "weight", "people", "declared", "finding")


def compute(nodes: Iterable[tuple], edges: Iterable[tuple], *, whole: bool) -> dict[str, Any]:
    """nodes and edges as tuples of NODE_FACTS and EDGE_FACTS. A neighbourhood is drawn whole;
    the whole network keeps its PICTURE_MAX most connected organisations (isolated ones are
    listed, not drawn: scattered round the picture, they would shrink the relations to a dot)."""
    nodes, edges = list(nodes), list(edges)
    drawn = sorted((n for n in nodes if n[2] or n[3]), key=lambda n: (-n[2], n[1]))
    if whole:
        drawn = drawn[:PICTURE_MAX]
    shown = {n[0] for n in drawn}
    isolated = sorted((n for n in nodes if not n[2]), key=lambda n: n[1])

    def strongest(of: Iterable[tuple], n: int) -> list[tuple]:
        return heapq.nsmallest(n, of, key=lambda e: (-e[3], e[1], e[2]))

    return {
        "node_count": len(nodes),
        "edge_count": len(edges),
        "picture": [n[0] for n in drawn],
        # a, b, weight, people, declared: the picture needs nothing else of a relation.
        "picture_edges": [
            list(e[1:6])
            for e in strongest((e for e in edges if e[1] in shown and e[2] in shown), PICTURE_EDGES)
        ],
        "strongest": [e[0] for e in strongest(edges, LIST_MAX)],
        "findings": {
            str(f): [e[0] for e in strongest((e for e in edges if e[6] == f), LIST_MAX)]
            for f in FINDINGS
        },
        "finding_counts": {str(f): sum(1 for e in edges if e[6] == f) for f in FINDINGS},
        "brokers": [
            n[0]
            for n in heapq.nlargest(BROKERS, (n for n in nodes if n[4] > 0), key=lambda n: n[4])
        ],
        "isolated": [n[0] for n in isolated[:LIST_MAX]],
        "isolated_count": len(isolated),
        "one_sided": [n[0] for n in sorted((n for n in nodes if n[5]), key=lambda n: n[1])][
            :LIST_MAX
        ],
    }


def store(run: Run) -> dict[str, Any]:
    """The whole network's lists, kept with the run."""
    run.lists = compute(
        Node.objects.filter(run=run).values_list(*NODE_FACTS),
        Edge.objects.filter(run=run).values_list(*EDGE_FACTS),
        whole=True,
    )
    Run.objects.filter(pk=run.pk).update(lists=run.lists)
    return run.lists


def touching(edges: QuerySet, scope: set[int]) -> list:
    """The relations of a queryset that touch the scope's organisations. Two indexed lookups
    joined here: "a in scope OR b in scope" made SQLite read every relation of the run."""
    found = {}
    for part in (edges.filter(a_id__in=scope), edges.filter(b_id__in=scope)):
        for e in part:
            found[e.pk if isinstance(e, Edge) else e] = e
    return list(found.values())
