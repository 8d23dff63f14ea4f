"""Network diagnostic benchmark: a territory of organisations working with their neighbours
(each refers to about twenty of them; some agreements), referrals over the last year, and the
stored computation of the default period; then the pages' server time.

    python benchmarks/network.py --engine sqlite [--orgs 5000 --referrals 1000000]

Linearity is measured in the same run: the computation on a quarter of the organisations and
referrals, then on all of them (each in a fresh database, in a child process). Beside igraph's
times, networkx's for the same graph: exact betweenness on the small size, sampled (same
sources count) on both."""

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import child, fresh_database, percentiles, report, setup_django, timed  # noqa: E402

TYPOLOGIES = ["CCAS", "MDS", "CHRS", "FT", "ML", "CMP", "ASSO", "CAF", "CSAPA", "CS"]


def generate(connection, orgs: int, referrals: int) -> dict:
    from ansam.accounts.models import User
    from ansam.organisations.models import Membership, Organisation

    created = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Structure {i}", typology=TYPOLOGIES[i % 10], source="bench", source_id=str(i)
            )
            for i in range(orgs)
        ],
        batch_size=2000,
    )
    users = User.objects.bulk_create(
        [User(email=f"pro{i}@bench.example.org", password="!") for i in range(orgs)],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, organisation=o, role="manager" if i % 2 else "worker")
            for i, (u, o) in enumerate(zip(users, created, strict=True))
        ],
        batch_size=2000,
    )
    first_org, first_user = created[0].pk, users[0].pk
    people = referrals // 2
    pg = connection.vendor == "postgresql"
    series = (
        "generate_series(1, %s) AS g(n)"
        if pg
        else "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) "
        "SELECT n FROM s) AS g"
    )
    uuid = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
    now = "now()" if pg else "datetime('now')"
    ago = (
        (lambda e: f"now() - ({e}) * interval '1 day'")
        if pg
        else (lambda e: f"datetime('now', '-' || ({e}) || ' days')")
    )
    # The organisation of person p, and two neighbours it refers to (within twenty).
    home = f"((p.id * 7) %% {orgs})"
    near = "((p.id * 7 + 1 + ((p.id / {n}) * {k}) %% 20) %% {n})"
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO people_person (public_id, created_at, updated_at, birth_name, used_name,"
            " given_names, birth_date, birth_place, sex, phone, email, address, name_key,"
            f" given_key) SELECT {uuid}, {now}, {now}, 'Nom', '', 'Prenom',"
            f" {'DATE' if pg else 'date'}('1970-01-01'), '', '', '', '', '', 'nom', 'prenom'"
            f" FROM {series}",
            [people],
        )
        for role, org in (("coordinator", home), ("member", near.format(k=3, n=orgs))):
            c.execute(
                "INSERT INTO sharing_careteammember (public_id, created_at, updated_at,"
                " person_id, organisation_id, professional_id, role, joined_how, since,"
                f" is_active, sections) SELECT {uuid}, {now}, {now}, p.id, %s + {org},"
                f" %s + {org}, %s, 'created', {ago('(p.id %% 300) + 1')}, TRUE, '[]'"
                " FROM people_person p",
                [first_org, first_user, role],
            )
        for k, state in ((3, "accepted"), (11, "declined")):
            receiver = near.format(k=k, n=orgs)
            c.execute(
                "INSERT INTO referrals_referral (public_id, created_at, updated_at, service_name,"
                " thematique, need_words, reason, sections, urgent, state, answer_due_on,"
                " remind_after_days, expire_after_days, decline_reason, answer_text, outcome,"
                " outside_ansam, basis_override_reason, idempotency_key, person_id,"
                " sender_organisation_id, receiver_organisation_id, sender_id, section)"
                f" SELECT {uuid}, {ago('(p.id %% 300) + 1')}, {now}, 'Service', "
                "'logement-hebergement', 'Besoin.', '', '[]', FALSE, %s, "
                f"{'CURRENT_DATE' if pg else 'date()'}, 10, 30, '', '', '', FALSE, '', '', p.id,"
                f" %s + {home}, %s + {receiver}, %s + {home}, 'housing'"
                f" FROM people_person p WHERE %s + {receiver} <> %s + {home}",
                [state, first_org, first_org, first_user, first_org, first_org],
            )
        c.execute("ANALYZE")
    _agreements(created, count=orgs // 10)
    return {}


def _agreements(orgs, count: int) -> None:
    """Agreements in force between neighbours, some of them with no activity at all."""
    from datetime import timedelta

    from django.utils import timezone

    from ansam.partnerships.models import Agreement, Party

    today = timezone.localdate()
    made = Agreement.objects.bulk_create(
        [
            Agreement(
                title=f"Convention {i}",
                purpose="—",
                starts_on=today - timedelta(days=200),
                ends_on=today + timedelta(days=200),
                status=Agreement.Status.IN_FORCE,
                in_force_amendment=0,
                in_force_since=timezone.now() - timedelta(days=200),
            )
            for i in range(count)
        ]
    )
    rng = random.Random(5)
    parties = []
    for a in made:
        i = rng.randrange(len(orgs))
        j = (i + rng.choice([1, 2, len(orgs) // 2])) % len(orgs)  # half-way round: on paper
        parties += [
            Party(agreement=a, organisation=orgs[i]),
            Party(agreement=a, organisation=orgs[j]),
        ]
    Party.objects.bulk_create(parties, batch_size=2000)


def _reference(run) -> dict:
    """networkx on the same undirected graph, beside igraph."""
    import igraph as ig
    import networkx as nx

    from ansam.network.figures import BETWEENNESS_SAMPLE
    from ansam.network.models import Edge, Node

    nodes = list(Node.objects.filter(run=run).values_list("organisation_id", flat=True))
    ties = list(Edge.objects.filter(run=run, weight__gt=0).values_list("a_id", "b_id"))
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(ties)
    index = {n: i for i, n in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in ties])
    k = min(BETWEENNESS_SAMPLE, len(nodes))
    sources = random.Random(7).sample(range(len(nodes)), k)
    out = {
        "nodes": len(nodes),
        "ties": len(ties),
        "igraph_exact_s": round(timed(h.betweenness, directed=False)[0], 2),
        "igraph_sampled_s": round(timed(h.betweenness, directed=False, sources=sources)[0], 2),
        "networkx_sampled_s": round(timed(nx.betweenness_centrality, g, k=k, seed=7)[0], 2),
        "igraph_constraint_s": round(timed(h.constraint)[0], 2),
        "networkx_constraint_s": None,
        "igraph_louvain_s": round(timed(h.community_multilevel)[0], 2),
        "networkx_louvain_s": round(timed(nx.community.louvain_communities, g, seed=7)[0], 2),
    }
    if len(nodes) <= 1500:
        out["networkx_exact_s"] = round(timed(nx.betweenness_centrality, g)[0], 2)
        out["networkx_constraint_s"] = round(timed(nx.constraint, g)[0], 2)
    return out


def measure(engine: str, orgs: int, referrals: int, samples: int) -> dict:
    setup_django(fresh_database(engine, f"ansam_bench_network_{orgs}"))
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ansam.accounts.models import User
    from ansam.core.periods import last_twelve_months
    from ansam.network import services
    from ansam.network.sources import Filters, collect
    from ansam.organisations.models import Membership

    call_command("migrate", verbosity=0)
    gen_seconds, _ = timed(generate, connection, orgs, referrals)
    filters = Filters(*last_twelve_months())
    run, _created = services.run_for(filters, scheduled=True)
    collect_seconds, _data = timed(collect, filters)
    total_seconds, run = timed(services.run_compute, run)
    assert run.status == "done", run.error
    result = {
        "organisations": orgs,
        "referrals": referrals,
        "generation_seconds": round(gen_seconds, 1),
        "collect_seconds": round(collect_seconds, 2),
        "compute_seconds": round(total_seconds, 2),
        "figures": run.figures,
        "reference": _reference(run),
    }
    if samples:
        client = Client()
        coordinator = User.objects.create_user(email="territoire@bench.example.org")
        Membership.objects.create(
            user=coordinator,
            organisation_id=Membership.objects.values_list("organisation_id", flat=True)[0],
            role="territory_coordinator",
        )
        managers = list(Membership.objects.filter(role="manager").select_related("user")[:samples])
        # Each reader's section is rendered once, then kept until the run is computed again:
        # "first" is that rendering (a manager's neighbourhood, the coordinator's filters),
        # "again" the pages that read it back. The process is warmed on the home page first.
        pages = {"first": [], "again": []}
        queries = {"first": set(), "again": set()}
        readers = [coordinator] + [m.user for m in managers]
        for n, user in enumerate(readers):
            client.force_login(user)
            if n == 0:
                client.get("/")
            for when in ("first", "again"):
                with CaptureQueriesContext(connection) as ctx:
                    seconds, response = timed(client.get, "/network/")
                assert response.status_code == 200
                pages[when].append(seconds)
                queries[when].add(len(ctx.captured_queries))
        client.force_login(coordinator)
        for _ in range(samples):
            seconds, _response = timed(client.get, "/network/")
            pages["again"].append(seconds)
        result["pages"] = {when: percentiles(times) for when, times in pages.items()}
        result["queries"] = {when: sorted(q) for when, q in queries.items()}
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--orgs", type=int, default=5000)
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.engine, args.orgs, args.referrals, args.samples)))
        return
    sizes = ((args.orgs // 4, args.referrals // 4), (args.orgs, args.referrals))
    runs = [
        child(__file__, "--engine", args.engine, "--orgs", orgs, "--referrals", referrals,
              "--samples", args.samples)
        for orgs, referrals in sizes
    ]  # fmt: skip
    report(args.engine, runs, "referrals", "compute_seconds")


if __name__ == "__main__":
    main()
