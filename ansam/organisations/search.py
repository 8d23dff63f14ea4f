"""Directory search: free text (accents, case and French word forms ignored) with filters by
thematique, public, place, reception mode, fees and capacity; relevant results first.

Text matching uses the database's own full-text engine: FTS5 on SQLite, the French text-search
configuration with unaccent and a GIN index on PostgreSQL."""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from ansam.core.text import stems, token_stems
from ansam.geo.models import Commune, Departement
from ansam.organisations import taxonomies
from ansam.organisations.models import Service, ServiceArea, ServiceTag
from ansam.organisations.taxonomies import AreaKind, CapacityStatus

MAX_QUERY_WORDS = 12
COUNT_CAP = 1000
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
    capped: bool = False  # there are more than `total` results

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages or self.capped

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _tag(kind: str, *codes: str, covers_most: bool = False) -> Q:
    """A tag filter. Thematiques and categories narrow the search: "id IN (their services)" is
    one walk of the (kind, code, service) index. A public (with "tous-publics") or a reception
    mode covers most services: it is checked service by service (EXISTS), so that a page sorted
    by name, or a count that stops at COUNT_CAP, reads only as many services as it needs."""
    tags = ServiceTag.objects.filter(kind=kind, code__in=codes)
    if covers_most:
        return Q(Exists(tags.filter(service=OuterRef("pk"))))
    return Q(pk__in=tags.values("service_id"))


def _area_q_for_commune(commune: Commune) -> Q:
    codes = [commune.code]
    if commune.parent_id:
        codes.append(commune.parent_id)
    children = list(Commune.objects.filter(parent_id=commune.code).values_list("code", flat=True))
    codes += children
    q = Q(kind=AreaKind.COMMUNE, code__in=codes) | Q(kind=AreaKind.FRANCE)
    q |= Q(kind=AreaKind.DEPARTEMENT, code=commune.departement_id)
    q |= Q(kind=AreaKind.REGION, code=commune.departement.region_id)
    epci = commune.epci_id
    if not epci and commune.parent_id:
        epci = Commune.objects.filter(code=commune.parent_id).values_list("epci_id", flat=True)[0]
    if epci:
        q |= Q(kind=AreaKind.EPCI, code=epci)
    return q


def _area_q_for_departement(dep: Departement) -> Q:
    q = Q(kind=AreaKind.DEPARTEMENT, code=dep.code) | Q(kind=AreaKind.FRANCE)
    q |= Q(kind=AreaKind.REGION, code=dep.region_id)
    # A commune's INSEE code begins with its département's code (2A and 2B included): a range
    # of the area index, not a list of every commune checked for each service.
    q |= Q(kind=AreaKind.COMMUNE, code__startswith=dep.code)
    epcis = Commune.objects.filter(departement=dep).exclude(epci=None).values_list("epci_id")
    q |= Q(kind=AreaKind.EPCI, code__in=sorted({e for (e,) in epcis}))
    return q


def filtered_services(query: DirectoryQuery) -> tuple[QuerySet[Service], Commune | None]:
    qs = Service.objects.all()
    commune = None
    if query.thematique:
        kind = "thematique" if "--" in query.thematique else "categorie"
        qs = qs.filter(_tag(kind, query.thematique))
    if query.public:
        # A service open to everyone is open to this public too.
        qs = qs.filter(_tag("public", query.public, "tous-publics", covers_most=True))
    if query.reception_mode:
        qs = qs.filter(_tag("mode_accueil", query.reception_mode, covers_most=True))
    if query.fees:
        qs = qs.filter(fees=query.fees)
    if query.capacity == "available":
        qs = qs.filter(capacity_status__in=[CapacityStatus.OPEN, CapacityStatus.WAITING_LIST])
    elif query.capacity:
        qs = qs.filter(capacity_status=query.capacity)
    if query.commune:
        commune = Commune.objects.select_related("departement").filter(code=query.commune).first()
        if commune is None:
            return Service.objects.none(), None
        areas = ServiceArea.objects.filter(_area_q_for_commune(commune), service=OuterRef("pk"))
        qs = qs.filter(Exists(areas))
    elif query.departement:
        dep = Departement.objects.filter(code=query.departement).first()
        if dep is None:
            return Service.objects.none(), None
        areas = ServiceArea.objects.filter(_area_q_for_departement(dep), service=OuterRef("pk"))
        qs = qs.filter(Exists(areas))
    return qs, commune


def _query_words(text: str) -> list[str]:
    return stems(text)[:MAX_QUERY_WORDS]


CANDIDATES = 200
# Past this page a search answers nothing new (and an offset past 2^63 fails in SQL).
MAX_PAGE = 10_000


def _ranked_ids(
    text: str, filtered: QuerySet, limit: int, offset: int
) -> tuple[list[int], int, bool]:
    """Ids of matching services, best first; the number of matches, counted up to COUNT_CAP
    past the offset; and whether there are more."""
    outer = "d.service_id" if connection.vendor == "postgresql" else "f.rowid"
    if connection.vendor == "postgresql":
        text_match = (
            "FROM organisations_servicesearchdocument d, plainto_tsquery('ansam_fr', %s) q "
            "WHERE d.document @@ q"
        )
        text_params = [text]
        rank = "ts_rank(d.document, q) DESC, d.service_id"
    else:
        words = _query_words(text)
        if not words:
            return [], 0, False
        text_match = "FROM organisations_service_fts f WHERE organisations_service_fts MATCH %s"
        text_params = [" AND ".join(f'"{w}"' for w in words)]
        rank = "bm25(organisations_service_fts, 10.0, 4.0, 1.0), f.rowid"
    match, params = text_match, text_params
    if filtered.query.where:
        # The filters are checked for each text match (a correlated EXISTS), not computed for
        # every service first: the text match is what narrows the search.
        inner = filtered.order_by().filter(pk=RawSQL(outer, [])).values("id")  # noqa: S611 (a constant)
        inner_sql, inner_params = inner.query.sql_with_params()
        match, params = f"{text_match} AND EXISTS ({inner_sql})", [*text_params, *inner_params]
    with connection.cursor() as cursor:
        ids = None
        if filtered.query.where and offset + limit <= CANDIDATES // 2:
            # Filtering keeps the ranking's order: when the best CANDIDATES text matches hold a
            # whole page that passes the filters, that page is exactly the filtered ranking's,
            # and the filters were checked for 200 services rather than for every match.
            cursor.execute(
                f"SELECT {outer} {text_match} ORDER BY {rank} LIMIT %s",  # noqa: S608
                [*text_params, CANDIDATES],
            )
            candidates = [row[0] for row in cursor.fetchall()]
            passing = set(filtered.filter(pk__in=candidates).values_list("id", flat=True))
            kept = [i for i in candidates if i in passing]
            if len(kept) >= offset + limit or len(candidates) < CANDIDATES:
                ids = kept[offset : offset + limit]
        if ids is None:
            cursor.execute(
                f"SELECT {outer} {match} ORDER BY {rank} LIMIT %s OFFSET %s",  # noqa: S608
                [*params, limit, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        # Counting apart from ranking (a window count made the database keep and sort every
        # match), and only up to COUNT_CAP past the page, as for filters alone.
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 {match} LIMIT %s) c",  # noqa: S608
            [*params, offset + COUNT_CAP + 1],
        )
        found = cursor.fetchone()[0]
    return ids, min(found, offset + COUNT_CAP), found > offset + COUNT_CAP


def _reasons(service: Service, query: DirectoryQuery, commune: Commune | None) -> list[str]:
    reasons = []
    words = set(_query_words(query.text))
    doc = getattr(service, "search_document", None)
    if words and doc is not None:
        for label, text in (
            (_("name"), doc.name),
            (_("thematiques and publics"), doc.themes),
            (_("description"), doc.body),
        ):
            shown = sorted({w.lower() for w in set(_WORD.findall(text)) if token_stems(w) & words})
            if shown:
                reasons.append(
                    _("%(field)s contains “%(words)s”")
                    % {"field": label, "words": ", ".join(shown[:4])}
                )
    if query.thematique:
        reasons.append(
            _("thematique: %s") % taxonomies.display_label("thematique", query.thematique)
        )
    if query.public:
        if query.public in service.publics:
            reasons.append(_("public: %s") % taxonomies.display_label("public", query.public))
        else:
            reasons.append(_("open to all publics"))
    if commune is not None:
        reasons.append(_("available in %s") % commune.name)
    elif query.departement:
        reasons.append(_("available in département %s") % query.departement)
    return reasons


def search_directory(query: DirectoryQuery, *, page: int = 1, per_page: int = 20) -> SearchPage:
    page = min(max(1, page), MAX_PAGE)
    filtered, commune = filtered_services(query)
    if filtered.query.is_empty():  # an unknown commune or département: nothing, plainly
        return SearchPage(hits=[], total=0, page=page, per_page=per_page, commune=None)
    offset = (page - 1) * per_page
    capped = False
    if query.text.strip() and _query_words(query.text):
        ids, total, capped = _ranked_ids(query.text, filtered, per_page, offset)
        by_id = Service.objects.select_related(
            "organisation", "commune", "search_document"
        ).in_bulk(ids)
        services = [by_id[i] for i in ids if i in by_id]
    else:
        # Counting every match of a broad filter costs more than the page itself: past
        # COUNT_CAP the page says "more than" (the pages still go on).
        beyond = filtered.order_by()[offset : offset + COUNT_CAP + 1].count()
        capped = beyond > COUNT_CAP
        total = offset + min(beyond, COUNT_CAP)
        # By name. A thematique or category gathers services whose names may all come late in
        # the alphabet: walking the name index until a page is found then reads most of the
        # directory (60 ms on 51,000 services), so for them the same order is asked as an
        # expression that no index serves, and the database sorts only their services.
        name = Concat("name", Value("")) if query.thematique else F("name")
        # The page's ids first (a narrow sort), then their rows.
        ids = list(
            filtered.order_by(name, "id").values_list("id", flat=True)[offset : offset + per_page]
        )
        by_id = Service.objects.select_related(
            "organisation", "commune", "search_document"
        ).in_bulk(ids)
        services = [by_id[i] for i in ids if i in by_id]
    hits = [SearchHit(service=s, reasons=_reasons(s, query, commune)) for s in services]
    return SearchPage(
        hits=hits, total=total, page=page, per_page=per_page, commune=commune, capped=capped
    )
