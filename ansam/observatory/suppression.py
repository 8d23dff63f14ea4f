"""Small-count suppression, primary and secondary, for every table of a release at once.

Primary: a cell resting on fewer people than the threshold (or, for a cell about organisations,
on fewer than 3 of them or with one above 85 % of it) is masked. Secondary: a masked cell must
not be recomputable from what is published: the tables' totals are linear constraints (a total
equals the sum of its parts, within a table and across tables sharing a figure), and an attacker
also knows that a published zero is zero and that a masked cell is at least 1. For each masked
cell we solve the attacker's two linear programmes (its smallest and largest possible value);
while one is pinned to a single value, the smallest published non-zero cell it shares a
constraint with is masked too. tests/observatory/test_suppression.py attacks the result with
integer programmes on random tables and must fail."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

Key = Hashable


@dataclass(frozen=True)
class Constraint:
    total: Key
    parts: tuple[Key, ...]


def primary(
    people: dict[Key, int],
    threshold: int,
    organisations: dict[Key, Sequence[int]] | None = None,
    min_organisations: int = 3,
    dominance: float = 0.85,
) -> set[Key]:
    """The cells to mask for themselves. `organisations`: for cells about organisations, each
    organisation's share of the cell."""
    masked = {key for key, n in people.items() if 0 < n < threshold}
    for key, shares in (organisations or {}).items():
        total = sum(shares)
        if total and (len(shares) < min_organisations or max(shares) > dominance * total):
            masked.add(key)
    return masked


def bounds(
    values: dict[Key, int],
    constraints: Iterable[Constraint],
    masked: set[Key],
    only: Iterable[Key] | None = None,
) -> dict[Key, tuple[float, float]]:
    """What an attacker can say of each masked cell (or of `only` these) from everything
    published: its smallest and largest possible value (linear relaxation)."""
    constraints = list(constraints)
    if only is not None:  # the unknowns of these constraints only, not the whole release's
        masked = {k for c in constraints for k in (c.total, *c.parts) if k in masked} | set(only)
    order = sorted(masked, key=repr)
    if not order:
        return {}
    index = {key: i for i, key in enumerate(order)}
    rows, rhs = [], []
    for c in constraints:
        cells = [(c.total, -1.0)] + [(p, 1.0) for p in c.parts]
        if not any(k in index for k, _w in cells):
            continue
        row = np.zeros(len(order))
        known = 0.0
        for key, weight in cells:
            if key in index:
                row[index[key]] += weight
            else:
                known -= weight * values[key]
        rows.append(row)
        rhs.append(known)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    box = [(1, None)] * len(order)
    result: dict[Key, tuple[float, float]] = {}
    for key in only if only is not None else order:
        i = index[key]
        goal = np.zeros(len(order))
        goal[i] = 1.0
        low = linprog(goal, A_eq=a_eq, b_eq=b_eq, bounds=box, method="highs")
        high = linprog(-goal, A_eq=a_eq, b_eq=b_eq, bounds=box, method="highs")
        lo = low.fun if low.status == 0 else 1.0
        hi = -high.fun if high.status == 0 else float("inf")
        result[key] = (lo, hi)
    return result


def protect(
    values: dict[Key, int],
    constraints: Sequence[Constraint],
    masked: set[Key],
    *,
    max_rounds: int = 10_000,
) -> set[Key]:
    """Secondary suppression: mask more cells until no masked cell can be pinned down."""
    masked = set(masked)
    related: dict[Key, set[Key]] = {}
    for c in constraints:
        members = {c.total, *c.parts}
        for key in members:
            related.setdefault(key, set()).update(members - {key})
    totals = {c.total for c in constraints}
    by_cell: dict[Key, list[Constraint]] = {}
    for c in constraints:
        for key in (c.total, *c.parts):
            by_cell.setdefault(key, []).append(c)
    # Masking a cell only widens what the attacker can say of the others: a cell once protected
    # stays protected, so each cell is checked again only after its own partner was added.
    queue = sorted(masked, key=repr)
    rounds = 0
    while queue:
        key = queue.pop()
        lo, hi = bounds(values, _linked(key, masked, by_cell), masked, only=[key])[key]
        if hi - lo >= 1:
            continue
        rounds += 1
        if rounds > max_rounds:
            raise RuntimeError("secondary suppression did not converge")
        partner = _partner(key, values, by_cell, masked, related, totals)
        masked.add(partner)
        queue += [partner, key]
    return masked


def _linked(key: Key, masked: set[Key], by_cell: dict[Key, list[Constraint]]) -> list[Constraint]:
    """The constraints that tie `key` to other masked cells, directly or through them: the
    rest of the release says nothing more about it (its other cells are published)."""
    seen_cells, found = {key}, {}
    frontier = [key]
    while frontier:
        cell = frontier.pop()
        for c in by_cell.get(cell, ()):
            if id(c) in found:
                continue
            found[id(c)] = c
            for other in (c.total, *c.parts):
                if other in masked and other not in seen_cells:
                    seen_cells.add(other)
                    frontier.append(other)
    return list(found.values())


def _partner(
    key: Key,
    values: dict[Key, int],
    by_cell: dict[Key, list[Constraint]],
    masked: set[Key],
    related: dict[Key, set[Key]],
    totals: set[Key],
) -> Key:
    """The published cell whose masking frees `key`, losing the least: the nearest in the
    tables' constraints, a part rather than a total, the smallest."""
    distance = {key: 0}
    frontier = [key]
    while frontier:
        following = []
        for k in frontier:
            for other in related.get(k, ()):
                if other not in distance:
                    distance[other] = distance[k] + 1
                    following.append(other)
        frontier = following
    candidates = sorted(
        (k for k in distance if k not in masked and values.get(k, 0) > 0),
        key=lambda k: (distance[k], k in totals, values[k], repr(k)),
    )
    if not candidates:
        raise RuntimeError(f"no cell left to protect {key!r}")
    for candidate in candidates:
        trial = masked | {candidate}
        lo, hi = bounds(values, _linked(key, trial, by_cell), trial, only=[key])[key]
        if hi - lo >= 1:
            return candidate
    return candidates[0]
