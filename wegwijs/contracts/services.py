"""Writes to contracts: one path for each change (STYLE.md "services").

Every function validates before it writes, runs in one transaction and ends with an audit
entry; a refused change raises ``DomainError`` with the message the user sees and leaves the
database as it was. The rules they keep:

* lines change only while a contract is a draft (concept);
* a contract is signed only with at least one line and a price for every line (a tariff on
  request needs an agreed price); signing freezes the prices and locks the price list;
* the status moves concept → offered → signed → closed, recording who and when; an offer
  that is not signed yet can be taken back to concept;
* the limits of the cards (docs/contracts.md): a line priced per participant must fit the
  product's group size, and the weekly hours of a product with hour limits (I&A: 6 to 40 a
  week per basic opening, 1 to 5 as a dependance) are counted over the municipality's
  contracts of the year;
* a contract is offered or signed only once its surcharge is known: an open question about the
  municipality's basic services must be answered first, or the surcharge waived with a reason.
"""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.accounts.constants import Role
from wegwijs.catalog.constants import UnitKind
from wegwijs.catalog.models import PriceList, Product, Tariff
from wegwijs.catalog.services import lock_price_list
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import COMMITTED_STATUSES, Contract, ContractLine
from wegwijs.contracts.pricing import SurchargeDecision
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.organisation.models import Municipality

MAX_QUANTITY = 1_000_000
MAX_PRICE = Decimal("99999999.99")


def municipalities_for_contracts(user):
    """Municipalities ``user`` may make contracts for: every current one for finance, those
    of their teams for a coördinator, none for anyone else."""
    current = Municipality.objects.current()
    if not user.can("contracts.manage"):
        return current.none()
    if user.role == Role.COORDINATOR:
        return current.covered_by_teams_of(user)
    return current


def _check_quantity(quantity) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise DomainError(_("The quantity must be a whole number."), code="quantity")
    if quantity < 1:
        raise DomainError(_("The quantity must be at least 1."), code="quantity")
    if quantity > MAX_QUANTITY:
        raise DomainError(
            _("The quantity may be at most %(max)s.") % {"max": MAX_QUANTITY}, code="quantity"
        )
    return quantity


def _check_agreed_price(agreed_price) -> Decimal | None:
    if agreed_price is None:
        return None
    try:
        price = Decimal(agreed_price)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("The agreed price is not an amount."), code="agreed_price") from None
    if not price.is_finite() or price < 0 or price > MAX_PRICE:
        raise DomainError(
            _("The agreed price must be an amount of at least € 0,00."), code="agreed_price"
        )
    if price != price.quantize(Decimal("0.01")):
        raise DomainError(
            _("The agreed price has at most two decimals (cents)."), code="agreed_price"
        )
    return price


def _ensure_editable(contract: Contract) -> None:
    if not contract.is_editable:
        raise DomainError(
            _("Only a draft contract can change; this one is %(status)s.")
            % {"status": contract.get_status_display()},
            code="not_editable",
        )


def _locked(contract: Contract) -> Contract:
    """Re-read ``contract`` with a row lock, so two requests cannot move it at once."""
    return (
        Contract.objects.select_for_update()
        .select_related("municipality", "price_list")
        .get(pk=contract.pk)
    )


def _check_tariff(contract: Contract, tariff: Tariff) -> None:
    if tariff.price_list_id != contract.price_list_id:
        raise DomainError(
            _("This tariff is not from the price list of %(year)s.") % {"year": contract.year},
            code="tariff_year",
        )


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _check_group_size(tariff: Tariff, quantity: int) -> None:
    """A line priced per participant must be deliverable in groups of the card's size."""
    product = tariff.product
    if tariff.unit.counts != UnitKind.PERSON_MODULE or product.groups_can_hold(quantity):
        return
    values = {
        "product": product.name,
        "quantity": quantity,
        "min": product.group_size_min,
        "max": product.group_size_max,
    }
    if product.group_size_max is None:
        message = _(
            "%(product)s runs in groups of at least %(min)s participants; %(quantity)s are too "
            "few for one group."
        )
    else:
        message = _(
            "%(product)s runs in groups of %(min)s to %(max)s participants; %(quantity)s "
            "participants cannot be split into such groups."
        )
    raise DomainError(message % values, code="group_size")


def _check_weekly_hours(product: Product, items, *, year: int) -> None:
    """``items`` are (tariff, quantity) of every line of ``product`` in the municipality's
    contracts of ``year``. With basic openings (tariffs that provide a basic service) the
    hours a week must lie within the card's limits per opening, without them within the
    dependance limits."""
    items = [(tariff, quantity) for tariff, quantity in items if tariff.weekly_hours is not None]
    if not items:
        return
    hours = sum((tariff.weekly_hours * quantity for tariff, quantity in items), Decimal(0))
    openings = sum(quantity for tariff, quantity in items if tariff.provides_basic_service)
    if openings:
        low, high = product.weekly_hours_min, product.weekly_hours_max
        low = None if low is None else low * openings
        high = None if high is None else high * openings
        message = _(
            "%(product)s: %(hours)s hours a week with %(openings)s basic opening(s) in the "
            "contracts of %(year)s; the card allows %(min)s to %(max)s hours a week per basic "
            "opening."
        )
        card = (product.weekly_hours_min, product.weekly_hours_max)
    else:
        low, high = product.dependance_weekly_hours_min, product.dependance_weekly_hours_max
        message = _(
            "%(product)s without a basic opening is a dependance of %(min)s to %(max)s hours a "
            "week; the contracts of %(year)s would have %(hours)s hours a week."
        )
        card = (low, high)
    if (low is None or hours >= low) and (high is None or hours <= high):
        return
    raise DomainError(
        message
        % {
            "product": product.name,
            "hours": _number(hours),
            "openings": openings,
            "year": year,
            "min": _number(card[0]) if card[0] is not None else "—",
            "max": _number(card[1]) if card[1] is not None else "—",
        },
        code="weekly_hours",
    )


def _year_lines(contract: Contract, product_ids):
    """The lines of these products in ``contract`` and in the offered, signed or closed
    contracts of its municipality and year (another draft may never be offered)."""
    return ContractLine.objects.filter(
        Q(contract_id=contract.pk) | Q(contract__status__in=COMMITTED_STATUSES),
        contract__municipality_id=contract.municipality_id,
        contract__year=contract.year,
        tariff__product_id__in=product_ids,
    ).select_related("tariff")


def _check_card_limits(
    contract: Contract, tariff: Tariff, quantity: int, *, line: ContractLine | None = None
) -> None:
    """The card's limits for ``quantity`` units of ``tariff`` on ``contract`` (replacing
    ``line`` when it changes)."""
    _check_group_size(tariff, quantity)
    if tariff.weekly_hours is None:
        return
    others = _year_lines(contract, [tariff.product_id])
    if line is not None:
        others = others.exclude(pk=line.pk)
    items = [(other.tariff, other.quantity) for other in others] + [(tariff, quantity)]
    _check_weekly_hours(tariff.product, items, year=contract.year)


def _check_card_limits_of(contract: Contract) -> None:
    """Every card limit for the lines of ``contract`` as they stand (before offer and sign)."""
    lines = list(contract.lines.select_related("tariff__product", "tariff__unit"))
    for line in lines:
        _check_group_size(line.tariff, line.quantity)
    counted = {
        line.tariff.product_id: line.tariff.product
        for line in lines
        if line.tariff.weekly_hours is not None
    }
    if not counted:
        return
    items = defaultdict(list)  # one query for every product with hours, not one each
    for other in _year_lines(contract, list(counted)):
        items[other.tariff.product_id].append((other.tariff, other.quantity))
    for product_id, product in counted.items():
        _check_weekly_hours(product, items[product_id], year=contract.year)


def _ensure_surcharge_known(contract: Contract) -> SurchargeDecision:
    """The contract's surcharge decision; refused while it is still open."""
    decision = contract.surcharge_decision()
    if decision.is_open:
        raise DomainError(
            _(
                "The surcharge is not known yet. Answer first (in the municipality's settings), "
                "or waive the surcharge with a reason: %(questions)s"
            )
            % {"questions": " ".join(decision.questions())},
            code="surcharge_unknown",
        )
    return decision


@transaction.atomic
def create_contract(*, municipality: Municipality, year: int, actor, notes: str = "") -> Contract:
    """Start a draft contract for ``municipality`` in ``year``, priced from that year's list."""
    if not municipalities_for_contracts(actor).filter(pk=municipality.pk).exists():
        raise DomainError(
            _("You cannot make contracts for %(municipality)s.") % {"municipality": municipality},
            code="municipality",
        )
    price_list = PriceList.objects.filter(year=year).first()
    if price_list is None:
        raise DomainError(_("There is no price list for %(year)s.") % {"year": year}, code="year")
    # Lock the municipality row so two contracts started at once get different numbers.
    Municipality.objects.select_for_update().get(pk=municipality.pk)
    last = Contract.objects.filter(municipality=municipality, year=year).aggregate(
        last=Max("sequence")
    )["last"]
    contract = Contract.objects.create(
        municipality=municipality,
        year=year,
        sequence=(last or 0) + 1,
        price_list=price_list,
        notes=notes,
        created_by=actor,
    )
    audit.record(action=AuditAction.CREATE, actor=actor, obj=contract)
    return contract


@transaction.atomic
def add_line(
    *, contract: Contract, tariff: Tariff, quantity: int, agreed_price=None, actor
) -> ContractLine:
    """Add ``quantity`` units of ``tariff`` to a draft contract."""
    contract = _locked(contract)
    _ensure_editable(contract)
    _check_tariff(contract, tariff)
    quantity = _check_quantity(quantity)
    agreed_price = _check_agreed_price(agreed_price)
    _check_card_limits(contract, tariff, quantity)
    line = ContractLine.objects.create(
        contract=contract, tariff=tariff, quantity=quantity, agreed_price=agreed_price
    )
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=contract,
        event="line_added",
        fields=["lines"],
    )
    return line


@transaction.atomic
def update_line(*, line: ContractLine, quantity: int, agreed_price=None, actor) -> ContractLine:
    """Change the quantity and agreed price of a line of a draft contract."""
    contract = _locked(line.contract)
    _ensure_editable(contract)
    quantity = _check_quantity(quantity)
    agreed_price = _check_agreed_price(agreed_price)
    _check_card_limits(contract, line.tariff, quantity, line=line)
    line.quantity = quantity
    line.agreed_price = agreed_price
    line.save(update_fields=["quantity", "agreed_price"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=contract,
        event="line_changed",
        fields=["quantity", "agreed_price"],
    )
    return line


@transaction.atomic
def remove_line(*, line: ContractLine, actor) -> None:
    """Remove a line from a draft contract."""
    contract = _locked(line.contract)
    _ensure_editable(contract)
    line.delete()
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=contract,
        event="line_removed",
        fields=["lines"],
    )


def _ensure_status(contract: Contract, expected: ContractStatus, message: str) -> None:
    if contract.status != expected:
        raise DomainError(message, code="status")


def _ensure_complete(contract: Contract) -> None:
    quote = contract.quote()
    if not quote.lines:
        raise DomainError(_("A contract without lines cannot be offered or signed."), code="empty")
    if quote.unpriced_lines:
        names = ", ".join(
            f"{line.product_name} ({line.tariff_name})" for line in quote.unpriced_lines
        )
        raise DomainError(
            _("Give an agreed price for every tariff on request before signing: %(lines)s.")
            % {"lines": names},
            code="on_request_without_price",
        )


@transaction.atomic
def offer_contract(*, contract: Contract, actor) -> Contract:
    """Offer a draft with at least one line to the municipality."""
    locked = _locked(contract)
    _ensure_status(locked, ContractStatus.CONCEPT, _("Only a draft contract can be offered."))
    if not locked.lines.exists():
        raise DomainError(_("A contract without lines cannot be offered or signed."), code="empty")
    _check_card_limits_of(locked)
    _ensure_surcharge_known(locked)
    locked.status = ContractStatus.OFFERED
    locked.offered_by = actor
    locked.offered_at = timezone.now()
    locked.save(update_fields=["status", "offered_by", "offered_at"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        event="offered",
        fields=["status", "offered_by", "offered_at"],
    )
    _refresh(contract, locked)
    return contract


@transaction.atomic
def withdraw_offer(*, contract: Contract, actor) -> Contract:
    """Take an offered, unsigned contract back to draft, so that its lines can change again.

    The offer's who/when is cleared; the audit log keeps that it was offered and withdrawn.
    """
    locked = _locked(contract)
    _ensure_status(
        locked, ContractStatus.OFFERED, _("Only an offered contract can be taken back to draft.")
    )
    locked.status = ContractStatus.CONCEPT
    locked.offered_by = None
    locked.offered_at = None
    locked.save(update_fields=["status", "offered_by", "offered_at"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        event="offer_withdrawn",
        fields=["status", "offered_by", "offered_at"],
    )
    _refresh(contract, locked)
    return contract


@transaction.atomic
def sign_contract(*, contract: Contract, actor) -> Contract:
    """Record that the municipality signed the offered contract.

    Refused when a line has no price (a tariff on request without an agreed price). Freezes
    the prices (each line keeps its guide price, the contract its surcharge percentage) and
    locks the price list, so later changes to the catalogue or to the municipality's basic
    services do not change a signed contract.
    """
    locked = _locked(contract)
    _ensure_status(locked, ContractStatus.OFFERED, _("Only an offered contract can be signed."))
    _ensure_complete(locked)
    _check_card_limits_of(locked)
    decision = _ensure_surcharge_known(locked)
    lines = list(locked.lines.select_related("tariff"))
    for line in lines:
        line.guide_price = line.tariff.price
    ContractLine.objects.bulk_update(lines, ["guide_price"])
    locked.surcharge_percentage = decision.percentage
    locked.surcharge_grounds = list(decision.lacking)
    locked.status = ContractStatus.SIGNED
    locked.signed_by = actor
    locked.signed_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "signed_by",
            "signed_at",
            "surcharge_percentage",
            "surcharge_grounds",
        ]
    )
    lock_price_list(price_list=locked.price_list, actor=actor)
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        event="signed",
        fields=["status", "signed_by", "signed_at", "surcharge_percentage", "surcharge_grounds"],
    )
    _refresh(contract, locked)
    return contract


@transaction.atomic
def close_contract(*, contract: Contract, actor) -> Contract:
    """Close a signed contract once its work is done; nothing changes after this."""
    locked = _locked(contract)
    _ensure_status(locked, ContractStatus.SIGNED, _("Only a signed contract can be closed."))
    locked.status = ContractStatus.CLOSED
    locked.closed_by = actor
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_by", "closed_at"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        event="closed",
        fields=["status", "closed_by", "closed_at"],
    )
    _refresh(contract, locked)
    return contract


MAX_REASON = 500


@transaction.atomic
def waive_surcharge(*, contract: Contract, reason: str, actor) -> Contract:
    """Waive the surcharge on a draft contract, for ``reason`` (printed on the quote); an
    empty ``reason`` takes the waiver back."""
    locked = _locked(contract)
    _ensure_editable(locked)
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise DomainError(
            _("The reason may be at most %(max)s characters.") % {"max": MAX_REASON},
            code="reason",
        )
    locked.surcharge_waiver_reason = reason
    locked.save(update_fields=["surcharge_waiver_reason"])
    audit.record(
        action=AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        event="surcharge_waived" if reason else "surcharge_waiver_withdrawn",
        fields=["surcharge_waiver_reason"],
    )
    contract.surcharge_waiver_reason = reason
    return contract


def _refresh(contract: Contract, locked: Contract) -> None:
    """Copy the saved state back onto the caller's instance."""
    for name in (
        "status",
        "surcharge_percentage",
        "surcharge_grounds",
        "offered_by",
        "offered_at",
        "signed_by",
        "signed_at",
        "closed_by",
        "closed_at",
    ):
        setattr(contract, name, getattr(locked, name))
