"""Quote arithmetic: guide price, surcharge, agreed price, totals exact to the cent."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from wegwijs.contracts.constants import PriceBasis
from wegwijs.contracts.pricing import QuoteLine, build_quote, resolve_price
from wegwijs.core.money import to_cents

PRICES = st.decimals(min_value=Decimal("0"), max_value=Decimal("50000"), places=2)
PERCENTAGES = st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2)
QUANTITIES = st.integers(min_value=1, max_value=1000)


def line(price, quantity):
    return QuoteLine("P", "Product", "t", "Tariff", "per unit", quantity, price)


def test_surcharge_is_added_to_the_guide_price():
    price = resolve_price(
        guide_price=Decimal("2229"),
        on_request=False,
        agreed_price=None,
        surcharge_percentage=Decimal("20"),
    )
    assert price.guide_price == Decimal("2229.00")
    assert price.surcharge == Decimal("445.80")
    assert price.unit_price == Decimal("2674.80")
    assert price.basis == PriceBasis.GUIDE_SURCHARGE


def test_no_surcharge_with_basic_services():
    price = resolve_price(
        guide_price=Decimal("849"),
        on_request=False,
        agreed_price=None,
        surcharge_percentage=Decimal("0"),
    )
    assert (price.unit_price, price.surcharge, price.basis) == (
        Decimal("849.00"),
        Decimal("0.00"),
        PriceBasis.GUIDE,
    )


def test_agreed_price_overrides_guide_price_and_surcharge():
    price = resolve_price(
        guide_price=Decimal("849"),
        on_request=False,
        agreed_price=Decimal("700"),
        surcharge_percentage=Decimal("20"),
    )
    assert (price.unit_price, price.guide_price, price.surcharge, price.basis) == (
        Decimal("700.00"),
        None,
        Decimal("0.00"),
        PriceBasis.AGREED,
    )


def test_on_request_without_agreed_price_has_no_price():
    price = resolve_price(
        guide_price=None, on_request=True, agreed_price=None, surcharge_percentage=Decimal("20")
    )
    assert price.unit_price is None
    assert price.basis == PriceBasis.ON_REQUEST
    quote = build_quote(surcharge_percentage=Decimal("20"), lines=[line(price, 3)])
    assert not quote.is_complete
    assert quote.total == Decimal("0.00")


def test_surcharge_per_unit_rounds_half_up_to_cents():
    # 20 % of 0.125 would be 0.025 -> 0.03; a guide price is in cents, so check 12.5 % of 0.20.
    price = resolve_price(
        guide_price=Decimal("0.20"),
        on_request=False,
        agreed_price=None,
        surcharge_percentage=Decimal("12.5"),
    )
    assert price.surcharge == Decimal("0.03")


def test_done_when_case():
    percentage = Decimal("20.00")
    lines = [
        line(
            resolve_price(
                guide_price=Decimal("2229"),
                on_request=False,
                agreed_price=None,
                surcharge_percentage=percentage,
            ),
            10,
        ),
        line(
            resolve_price(
                guide_price=Decimal("849"),
                on_request=False,
                agreed_price=None,
                surcharge_percentage=percentage,
            ),
            5,
        ),
    ]
    quote = build_quote(surcharge_percentage=percentage, lines=lines)
    assert quote.guide_subtotal == Decimal("26535.00")
    assert quote.surcharge_total == Decimal("5307.00")
    assert quote.total == Decimal("31842.00")


@given(
    items=st.lists(st.tuples(PRICES, QUANTITIES, st.none() | PRICES), min_size=1, max_size=8),
    percentage=PERCENTAGES,
)
def test_totals_add_up_to_the_cent(items, percentage):
    lines = []
    expected = Decimal("0")
    for guide, quantity, agreed in items:
        price = resolve_price(
            guide_price=guide,
            on_request=False,
            agreed_price=agreed,
            surcharge_percentage=percentage,
        )
        lines.append(line(price, quantity))
        unit = agreed if agreed is not None else guide + to_cents(guide * percentage / 100)
        expected += to_cents(unit) * quantity
    quote = build_quote(surcharge_percentage=percentage, lines=lines)

    assert quote.total == expected
    assert quote.total == sum(item.total for item in quote.lines)
    assert quote.total == quote.guide_subtotal + quote.surcharge_total + quote.agreed_total
    assert quote.total == to_cents(quote.total)
    for item in quote.lines:
        assert item.total == item.price.unit_price * item.quantity
        if item.price.basis != PriceBasis.AGREED:
            assert item.price.unit_price == item.price.guide_price + item.price.surcharge
            assert item.price.surcharge == to_cents(item.price.guide_price * percentage / 100)
            assert item.price.surcharge >= 0
