"""Search as people ask, on the 77 real Paris services of data·inclusion: the query sets of
benchmarks/data/ (the benchmark reports the same figures with latency), and the same first five
results on SQLite and PostgreSQL."""

import json
from pathlib import Path

import pytest

from ansam.organisations.data_inclusion import import_file
from ansam.organisations.search import DirectoryQuery, search_directory
from benchmarks.search_quality import QUERIES, evaluate, load_queries, top5
from tests.conftest import PARIS_SERVICES

HELD_OUT = QUERIES.parent / "search_queries_heldout.tsv"
TOP5 = Path(__file__).parent / "search_top5.json"

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris():
    import_file(PARIS_SERVICES)


def _search(text):
    return [hit.service.thematiques for hit in search_directory(DirectoryQuery(text=text)).hits]


def test_real_need_phrasings_find_a_relevant_service_in_the_first_five(paris):
    result = evaluate(_search, load_queries())
    assert result["queries"] >= 80
    assert result["empty_pages"] == 0, result["misses"]
    assert result["hit_at_5"] >= 0.9, result["misses"]
    assert result["mrr"] >= 0.8


def test_phrasings_the_thesaurus_was_not_written_for(paris):
    result = evaluate(_search, load_queries(HELD_OUT))
    assert result["empty_pages"] == 0, result["misses"]
    assert result["hit_at_5"] >= 0.85, result["misses"]


def test_both_databases_give_the_same_first_five(paris):
    """The ranking is computed in memory from the same rows, so SQLite and PostgreSQL agree;
    this file was written by `benchmarks/search_quality.py --write-top5` and both runs of the
    suite (CI runs it on each database) compare with it."""
    expected = json.loads(TOP5.read_text(encoding="utf-8"))
    found = top5(list(expected))
    differing = {q: (found[q], expected[q]) for q in expected if found[q] != expected[q]}
    assert not differing


def test_a_request_with_no_known_word_shows_the_nearest_thematiques(paris):
    page = search_directory(DirectoryQuery(text="mobilitee"))  # no service has this word
    assert page.total > 0
    assert page.corrected or page.suggested


def test_gibberish_is_an_empty_page_that_says_so(paris):
    page = search_directory(DirectoryQuery(text="zzqxw"))
    assert page.total == 0 and page.hits == []
