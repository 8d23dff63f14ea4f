"""Shared-record benchmark at the scale of a large département: ≈250,000 people, ≈5 million
entries, ≈500,000 care-team rows (generated in SQL for speed), then the caseload and person
pages timed through Django's test client (p50/p95 server time) with their query counts.

    python benchmarks/record.py --engine postgresql [--people 250000 --entries 20]

PostgreSQL is the production database at this scale; SQLite works with smaller figures."""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import fresh_database, machine, percentiles, setup_django, timed  # noqa: E402

ORGS = 200
PROS_PER_ORG = 10


def generate(connection, people: int, entries: int):
    from ansam.accounts.models import User
    from ansam.organisations.models import Membership, Organisation

    orgs = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Structure {i}",
                typology=["CCAS", "CHRS", "MDS", "ASSO"][i % 4],
                source="bench",
                source_id=str(i),
            )
            for i in range(ORGS)
        ]
    )
    users = User.objects.bulk_create(
        [
            User(
                email=f"pro{i}@bench.example.org", first_name="Pro", last_name=str(i), password="!"
            )
            for i in range(ORGS * PROS_PER_ORG)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, organisation=orgs[i // PROS_PER_ORG]) for i, u in enumerate(users)]
    )
    first_user, first_org = users[0].pk, orgs[0].pk
    pg = connection.vendor == "postgresql"
    series = (
        "generate_series(1, %s) AS g(n)"
        if pg
        else (
            "(WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) "
            "SELECT n FROM s) AS g"
        )
    )
    uuid = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
    now = "now()" if pg else "datetime('now')"
    pros = ORGS * PROS_PER_ORG
    with connection.cursor() as c:
        c.execute(
            "INSERT INTO people_person (public_id, created_at, updated_at, birth_name, used_name,"
            " given_names, birth_date, birth_place, sex, phone, email, address, name_key,"
            f" given_key) SELECT {uuid}, {now}, {now}, 'Nom' || n, '', 'Prenom' || n,"
            f" {'DATE' if pg else 'date'}('1950-01-01') {'+ (n %% 20000)' if pg else ''}, '', '',"
            f" '', '', '', 'nom' || n, 'prenom' || n FROM {series}",
            [people],
        )
        c.execute("SELECT MIN(id) FROM people_person")
        first_person = c.fetchone()[0]
        # Each person: a coordinator (professional p, its organisation) and a member elsewhere.
        for role, shift in (("coordinator", 0), ("member", 7)):
            c.execute(
                "INSERT INTO sharing_careteammember (public_id, created_at, updated_at, person_id,"
                " organisation_id, professional_id, role, joined_how, since, is_active, sections)"
                f" SELECT {uuid}, {now}, {now}, p.id, %s + ((p.id + %s) %% %s) / %s,"
                f" %s + ((p.id + %s) %% %s), %s, 'created', {now}, TRUE, '[]'"
                " FROM people_person p",
                [first_org, shift, pros, PROS_PER_ORG, first_user, shift, pros, role],
            )
        c.execute(
            "INSERT INTO sharing_sharingbasis (public_id, created_at, updated_at, person_id,"
            " section, basis, how, note) SELECT "
            f"{uuid}, {now}, {now}, id, '', 'informed', 'orally', '' FROM people_person"
        )
        sections = ["identity", "rights", "housing", "employment", "income", "family", "daily_life"]
        for k in range(entries):
            c.execute(
                "INSERT INTO sharing_entry (public_id, created_at, updated_at, person_id, section,"
                " kind, title, body, is_private, author_id, author_organisation_id, version,"
                " file, file_name, file_type, file_size)"
                f" SELECT {uuid}, {now}, {now}, p.id, %s, 'note', %s, %s, FALSE, NULL, NULL, 1,"
                " '', '', '', 0 FROM people_person p",
                [
                    sections[k % len(sections)],
                    f"Note {k}",
                    "Texte d'une note de suivi, de longueur ordinaire. " * 4,
                ],
            )
        c.execute("ANALYZE")
    return users, first_person


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--people", type=int, default=250_000)
    parser.add_argument("--entries", type=int, default=20, help="entries per person")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    setup_django(fresh_database(args.engine, "ansam_bench_record"))
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ansam.people.models import Person
    from ansam.sharing.models import CareTeamMember

    call_command("migrate", verbosity=0)
    gen_seconds, (users, _) = timed(generate, connection, args.people, args.entries)
    rng = random.Random(1)
    client = Client()
    caseload, person_page, caseload_queries, person_queries = [], [], set(), set()
    client.force_login(users[0])
    for _ in range(5):  # warm the connection and the template cache; not measured
        client.get("/people/")
    for _ in range(args.samples):
        user = rng.choice(users)
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            seconds, response = timed(client.get, "/people/")
        assert response.status_code == 200
        caseload.append(seconds)
        caseload_queries.add(len(ctx.captured_queries))
        member = CareTeamMember.objects.filter(professional=user).select_related("person").first()
        with CaptureQueriesContext(connection) as ctx:
            seconds, response = timed(client.get, f"/people/{member.person.public_id}/")
        assert response.status_code == 200, response.status_code
        person_page.append(seconds)
        person_queries.add(len(ctx.captured_queries))
    with connection.cursor() as c:
        c.execute("SELECT COUNT(*) FROM sharing_entry")
        n_entries = c.fetchone()[0]
    print(
        json.dumps(
            {
                "engine": connection.vendor,
                "machine": machine(),
                "date": time.strftime("%Y-%m-%d"),
                "people": Person.objects.count(),
                "entries": n_entries,
                "care_team_rows": CareTeamMember.objects.count(),
                "generation_seconds": round(gen_seconds, 1),
                "caseload_page": percentiles(caseload),
                "person_page": percentiles(person_page),
                "caseload_queries": sorted(caseload_queries),
                "person_page_queries": sorted(person_queries),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
