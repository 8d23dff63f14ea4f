"""What the network publishes about referrals: each relation's counts when it rests on at least
the threshold's number of people, "< N" otherwise, and organisation totals that add up the
published counts only ("≥" when a masked one is left out). So subtracting the published
relations from a published total always gives zero: a masked count is never recomputable."""

import re
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansam.network import selectors, services
from ansam.network.models import Run
from ansam.network.sources import Collected
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
THRESHOLD = 11

relations = st.dictionaries(
    st.tuples(st.integers(0, 4), st.integers(0, 4)).filter(lambda p: p[0] != p[1]),
    st.tuples(st.integers(1, 40), st.integers(1, 30)),  # referrals, distinct people
    max_size=10,
)


def _run(orgs, data):
    run = Run.objects.create(
        key=str(uuid.uuid4()), period_start="2026-01-01", period_end="2027-01-01"
    )
    collected = Collected(organisations={o.pk: _info(o) for o in orgs})
    for (s, r), (n, p) in data.items():
        a, b = orgs[s].pk, orgs[r].pk
        key = (min(a, b), max(a, b))
        row = collected.referrals.setdefault(
            key, {"a_to_b": 0, "b_to_a": 0, "accepted": 0, "declined": 0, "people": 0}
        )
        row["a_to_b" if a < b else "b_to_a"] += n
        row["accepted"] += n // 2
        row["people"] = max(row["people"], min(p, n))
    services._store(run, collected)
    run.save()
    return run


def _info(org):
    return {"pk": org.pk, "name": org.name, "typology": "", "commune_name": "", "uses_ansam": True}


def _number(text):
    return int(re.sub(r"\D", "", text))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(relations)
def test_totals_add_up_published_relations_only(data):
    orgs = [OrganisationFactory() for _ in range(5)]
    run = _run(orgs, data)
    rows = {r["id"]: r for r in selectors.network_view(run, None).nodes}
    edges = selectors.all_edges(run, None)[1]
    for org in orgs:
        published = {"sent": 0, "received": 0}
        masked = {"sent": False, "received": False}
        for e in edges:
            for side, out, inward in (
                ("a", "a_to_b", "b_to_a"),
                ("b", "b_to_a", "a_to_b"),
            ):
                if e[side]["id"] != org.pk:
                    continue
                for key, value in (("sent", e[out]), ("received", e[inward])):
                    if value.startswith("<"):
                        masked[key] = True
                    else:
                        published[key] += int(value)
        for key in ("sent", "received"):
            shown = rows[org.pk][key]
            assert _number(shown) == published[key], (key, shown, published)
            assert shown.startswith("≥") == masked[key]
    for e in edges:
        if e["masked"]:
            assert {e["a_to_b"], e["b_to_a"], e["accepted"]} <= {f"< {THRESHOLD}"}


def test_a_manager_does_not_see_the_neighbours_totals():
    orgs = [OrganisationFactory() for _ in range(3)]
    run = _run(orgs, {(0, 1): (20, 15), (1, 2): (30, 20)})
    nodes = {r["id"]: r for r in selectors.network_view(run, {orgs[0].pk}).nodes}
    assert nodes[orgs[0].pk]["sent"] == "20"
    assert nodes[orgs[1].pk]["received"] == "—"  # its 30 from the third are not the manager's
    assert orgs[2].pk not in nodes
