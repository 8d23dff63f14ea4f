"""The graph mathematics of the network diagnostic, on plain edge lists (no database).

igraph computes at the territory's scale (exact betweenness on 5,000 organisations in seconds);
networkx is the reference the tests compare it with on small graphs (tests/network/
test_figures.py). Density and centralisation are computed here: networkx has neither."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import igraph as ig

# Above this many organisations, betweenness is estimated from a random sample of sources
# (Brandes and Pich, 2007): exact betweenness grows as n x m, the sample keeps it linear in m.
EXACT_BETWEENNESS_MAX = 3000
BETWEENNESS_SAMPLE = 1000


@dataclass
class NodeFigures:
    degree_in: int = 0  # organisations that referred to this one
    degree_out: int = 0  # organisations this one referred to
    partners: int = 0  # organisations it works with in any way (undirected degree)
    betweenness: float = 0.0  # normalised, on the undirected collaboration graph
    constraint: float | None = None  # Burt; None for an isolated organisation
    effective_size: float | None = None
    community: int | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass
class NetworkFigures:
    organisations: int = 0
    relations: int = 0  # undirected collaboration ties
    referral_links: int = 0  # directed sender -> receiver links
    density: float = 0.0
    referral_density: float = 0.0
    reciprocity: float | None = None  # share of referral links returned
    centralisation: float | None = None  # Freeman, degree, undirected
    betweenness_centralisation: float | None = None
    communities: int = 0
    modularity: float | None = None
    isolated: int = 0
    betweenness_method: str = "exact"
    nodes: dict[int, NodeFigures] = field(default_factory=dict)


def density(n: int, m: int, directed: bool = False) -> float:
    if n < 2:
        return 0.0
    pairs = n * (n - 1)
    return m / pairs if directed else 2 * m / pairs


def degree_centralisation(degrees: Sequence[int]) -> float | None:
    """Freeman's degree centralisation of an undirected graph: how far it is from a star
    (1.0) towards a graph where everyone has the same number of ties (0.0)."""
    n = len(degrees)
    if n < 3:
        return None
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def betweenness_centralisation(values: Sequence[float]) -> float | None:
    """Freeman's centralisation of normalised betweenness: the star scores 1.0."""
    n = len(values)
    if n < 3:
        return None
    top = max(values)
    return sum(top - v for v in values) / (n - 1)


def reciprocity(links: Iterable[tuple[int, int]]) -> float | None:
    found = set(links)
    if not found:
        return None
    returned = sum(1 for a, b in found if (b, a) in found)
    return returned / len(found)


def compute(
    nodes: Sequence[int],
    ties: dict[tuple[int, int], float],
    links: Iterable[tuple[int, int]],
    *,
    seed: int = 7,
) -> NetworkFigures:
    """`ties`: undirected collaboration weights keyed (a, b) with a < b; `links`: directed
    referral links (sender, receiver). Every organisation of a tie or link is in `nodes`."""
    index = {org: i for i, org in enumerate(nodes)}
    n = len(nodes)
    link_set = {(a, b) for a, b in links if a != b}
    result = NetworkFigures(organisations=n, relations=len(ties), referral_links=len(link_set))
    result.nodes = {org: NodeFigures() for org in nodes}
    for a, b in link_set:
        result.nodes[a].degree_out += 1
        result.nodes[b].degree_in += 1
    result.density = density(n, len(ties))
    result.referral_density = density(n, len(link_set), directed=True)
    result.reciprocity = reciprocity(link_set)
    if n == 0:
        return result

    edges = [(index[a], index[b]) for a, b in ties]
    weights = [float(w) for w in ties.values()]
    graph = ig.Graph(n=n, edges=edges)
    degrees = graph.degree()
    random.seed(seed)
    if n <= 2:
        betweenness = [0.0] * n
    elif n <= EXACT_BETWEENNESS_MAX:
        betweenness = graph.betweenness(directed=False)
    else:
        sources = random.sample(range(n), BETWEENNESS_SAMPLE)
        sampled = graph.betweenness(directed=False, sources=sources)
        betweenness = [b * n / BETWEENNESS_SAMPLE for b in sampled]
        result.betweenness_method = f"sampled:{BETWEENNESS_SAMPLE}"
    scale = (n - 1) * (n - 2) / 2 if n > 2 else 1
    betweenness = [b / scale for b in betweenness]
    constraint = graph.constraint(weights=weights) if edges else [float("nan")] * n
    clustering = graph.transitivity_local_undirected(mode="zero")
    ig.set_random_number_generator(random)
    if edges:
        parts = graph.community_multilevel(weights=weights)
        membership = parts.membership
        result.modularity = parts.modularity
    else:
        membership = list(range(n))
    sizes: dict[int, int] = {}
    for c in membership:
        sizes[c] = sizes.get(c, 0) + 1
    layout = _layout(graph, weights)

    result.centralisation = degree_centralisation(degrees)
    result.betweenness_centralisation = betweenness_centralisation(betweenness)
    # A community of one is an isolated organisation, not a community.
    result.communities = sum(1 for size in sizes.values() if size > 1)
    for org, i in index.items():
        f = result.nodes[org]
        f.partners = degrees[i]
        f.betweenness = betweenness[i]
        if degrees[i]:
            f.constraint = constraint[i]
            # Borgatti's effective size for binary ties: degree minus the redundancy of ties
            # among the neighbours (2t/k = C(k-1)).
            f.effective_size = degrees[i] - clustering[i] * (degrees[i] - 1)
            f.community = membership[i] if sizes[membership[i]] > 1 else None
        else:
            result.isolated += 1
        f.x, f.y = layout[i]
    return result


def _layout(graph: ig.Graph, weights: list[float]) -> list[tuple[float, float]]:
    """Positions in [0, 1000]², computed once with the figures so that the pages and the SVG
    export draw the same picture without laying out in the browser."""
    n = graph.vcount()
    if n == 1:
        return [(500.0, 500.0)]
    coords = graph.layout_fruchterman_reingold(
        weights=weights or None, niter=300 if n < 1000 else 100, grid="auto"
    ).coords
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    w = (x1 - x0) or 1.0
    h = (y1 - y0) or 1.0
    return [(40 + 920 * (x - x0) / w, 40 + 920 * (y - y0) / h) for x, y in coords]
