"""The needs observatory and the network diagnostic for machines: what the pages publish, with
the same suppression (a masked cell is null, a small count in a relation is "< N") and the same
readers (the territory's coordinators, its institutional partners, the organisations'
managers; a manager reads its own neighbourhood of the network). Others find nothing (404)."""

from datetime import date, datetime
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from ansam.access import observatory as policy
from ansam.api.schemas import PageNumber
from ansam.core.errors import AnsamError
from ansam.network import selectors as network_selectors
from ansam.network import tasks as network_tasks
from ansam.network.models import Run
from ansam.observatory import selectors
from ansam.web.forms_network import NetworkFilterForm

router = Router(tags=["observatory"])
RELATIONS_PAGE = 200


class TableSummaryOut(Schema):
    name: str
    title: str
    about: str
    suppressed: int


class ReleaseOut(Schema):
    period_start: date
    period_end: date  # exclusive
    threshold: int
    computed_at: datetime | None
    tables: list[TableSummaryOut]


class CellOut(Schema):
    column: str
    label: str
    value: float | None  # null: secret
    suppressed: str  # "", "primary" (too few people), "secondary" (would unmask another)


class RowOut(Schema):
    code: str
    label: str
    cells: list[CellOut]


class TableOut(TableSummaryOut):
    period_start: date
    period_end: date
    threshold: int
    rows: list[RowOut]


def _release():
    release = selectors.current_release()
    if release is None:
        raise Http404()
    return release


def _readable(request) -> None:
    if not policy.can_view_observatory(request.user):
        raise Http404()


@router.get("/observatory", response=ReleaseOut, summary="The observatory's current release")
def release_get(request):
    _readable(request)
    release = _release()
    return {
        "period_start": release.period_start,
        "period_end": release.period_end,
        "threshold": release.threshold,
        "computed_at": release.computed_at,
        "tables": [
            {"name": t.name, "title": t.title, "about": t.about, "suppressed": t.suppressed}
            for t in selectors.tables(release)
        ],
    }


@router.get("/observatory/tables/{name}", response=TableOut, summary="One table, suppressed")
def table_get(request, name: str):
    _readable(request)
    release = _release()
    table = next((t for t in selectors.tables(release) if t.name == name), None)
    if table is None:
        raise Http404()
    columns = [code for code, _label in table.columns]
    return {
        "name": table.name,
        "title": table.title,
        "about": table.about,
        "suppressed": table.suppressed,
        "period_start": release.period_start,
        "period_end": release.period_end,
        "threshold": release.threshold,
        "rows": [
            {
                "code": row["code"],
                "label": row["label"],
                "cells": [
                    {
                        "column": code,
                        "label": label,
                        "value": None if cell is None else cell.value,
                        "suppressed": "" if cell is None else cell.suppressed,
                    }
                    for code, (label, cell) in zip(columns, row["cells"], strict=True)
                ],
            }
            for row in table.rows
        ],
    }


class NetworkParams(Schema):
    start: str = ""  # YYYY-MM
    end: str = ""  # YYYY-MM, included
    thematique: str = ""
    public: str = ""
    place: str = ""  # commune:<INSEE>, epci:<SIREN>, departement:<code>
    page: PageNumber = 1


class NetworkOut(Schema):
    status: str  # pending, done, failed
    period_start: date
    period_end: date  # exclusive
    whole: bool  # False: the reader's neighbourhood
    threshold: int
    computed_at: datetime | None
    figures: dict[str, Any]


class PartyOut(Schema):
    id: str
    name: str


class AgreementRef(Schema):
    id: str
    title: str


class RelationOut(Schema):
    a: PartyOut
    b: PartyOut
    a_to_b: str  # a count, or "< N" below the threshold
    b_to_a: str
    accepted: str
    declined: str
    shared_people: str
    meetings: str
    agreements: list[AgreementRef]
    finding: str


class RelationsOut(Schema):
    total: int
    page: int
    pages: int
    items: list[RelationOut]


def _network(request, params: NetworkParams) -> tuple[set[int] | None, Run]:
    scope = policy.network_scope(request.user)
    if scope == set():
        raise Http404()
    form = NetworkFilterForm(params.dict(exclude={"page"}))
    if not form.is_valid():
        fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        raise AnsamError(_("The filters are invalid."), fields=fields)
    return scope, network_tasks.request_run(form.filters())


@router.get("/network", response=NetworkOut, summary="The network's figures for a period")
def network_get(request, params: Query[NetworkParams]):
    scope, run = _network(request, params)
    done = run.status == Run.Status.DONE
    if done:
        network_selectors.mark_read(run)
    return {
        "status": run.status,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "whole": scope is None,
        "threshold": run.threshold,
        "computed_at": run.computed_at,
        "figures": run.figures if done else {},
    }


@router.get("/network/relations", response=RelationsOut, summary="The relations, strongest first")
def relations_get(request, params: Query[NetworkParams]):
    scope, run = _network(request, params)
    if run.status != Run.Status.DONE:
        raise AnsamError(
            _("The network is being computed: try again in a moment."), code="not_ready"
        )
    network_selectors.mark_read(run)
    first = (params.page - 1) * RELATIONS_PAGE
    total, chunk = network_selectors.all_edges(run, scope, first, first + RELATIONS_PAGE)
    return {
        "total": total,
        "page": params.page,
        "pages": max(1, -(-total // RELATIONS_PAGE)),
        "items": [
            {
                "a": {"id": str(e["a"]["public_id"]), "name": e["a"]["name"]},
                "b": {"id": str(e["b"]["public_id"]), "name": e["b"]["name"]},
                **{k: e[k] for k in ("a_to_b", "b_to_a", "accepted", "declined")},
                "shared_people": e["shared_people"],
                "meetings": e["meetings"],
                "agreements": [{"id": str(i), "title": t} for i, t in e["agreements"]],
                "finding": e["finding"],
            }
            for e in chunk
        ],
    }
