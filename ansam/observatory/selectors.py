"""The observatory as people read it: the current release's tables with their labels, masked
cells as "secret", a bar chart for each, the data dictionary, the CCAS's social needs report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ansam.continuity.models import Signal
from ansam.core.ids import maybe_public_id
from ansam.geo.models import Commune, Epci
from ansam.observatory.indicators import UNKNOWN
from ansam.observatory.models import Cell, InstitutionalPartner, Release
from ansam.organisations.taxonomies import display_label
from ansam.sharing.sections import Section


def titles() -> dict[str, tuple[str, str]]:
    """Each table's title and what it counts (the data dictionary)."""
    return {
        "people_by_age": (
            _("People accompanied, by age and intercommunality"),
            _(
                "People with a care team at some time in the period, by age at its end and the "
                "intercommunality (EPCI) of their commune."
            ),
        ),
        "people_by_commune": (
            _("People accompanied, by commune"),
            _("The same people by commune of residence: the communes add up to their EPCI."),
        ),
        "people_by_household": (
            _("People accompanied, by household"),
            _("Alone, with children in the household, or with other relatives (as recorded)."),
        ),
        "needs": (
            _("Needs expressed, and needs without any action"),
            _(
                "People with a need in the plan's section; of them, people with a need for which "
                "no action is planned. A person may count in several sections."
            ),
        ),
        "referrals": (
            _("Referrals and their outcome, by need"),
            _(
                "Referrals sent in the period by need (data·inclusion category) and what became "
                "of them: declined for lack of capacity or outside the area are unanswered needs."
            ),
        ),
        "delays": (
            _("Delays, by need (median days)"),
            _("Median days from the referral to the answer, and to the first appointment."),
        ),
        "ruptures": (
            _("Ruptures of accompaniment, by kind"),
            _("Continuity signals opened in the period (an action overdue, no contact, …)."),
        ),
        "accompaniments": (
            _("Accompaniments opened and closed, by month"),
            _("A person's first coordinator opens it; a coordination ended closes it."),
        ),
        "unanswered_searches": (
            _("Directory searches that found nothing, by need"),
            _("Counts of searches (not of people): the words typed are never kept."),
        ),
    }


def column_label(table: str, code: str) -> str:
    labels = {
        "": _("Total"),
        "alone": _("Alone"),
        "with_children": _("With children"),
        "other": _("Other household"),
        "people": _("People"),
        "no_action": _("Of whom no action"),
        "accepted": _("Accepted"),
        "no_capacity": _("Declined: no capacity"),
        "outside_area": _("Declined: outside the area"),
        "declined_other": _("Declined, other"),
        "expired": _("No answer"),
        "open": _("Waiting"),
        "answer_days": _("To the answer"),
        "appointment_days": _("To the first appointment"),
        "signals": _("Signals"),
        "searches": _("Searches"),
    }
    return labels.get(code, code)


def row_label(table: str, code: str, places: dict[str, str]) -> str:
    if code == "":
        return _("Total")
    if code == UNKNOWN:
        return _("Not known")
    if table in ("people_by_age", "people_by_household", "people_by_commune"):
        return places.get(code, code)
    if table == "needs":
        return str(dict(Section.choices).get(code, code))
    if table in ("referrals", "delays", "unanswered_searches"):
        return display_label("thematique", code)
    if table == "ruptures":
        return str(dict(Signal.Kind.choices).get(code, code))
    if table == "accompaniments":
        return {"opened": _("Opened"), "closed": _("Closed")}.get(code, code)
    return code


@dataclass
class ShownTable:
    name: str
    title: str
    about: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    suppressed: int = 0
    chart: list[dict[str, Any]] = field(default_factory=list)


def current_release() -> Release | None:
    return Release.objects.filter(is_current=True).first()


def _places(codes: set[str]) -> dict[str, str]:
    found = dict(Epci.objects.filter(siren__in=codes).values_list("siren", "name"))
    found |= dict(Commune.objects.filter(code__in=codes).values_list("code", "name"))
    return found


def tables(release: Release, only_rows: dict[str, set[str]] | None = None) -> list[ShownTable]:
    cells = list(Cell.objects.filter(release=release).order_by("table", "row", "column"))
    places = _places({c.row for c in cells})
    by_table: dict[str, list[Cell]] = {}
    for cell in cells:
        by_table.setdefault(cell.table, []).append(cell)
    shown = []
    for name, (title, about) in titles().items():
        found = by_table.get(name, [])
        keep = (only_rows or {}).get(name)
        columns = sorted({c.column for c in found}, key=lambda c: (c == "", c))
        if len(columns) == 2 and columns[-1] == "":
            columns = columns[:1]  # one column: its row totals repeat it
        grid: dict[str, dict[str, Cell]] = {}
        for cell in found:
            grid.setdefault(cell.row, {})[cell.column] = cell
        table = ShownTable(name, title, about, [(c, column_label(name, c)) for c in columns])
        for row in sorted(grid, key=lambda r: (r == "", row_label(name, r, places))):
            if keep is not None and row not in keep:
                continue
            values = [grid[row].get(c) for c in columns]
            table.rows.append(
                {
                    "code": row,
                    "label": row_label(name, row, places),
                    "cells": [
                        (label, v) for (_c, label), v in zip(table.columns, values, strict=True)
                    ],
                }
            )
            table.suppressed += sum(1 for v in values if v is not None and v.value is None)
        table.chart = _chart(table)
        shown.append(table)
    return shown


def _chart(table: ShownTable) -> list[dict[str, Any]]:
    """Bars of the first column (or the total) per row, drawn server-side; a masked bar is
    drawn hatched with no length (the table beside gives the numbers)."""
    if not table.rows or not table.columns:
        return []
    column = (
        0
        if len(table.columns) == 1
        else next((i for i, (code, _l) in enumerate(table.columns) if code == ""), 0)
    )
    rows = [r for r in table.rows if r["code"] != ""]
    values = [r["cells"][column][1].value if r["cells"][column][1] else None for r in rows]
    top = max((v for v in values if v is not None), default=0) or 1
    return [
        {
            "label": r["label"],
            "value": v,
            "width": 0 if v is None else round(100 * v / top, 1),
            "y": 24 * i,
        }
        for i, (r, v) in enumerate(zip(rows, values, strict=True))
    ]


def dictionary() -> list[tuple[str, str, str]]:
    return [(name, title, about) for name, (title, about) in titles().items()]


def abs_rows(commune: Commune) -> dict[str, set[str]]:
    """The rows a commune's social needs analysis shows: its own, its EPCI's, the totals."""
    own = {commune.code, ""}
    epci = {commune.epci_id or UNKNOWN, ""}
    return {
        "people_by_commune": own,
        "people_by_age": epci,
        "people_by_household": epci,
    }


def partners() -> list[InstitutionalPartner]:
    current = InstitutionalPartner.objects.filter(revoked_at=None).select_related("user")
    return list(current.order_by("institution"))


def partner(public_id: str) -> InstitutionalPartner | None:
    pid = maybe_public_id(public_id)
    if pid is None:
        return None
    return InstitutionalPartner.objects.filter(public_id=pid, revoked_at=None).first()
