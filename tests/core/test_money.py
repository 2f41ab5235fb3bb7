from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wegwijs.core.money import format_euro, round_to_rule, to_cents


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("31842"), "€ 31.842,00"),
        (Decimal("0.5"), "€ 0,50"),
        (Decimal("1234567.891"), "€ 1.234.567,89"),
        (Decimal("-10.005"), "€ -10,01"),
        (Decimal("999"), "€ 999,00"),
    ],
)
def test_format_euro_is_dutch(amount, text):
    assert format_euro(amount) == text


@pytest.mark.parametrize(
    ("amount", "rule", "expected"),
    [
        (Decimal("2295.87"), "euro", Decimal("2296.00")),
        (Decimal("2295.50"), "euro", Decimal("2296.00")),
        (Decimal("2295.49"), "euro", Decimal("2295.00")),
        (Decimal("2295.875"), "cent", Decimal("2295.88")),
        (Decimal("2297.40"), "5euro", Decimal("2295.00")),
        (Decimal("2297.50"), "5euro", Decimal("2300.00")),
    ],
)
def test_rounding_rules(amount, rule, expected):
    assert round_to_rule(amount, rule) == expected


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False))
def test_formatting_round_trips(amount):
    text = format_euro(amount, symbol=False)
    assert Decimal(text.replace(".", "").replace(",", ".")) == to_cents(amount)
