"""What a reader sees of a stored run: the whole network or an organisation's neighbourhood,
with every count resting on fewer people than the threshold shown as "< N".

What is published about referrals is only a relation's counts that are zero or at least N, in a
relation resting on at least N people, and sums of those: a node's total says "at least" when
one of its counts is masked,
so no masked count can be recomputed by subtraction (tests/network/test_suppression.py). In a
manager's neighbourhood, the neighbours' totals (their work with others) are not shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ansam.network import lists
from ansam.network.lists import LIST_MAX
from ansam.network.models import Edge, Node, Run, relation_hidden
from ansam.organisations.taxonomies import display_label

# Kinds of organisations, each with a shape (the picture is readable without colour).
KINDS = {
    "public": ("CCAS", "CIAS", "CD", "DEPT", "MDS", "CDAS", "MUNI", "EPCI", "CC", "ETAT", "ASE"),
    "employment": ("FT", "ML", "CAP_EMPLOI", "MDE", "MDEF", "ACI", "AI", "EI", "ETTI", "GEIQ"),
    "housing": ("CHRS", "CHU", "CADA", "HUDA", "CPH", "PENSION", "OIL", "SIAO", "RS", "BS"),
    "health": ("CMP", "CMS", "CSAPA", "CAARUD", "ETABL_PUB", "ETABL_PRI", "MDPH", "MDA", "PMI"),
    "benefits": ("CAF", "CPAM", "MSA", "CFP"),
}
KIND_OF = {code: kind for kind, codes in KINDS.items() for code in codes}
TABLE_PAGE = 50


def kind_of(typology: str) -> str:
    return KIND_OF.get(typology, "association")


def kind_labels() -> dict[str, str]:
    return {
        "public": _("Local authority or public service"),
        "employment": _("Employment and integration"),
        "housing": _("Housing and shelter"),
        "health": _("Health"),
        "benefits": _("Benefits and social security"),
        "association": _("Association or other"),
    }


@dataclass
class NetworkView:
    run: Run
    threshold: int
    scope: set[int] | None
    nodes: list[dict[str, Any]] = field(default_factory=list)  # the table's page
    node_count: int = 0
    edges: list[dict[str, Any]] = field(default_factory=list)  # the strongest relations
    edge_count: int = 0
    picture: dict[str, Any] = field(default_factory=dict)
    findings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    finding_counts: dict[str, int] = field(default_factory=dict)
    brokers: list[dict[str, Any]] = field(default_factory=list)
    isolated: list[dict[str, Any]] = field(default_factory=list)
    isolated_count: int = 0
    one_sided: list[dict[str, Any]] = field(default_factory=list)
    pictured: int = 0


def _count(value: int, hidden: bool, threshold: int) -> str:
    """A count of people or referrals: shown from the threshold up (or zero) in a relation that
    rests on enough people; "< N" otherwise."""
    if hidden or 0 < value < threshold:
        return f"< {threshold}"
    return str(value)


def _total(shown: int, partial: bool) -> str:
    return f"≥ {shown}" if partial else str(shown)


# What a row shows of an organisation: its public id, not the whole organisation (its dates and
# JSON fields cost more to read than the rest of the page).
NODE_FIELDS = (
    "organisation_id", "organisation__public_id", "name", "typology", "commune_name",
    "partners", "degree_in", "degree_out", "agreements", "betweenness", "constraint",
    "effective_size", "community", "refers_without_receiving", "sent_shown", "sent_partial",
    "received_shown", "received_partial", "x", "y",
)  # fmt: skip


def _nodes(run: Run, organisations) -> Any:
    return (
        Node.objects.filter(run=run, organisation_id__in=organisations)
        .select_related("organisation")
        .only(*NODE_FIELDS)
    )


def _node_row(n: Node, scope: set[int] | None, labels: dict[str, str]) -> dict[str, Any]:
    kind = kind_of(n.typology)
    whole_or_mine = scope is None or n.organisation_id in scope
    return {
        "id": n.organisation_id,
        "public_id": n.organisation.public_id,
        "name": n.name,
        "kind": kind,
        "kind_label": labels[kind],
        "typology": display_label("typologie", n.typology) if n.typology else "",
        "commune": n.commune_name,
        "partners": n.partners,
        "degree_in": n.degree_in,
        "degree_out": n.degree_out,
        "agreements": n.agreements,
        "betweenness": n.betweenness,
        "constraint": n.constraint,
        "effective_size": n.effective_size,
        "community": n.community,
        "sent": _total(n.sent_shown, n.sent_partial) if whole_or_mine else "—",
        "received": _total(n.received_shown, n.received_partial) if whole_or_mine else "—",
        "isolated": n.partners == 0,
        "refers_without_receiving": n.refers_without_receiving,
        "mine": scope is not None and n.organisation_id in scope,
        "x": n.x,
        "y": n.y,
    }


def _width(weight: float, people: int, threshold: int) -> int:
    """Thin below the threshold; above, by broad bands of the people the relation rests on (not
    of its weight, which would narrow a masked count down)."""
    if not weight or people < threshold:
        return 1
    return 2 if people < 50 else 4 if people < 200 else 6


def _edge_row(e: Edge, rows: dict[int, dict[str, Any]], threshold: int) -> dict[str, Any]:
    masked = relation_hidden(
        people=e.people,
        a_to_b=e.a_to_b,
        b_to_a=e.b_to_a,
        shared_people=e.shared_people,
        threshold=threshold,
    )
    return {
        "a": rows[e.a_id],
        "b": rows[e.b_id],
        "masked": masked,
        "a_to_b": _count(e.a_to_b, masked, threshold),
        "b_to_a": _count(e.b_to_a, masked, threshold),
        "accepted": _count(e.accepted, masked, threshold),
        "declined": _count(e.declined, masked, threshold),
        "shared_people": _count(e.shared_people, masked, threshold),
        "meetings": f"< {threshold}" if masked else str(e.meetings),  # meetings, not people
        "actual": e.weight > 0,
        "declared": e.declared,
        "agreements": e.agreements,
        "finding": e.finding,
        "finding_label": e.get_finding_display() if e.finding else "",
        "width": _width(e.weight, e.people, threshold),
    }


def mark_read(run: Run) -> None:
    """Runs nobody reads are forgotten (services.daily); written at most once a day, not on
    every page."""
    now = timezone.now()
    if run.last_read_at and run.last_read_at > now - timedelta(days=1):
        return
    Run.objects.filter(pk=run.pk).filter(
        Q(last_read_at__isnull=True) | Q(last_read_at__lt=now - timedelta(days=1))
    ).update(last_read_at=now)


def network_view(run: Run, scope: set[int] | None, page: int = 1) -> NetworkView:
    """A bounded number of queries and rows whatever the network's size: the whole network's
    lists were stored with the run (network.lists); a neighbourhood's are computed from the
    few relations that touch it. The table pages its organisations."""
    threshold = run.threshold
    view = NetworkView(run=run, threshold=threshold, scope=scope)
    labels = kind_labels()
    if scope is None:
        found = run.lists or lists.store(run)
        edges_by_id: dict[int, Edge] = {}
        nodes_by_id: dict[int, Node] = {}
        table_ids = list(
            Node.objects.filter(run=run)
            .order_by("-partners", "name")
            .values_list("organisation_id", flat=True)[(page - 1) * TABLE_PAGE : page * TABLE_PAGE]
        )
    else:
        around_edges = lists.touching(Edge.objects.filter(run=run), scope)
        edges_by_id = {e.pk: e for e in around_edges}
        around = set(scope) | {o for e in around_edges for o in (e.a_id, e.b_id)}
        nodes_by_id = {n.organisation_id: n for n in _nodes(run, around)}
        found = lists.compute(
            (tuple(getattr(n, f) for f in lists.NODE_FACTS) for n in nodes_by_id.values()),
            (tuple(getattr(e, f) for f in lists.EDGE_FACTS) for e in around_edges),
            whole=False,
        )
        ordered = sorted(nodes_by_id.values(), key=lambda n: (-n.partners, n.name))
        table_ids = [n.organisation_id for n in ordered][
            (page - 1) * TABLE_PAGE : page * TABLE_PAGE
        ]
    edge_ids = set(found["strongest"]) | {i for ids in found["findings"].values() for i in ids}
    missing_edges = edge_ids - edges_by_id.keys()
    if missing_edges:
        edges_by_id |= {e.pk: e for e in Edge.objects.filter(pk__in=missing_edges)}
    node_ids = set(found["picture"] + table_ids + found["brokers"] + found["isolated"])
    node_ids |= set(found["one_sided"])
    node_ids |= {o for i in edge_ids for o in (edges_by_id[i].a_id, edges_by_id[i].b_id)}
    missing_nodes = node_ids - nodes_by_id.keys()
    if missing_nodes:
        nodes_by_id |= {n.organisation_id: n for n in _nodes(run, missing_nodes)}
    brokers = set(found["brokers"])
    rows = {
        org: _node_row(nodes_by_id[org], scope, labels) | {"broker": org in brokers}
        for org in node_ids
    }
    view.node_count = found["node_count"]
    view.edge_count = found["edge_count"]
    view.isolated_count = found["isolated_count"]
    view.finding_counts = found["finding_counts"]
    view.nodes = [rows[i] for i in table_ids]
    view.brokers = [rows[i] for i in found["brokers"]]
    view.isolated = [rows[i] for i in found["isolated"]]
    view.one_sided = [rows[i] for i in found["one_sided"]]
    view.edges = [_edge_row(edges_by_id[i], rows, threshold) for i in found["strongest"]]
    view.findings = {
        name: [_edge_row(edges_by_id[i], rows, threshold) for i in ids]
        for name, ids in found["findings"].items()
    }
    view.pictured = len(found["picture"])
    view.picture = _picture([rows[i] for i in found["picture"]], found["picture_edges"], threshold)
    return view


def _picture(nodes: list[dict[str, Any]], edges: list[tuple], threshold: int) -> dict[str, Any]:
    """The elements the page's graph draws: the PICTURE_MAX most connected organisations and
    their PICTURE_EDGES strongest relations (the tables and the CSV have them all)."""
    return {
        "nodes": [
            {
                "data": {
                    "id": str(r["id"]),
                    "label": r["name"],
                    "kind": r["kind"],
                    "size": 18 + min(40, 4 * r["partners"]),
                    "mine": r["mine"],
                },
                "position": {"x": round(r["x"], 1), "y": round(r["y"], 1)},
            }
            for r in nodes
        ],
        "edges": [
            {
                "data": {
                    "id": f"{a}-{b}",
                    "source": str(a),
                    "target": str(b),
                    "kind": ("both" if declared else "actual") if weight else "declared",
                    "width": _width(weight, people, threshold),
                },
            }
            for a, b, weight, people, declared in edges
        ],
    }


def all_edges(
    run: Run, scope: set[int] | None, start: int = 0, stop: int | None = None
) -> tuple[int, list[dict[str, Any]]]:
    """The relations the reader may see, strongest first, from start to stop (the CSV takes
    them all, the API a page), and how many there are."""
    edges = Edge.objects.filter(run=run)
    if scope is None:
        total = run.lists["edge_count"] if run.lists else edges.count()
        edges_list = list(edges.order_by("-weight", "a_id", "b_id")[start:stop])
    else:
        around = sorted(lists.touching(edges, scope), key=lambda e: (-e.weight, e.a_id, e.b_id))
        total, edges_list = len(around), around[start:stop]
    orgs = {o for e in edges_list for o in (e.a_id, e.b_id)}
    labels = kind_labels()
    rows = {
        n.organisation_id: _node_row(n, scope, labels) | {"broker": False}
        for n in _nodes(run, orgs)
    }
    return total, [_edge_row(e, rows, run.threshold) for e in edges_list]


def changes(now: Run, before: Run, scope: set[int] | None) -> dict[str, Any]:
    """What changed between two periods: relations that appeared or stopped (the strongest
    LIST_MAX of each), and the figures side by side."""

    def actual(run: Run) -> Any:
        edges = Edge.objects.filter(run=run, weight__gt=0).values_list("a_id", "b_id", "weight")
        return edges if scope is None else lists.touching(edges, scope)

    weights = {run.pk: {(a, b): w for a, b, w in actual(run)} for run in (now, before)}
    result: dict[str, Any] = {}
    for name, run, other in (("appeared", now, before), ("ended", before, now)):
        mine, theirs = weights[run.pk], weights[other.pk]
        pairs = sorted((p for p in mine if p not in theirs), key=lambda p: (-mine[p], p))
        result[f"{name}_count"] = len(pairs)
        top = set(pairs[:LIST_MAX])
        candidates = Edge.objects.filter(
            run=run, a_id__in={a for a, _b in top}, b_id__in={b for _a, b in top}
        )
        found = sorted(
            (e for e in candidates if (e.a_id, e.b_id) in top),
            key=lambda e: (-e.weight, e.a_id, e.b_id),
        )
        orgs = {o for pair in top for o in pair}
        rows = {
            n.organisation_id: _node_row(n, scope, kind_labels()) | {"broker": False}
            for n in _nodes(run, orgs)
        }
        result[name] = [_edge_row(e, rows, run.threshold) for e in found]
    names = (
        "organisations", "relations", "density", "reciprocity", "centralisation",
        "communities", "isolated",
    )  # fmt: skip
    result["figures"] = [(n, before.figures.get(n), now.figures.get(n)) for n in names]
    return result


def svg(view: NetworkView) -> str:
    """The picture as a standalone SVG for reports: the same positions as the page."""
    fills = {
        "public": "#1f4e9c", "employment": "#b3541e", "housing": "#2e7d32",
        "health": "#8e24aa", "benefits": "#00838f", "association": "#6d6d6d",
    }  # fmt: skip
    positions = {n["data"]["id"]: n["position"] for n in view.picture["nodes"]}
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1060" '
        'font-family="sans-serif" font-size="11">',
        f"<title>{escape(_('Network of the territory'))} "
        f"{period_label(view.run.period_start, view.run.period_end)}</title>",
        '<rect width="1000" height="1060" fill="#fff"/>',
    ]
    for e in view.picture["edges"]:
        a, b = positions[e["data"]["source"]], positions[e["data"]["target"]]
        dash = ' stroke-dasharray="6 4"' if e["data"]["kind"] == "declared" else ""
        colour = "#c62828" if e["data"]["kind"] == "declared" else "#555"
        out.append(
            f'<line x1="{a["x"]}" y1="{a["y"]}" x2="{b["x"]}" y2="{b["y"]}" '
            f'stroke="{colour}" stroke-width="{e["data"]["width"]}"{dash}/>'
        )
    for n in view.picture["nodes"]:
        p, d = n["position"], n["data"]
        r = d["size"] / 4
        out.append(
            f'<circle cx="{p["x"]}" cy="{p["y"]}" r="{r}" fill="{fills[d["kind"]]}" '
            f'stroke="#000" stroke-width="{2 if d["mine"] else 0.5}"/>'
            f'<text x="{p["x"] + r + 2}" y="{p["y"] + 4}">{escape(d["label"][:40])}</text>'
        )
    y = 1010
    for i, (kind, label) in enumerate(kind_labels().items()):
        x = 20 + (i % 3) * 320
        yy = y + (i // 3) * 20
        out.append(
            f'<circle cx="{x}" cy="{yy}" r="6" fill="{fills[kind]}"/>'
            f'<text x="{x + 10}" y="{yy + 4}">{escape(label)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


def period_label(start: date, end: date) -> str:
    """Whole months, the end being exclusive."""
    return f"{start:%m/%Y} – {end - timedelta(days=1):%m/%Y}"
