"""Money: Decimal euros with cents, Dutch formatting, the rounding rules of price lists."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

# Rounding rules of price lists (catalog.constants.Rounding values) -> quantum.
ROUNDING_QUANTA = {"cent": Decimal("0.01"), "euro": Decimal("1"), "5euro": Decimal("5")}


def to_cents(amount: Decimal) -> Decimal:
    """Round half up to whole cents, the way invoices and quotes show amounts."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def round_to_rule(amount: Decimal, rule: str) -> Decimal:
    """Round half up to the rule's quantum ("cent", "euro", "5euro"), kept with two decimals."""
    quantum = ROUNDING_QUANTA[rule]
    rounded = (Decimal(amount) / quantum).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * quantum
    return to_cents(rounded)


def format_euro(amount: Decimal | None, *, symbol: bool = True) -> str:
    """``Decimal("31842")`` -> ``"€ 31.842,00"``: dot for thousands, comma for cents."""
    if amount is None:
        return ""
    value = to_cents(amount)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = f"{sign}{'.'.join(groups)},{cents}"
    return f"€ {text}" if symbol else text
