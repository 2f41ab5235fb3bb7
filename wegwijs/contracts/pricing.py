"""Price resolution: the one place that decides what a contract line costs.

The contract page, the on-screen quote, the PDF and ``manage.py quote`` all read their
amounts from here (STYLE.md: one function, many renderers). Everything works on plain values,
so a quote can be computed without saving anything.

The rule (prijsoverzicht 2019): a municipality without the foundation's basic services (no
information-and-advice point and/or no settlement coaching) pays the guide price plus the price
list's surcharge percentage (``decide_surcharge``: the municipality's yes/no wins, an unknown is
answered by the year's contracts, what stays unknown is a question on the quote; a contract may
waive the surcharge with a reason); an agreed price replaces guide price and surcharge; a tariff "on
request" has no price until one is agreed.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from wegwijs.catalog.constants import BasicService
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


@dataclass(frozen=True)
class SurchargeDecision:
    """Whether guide prices carry the surcharge, and why.

    ``lacking`` are the basic services the municipality does not have (the grounds printed
    with the surcharge); ``unknown`` are those nobody has answered yet: while one is open and
    none is lacking, no surcharge is added but the quote asks the question and the contract
    cannot be offered or signed. A waiver (with its reason) makes the surcharge 0.
    """

    percentage: Decimal
    lacking: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    waiver_reason: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.unknown)

    def questions(self) -> list[str]:
        """The questions to answer before the surcharge is known, in the user's language."""
        return [str(QUESTIONS[service]) for service in self.unknown]

    def reason(self, municipality_name: str) -> str:
        """Why the surcharge applies, for the quote ("" when none applies)."""
        if not self.percentage or not self.lacking:
            return ""
        return "; ".join(
            str(LACKING[service]) % {"municipality": municipality_name} for service in self.lacking
        )


QUESTIONS = {
    BasicService.INFORMATION_POINT: _(
        "Does the municipality have an information-and-advice point?"
    ),
    BasicService.SETTLEMENT_COACHING: _("Does the municipality have settlement coaching?"),
}
LACKING = {
    BasicService.INFORMATION_POINT: _("%(municipality)s has no information-and-advice point"),
    BasicService.SETTLEMENT_COACHING: _("%(municipality)s has no settlement coaching"),
}


def decide_surcharge(
    *,
    information_point: bool | None,
    settlement_coaching: bool | None,
    provided: Iterable[str],
    percentage: Decimal,
    waiver_reason: str = "",
) -> SurchargeDecision:
    """Decide the surcharge of a municipality in one year.

    A flag set to yes or no (the municipality's own setting) wins; an unknown flag is answered
    by the year's contracts (``provided``: the basic services their tariffs provide); what
    neither answers stays unknown. Lacking either service means the surcharge ("and/or").
    """
    if waiver_reason.strip():
        return SurchargeDecision(ZERO, waiver_reason=waiver_reason.strip())
    provided = set(provided)
    states = {}
    for service, flag in (
        (BasicService.INFORMATION_POINT, information_point),
        (BasicService.SETTLEMENT_COACHING, settlement_coaching),
    ):
        states[service] = flag if flag is not None else (True if service in provided else None)
    lacking = tuple(str(s) for s, state in states.items() if state is False)
    if lacking:
        return SurchargeDecision(percentage, lacking=lacking)
    unknown = tuple(str(s) for s, state in states.items() if state is None)
    return SurchargeDecision(ZERO, unknown=unknown)


def surcharge_for(*, municipality, price_list, provided=(), waiver_reason="") -> SurchargeDecision:
    """The surcharge decision for ``municipality`` on guide prices of ``price_list``."""
    return decide_surcharge(
        information_point=municipality.has_information_point,
        settlement_coaching=municipality.has_settlement_coaching,
        provided=provided,
        percentage=price_list.surcharge_percentage,
        waiver_reason=waiver_reason,
    )


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
    surcharge: SurchargeDecision | None = None
    municipality_name: str = ""

    @property
    def questions(self) -> list[str]:
        """Questions to answer before the surcharge is known (empty when it is)."""
        return self.surcharge.questions() if self.surcharge else []

    @property
    def surcharge_reason(self) -> str:
        """Why the surcharge applies, e.g. "Arnhem has no information-and-advice point"."""
        return self.surcharge.reason(self.municipality_name) if self.surcharge else ""

    @property
    def waiver_reason(self) -> str:
        return self.surcharge.waiver_reason if self.surcharge else ""

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


def build_quote(
    *,
    surcharge_percentage: Decimal,
    lines: Iterable[QuoteLine],
    surcharge: SurchargeDecision | None = None,
    municipality_name: str = "",
) -> Quote:
    return Quote(
        surcharge_percentage=surcharge_percentage,
        lines=list(lines),
        surcharge=surcharge,
        municipality_name=municipality_name,
    )
