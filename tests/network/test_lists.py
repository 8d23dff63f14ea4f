"""The network page's lists: computed once for the whole network when the run is stored, per
request for a neighbourhood, with the same function; and the page kept for its readers is
rendered again once the run is computed again."""

import pytest

from ansam.network import lists, services
from ansam.network.models import Edge, Run
from ansam.network.sources import Collected
from ansam.observatory.services import release_compute
from tests.conftest import verified_login
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def node(org, name, partners, agreements=0, betweenness=0.0, one_sided=False):
    return (org, name, partners, agreements, betweenness, one_sided)


def edge(pk, a, b, weight, finding=""):
    return (pk, a, b, weight, 20, False, finding)


def test_whole_network_lists():
    nodes = [node(i, f"Org {i:03}", partners=i % 7, betweenness=i / 10) for i in range(400)]
    edges = [
        edge(k, k, k + 1, weight=k % 50, finding="one_way" if k % 3 else "") for k in range(399)
    ]
    found = lists.compute(nodes, edges, whole=True)
    assert found["node_count"] == 400 and found["edge_count"] == 399
    # The most connected are drawn, isolated ones never; the table has them all.
    assert len(found["picture"]) == lists.PICTURE_MAX
    assert all(nodes[i][2] == 6 for i in found["picture"][:50])
    assert not set(found["picture"]) & {n[0] for n in nodes if n[2] == 0}
    assert found["isolated_count"] == sum(1 for n in nodes if n[2] == 0)
    assert found["isolated"] == sorted(found["isolated"], key=lambda i: nodes[i][1])
    weights = [edges[k][3] for k in found["strongest"]]
    assert weights == sorted(weights, reverse=True) and weights[0] == 49
    assert found["finding_counts"]["one_way"] == sum(1 for e in edges if e[6] == "one_way")
    assert all(edges[k][6] == "one_way" for k in found["findings"]["one_way"])
    assert found["brokers"] == [399, 398, 397, 396, 395]
    # Only relations between drawn organisations are drawn.
    shown = set(found["picture"])
    assert all(a in shown and b in shown for a, b, *_ in found["picture_edges"])


def test_a_neighbourhood_is_drawn_whole():
    nodes = [node(i, f"Org {i}", partners=1) for i in range(200)]
    assert len(lists.compute(nodes, [], whole=False)["picture"]) == 200


def _collected(orgs, referrals):
    found = Collected(
        organisations={
            o.pk: {"name": o.name, "typology": "", "commune_name": "", "uses_ansam": True}
            for o in orgs
        }
    )
    for (a, b), n in referrals.items():
        found.referrals[(a.pk, b.pk)] = {
            "a_to_b": n, "b_to_a": 0, "accepted": n, "declined": 0, "people": n,
        }  # fmt: skip
    return found


def test_stored_lists_follow_the_run(monkeypatch):
    orgs = sorted([OrganisationFactory() for _ in range(4)], key=lambda o: o.pk)
    run, _ = services.run_for(services.Filters(*services.last_twelve_months()))
    monkeypatch.setattr(services, "collect", lambda f: _collected(orgs, {(orgs[0], orgs[1]): 30}))
    services.run_compute(run)
    run.refresh_from_db()
    assert run.lists["edge_count"] == 1 and run.lists["isolated_count"] == 2
    monkeypatch.setattr(
        services,
        "collect",
        lambda f: _collected(orgs, {(orgs[0], orgs[1]): 30, (orgs[2], orgs[3]): 12}),
    )
    services.run_compute(run)
    run.refresh_from_db()
    assert run.lists["edge_count"] == 2 and run.lists["isolated_count"] == 0
    assert set(run.lists["strongest"]) == set(
        Edge.objects.filter(run=run).values_list("pk", flat=True)
    )


def test_the_kept_page_is_rendered_again_after_a_new_computation(client):
    coordinator = MembershipFactory(role="territory_coordinator")
    services.daily()
    release_compute()
    verified_login(client, coordinator.user)
    before = Run.objects.get(scheduled=True, period_end__gt=services.last_twelve_months()[0])
    first = _section(client)
    assert _section(client) == first  # kept
    OrganisationFactory(name="Nouvelle structure du territoire")
    services.run_compute(before)
    again = _section(client)
    assert "Nouvelle structure du territoire" in again
    assert "Nouvelle structure du territoire" not in first


def _section(client):
    page = client.get("/network/").content.decode()
    return page[page.index('<div id="network">') :]
