"""Price resolution: the one place that decides what a contract line costs.

The contract page, the on-screen quote, the PDF and ``manage.py quote`` all read their
amounts from here (STYLE.md: one function, many renderers). Everything works on plain values,
so a quote can be computed without saving anything.

The rule (prijsoverzicht 2019): a municipality without the foundation's basic services (no
information-and-advice point and/or no settlement coaching) pays the guide price plus the price
list's surcharge percentage; an agreed price replaces guide price and surcharge; a tariff "on
request" has no price until one is agreed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from wegwijs.contracts.constants import PriceBasis
from wegwijs.core.money import to_cents

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ResolvedPrice:
    """The price of one unit: ``unit_price == guide_price + surcharge`` for guide-based lines."""

    unit_price: Decimal | None
    guide_price: Decimal | None
    surcharge: Decimal
    basis: PriceBasis

    @property
    def is_priced(self) -> bool:
        return self.unit_price is not None


def surcharge_percentage_for(*, municipality, price_list) -> Decimal:
    """The surcharge (in %) a municipality pays on guide prices of ``price_list``; 0 when the
    municipality has both basic services."""
    if municipality.has_basic_services:
        return ZERO
    return price_list.surcharge_percentage


def resolve_price(
    *,
    guide_price: Decimal | None,
    on_request: bool,
    agreed_price: Decimal | None,
    surcharge_percentage: Decimal,
) -> ResolvedPrice:
    """Resolve the price of one unit.

    The surcharge per unit is ``guide × percentage / 100`` rounded half up to whole cents, so
    that a line total (unit price × quantity) is exact to the cent and splits exactly into
    guide part and surcharge part.
    """
    if agreed_price is not None:
        return ResolvedPrice(to_cents(agreed_price), None, ZERO, PriceBasis.AGREED)
    if on_request or guide_price is None:
        return ResolvedPrice(None, None, ZERO, PriceBasis.ON_REQUEST)
    guide = to_cents(guide_price)
    if not surcharge_percentage:
        return ResolvedPrice(guide, guide, ZERO, PriceBasis.GUIDE)
    surcharge = to_cents(guide * Decimal(surcharge_percentage) / 100)
    return ResolvedPrice(guide + surcharge, guide, surcharge, PriceBasis.GUIDE_SURCHARGE)


@dataclass(frozen=True)
class QuoteLine:
    """One line of a quote, ready for any renderer."""

    product_code: str
    product_name: str
    tariff_code: str
    tariff_name: str
    unit: str
    quantity: int
    price: ResolvedPrice
    line: object = None  # the ContractLine it came from, when there is one

    @property
    def total(self) -> Decimal | None:
        if self.price.unit_price is None:
            return None
        return self.price.unit_price * self.quantity

    @property
    def guide_total(self) -> Decimal:
        return (self.price.guide_price or ZERO) * self.quantity

    @property
    def surcharge_total(self) -> Decimal:
        return self.price.surcharge * self.quantity

    @property
    def agreed_total(self) -> Decimal:
        if self.price.basis == PriceBasis.AGREED:
            return self.price.unit_price * self.quantity
        return ZERO


@dataclass(frozen=True)
class Quote:
    """Lines with their totals. ``total == guide_subtotal + surcharge_total + agreed_total``."""

    surcharge_percentage: Decimal
    lines: list[QuoteLine] = field(default_factory=list)

    @property
    def surcharge_applies(self) -> bool:
        return bool(self.surcharge_percentage)

    @property
    def guide_subtotal(self) -> Decimal:
        return sum((line.guide_total for line in self.lines), ZERO)

    @property
    def surcharge_total(self) -> Decimal:
        return sum((line.surcharge_total for line in self.lines), ZERO)

    @property
    def agreed_total(self) -> Decimal:
        return sum((line.agreed_total for line in self.lines), ZERO)

    @property
    def total(self) -> Decimal:
        """The sum of all priced lines (lines on request without a price count for nothing)."""
        return sum((line.total for line in self.lines if line.total is not None), ZERO)

    @property
    def unpriced_lines(self) -> list[QuoteLine]:
        return [line for line in self.lines if not line.price.is_priced]

    @property
    def is_complete(self) -> bool:
        return not self.unpriced_lines


def quote_line_for(
    *, tariff, quantity: int, agreed_price, surcharge_percentage, guide_price=None, line=None
):
    """A quote line for ``quantity`` units of ``tariff``; ``guide_price`` overrides the
    tariff's current price (a signed contract passes the price it froze)."""
    price = resolve_price(
        guide_price=tariff.price if guide_price is None else guide_price,
        on_request=tariff.on_request,
        agreed_price=agreed_price,
        surcharge_percentage=surcharge_percentage,
    )
    return QuoteLine(
        product_code=tariff.product.code,
        product_name=tariff.product.name,
        tariff_code=tariff.code,
        tariff_name=tariff.name,
        unit=tariff.unit_wording or tariff.unit.name,
        quantity=quantity,
        price=price,
        line=line,
    )


def build_quote(*, surcharge_percentage: Decimal, lines: Iterable[QuoteLine]) -> Quote:
    return Quote(surcharge_percentage=surcharge_percentage, lines=list(lines))
