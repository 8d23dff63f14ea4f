"""Directory benchmark on the `departement` demo territory (≈5,000 organisations, ≈50,000
services): search p50/p95 over a fixed set of queries (the search function, and the whole page
through Django's test client), and data·inclusion import throughput.

    python benchmarks/directory.py --engine sqlite|postgresql [--repeat 5]

Prints a JSON summary; docs/benchmarks.md records the figures with machine and date."""

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import fresh_database, machine, percentiles, setup_django, timed  # noqa: E402

QUERIES = [
    {"text": "hébergement d'urgence"},
    {"text": "hebergement urgence", "commune": "44184"},
    {"text": "logement", "departement": "44"},
    {"text": "aide alimentaire"},
    {"text": "epicerie sociale", "commune": "44109"},
    {"text": "addiction"},
    {"text": "santé mentale", "commune": "44143"},
    {"text": "domiciliation", "commune": "44109"},
    {"text": "emploi jeunes"},
    {"text": "violences femmes"},
    {"text": "budget surendettement"},
    {"text": "numérique démarches en ligne", "commune": "44162"},
    {"thematique": "logement-hebergement"},
    {"thematique": "sante--addictions", "commune": "44184"},
    {"public": "jeunes", "commune": "44109"},
    {"capacity": "available", "thematique": "equipement-et-alimentation"},
    {"text": "accompagnement", "page": 3},
    {"text": "permanence"},
    {"commune": "44109"},
    {"text": "rsa"},
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    url = fresh_database(args.engine, "ansam_bench_directory")
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ansam.accounts.models import User
    from ansam.demo.territory import build_territory
    from ansam.geo.loading import load_geography
    from ansam.organisations import search_engine
    from ansam.organisations.data_inclusion import import_file
    from ansam.organisations.data_inclusion_export import export_directory
    from ansam.organisations.models import Organisation, Service
    from ansam.organisations.search import DirectoryQuery, search_directory

    call_command("migrate", verbosity=0)
    from django.conf import settings

    load_geography(settings.GEO_DATA_DIR)
    build_seconds, report = timed(
        build_territory, departement="44", size="departement", seed=args.seed
    )
    with connection.cursor() as c:
        # What autovacuum does after a bulk load on PostgreSQL: statistics, and the visibility
        # map that lets the tag and area checks read their indexes only.
        c.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")

    def run(q):
        fields = {k: v for k, v in q.items() if k != "page"}
        return search_directory(DirectoryQuery(**fields), page=q.get("page", 1))

    for q in QUERIES:  # warm caches once
        run(q)
    selector, queries_per_search = [], []
    for _ in range(args.repeat):
        for q in QUERIES:
            with CaptureQueriesContext(connection) as ctx:
                seconds, _ = timed(run, q)
            selector.append(seconds)
            queries_per_search.append(len(ctx.captured_queries))

    # The index's own cost: a rebuild, as a process does after the directory changed.
    index_seconds, index = timed(search_engine.build, "benchmark")
    del index
    tracemalloc.start()  # apart: tracing allocations slows the build several times
    index = search_engine.build("benchmark")
    index_size, index_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del index

    settings.ROOT_URLCONF = "benchmarks.trivial_urls"
    client = Client()
    client.force_login(User.objects.get(email="travailleur@demo.ansam.test"))
    org_pk = Organisation.objects.order_by("pk").values_list("pk", flat=True).first()
    client.get(f"/__trivial__/{org_pk}/")
    pages, trivial = [], []
    for _ in range(args.repeat):
        for q in QUERIES:
            params = {("q" if k == "text" else k): v for k, v in q.items()}
            seconds, response = timed(client.get, "/directory/", params)
            assert response.status_code == 200, response.status_code
            pages.append(seconds)
            seconds, response = timed(client.get, f"/__trivial__/{org_pk}/")
            assert response.status_code == 200, response.status_code
            trivial.append(seconds)
    settings.ROOT_URLCONF = "ansam.urls"

    # Import throughput: the whole directory exported, then imported into an empty directory.
    exported = export_directory()
    export_problems = exported.pop("problems")
    n_services = len(exported["services"])
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(exported, f)
        path = Path(f.name)
    Service.objects.all().delete()
    Organisation.objects.all().delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as c:  # an empty directory, as a first import meets it
            c.execute("VACUUM ANALYZE")
    start = time.perf_counter()
    first = import_file(path)
    import_seconds = time.perf_counter() - start
    start = time.perf_counter()
    again = import_file(path)
    reimport_seconds = time.perf_counter() - start
    path.unlink()

    print(
        json.dumps(
            {
                "engine": connection.vendor,
                "machine": machine(),
                "date": time.strftime("%Y-%m-%d"),
                "territory": report.__dict__,
                "build_seconds": round(build_seconds, 1),
                "search_function": percentiles(selector),
                "search_page": percentiles(pages),
                "trivial_page": percentiles(trivial),
                "page_p95_over_trivial_p95": round(
                    percentiles(pages)["p95_ms"] / percentiles(trivial)["p95_ms"], 2
                ),
                "index_build_seconds": round(index_seconds, 2),
                "index_mib": round(index_size / 2**20, 1),
                "index_build_peak_mib": round(index_peak / 2**20, 1),
                "queries_per_search_max": max(queries_per_search),
                "export_problems": len(export_problems),
                "import": {
                    "services": n_services,
                    "created": first.services_created,
                    "seconds": round(import_seconds, 1),
                    "services_per_second": round(n_services / import_seconds),
                    "reimport_seconds": round(reimport_seconds, 1),
                    "reimport_services_per_second": round(n_services / reimport_seconds),
                    "reimport_updated": again.services_updated,
                    "reimport_unchanged": again.services_unchanged,
                },
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
