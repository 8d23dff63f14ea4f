"""Observatory benchmark: a release (every table counted, primary and secondary suppression,
stored) for a département's people accompanied, and the observatory page's server time.

    python benchmarks/observatory.py --engine sqlite [--people 250000]

The people, care teams, plans and referrals are the continuity benchmark's, living in the
communes of Loire-Atlantique (the real geography) and some with children at home. Linearity is
measured in the same run: a quarter of the people, then all (each in a fresh database, in a
child process)."""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import child, fresh_database, percentiles, report, setup_django, timed  # noqa: E402


def measure(engine: str, people: int, samples: int) -> dict:
    setup_django(fresh_database(engine, f"ansam_bench_observatory_{people}"))
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ansam.geo.models import Commune
    from ansam.observatory.models import Cell
    from ansam.observatory.services import release_compute
    from ansam.organisations.models import Membership
    from benchmarks.continuity import generate

    call_command("migrate", verbosity=0)
    call_command("load_geo", verbosity=0)
    gen_seconds, _data = timed(generate, connection, people, 1)
    codes = list(Commune.objects.filter(departement_id="44").values_list("code", flat=True))
    with connection.cursor() as c:
        # Half the people in the first twenty communes (the towns), the rest everywhere.
        c.execute("CREATE TEMPORARY TABLE bench_commune (n integer, code varchar(5))")
        c.executemany("INSERT INTO bench_commune VALUES (%s, %s)", list(enumerate(codes)))
        c.execute(
            "UPDATE people_person SET commune_id = (SELECT code FROM bench_commune WHERE n ="
            f" CASE WHEN people_person.id % 2 = 0 THEN people_person.id % 20"
            f" ELSE people_person.id % {len(codes)} END)"
        )
        pg = connection.vendor == "postgresql"
        uuid = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
        now = "now()" if pg else "datetime('now')"
        c.execute(
            "INSERT INTO people_relation (public_id, created_at, updated_at, person_id,"
            " relative_id, kind, is_legal_representative, same_household)"
            f" SELECT {uuid}, {now}, {now}, p.id, p.id + 1, 'child', FALSE, TRUE"
            " FROM people_person p WHERE p.id % 3 = 0"
            " AND EXISTS (SELECT 1 FROM people_person q WHERE q.id = p.id + 1)"
        )
        c.execute("ANALYZE")
    seconds, release = timed(release_compute)
    result = {
        "people": people,
        "generation_seconds": round(gen_seconds, 1),
        "release_seconds": round(seconds, 2),
        "release_people": release.people,
        "cells": Cell.objects.filter(release=release).count(),
        "primary": Cell.objects.filter(release=release, suppressed="primary").count(),
        "secondary": Cell.objects.filter(release=release, suppressed="secondary").count(),
    }
    if samples:
        manager = Membership.objects.filter(role="manager").select_related("user").first().user
        client = Client()
        client.force_login(manager)
        client.get("/accounts/security/")  # the process warmed on another page first
        times, queries = [], set()
        # The first request renders the release's tables (then kept: web/fragments.py).
        for _ in range(samples + 1):
            with CaptureQueriesContext(connection) as ctx:
                s, response = timed(client.get, "/observatory/")
            assert response.status_code == 200
            times.append(s)
            queries.add(len(ctx.captured_queries))
        result["page_first_ms"] = round(times[0] * 1000, 1)
        result["page"] = percentiles(times[1:])
        result["queries"] = sorted(queries)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.engine, args.people, args.samples)))
        return
    runs = [
        child(__file__, "--engine", args.engine, "--people", people, "--samples", args.samples)
        for people in (args.people // 4, args.people)
    ]
    report(args.engine, runs, "people", "release_seconds")


if __name__ == "__main__":
    main()
