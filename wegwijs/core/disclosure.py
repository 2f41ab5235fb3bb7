"""Small-count disclosure control for figures shown to a municipality (facts.md §14, PRIV-04).

A report for a gemeentecontact must not let anyone single out a client. Its tables of counts
pass through :func:`table` with ``protect=True``; the coördinator's exact figures pass through
the same function with ``protect=False``, so both render from one shape.

The rule, with k = ``settings.SMALL_COUNT_THRESHOLD`` (10):

1. **Primary suppression.** Every count from 1 to k-1 is hidden and shown as "< k". A zero is
   hidden too unless the caller declares it *structural* (impossible by definition): a shown
   zero beside a shown total tells that everyone in the group shares one answer.
2. **Secondary suppression**, on the table *with* its margins (row totals as an extra column,
   column totals as an extra row, the grand total in their corner), repeated until nothing
   changes:

   a. no row or column holds exactly one hidden cell (else its total, or the other cells of
      a column of totals, would give it back);
   b. in a row or column whose total is shown, the hidden cells add up to at least k (else
      the total gives their sum, a small count or a zero);
   c. where both margins are shown, no hidden cell is a *bridge* of the graph whose nodes are
      the rows and columns and whose edges are the hidden cells: a hidden cell on no cycle of
      hidden cells can be recomputed by adding and subtracting whole rows and columns, even
      when every row and column holds two hidden cells.

   Each step hides the smallest shown cell of the offending row or column (a total only when
   no inner cell is left; a structural zero only as the last resort); the first one chosen is
   at least k, so b is met in one step. Cells hidden this way are shown as "×" (as in CBS
   tables: "geheim"), never as "< k", which would be untrue.
3. **Percentages** only on a base of at least k, and only when both the clients counted and
   the others number at least k (a share of a shown base gives both back); otherwise "—".
4. **Linked totals** (:func:`linked`): the totals shown for one population (trajectories
   closed, measured at the baseline, at the end, with both) each count a part of the same
   clients, so the difference of two shown totals counts the clients in one part and not in
   the other: "closed: 21" beside "measured at the end: 20" gives away the one client who left
   without a final measurement. Of such totals no two shown ones differ by 1 to k-1; a table
   whose margin holds one of them hides that margin where :func:`linked` hid it (``hidden``),
   and then hides cells of that row until the hidden ones add up to at least k, so that the
   shown cells do not bound the hidden total to within k of its value.

What it does not do: protect against combining *different* tables (the same population
counted twice in two reports) or narrow intervals from the fact that counts are not negative.
Reports for municipalities therefore offer fixed tables and no free filters (PRIV-04).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

SHOWN, SMALL, SECONDARY = "shown", "small", "secondary"
SECONDARY_MARK = "×"
NO_SHARE = "—"


def threshold() -> int:
    return settings.SMALL_COUNT_THRESHOLD


@dataclass(frozen=True)
class Cell:
    """One count as shown: ``value`` is None when it is hidden."""

    value: int | None
    state: str = SHOWN
    k: int = 10

    @property
    def hidden(self) -> bool:
        return self.state != SHOWN

    def __str__(self) -> str:
        if self.state == SMALL:
            return f"< {self.k}"
        if self.state == SECONDARY:
            return SECONDARY_MARK
        return str(self.value)


@dataclass(frozen=True)
class Share:
    """A percentage (whole, rounded half up) or None with the reason in ``missing``."""

    percent: int | None
    missing: str = ""

    def __str__(self) -> str:
        return NO_SHARE if self.percent is None else f"{self.percent}%"


@dataclass(frozen=True)
class Table:
    """Cells in rows, with the optional margins; ``protected`` tells whether rules applied."""

    rows: list[list[Cell]]
    row_totals: list[Cell] | None
    column_totals: list[Cell] | None
    total: Cell | None
    protected: bool

    def row_with_total(self, index: int) -> list[Cell]:
        row = list(self.rows[index])
        if self.row_totals is not None:
            row.append(self.row_totals[index])
        return row

    def row_is_complete(self, index: int) -> bool:
        """True when no cell of the row (its total included) is hidden."""
        return not any(cell.hidden for cell in self.row_with_total(index))

    def hidden_cells(self) -> int:
        cells = [c for row in self.rows for c in row]
        cells += (self.row_totals or []) + (self.column_totals or [])
        cells += [self.total] if self.total else []
        return sum(cell.hidden for cell in cells)


def count(value: int, *, protect: bool, k: int | None = None, structural: bool = False) -> Cell:
    """A single count that is not part of a table (it adds up with nothing shown)."""
    k = threshold() if k is None else k
    value = _checked(value)
    if protect and _small(value, k, structural):
        return Cell(None, SMALL, k)
    return Cell(value, SHOWN, k)


def share(numerator: int, base: int, *, protect: bool, k: int | None = None) -> Share:
    """``numerator`` out of ``base`` as a whole percentage; none on an empty base ever.

    When protecting: none on a base under k, and none when the numerator or its complement
    (``base - numerator``) is under k. The base is shown beside the share, so a percentage
    of a shown base gives its numerator back: 92 % of 12 tells that exactly one client did
    not rise, 0 % that nobody did."""
    k = threshold() if k is None else k
    if base <= 0:
        return Share(None, str(_("nobody to count")))
    if protect and base < k:
        return Share(None, str(_("fewer than %(k)s clients") % {"k": k}))
    if protect and min(numerator, base - numerator) < k:
        return Share(None, str(_("would reveal a group of fewer than %(k)s clients") % {"k": k}))
    return Share((200 * numerator + base) // (2 * base))


def linked(
    values: Sequence[int],
    *,
    protect: bool,
    k: int | None = None,
    structural: Collection[int] = (),
) -> list[Cell]:
    """The totals of one population, shown side by side, as cells (rule 4 of the module).

    With ``protect``: each total under k is hidden as :func:`count` hides it; of the others,
    no two shown differ by 1 to k-1. Of the sets of values that meet this, the one that shows
    the most totals is kept (the rest are hidden as "×"), among equals the one with the larger
    values (closest to the whole population). Equal totals may stand together: a difference of
    zero says that everyone in the larger part is in the smaller, which is how a trajectory
    should go (every client measured), not a fact about a few clients. ``structural`` holds
    the indexes of zeros that cannot be anything else."""
    k = threshold() if k is None else k
    values = [_checked(v) for v in values]
    if not protect:
        return [Cell(v, SHOWN, k) for v in values]
    small = {i for i, v in enumerate(values) if _small(v, k, i in structural)}
    weight: dict[int, int] = {}
    for i, v in enumerate(values):
        if i not in small:
            weight[v] = weight.get(v, 0) + 1
    kept = _widely_apart(sorted(weight), weight, k)
    cells = []
    for i, v in enumerate(values):
        if i in small:
            cells.append(Cell(None, SMALL, k))
        elif v in kept or v == 0:  # a structural zero
            cells.append(Cell(v, SHOWN, k))
        else:
            cells.append(Cell(None, SECONDARY, k))
    return cells


def _widely_apart(points: list[int], weight: dict[int, int], k: int) -> set[int]:
    """Of the sorted ``points``, the subset with every two at least ``k`` apart and the most
    weight; on a tie the one with the larger points (weighted interval scheduling)."""
    best: list[tuple[int, tuple[int, ...]]] = [(0, ())]  # best[i]: of points[:i]
    for i, point in enumerate(points):
        j = i
        while j > 0 and points[j - 1] > point - k:
            j -= 1
        weight_with, chosen = best[j]
        taking = (weight_with + weight[point], (point, *chosen))
        best.append(max(best[i], taking))
    return set(best[-1][1])


def table(
    counts: Sequence[Sequence[int]],
    *,
    protect: bool,
    k: int | None = None,
    row_totals: bool = True,
    column_totals: bool = False,
    structural_zeros: Collection[tuple[int, int]] = (),
    hidden: Collection[tuple[int, int]] = (),
) -> Table:
    """The table of ``counts`` (rows of equal length) with the margins asked for; with
    ``protect`` the rules of this module hide what could single out a client.
    ``structural_zeros`` holds (row, column) positions that cannot be anything but zero;
    ``hidden`` positions (a margin is row ``len(counts)`` or column ``len(counts[0])``) that
    are hidden whatever their value, such as a total :func:`linked` hid."""
    k = threshold() if k is None else k
    grid = [[_checked(v) for v in row] for row in counts]
    if any(len(row) != len(grid[0]) for row in grid):
        raise ValueError("every row needs the same number of cells")
    n_rows, n_cols = len(grid), len(grid[0]) if grid else 0
    values = {(r, c): grid[r][c] for r in range(n_rows) for c in range(n_cols)}
    if row_totals:
        for r in range(n_rows):
            values[r, n_cols] = sum(grid[r])
    if column_totals:
        for c in range(n_cols):
            values[n_rows, c] = sum(grid[r][c] for r in range(n_rows))
    if row_totals and column_totals:
        values[n_rows, n_cols] = sum(map(sum, grid))
    if protect:
        structural = _structural(values, n_rows, n_cols, structural_zeros)
        forced = {tuple(p) for p in hidden if tuple(p) in values}
        hidden = _suppress(values, n_rows, n_cols, k, structural, forced)
    else:
        hidden = {}

    def cell(position):
        state = hidden.get(position, SHOWN)
        return Cell(None if state != SHOWN else values[position], state, k)

    return Table(
        rows=[[cell((r, c)) for c in range(n_cols)] for r in range(n_rows)],
        row_totals=[cell((r, n_cols)) for r in range(n_rows)] if row_totals else None,
        column_totals=[cell((n_rows, c)) for c in range(n_cols)] if column_totals else None,
        total=cell((n_rows, n_cols)) if row_totals and column_totals else None,
        protected=protect,
    )


def _checked(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a count is a whole number of at least 0, not {value!r}")
    return value


def _small(value: int, k: int, structural: bool) -> bool:
    return 0 < value < k or (value == 0 and not structural)


def _structural(values, n_rows: int, n_cols: int, declared) -> set[tuple[int, int]]:
    """Declared structural zeros, and totals whose every cell is one (the grand total last)."""
    structural = {tuple(p) for p in declared if values.get(tuple(p)) == 0}
    for _pass in range(2):
        for members, total in _lines(values, n_rows, n_cols):
            if total is not None and members and all(p in structural for p in members):
                structural.add(total)
    return structural


def _lines(values, n_rows: int, n_cols: int):
    """Every row and column of the table with its margins, as (cells, total or None).

    ``n_rows``/``n_cols`` count the inner cells, so index ``n_rows`` is the row of column
    totals and ``n_cols`` the column of row totals, where those exist."""
    lines = []
    for r in range(n_rows + 1):
        members = [(r, c) for c in range(n_cols) if (r, c) in values]
        total = (r, n_cols) if (r, n_cols) in values else None
        if members or total:
            lines.append((members, total))
    for c in range(n_cols + 1):
        members = [(r, c) for r in range(n_rows) if (r, c) in values]
        total = (n_rows, c) if (n_rows, c) in values else None
        if members or total:
            lines.append((members, total))
    return lines


def _suppress(values, n_rows: int, n_cols: int, k: int, structural, forced=()) -> dict:
    hidden = {p: SMALL for p, v in values.items() if _small(v, k, p in structural)}
    for position in forced:
        hidden.setdefault(position, SECONDARY)
    lines = _lines(values, n_rows, n_cols)
    both_margins = (n_rows, n_cols) in values
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            unsafe = _line_unsafe(members, total, hidden, values, k)
            if total in forced and values[total] >= k:
                unsafe = unsafe or _bounds_forced_total(members, hidden, values, k)
            if unsafe and _hide_one(members, total, hidden, values, structural):
                changed = True
        if both_margins and not changed:
            changed = _break_bridge(values, n_rows, n_cols, hidden, structural)
    return hidden


def _bounds_forced_total(members, hidden, values, k) -> bool:
    """A total hidden for :func:`linked` is not safe while its shown cells add up to within k
    of it: their sum would show that it exceeds a shown total it differs little from ("at least
    21 measured at the baseline" beside "20 at the end")."""
    shown_cells = [p for p in members if p not in hidden]
    return bool(shown_cells) and sum(values[p] for p in members if p in hidden) < k


def _line_unsafe(members, total, hidden, values, k) -> bool:
    cells = members + ([total] if total is not None else [])
    if len(cells) < 2:
        return False
    shut = [p for p in cells if p in hidden]
    if len(shut) == 1:
        return True
    if shut and total is not None and total not in hidden:
        return sum(values[p] for p in shut) < k
    return False


def _hide_one(members, total, hidden, values, structural) -> bool:
    candidates = [p for p in members if p not in hidden]
    if total is not None and total not in hidden:
        candidates.append(total)
    if not candidates:
        return False
    hidden[min(candidates, key=lambda p: _cost(p, total, values, structural))] = SECONDARY
    return True


def _cost(position, total, values, structural):
    """Order of preference: an inner cell before the total, a real count before a structural
    zero, the smallest count first, then the position (so the result is reproducible)."""
    return (position == total, position in structural, values[position], position)


def _break_bridge(values, n_rows, n_cols, hidden, structural) -> bool:
    """Hide one more cell where a hidden cell is a bridge (see the module docstring, rule c)."""
    edges = sorted(hidden)
    for edge in edges:
        others = [e for e in edges if e != edge]
        rows_side = _component(("r", edge[0]), others)
        cols_side = _component(("c", edge[1]), others)
        if ("c", edge[1]) in rows_side:
            continue  # on a cycle
        candidates = [
            (r, c)
            for kind_r, r in rows_side
            if kind_r == "r"
            for kind_c, c in cols_side
            if kind_c == "c" and (r, c) in values and (r, c) not in hidden
        ]
        if candidates:
            margin = {p for p in candidates if p[0] == n_rows or p[1] == n_cols}
            choice = min(
                candidates,
                key=lambda p: (p in margin, p in structural, values[p], p),
            )
            hidden[choice] = SECONDARY
            return True
    return False


def _component(start, edges) -> set:
    """Row and column nodes reachable from ``start`` over hidden cells."""
    seen, todo = {start}, [start]
    while todo:
        kind, index = todo.pop()
        for r, c in edges:
            if (kind == "r" and r == index) or (kind == "c" and c == index):
                node = ("c", c) if kind == "r" else ("r", r)
                if node not in seen:
                    seen.add(node)
                    todo.append(node)
    return seen
