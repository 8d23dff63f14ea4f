"""igraph computes the network's figures; networkx is the reference they must agree with."""

import math

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from ansam.network import figures

graphs = st.integers(3, 25).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.dictionaries(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1]),
            st.integers(1, 9),
            max_size=60,
        ),
    )
)


@settings(max_examples=40, deadline=None)
@given(graphs)
def test_figures_agree_with_networkx(graph):
    n, ties = graph
    nodes = list(range(n))
    result = figures.compute(nodes, ties, list(ties))
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for (a, b), w in ties.items():
        g.add_edge(a, b, weight=w)
    between = nx.betweenness_centrality(g)
    constraint = nx.constraint(g, weight="weight")
    size = nx.effective_size(g)
    for v in nodes:
        f = result.nodes[v]
        assert math.isclose(f.betweenness, between[v], abs_tol=1e-9)
        assert f.partners == g.degree(v)
        if g.degree(v):
            assert math.isclose(f.constraint, constraint[v], abs_tol=1e-9)
            assert math.isclose(f.effective_size, size[v], abs_tol=1e-9)
    assert math.isclose(result.density, nx.density(g))
    assert result.isolated == sum(1 for v in nodes if g.degree(v) == 0)
    directed = nx.DiGraph(list(ties))
    if ties:
        assert math.isclose(result.reciprocity, nx.reciprocity(directed))


def test_centralisation_of_a_star_and_of_a_ring():
    star = {(0, i): 1 for i in range(1, 6)}
    ring = {(i, i + 1): 1 for i in range(5)} | {(0, 5): 1}
    assert figures.compute(list(range(6)), star, []).centralisation == 1.0
    assert figures.compute(list(range(6)), ring, []).centralisation == 0.0
    assert math.isclose(figures.compute(list(range(6)), star, []).betweenness_centralisation, 1.0)
