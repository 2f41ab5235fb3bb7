import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wegwijs.core.periods import add_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2019-03-15", 2, "2019-05-15"),
        ("2019-03-15", 18, "2020-09-15"),
        ("2019-01-31", 1, "2019-02-28"),
        ("2020-01-31", 1, "2020-02-29"),
        ("2019-03-15", Decimal("1.5"), "2019-04-30"),
        ("2019-03-15", -1, "2019-02-15"),
        ("2019-12-10", 1, "2020-01-10"),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(datetime.date.fromisoformat(start), months) == datetime.date.fromisoformat(
        expected
    )


@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 1, 1)),
    st.integers(min_value=0, max_value=120),
)
def test_whole_months_keep_the_day_or_clamp_it(day, months):
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or result.day < day.day
