"""Directory search: a request as a worker types it (search_query: the words that carry the
need, the field's thesaurus, the thematiques it is about, typos) with filters by thematique,
public, place, reception mode, fees and capacity; the services that cover the request best
first, scored in memory (search_engine) on both databases alike."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.utils.translation import gettext as _

from ansam.core.text import fold, token_stems
from ansam.geo.models import Commune, Departement
from ansam.organisations import taxonomies
from ansam.organisations.models import Service
from ansam.organisations.search_engine import DirectoryIndex, area_mask, get_index, typo_candidates
from ansam.organisations.search_query import Analysis, analyse, nearest_thematiques
from ansam.organisations.taxonomies import AreaKind, CapacityStatus

_WORD = re.compile(r"\w+")


@dataclass
class DirectoryQuery:
    text: str = ""
    thematique: str = ""  # a v1 thematique or a whole category
    public: str = ""
    commune: str = ""  # INSEE code
    departement: str = ""
    reception_mode: str = ""
    fees: str = ""
    capacity: str = ""  # "available" = open or waiting list, or one CapacityStatus

    def is_empty(self) -> bool:
        return not any(vars(self).values())


@dataclass
class SearchHit:
    service: Service
    reasons: list[str] = field(default_factory=list)


@dataclass
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    commune: Commune | None = None
    capped: bool = False  # kept for the API's shape: counts are now exact
    corrected: dict[str, str] = field(default_factory=dict)  # a typed word -> the word searched
    suggested: list[str] = field(default_factory=list)  # thematiques shown instead of matches

    @property
    def suggested_labels(self) -> list[str]:
        return [taxonomies.display_label("thematique", code) for code in self.suggested]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or self.capped

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@lru_cache(maxsize=2048)
def _commune_areas(code: str) -> tuple[tuple[tuple[str, str], ...], str] | None:
    """The areas that serve a commune: itself (and its city or arrondissements, for Paris,
    Lyon and Marseille), its EPCI, département, région, all France. The geography does not
    change while the server runs."""
    commune = Commune.objects.select_related("departement").filter(code=code).first()
    if commune is None:
        return None
    codes = [commune.code]
    if commune.parent_id:
        codes.append(commune.parent_id)
    codes += list(Commune.objects.filter(parent_id=commune.code).values_list("code", flat=True))
    pairs = [(AreaKind.COMMUNE.value, c) for c in codes]
    pairs += [
        (AreaKind.FRANCE.value, ""),
        (AreaKind.DEPARTEMENT.value, commune.departement_id),
        (AreaKind.REGION.value, commune.departement.region_id),
    ]
    epci = commune.epci_id
    if not epci and commune.parent_id:
        epci = Commune.objects.filter(code=commune.parent_id).values_list("epci_id", flat=True)[0]
    if epci:
        pairs.append((AreaKind.EPCI.value, epci))
    return tuple(pairs), commune.name


@lru_cache(maxsize=256)
def _departement_areas(code: str) -> tuple[tuple[tuple[str, str], ...], str] | None:
    dep = Departement.objects.filter(code=code).first()
    if dep is None:
        return None
    pairs = [
        (AreaKind.DEPARTEMENT.value, dep.code),
        (AreaKind.FRANCE.value, ""),
        (AreaKind.REGION.value, dep.region_id),
    ]
    epcis = Commune.objects.filter(departement=dep).exclude(epci=None).values_list("epci_id")
    pairs += [(AreaKind.EPCI.value, e) for e in sorted({e for (e,) in epcis})]
    # A commune's INSEE code begins with its département's code (2A and 2B included).
    return tuple(pairs), dep.code


def _filter_mask(index: DirectoryIndex, query: DirectoryQuery) -> np.ndarray | None:
    """The services that pass the filters (None: no filter), or an empty mask for an unknown
    place."""
    mask: np.ndarray | None = None

    def narrow(more: np.ndarray) -> None:
        nonlocal mask
        mask = more if mask is None else mask & more

    if query.thematique:
        kind = "thematique" if "--" in query.thematique else "categorie"
        narrow(index.rows_of([index.tags.get((kind, query.thematique), NONE)]))
    if query.public:
        # A service open to everyone is open to this public too.
        wanted = [("public", query.public), ("public", "tous-publics")]
        narrow(index.rows_of(index.tags.get(pair, NONE) for pair in wanted))
    if query.reception_mode:
        narrow(index.rows_of([index.tags.get(("mode_accueil", query.reception_mode), NONE)]))
    if query.fees:
        narrow(index.rows_of([index.fees.get(query.fees, NONE)]))
    if query.capacity == "available":
        statuses = [CapacityStatus.OPEN, CapacityStatus.WAITING_LIST]
        narrow(index.rows_of(index.capacity.get(s, NONE) for s in statuses))
    elif query.capacity:
        narrow(index.rows_of([index.capacity.get(query.capacity, NONE)]))
    if query.commune:
        found = _commune_areas(query.commune)
        narrow(area_mask(index, found[0]) if found else index.rows_of([]))
    elif query.departement:
        found = _departement_areas(query.departement)
        if found:
            prefixes = [(AreaKind.COMMUNE.value, found[1])]
            narrow(area_mask(index, found[0], prefixes))
        else:
            narrow(index.rows_of([]))
    return mask


NONE = np.zeros(0, dtype=np.int32)
# Past this page a search answers nothing new (and an offset past 2^63 fails in SQL).
MAX_PAGE = 10_000
# How much the thematiques a request is about weigh beside its words (each scaled to 0–1).
THEME_WEIGHT = 1.0


@dataclass
class _Ranking:
    rows: np.ndarray  # the page's rows
    total: int
    themed: dict[int, str]  # row -> the thematique that brought it
    approximate: list[str]  # thematiques shown when no service matched the words


def _ranked(
    index: DirectoryIndex, analysis: Analysis, mask: np.ndarray | None, offset: int, limit: int
) -> _Ranking:
    text = index.text_scores(analysis.terms)
    best = float(text.max()) if text.size else 0.0
    score = text / best if best > 0 else text
    themed: dict[int, str] = {}
    if analysis.thematiques:
        boost = np.zeros(index.size, dtype=np.float32)
        source = np.full(index.size, -1, dtype=np.int32)
        codes = list(analysis.thematiques)
        for i, code in enumerate(codes):
            rows = index.tags.get(("thematique", code))
            if rows is None:
                continue
            weight = np.float32(analysis.thematiques[code])
            better = boost[rows] < weight
            boost[rows[better]] = weight
            source[rows[better]] = i
        score = score + np.float32(THEME_WEIGHT) * boost
    candidates = score > 0
    if mask is not None:
        candidates &= mask
    rows = np.flatnonzero(candidates)
    total = len(rows)
    if total:
        # Best first; equal scores by name (the index's name order), so pages are stable.
        keep = min(total, offset + limit)
        if total > keep:
            cut = np.partition(-score[rows], keep - 1)[keep - 1]
            rows = rows[-score[rows] <= cut]
        order = np.lexsort((index.name_rank[rows], -score[rows]))
        rows = rows[order][offset : offset + limit]
        if analysis.thematiques:
            themed = {int(r): codes[source[r]] for r in rows if source[r] >= 0}
    return _Ranking(rows, total, themed, [])


def _by_name(index: DirectoryIndex, mask: np.ndarray | None, offset: int, limit: int):
    order = index.name_order if mask is None else index.name_order[mask[index.name_order]]
    return order[offset : offset + limit], len(order)


@lru_cache(maxsize=20_000)
def _head(prefix: str) -> str:
    return fold(prefix)


def _reasons(
    service: Service,
    query: DirectoryQuery,
    analysis: Analysis | None,
    place: str,
    themed: str = "",
) -> list[str]:
    reasons = []
    wanted = set(analysis.terms) if analysis is not None else set()
    doc = getattr(service, "search_document", None)
    if wanted and doc is not None:
        heads = {s[:3] for s in wanted}
        for label, text, field_stems in (
            (_("name"), doc.name, doc.name_stems),
            (_("thematiques and publics"), doc.themes, doc.themes_stems),
            (_("description"), doc.body, doc.body_stems),
        ):
            if wanted.isdisjoint(field_stems.split()):
                continue
            # The words as written: only those that may stem like a wanted one are stemmed.
            shown = sorted(
                {
                    w.lower()
                    for w in set(_WORD.findall(text))
                    if _head(w[:3]) in heads and token_stems(w) & wanted
                }
            )
            if shown:
                reasons.append(
                    _("%(field)s contains “%(words)s”")
                    % {"field": label, "words": ", ".join(shown[:4])}
                )
    if themed:
        reasons.append(_("answers the need: %s") % taxonomies.display_label("thematique", themed))
    if query.thematique:
        reasons.append(
            _("thematique: %s") % taxonomies.display_label("thematique", query.thematique)
        )
    if query.public:
        if query.public in service.publics:
            reasons.append(_("public: %s") % taxonomies.display_label("public", query.public))
        else:
            reasons.append(_("open to all publics"))
    if query.commune and place:
        reasons.append(_("available in %s") % place)
    elif query.departement:
        reasons.append(_("available in département %s") % query.departement)
    return reasons


def analyse_text(index: DirectoryIndex, text: str) -> Analysis:
    return analyse(
        text,
        known=index.knows,
        candidates=lambda initial: typo_candidates(initial, index.token),
    )


# What a result shows (its card, and why it was found); the API asks for whole services.
CARD_FIELDS = (
    "public_id",
    "name",
    "summary",
    "commune_name",
    "capacity_status",
    "publics",
    "organisation__public_id",
    "organisation__name",
    "organisation__uses_ansam",
    "search_document__name",
    "search_document__themes",
    "search_document__body",
    "search_document__name_stems",
    "search_document__themes_stems",
    "search_document__body_stems",
)


def search_directory(
    query: DirectoryQuery, *, page: int = 1, per_page: int = 20, full: bool = False
) -> SearchPage:
    page = min(max(1, page), MAX_PAGE)
    offset = (page - 1) * per_page
    index = get_index()
    mask = _filter_mask(index, query)
    commune = None
    if query.commune:
        commune = Commune.objects.filter(code=query.commune).first()
        if commune is None:  # an unknown commune: nothing, plainly
            return SearchPage(hits=[], total=0, page=page, per_page=per_page)
    if query.departement and not query.commune and _departement_areas(query.departement) is None:
        return SearchPage(hits=[], total=0, page=page, per_page=per_page)
    analysis = analyse_text(index, query.text) if query.text.strip() else None
    themed: dict[int, str] = {}
    suggested: list[str] = []
    if analysis is not None and not analysis.is_empty:
        ranking = _ranked(index, analysis, mask, offset, per_page)
        rows, total, themed = ranking.rows, ranking.total, ranking.themed
        if total == 0:
            # Nothing in the request is known: the services of the nearest thematiques, said
            # so, rather than a blank page.
            suggested = nearest_thematiques(query.text)
            if suggested:
                near = index.rows_of(index.tags.get(("thematique", c), NONE) for c in suggested)
                rows, total = _by_name(
                    index, near if mask is None else near & mask, offset, per_page
                )
    else:  # no text, or only words that say how, not what ("je cherche", "de la")
        rows, total = _by_name(index, mask, offset, per_page)
    ids = [int(index.ids[r]) for r in rows]
    services = Service.objects.select_related("organisation", "search_document")
    if not full:
        services = services.only(*CARD_FIELDS)
    by_id = services.in_bulk(ids)
    hits = [
        SearchHit(
            service=by_id[pk],
            reasons=_reasons(
                by_id[pk], query, analysis, commune.name if commune else "", themed.get(int(r), "")
            ),
        )
        for r, pk in zip(rows, ids, strict=True)
        if pk in by_id  # deleted since the index was built
    ]
    return SearchPage(
        hits=hits,
        total=total,
        page=page,
        per_page=per_page,
        commune=commune,
        corrected=analysis.corrected if analysis else {},
        suggested=suggested,
    )
