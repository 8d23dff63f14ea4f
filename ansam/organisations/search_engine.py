"""The directory's search index, held in memory by each process and rebuilt from the database
(the single source of truth) when the directory changes.

Why in memory: ranking by how much of a request a service covers (any word may be missing)
means scoring every service that shares one word with it; in SQL that read and sorted tens of
thousands of rows for a common word (33–46 ms at 51,000 services). Here the postings of each
word stem are numpy arrays: a request is scored, filtered and ranked in a few milliseconds,
identically on SQLite and PostgreSQL.

Kept in step: every change of a service (search_index.index_services, service deletion) writes
a new random token in SearchIndexVersion; each search reads it (one small query) and rebuilds
the index when it differs. A token, not a counter, so that a rolled-back change can never
leave two different directories under the same number."""

import math
import threading
import unicodedata
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.db import connection

# BM25 parameters, and the weight of each field of a service (name over thematiques over the
# rest, as a worker reads a result).
K1 = 1.2
B = 0.6
FIELD_WEIGHTS = (3.0, 2.0, 1.0)  # name, thematiques and publics, description and the rest
TAG_KINDS = ("thematique", "categorie", "public", "mode_accueil", "type")


@dataclass
class Postings:
    rows: np.ndarray  # int32: the services (index rows) that contain the stem
    weights: np.ndarray  # float32: its weighted frequency in each


@dataclass
class DirectoryIndex:
    token: str
    ids: np.ndarray  # int64: the service's primary key, per row
    doc_len: np.ndarray  # float32
    postings: dict[str, Postings]
    name_order: np.ndarray  # int32: rows sorted by name (accents and case ignored), then pk
    name_rank: np.ndarray  # int32: each row's place in name_order
    tags: dict[tuple[str, str], np.ndarray]  # (kind, code) -> rows
    areas: dict[tuple[str, str], np.ndarray]  # (kind, code) -> rows
    fees: dict[str, np.ndarray]
    capacity: dict[str, np.ndarray]
    by_initial: dict[str, list[str]] = field(default_factory=dict)  # the stems, by first letter

    @property
    def size(self) -> int:
        return len(self.ids)

    def rows_of(self, groups: Iterable[np.ndarray]) -> np.ndarray:
        """A mask of the services in any of these groups."""
        mask = np.zeros(self.size, dtype=bool)
        for rows in groups:
            mask[rows] = True
        return mask

    def text_scores(self, terms: dict[str, float]) -> np.ndarray:
        """BM25 over the weighted fields, each query stem with its own weight."""
        scores = np.zeros(self.size, dtype=np.float32)
        if not self.size:
            return scores
        average = float(self.doc_len.mean()) or 1.0
        for stem, weight in terms.items():
            found = self.postings.get(stem)
            if found is None:
                continue
            df = len(found.rows)
            idf = math.log(1 + (self.size - df + 0.5) / (df + 0.5))
            tf = found.weights
            norm = K1 * (1 - B + B * self.doc_len[found.rows] / average)
            scores[found.rows] += np.float32(weight * idf) * tf * (K1 + 1) / (tf + norm)
        return scores

    def knows(self, stem: str) -> bool:
        return stem in self.postings


def _rows(sql: str, params: Iterable[object] = ()) -> list[tuple]:
    # Plain cursor reads: the index is rebuilt from ≈ 300,000 narrow rows at département scale,
    # where the ORM's per-row conversion cost more than the database's work.
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _sort_key(name: str) -> str:
    # Accents and case ignored, fast (the names of every service are sorted at each rebuild).
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _grouped_ids(table: str, kinds: tuple[str, ...] = ()) -> list[tuple[str, str, np.ndarray]]:
    """(kind, code, the services' ids) for a tag or area table, grouped by the database: one
    row per code rather than one per service and code."""
    pg = connection.vendor == "postgresql"
    members = "string_agg(service_id::text, ',')" if pg else "group_concat(service_id, ',')"
    where = f" WHERE kind IN ({', '.join(['%s'] * len(kinds))})" if kinds else ""
    found = _rows(
        f"SELECT kind, code, {members} FROM {table}{where} GROUP BY kind, code",  # noqa: S608
        kinds,
    )
    return [
        (kind, code, np.sort(np.array(ids.split(","), dtype=np.int64))) for kind, code, ids in found
    ]


def build(token: str) -> DirectoryIndex:
    """Read the whole directory once: services, their documents, tags and areas."""
    # Read in batches, keeping only what the index needs: the texts are the bulk of it.
    vocabulary: dict[str, int] = {}
    token_ids, lengths = array("i"), array("i")
    services: list[tuple[int, str, str, str]] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, s.name, s.fees, s.capacity_status, d.name_stems, d.themes_stems,"
            " d.body_stems FROM organisations_service s LEFT JOIN"
            " organisations_servicesearchdocument d ON d.service_id = s.id ORDER BY s.id"
        )
        while batch := cursor.fetchmany(2000):
            for service in batch:
                services.append((service[0], _sort_key(service[1]), service[2], service[3]))
                for column in (4, 5, 6):
                    words = (service[column] or "").split()
                    token_ids.extend([vocabulary.setdefault(w, len(vocabulary)) for w in words])
                    lengths.append(len(words))
    n = len(services)
    ids = np.array([s[0] for s in services], dtype=np.int64)
    # Every word of every document as (word id, row, field weight), then summed per (word,
    # row) and cut into postings with numpy: the per-word Python work is one dict lookup.
    per_field = np.frombuffer(lengths, dtype=np.int32) if lengths else np.zeros(0, np.int32)
    field_weights = np.tile(np.array(FIELD_WEIGHTS, dtype=np.float32), n)
    doc_len = (per_field * field_weights).reshape(n, 3).sum(axis=1).astype(np.float32)
    token_rows = np.repeat(np.repeat(np.arange(n, dtype=np.int64), 3), per_field)
    token_weights = np.repeat(field_weights, per_field)
    postings: dict[str, Postings] = {}
    if token_ids:
        key = np.frombuffer(token_ids, dtype=np.int32).astype(np.int64) * max(n, 1)
        key += token_rows
        order = np.argsort(key, kind="stable")
        key = key[order]
        unique, starts = np.unique(key, return_index=True)
        weights = np.add.reduceat(token_weights[order], starts)
        terms = unique // max(n, 1)
        rows = (unique % max(n, 1)).astype(np.int32)
        bounds = np.searchsorted(terms, np.arange(len(vocabulary) + 1))
        for word, i in vocabulary.items():
            postings[word] = Postings(
                rows[bounds[i] : bounds[i + 1]], weights[bounds[i] : bounds[i + 1]]
            )
    keys = [(s[1], s[0]) for s in services]
    name_order = np.array(sorted(range(n), key=keys.__getitem__), dtype=np.int32)
    name_rank = np.empty(n, dtype=np.int32)
    name_rank[name_order] = np.arange(n, dtype=np.int32)

    def to_rows(service_ids: np.ndarray) -> np.ndarray:
        rows = np.searchsorted(ids, service_ids).astype(np.int32)
        rows = rows[rows < n]
        return rows[ids[rows] == service_ids[: len(rows)]] if len(rows) else rows

    tags = {
        (kind, code): to_rows(members)
        for kind, code, members in _grouped_ids("organisations_servicetag", TAG_KINDS)
    }
    areas = {
        (kind, code): to_rows(members)
        for kind, code, members in _grouped_ids("organisations_servicearea")
    }
    fees: dict[str, list[int]] = {}
    capacity: dict[str, list[int]] = {}
    for row, service in enumerate(services):
        fees.setdefault(service[2], []).append(row)
        capacity.setdefault(service[3], []).append(row)
    by_initial: dict[str, list[str]] = {}
    for word in postings:
        by_initial.setdefault(word[:1], []).append(word)
    return DirectoryIndex(
        token=token,
        ids=ids,
        doc_len=doc_len,
        postings=postings,
        name_order=name_order,
        name_rank=name_rank,
        tags=tags,
        areas=areas,
        fees={k: np.array(v, dtype=np.int32) for k, v in fees.items()},
        capacity={k: np.array(v, dtype=np.int32) for k, v in capacity.items()},
        by_initial=by_initial,
    )


_lock = threading.Lock()
_current: DirectoryIndex | None = None
_rebuilding: str | None = None  # the token a background rebuild is reading


def current_token() -> str:
    # Read at every search: a plain cursor (the ORM's compilation cost ten times the read).
    found = _rows("SELECT token FROM organisations_searchindexversion WHERE id = 1")
    return found[0][0] if found else ""


def _install(index: DirectoryIndex) -> None:
    global _current
    _current = index
    typo_candidates.cache_clear()


def _rebuild_in_background(token: str) -> None:
    global _rebuilding

    def run() -> None:
        global _rebuilding
        try:
            index = build(token)
            with _lock:
                _install(index)
        finally:
            _rebuilding = None
            connection.close()  # this thread's own connection

    with _lock:
        if _rebuilding == token:
            return
        _rebuilding = token
    threading.Thread(target=run, name="search-index", daemon=True).start()


def get_index() -> DirectoryIndex:
    """The index of the directory as it is now. After a change, a process that has an index
    answers from it while the next is built in a thread (settings.ANSAM_SEARCH_BACKGROUND_
    REBUILD); the first index, or every one in tests, is built before answering."""
    token = current_token()
    index = _current
    if index is not None and index.token == token:
        return index
    if index is not None and settings.ANSAM_SEARCH_BACKGROUND_REBUILD:
        _rebuild_in_background(token)
        return index
    with _lock:
        if _current is None or _current.token != token:
            _install(build(token))
        assert _current is not None
        return _current


@lru_cache(maxsize=4096)
def typo_candidates(initial: str, token: str) -> tuple[str, ...]:
    """The index's stems beginning with this letter (cached per version of the index)."""
    index = _current
    if index is None or index.token != token:
        return ()
    return tuple(index.by_initial.get(initial, ()))


def area_mask(
    index: DirectoryIndex,
    pairs: Iterable[tuple[str, str]],
    prefixes: Iterable[tuple[str, str]] = (),
) -> np.ndarray:
    """A mask of the services available in any of these areas: exact (kind, code) pairs, and
    (kind, code prefix) pairs (a département's communes share its code's first characters)."""
    groups = [index.areas[pair] for pair in pairs if pair in index.areas]
    for kind, prefix in prefixes:
        groups += [
            rows for (k, code), rows in index.areas.items() if k == kind and code.startswith(prefix)
        ]
    return index.rows_of(groups)
