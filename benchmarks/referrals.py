"""Referral queues at scale: ≈1 million referrals (generated in SQL) between 200
organisations, then the inbox and sent-queue pages timed through Django's test client.

    python benchmarks/referrals.py --engine postgresql [--people 100000 --per-person 10]"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import fresh_database, machine, percentiles, setup_django, timed  # noqa: E402
from benchmarks.record import ORGS, PROS_PER_ORG, generate  # noqa: E402

STATES = ["sent", "seen", "accepted", "in_progress", "closed", "declined", "expired"]


def generate_referrals(connection, per_person: int, first_org: int, first_user: int) -> None:
    pg = connection.vendor == "postgresql"
    uuid = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
    now = "now()" if pg else "datetime('now')"
    today = "CURRENT_DATE" if pg else "date('now')"
    pros = ORGS * PROS_PER_ORG
    with connection.cursor() as c:
        for k in range(per_person):
            state = STATES[k % len(STATES)]
            c.execute(
                "INSERT INTO referrals_referral (public_id, created_at, updated_at, person_id,"
                " service_name, sender_id, sender_organisation_id, receiver_organisation_id,"
                " thematique, need_words, reason, sections, urgent, state, answer_due_on,"
                " remind_after_days, expire_after_days, decline_reason, answer_text, outcome,"
                " outside_ansam, basis_override_reason, idempotency_key, section)"
                f" SELECT {uuid}, {now}, {now}, p.id, 'Service', %s + (p.id %% %s),"
                " %s + (p.id %% %s) / %s, %s + ((p.id + %s) %% %s), '', 'Besoin', '', '[]',"
                f" FALSE, %s, {today}, 10, 30, '', '', '', FALSE, '', '', 'daily_life'"
                " FROM people_person p",
                [first_user, pros, first_org, pros, PROS_PER_ORG, first_org, k + 1, ORGS, state],
            )
        c.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--per-person", type=int, default=10)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    setup_django(fresh_database(args.engine, "ansam_bench_referrals"))
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ansam.referrals.models import Referral

    call_command("migrate", verbosity=0)
    users, _ = generate(connection, args.people, 1)
    from ansam.organisations.models import Organisation

    first_org = Organisation.objects.order_by("pk").first().pk
    gen_seconds, _ = timed(generate_referrals, connection, args.per_person, first_org, users[0].pk)
    rng = random.Random(2)
    client = Client()
    client.force_login(users[0])
    for _ in range(5):
        client.get("/referrals/")
    timings = {"inbox": [], "sent": []}
    queries = {"inbox": set(), "sent": set()}
    for _ in range(args.samples):
        client.force_login(rng.choice(users))
        for box, url in (("inbox", "/referrals/?tab=received"), ("sent", "/referrals/?tab=sent")):
            with CaptureQueriesContext(connection) as ctx:
                seconds, response = timed(client.get, url)
            assert response.status_code == 200
            timings[box].append(seconds)
            queries[box].add(len(ctx.captured_queries))
    print(
        json.dumps(
            {
                "engine": connection.vendor,
                "machine": machine(),
                "date": time.strftime("%Y-%m-%d"),
                "referrals": Referral.objects.count(),
                "generation_seconds": round(gen_seconds, 1),
                "inbox_page": percentiles(timings["inbox"]),
                "sent_page": percentiles(timings["sent"]),
                "queries": {k: sorted(v) for k, v in queries.items()},
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
