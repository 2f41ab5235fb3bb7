"""Small-count disclosure control (facts.md §14, SECURITY.md PRIV-04)."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wegwijs.core import disclosure
from wegwijs.core.disclosure import count, share, table

K = 10


def shown(t):
    """The table as text, row by row, each row with its total; then the column totals."""
    rows = [[str(c) for c in t.row_with_total(i)] for i in range(len(t.rows))]
    if t.column_totals is not None:
        rows.append([str(c) for c in t.column_totals] + ([str(t.total)] if t.total else []))
    return rows


# --- Single counts and percentages ----------------------------------------------------------


def test_threshold_is_the_setting(settings):
    settings.SMALL_COUNT_THRESHOLD = 5
    assert disclosure.threshold() == 5
    assert str(count(4, protect=True)) == "< 5"
    assert str(count(5, protect=True)) == "5"


@pytest.mark.parametrize(
    ("value", "text"), [(0, "< 10"), (1, "< 10"), (9, "< 10"), (10, "10"), (250, "250")]
)
def test_a_count_under_k_is_hidden(value, text):
    cell = count(value, protect=True, k=K)
    assert str(cell) == text
    assert cell.hidden == (value < K)
    assert cell.value == (None if value < K else value)


def test_a_structural_zero_is_shown_and_exact_figures_hide_nothing():
    assert str(count(0, protect=True, k=K, structural=True)) == "0"
    assert str(count(3, protect=False, k=K)) == "3"
    assert not count(0, protect=False, k=K).hidden


@pytest.mark.parametrize("bad", [-1, 1.5, "3", None, True])
def test_only_whole_counts_are_accepted(bad):
    with pytest.raises(ValueError):
        count(bad, protect=True, k=K)
    with pytest.raises(ValueError):
        table([[1, bad]], protect=True, k=K)


def test_percentages_only_on_a_base_of_at_least_k():
    assert str(share(10, 20, protect=True, k=K)) == "50%"
    # On a shown base, a share gives its numerator and the complement back.
    assert str(share(3, 10, protect=True, k=K)) == "—"
    assert str(share(11, 12, protect=True, k=K)) == "—"
    assert share(11, 12, protect=True, k=K).missing == (
        "zou een groep van minder dan 10 cliënten onthullen"
    )
    assert str(share(3, 10, protect=False, k=K)) == "30%"
    assert str(share(9, 9, protect=True, k=K)) == "—"
    assert share(9, 9, protect=True, k=K).missing == "minder dan 10 cliënten"
    assert str(share(1, 8, protect=False, k=K)) == "13%"  # 12.5 rounds half up
    assert str(share(2, 3, protect=False, k=K)) == "67%"
    assert str(share(0, 0, protect=False, k=K)) == "—"
    assert str(share(0, 12, protect=True, k=K)) == "—"
    assert str(share(0, 12, protect=False, k=K)) == "0%"


# --- Tables ---------------------------------------------------------------------------------


def test_exact_table_with_both_margins():
    t = table([[1, 2], [3, 4]], protect=False, k=K, column_totals=True)
    assert shown(t) == [["1", "2", "3"], ["3", "4", "7"], ["4", "6", "10"]]
    assert t.hidden_cells() == 0 and not t.protected


def test_all_zeros_are_all_hidden():
    t = table([[0, 0, 0], [0, 0, 0]], protect=True, k=K, column_totals=True)
    assert all(v == "< 10" for row in shown(t) for v in row)


def test_structural_zeros_stay_and_so_do_their_totals():
    t = table(
        [[0, 0, 0], [12, 15, 20]],
        protect=True,
        k=K,
        column_totals=True,
        structural_zeros={(0, 0), (0, 1), (0, 2)},
    )
    assert shown(t) == [["0", "0", "0", "0"], ["12", "15", "20", "47"], ["12", "15", "20", "47"]]
    # Structural zeros are hidden only when nothing else can keep a small cell company.
    t = table([[0, 4, 30]], protect=True, k=K, row_totals=False, structural_zeros={(0, 0)})
    assert shown(t) == [["0", "< 10", "×"]]


def test_a_single_small_cell_in_a_row_takes_the_smallest_other_cell_with_it():
    t = table([[3, 50, 60, 20]], protect=True, k=K)
    assert shown(t) == [["< 10", "50", "60", "×", "133"]]


def test_hidden_cells_that_add_up_to_a_small_count_take_one_more_with_them():
    # 3 + 4 = 7 could be read from the total 59; hiding 12 makes it 19.
    t = table([[12, 3, 4, 40]], protect=True, k=K)
    assert shown(t) == [["×", "< 10", "< 10", "40", "59"]]


def test_a_column_total_does_not_give_back_its_only_hidden_cell():
    t = table([[30], [5], [40]], protect=True, k=K, row_totals=False, column_totals=True)
    assert shown(t) == [["×"], ["< 10"], ["40"], ["75"]]


def test_a_small_total_is_hidden_like_any_count():
    t = table([[3, 4]], protect=True, k=K)
    assert shown(t) == [["< 10", "< 10", "< 10"]]


def test_no_column_holds_a_single_hidden_cell_either():
    t = table([[20, 30], [3, 40], [25, 35]], protect=True, k=K)
    rows = shown(t)
    assert rows[1][0] == "< 10"
    for column in range(2):
        assert [r[column] for r in rows].count("< 10") + [r[column] for r in rows].count("×") in (
            0,
            2,
            3,
        )


def test_a_bridge_between_two_hidden_cycles_is_closed():
    # Rows 0-1 x columns 0-1 and rows 2-3 x columns 2-3 are small, and so is (1, 2): every row
    # and column holds two or more hidden cells, yet adding rows 0 and 1 and subtracting
    # columns 0 and 1 would give (1, 2) back. One more cell must go.
    big = 20
    counts = [
        [5, 6, big, big],
        [6, 5, 5, big],
        [big, big, 6, 5],
        [big, big, 5, 6],
    ]
    t = table(counts, protect=True, k=K, column_totals=True)
    assert str(t.rows[1][2]) == "< 10"
    assert str(t.rows[0][2]) == "×"
    assert determined(counts, t) == []


def test_the_same_input_gives_the_same_output():
    counts = [[3, 12, 40, 7], [11, 2, 30, 19], [25, 16, 4, 13]]
    first = shown(table(counts, protect=True, k=K, column_totals=True))
    assert shown(table(counts, protect=True, k=K, column_totals=True)) == first


# --- The rule holds on random tables --------------------------------------------------------


def augmented(counts, t):
    """Values and hidden flags of the table with its margins, keyed by (row, column)."""
    n_rows, n_cols = len(counts), len(counts[0])
    values, hidden = {}, {}
    for r in range(n_rows):
        for c in range(n_cols):
            values[r, c], hidden[r, c] = counts[r][c], t.rows[r][c].hidden
        if t.row_totals is not None:
            values[r, n_cols], hidden[r, n_cols] = sum(counts[r]), t.row_totals[r].hidden
    if t.column_totals is not None:
        for c in range(n_cols):
            values[n_rows, c] = sum(row[c] for row in counts)
            hidden[n_rows, c] = t.column_totals[c].hidden
    if t.total is not None:
        values[n_rows, n_cols], hidden[n_rows, n_cols] = sum(map(sum, counts)), t.total.hidden
    return values, hidden, n_rows, n_cols


def equations(values, n_rows, n_cols):
    """Each row or column with a total: its cells minus the total make zero."""
    found = []
    for r in range(n_rows + 1):
        if (r, n_cols) in values:
            found.append(
                {**{(r, c): 1 for c in range(n_cols) if (r, c) in values}, (r, n_cols): -1}
            )
    for c in range(n_cols + 1):
        if (n_rows, c) in values:
            found.append(
                {**{(r, c): 1 for r in range(n_rows) if (r, c) in values}, (n_rows, c): -1}
            )
    return [e for e in found if len(e) > 1]


def rank(matrix):
    rows = [list(map(Fraction, row)) for row in matrix]
    result, column = 0, 0
    width = len(rows[0]) if rows else 0
    while result < len(rows) and column < width:
        pivot = next((i for i in range(result, len(rows)) if rows[i][column]), None)
        if pivot is None:
            column += 1
            continue
        rows[result], rows[pivot] = rows[pivot], rows[result]
        for i in range(len(rows)):
            if i != result and rows[i][column]:
                factor = rows[i][column] / rows[result][column]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[result], strict=True)]
        result += 1
        column += 1
    return result


def determined(counts, t):
    """Hidden cells that shown figures fix exactly (linear algebra over the margins)."""
    values, hidden, n_rows, n_cols = augmented(counts, t)
    unknowns = sorted(p for p, h in hidden.items() if h)
    if not unknowns:
        return []
    matrix = [[e.get(p, 0) for p in unknowns] for e in equations(values, n_rows, n_cols)]
    base = rank(matrix) if matrix else 0
    found = []
    for i, p in enumerate(unknowns):
        unit = [1 if j == i else 0 for j in range(len(unknowns))]
        if rank([*matrix, unit]) == base:
            found.append(p)
    return found


small_counts = st.one_of(st.integers(0, 12), st.integers(0, 60))


@settings(max_examples=300, deadline=None)
@given(
    counts=st.integers(1, 5).flatmap(
        lambda width: st.lists(
            st.lists(small_counts, min_size=width, max_size=width), min_size=1, max_size=5
        )
    ),
    row_totals=st.booleans(),
    column_totals=st.booleans(),
)
def test_property_nothing_small_can_be_read_or_recomputed(counts, row_totals, column_totals):
    t = table(counts, protect=True, k=K, row_totals=row_totals, column_totals=column_totals)
    values, hidden, n_rows, n_cols = augmented(counts, t)
    # 1. Every shown count is at least k.
    assert all(values[p] >= K for p, h in hidden.items() if not h)
    # 2. No row or column (margins included) holds exactly one hidden cell.
    lines = [[p for p in values if p[0] == r] for r in range(n_rows + 1)]
    lines += [[p for p in values if p[1] == c] for c in range(n_cols + 1)]
    for line in lines:
        if len(line) > 1:
            assert sum(hidden[p] for p in line) != 1, (counts, line)
    # 3. Where a total is shown, the hidden cells beside it add up to at least k.
    for equation in equations(values, n_rows, n_cols):
        total = next(p for p, sign in equation.items() if sign == -1)
        secret = [p for p, sign in equation.items() if sign == 1 and hidden[p]]
        if secret and not hidden[total]:
            assert sum(values[p] for p in secret) >= K
    # 4. No hidden cell can be recomputed from the shown ones.
    assert determined(counts, t) == [], counts


# --- Linked totals (one population, several totals side by side) ----------------------------


def test_linked_totals_never_differ_by_a_small_count():
    # Closed 21, measured at the baseline 21 (six domains), at the end 20, paired 20: beside
    # each other 21 and 20 give away the one client without a final measurement.
    values = [21, *[21] * 6, *[20] * 6, *[20] * 6]
    cells = disclosure.linked(values, protect=True, k=K)
    shown_values = {c.value for c in cells if not c.hidden}
    assert shown_values == {20}  # the most totals kept: 12 of 20 against 7 of 21
    assert [str(c) for c in cells[:7]] == ["×"] * 7


def test_linked_totals_far_enough_apart_or_equal_are_all_shown():
    assert [str(c) for c in disclosure.linked([40, 40, 30, 20], protect=True, k=K)] == [
        "40",
        "40",
        "30",
        "20",
    ]
    assert [str(c) for c in disclosure.linked([12, 5, 12], protect=True, k=K)] == [
        "12",
        "< 10",
        "12",
    ]
    assert [c.value for c in disclosure.linked([21, 20], protect=False, k=K)] == [21, 20]


def test_linked_totals_keep_the_middle_out_when_that_shows_most():
    # 30 - 25 and 25 - 20 are small, 30 - 20 is not: hiding 25 alone is enough.
    assert [str(c) for c in disclosure.linked([30, 25, 20], protect=True, k=K)] == [
        "30",
        "×",
        "20",
    ]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12))
def test_linked_totals_property(values):
    cells = disclosure.linked(values, protect=True, k=K)
    shown_values = [c.value for c in cells if not c.hidden]
    assert all(v >= K for v in shown_values)
    assert all(a == b or abs(a - b) >= K for a in shown_values for b in shown_values)
    # Whatever is shown is the exact value.
    assert all(c.value == v for c, v in zip(cells, values, strict=True) if not c.hidden)


def test_a_table_hides_a_margin_it_is_told_to_and_a_cell_beside_it():
    # The total hidden alone would come back as the sum of the cells.
    t = table([[12, 15, 20]], protect=True, k=K, hidden=[(0, 3)])
    assert str(t.row_totals[0]) == "×"
    assert [str(c) for c in t.rows[0]] == ["×", "15", "20"]


def test_the_shown_cells_of_a_hidden_total_leave_it_open_by_at_least_k():
    # [0, 11, 10, 0, 0] of 21: with the total hidden (beside a shown 20), 11 + 10 shown would
    # tell that it is at least 21. The 10 is hidden too: the hidden cells add up to 10.
    t = table([[0, 11, 10, 0, 0]], protect=True, k=K, hidden=[(0, 5)])
    assert [str(c) for c in t.row_with_total(0)] == ["< 10", "11", "×", "< 10", "< 10", "×"]
