"""Continuity benchmark: the scheduled signal computation on a département-sized territory
(≈250,000 people, their care teams, entries over the last 200 days, one plan each with three
actions, referrals, flags, a few coordinators gone), and the dashboards' server time.

    python benchmarks/continuity.py --engine postgresql [--people 250000 --entries 10]

Linearity is measured in the same run: the computation is timed on a quarter of the people,
then on all of them (each in a fresh database, in a child process), and the ratio of the two
times is reported beside the ratio of the sizes (4)."""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import fresh_database, machine, percentiles, setup_django, timed  # noqa: E402


def _sql(vendor: str) -> dict:
    pg = vendor == "postgresql"
    return {
        "uuid": "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))",
        "now": "now()" if pg else "datetime('now')",
        "ago": (lambda e: f"now() - ({e}) * interval '1 day'")
        if pg
        else (lambda e: f"datetime('now', '-' || ({e}) || ' days')"),
        "day": (lambda e: f"CURRENT_DATE + ({e})::int")
        if pg
        else (lambda e: f"date('now', ({e}) || ' days')"),
    }


def generate(connection, people: int, entries: int) -> dict:
    """On top of the record benchmark's people and care teams: dated entries written by the
    coordinator's organisation, plans, referrals, flags and ended memberships."""
    from ansam.organisations.models import Membership
    from benchmarks.record import generate as generate_record

    users, _first = generate_record(connection, people, 0)
    s = _sql(connection.vendor)
    uuid, now, ago, day = s["uuid"], s["now"], s["ago"], s["day"]
    coordinators = "sharing_careteammember c WHERE c.role = 'coordinator' AND c.person_id = p.id"
    with connection.cursor() as c:
        for k in range(entries):
            # Spread over 200 days: about half the people were seen in the last 90 days.
            c.execute(
                "INSERT INTO sharing_entry (public_id, created_at, updated_at, person_id, section,"
                " kind, title, body, is_private, author_id, author_organisation_id, version,"
                " file, file_name, file_type, file_size)"
                f" SELECT {uuid}, {ago(f'(p.id * 7 + {k * 13}) % 200')}, {now}, p.id, 'housing',"
                " 'note', 'Note', 'Texte.', FALSE, c.professional_id, c.organisation_id, 1,"
                f" '', '', '', 0 FROM people_person p, sharing_careteammember c"
                f" WHERE c.person_id = p.id AND c.role = 'coordinator' AND (p.id + {k}) % 3 = 0"
            )
        c.execute(
            "INSERT INTO plans_plan (public_id, created_at, updated_at, person_id, review_on)"
            f" SELECT {uuid}, {now}, {now}, p.id, {day('(p.id % 150) - 10')} FROM people_person p"
        )
        c.execute(
            "INSERT INTO plans_goal (public_id, created_at, updated_at, plan_id, section, text,"
            f" removed, version) SELECT {uuid}, {now}, {now}, id, 'housing', 'Se loger', FALSE, 1"
            " FROM plans_plan"
        )
        for j in range(3):
            c.execute(
                "INSERT INTO plans_action (public_id, created_at, updated_at, plan_id, goal_id,"
                " what, holder, organisation_id, due_on, status, abandon_reason, removed,"
                f" version) SELECT {uuid}, {now}, {now}, g.plan_id, g.id, 'Action {j}',"
                " 'organisation', (SELECT c.organisation_id FROM "
                f"{coordinators.replace('p.id', 'pl.person_id')}), "
                f"{day(f'((g.id * 3 + {j}) % 100) - 10')}, 'planned', '', FALSE, 1"
                " FROM plans_goal g JOIN plans_plan pl ON pl.id = g.plan_id"
            )
        c.execute(
            "INSERT INTO referrals_referral (public_id, created_at, updated_at, service_name,"
            " thematique, need_words, reason, sections, urgent, state, answer_due_on,"
            " remind_after_days, expire_after_days, decline_reason, answer_text, outcome,"
            " outside_ansam, basis_override_reason, idempotency_key, person_id,"
            " sender_organisation_id, receiver_organisation_id, sender_id, section)"
            f" SELECT {uuid}, {now}, {now}, 'Service', '', 'Besoin.', '', '[]', FALSE, 'sent',"
            f" {day('(p.id % 30) - 10')}, 10, 30, '', '', '', FALSE, '', '', p.id,"
            " c.organisation_id, m.organisation_id, c.professional_id, 'daily_life'"
            " FROM people_person p JOIN sharing_careteammember c ON c.person_id = p.id AND"
            " c.role = 'coordinator' JOIN sharing_careteammember m ON m.person_id = p.id AND"
            " m.role = 'member' WHERE p.id % 5 = 0"
        )
        c.execute(
            "INSERT INTO referrals_personflag (public_id, created_at, updated_at, person_id, kind,"
            f" thematique, detail, section) SELECT {uuid}, {now}, {now}, id, 'ping_pong',"
            " 'logement', '', 'housing'"
            " FROM people_person WHERE id % 250 = 0"
        )
        # The care teams were formed a year ago.
        c.execute(f"UPDATE sharing_careteammember SET since = {ago('365')}")
        c.execute("ANALYZE")
    # One professional in a hundred has left: their people are left without coordinator.
    Membership.objects.filter(user_id__in=[u.pk for u in users[1::100]]).update(is_active=False)
    # The first professional of each organisation manages it.
    Membership.objects.filter(user_id__in=[u.pk for u in users[::10]]).update(role="manager")
    return {"users": [u.pk for u in users]}


def measure(engine: str, people: int, entries: int, samples: int) -> dict:
    setup_django(fresh_database(engine, f"ansam_bench_continuity_{people}"))
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ansam.accounts.models import User
    from ansam.continuity.models import Signal
    from ansam.continuity.services import signals_compute
    from ansam.organisations.models import Membership

    call_command("migrate", verbosity=0)
    gen_seconds, data = timed(generate, connection, people, entries)
    first_seconds, first = timed(signals_compute, notify_users=False)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with connection.cursor() as c:  # as autovacuum does after a bulk insert
        c.execute("ANALYZE")
    steady_seconds, steady = timed(signals_compute, notify_users=False)
    by_kind = dict(
        Signal.objects.filter(closed_at=None).values_list("kind").annotate(n=Count("pk"))
    )
    result = {
        "people": people,
        "generation_seconds": round(gen_seconds, 1),
        "compute_first_seconds": round(first_seconds, 2),
        "compute_steady_seconds": round(steady_seconds, 2),
        "first_run": first,
        "steady_run": steady,
        "open_by_kind": by_kind,
        "process_peak_rss_mib": round(peak_rss / 1024, 1),
    }
    if samples:
        client = Client()
        users = list(User.objects.filter(pk__in=data["users"][2::7])[:samples])
        managers = list(
            Membership.objects.filter(role="manager", is_active=True).select_related(
                "organisation", "user"
            )[:samples]
        )
        day, board, day_q, board_q = [], [], set(), set()
        client.force_login(users[0])
        client.get("/day/")  # warm up, not measured
        for user, manager in zip(users, managers, strict=False):
            client.force_login(user)
            with CaptureQueriesContext(connection) as ctx:
                seconds, response = timed(client.get, "/day/")
            assert response.status_code == 200
            day.append(seconds)
            day_q.add(len(ctx.captured_queries))
            client.force_login(manager.user)
            url = f"/organisations/{manager.organisation.public_id}/dashboard/"
            with CaptureQueriesContext(connection) as ctx:
                seconds, response = timed(client.get, url)
            assert response.status_code == 200
            board.append(seconds)
            board_q.add(len(ctx.captured_queries))
        result.update(
            {
                "day_page": percentiles(day),
                "day_queries": sorted(day_q),
                "dashboard_page": percentiles(board),
                "dashboard_queries": sorted(board_q),
            }
        )
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--entries", type=int, default=10, help="entry rounds (a third each)")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.engine, args.people, args.entries, args.samples)))
        return
    runs = []
    for people, samples in ((args.people // 4, 0), (args.people, args.samples)):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                "--engine",
                args.engine,
                "--people",
                str(people),
                "--entries",
                str(args.entries),
                "--samples",
                str(samples),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    small, full = runs
    print(
        json.dumps(
            {
                "engine": args.engine,
                "machine": machine(),
                "date": time.strftime("%Y-%m-%d"),
                "runs": runs,
                "size_ratio": round(full["people"] / small["people"], 2),
                "time_ratio_first": round(
                    full["compute_first_seconds"] / small["compute_first_seconds"], 2
                ),
                "time_ratio_steady": round(
                    full["compute_steady_seconds"] / small["compute_steady_seconds"], 2
                ),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
