"""Directory search quality on the 77 real Paris services of data·inclusion: for each phrasing of
benchmarks/data/search_queries.tsv, is a relevant service (one carrying an expected thematique)
among the first five (hit@5), at which rank is the first one (MRR over the first 20), and did
the page come back empty? The latency of the search function is measured in the same run.

    python benchmarks/search_quality.py --engine sqlite|postgresql [--show-misses]

Prints a JSON summary; docs/benchmarks.md records the figures with machine and date."""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import fresh_database, machine, percentiles, setup_django  # noqa: E402

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "data" / "search_queries.tsv"
PARIS = HERE.parent.parent / "shared" / "data" / "data-inclusion" / "search_services_paris.json"


def load_queries(path: Path = QUERIES) -> list[tuple[str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, expected = line.split("\t")
        rows.append((text.strip(), expected.split()))
    return rows


def relevant(thematiques: list[str], expected: list[str]) -> bool:
    for want in expected:
        if want.endswith("--*"):
            if any(t.startswith(want[:-1]) for t in thematiques):
                return True
        elif want in thematiques:
            return True
    return False


def evaluate(search, queries) -> dict:
    """`search(text)` returns the services' thematique lists, best first."""
    hits, reciprocal, empty, misses = 0, 0.0, 0, []
    for text, expected in queries:
        ranked = search(text)
        if not ranked:
            empty += 1
        first = next((i for i, th in enumerate(ranked[:20]) if relevant(th, expected)), None)
        if first is not None and first < 5:
            hits += 1
        else:
            misses.append(text)
        reciprocal += 1 / (first + 1) if first is not None else 0
    n = len(queries)
    return {
        "queries": n,
        "hit_at_5": round(hits / n, 3),
        "mrr": round(reciprocal / n, 3),
        "empty_pages": empty,
        "misses": misses,
    }


def top5(texts: list[str]) -> dict[str, list[str]]:
    from ansam.organisations.search import DirectoryQuery, search_directory

    return {
        text: [
            hit.service.source_id for hit in search_directory(DirectoryQuery(text=text)).hits[:5]
        ]
        for text in texts
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--write-top5",
        type=Path,
        help="write each query's first five services (by data·inclusion id) to this JSON file: "
        "the suite checks that both databases give them (tests/organisations/search_top5.json)",
    )
    args = parser.parse_args()
    setup_django(fresh_database(args.engine, "ansam_bench_search_quality"))
    from django.conf import settings
    from django.core.management import call_command

    from ansam.geo.loading import load_geography
    from ansam.organisations.data_inclusion import import_file
    from ansam.organisations.search import DirectoryQuery, search_directory

    call_command("migrate", verbosity=0)
    load_geography(settings.GEO_DATA_DIR)
    import_file(PARIS)
    queries = load_queries(args.queries)

    def search(text):
        page = search_directory(DirectoryQuery(text=text), per_page=20)
        return [hit.service.thematiques for hit in page.hits]

    search("warm up")
    if args.write_top5:
        args.write_top5.write_text(
            json.dumps(top5([q for q, _e in queries]), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    result = evaluate(search, queries)
    samples = []
    for _round in range(args.rounds):
        for text, _expected in queries:
            start = time.perf_counter()
            search_directory(DirectoryQuery(text=text))
            samples.append(time.perf_counter() - start)
    result["search_function"] = percentiles(samples)
    if not args.show_misses:
        result["misses"] = len(result["misses"])
    print(
        json.dumps(
            {"engine": args.engine, "machine": machine(), **result}, indent=1, ensure_ascii=False
        )
    )


if __name__ == "__main__":
    main()
