"""Secondary suppression against an attacker who knows everything published: random tables
with their totals (alone, and sharing totals with a second table), attacked with exact integer
programmes. The attack must never pin a masked cell to one value."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from ansam.observatory.suppression import Constraint, bounds, primary, protect

THRESHOLD = 11


def table(name, grid):
    """Cells (name, r, c), row totals (name, r, ""), column totals (name, "", c), grand."""
    values, constraints = {}, []
    rows, cols = len(grid), len(grid[0])
    for r in range(rows):
        for c in range(cols):
            values[(name, r, c)] = grid[r][c]
        values[(name, r, "")] = sum(grid[r])
        constraints.append(Constraint((name, r, ""), tuple((name, r, c) for c in range(cols))))
    for c in range(cols):
        values[(name, "", c)] = sum(grid[r][c] for r in range(rows))
        constraints.append(Constraint((name, "", c), tuple((name, r, c) for r in range(rows))))
    values[(name, "", "")] = sum(map(sum, grid))
    constraints.append(Constraint((name, "", ""), tuple((name, r, "") for r in range(rows))))
    return values, constraints


def attack(values, constraints, masked):
    """Exact integer bounds of each masked cell (masked cells are at least 1)."""
    order = sorted(masked, key=repr)
    index = {k: i for i, k in enumerate(order)}
    rows, rhs = [], []
    for c in constraints:
        cells = [(c.total, -1)] + [(p, 1) for p in c.parts]
        if not any(k in index for k, _ in cells):
            continue
        row = np.zeros(len(order))
        known = 0
        for k, w in cells:
            if k in index:
                row[index[k]] += w
            else:
                known -= w * values[k]
        rows.append(row)
        rhs.append(known)
    found = {}
    cons = [LinearConstraint(np.array(rows), rhs, rhs)] if rows else []
    for k, i in index.items():
        goal = np.zeros(len(order))
        goal[i] = 1
        limits = Bounds(np.ones(len(order)), np.full(len(order), 10_000))
        ints = np.ones(len(order))
        lo = milp(goal, constraints=cons, integrality=ints, bounds=limits)
        hi = milp(-goal, constraints=cons, integrality=ints, bounds=limits)
        found[k] = (round(lo.fun), round(-hi.fun))
    return found


grids = st.integers(2, 4).flatmap(
    lambda rows: st.integers(2, 4).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(0, 40), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


def _check(values, constraints, cells):
    masked = protect(values, constraints, primary(cells, THRESHOLD))
    for key, n in cells.items():
        if 0 < n < THRESHOLD:
            assert key in masked
    for key, (lo, hi) in attack(values, constraints, masked).items():
        assert lo < hi, f"{key} = {values[key]} recomputed from what is published"
    return masked


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids)
def test_no_masked_cell_is_recomputed_from_one_table(grid):
    values, constraints = table("t", grid)
    _check(values, constraints, {k: v for k, v in values.items()})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids, st.data())
def test_no_masked_cell_is_recomputed_across_tables_sharing_totals(grid, data):
    """A second table splits the same row totals differently (people by age band, and by
    household type, per territory): its totals are the same figures."""
    rows = len(grid)
    cols = data.draw(st.integers(2, 3))
    other = []
    for r in range(rows):
        total = sum(grid[r])
        cuts = sorted(
            data.draw(st.lists(st.integers(0, total), min_size=cols - 1, max_size=cols - 1))
        )
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        other.append(parts)
    v1, c1 = table("t", grid)
    v2, c2 = table("u", other)
    # The shared totals are one figure: tie them.
    ties = [Constraint(("t", r, ""), (("u", r, ""),)) for r in range(rows)]
    values = v1 | v2
    _check(values, c1 + c2 + ties, values)


def test_a_lone_small_cell_gets_a_partner_in_its_row_and_column():
    values, constraints = table("t", [[5, 20, 30], [40, 50, 60]])
    masked = protect(values, constraints, primary(values, THRESHOLD))
    assert ("t", 0, 0) in masked
    assert len(masked) >= 4  # its row, its column and the corner that closes the cycle
    assert all(hi - lo >= 1 for lo, hi in bounds(values, constraints, masked).values())


def test_cells_about_organisations_need_three_and_no_dominant_one():
    shares = {"a": [50, 40, 30], "b": [90, 5, 5], "c": [60, 60]}
    assert primary({}, THRESHOLD, shares) == {"b", "c"}


@pytest.mark.parametrize("n,masked", [(0, False), (1, True), (10, True), (11, False)])
def test_threshold_edges(n, masked):
    assert ("x" in primary({"x": n}, THRESHOLD)) is masked
