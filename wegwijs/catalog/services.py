"""Writes to the catalogue's price lists: one path for each change (STYLE.md "services").

The rule they keep: a price list that a signed contract uses (``locked_at`` set) never changes
again, neither its own fields nor its tariffs.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.catalog.constants import Rounding
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.money import round_to_rule

# Fields of a tariff a beheerder may change through ``update_tariff``.
TARIFF_FIELDS = frozenset(
    {
        "name",
        "unit",
        "unit_wording",
        "price",
        "on_request",
        "duration_months",
        "weekly_hours",
        "provides_basic_service",
        "order",
    }
)
MAX_INDEXATION = Decimal("100")


def ensure_unlocked(price_list: PriceList) -> None:
    """Raise DomainError when ``price_list`` is locked by a signed contract."""
    if price_list.is_locked:
        raise DomainError(
            _("The price list %(year)s is used by a signed contract and can no longer change.")
            % {"year": price_list.year},
            code="price_list_locked",
        )


def indexed_price(price: Decimal | None, *, percentage: Decimal, rounding: str) -> Decimal | None:
    """``price`` raised by ``percentage`` and rounded by the rule; None stays None."""
    if price is None:
        return None
    return round_to_rule(price * (Decimal("100") + percentage) / Decimal("100"), rounding)


@transaction.atomic
def create_price_list_from(
    *,
    source: PriceList,
    year: int,
    indexation_percentage: Decimal,
    rounding: str = Rounding.WHOLE_EUROS,
    actor=None,
) -> PriceList:
    """Make ``year``'s price list from ``source``: every tariff copied, its price indexed.

    Each price becomes price × (1 + percentage / 100), rounded half up by ``rounding``;
    tariffs on request stay on request. The source list itself is not changed.
    """
    indexation_percentage = Decimal(indexation_percentage)
    if rounding not in Rounding.values:
        raise DomainError(_("Unknown rounding rule."), code="rounding")
    if not -MAX_INDEXATION < indexation_percentage <= MAX_INDEXATION:
        raise DomainError(
            _("The indexation must lie between minus 100 and 100 percent."), code="indexation"
        )
    if year <= source.year:
        raise DomainError(
            _("The new year must come after %(year)s.") % {"year": source.year},
            code="year_order",
        )
    if PriceList.objects.select_for_update().filter(year=year).exists():
        raise DomainError(
            _("There already is a price list for %(year)s.") % {"year": year},
            code="year_exists",
        )
    price_list = PriceList.objects.create(
        year=year,
        surcharge_percentage=source.surcharge_percentage,
        based_on=source,
        indexation_percentage=indexation_percentage,
        rounding=rounding,
    )
    Tariff.objects.bulk_create(
        Tariff(
            price_list=price_list,
            product_id=tariff.product_id,
            code=tariff.code,
            name=tariff.name,
            unit_id=tariff.unit_id,
            unit_wording=tariff.unit_wording,
            price=indexed_price(tariff.price, percentage=indexation_percentage, rounding=rounding),
            on_request=tariff.on_request,
            duration_months=tariff.duration_months,
            weekly_hours=tariff.weekly_hours,
            provides_basic_service=tariff.provides_basic_service,
            order=tariff.order,
        )
        for tariff in source.tariffs.all()
    )
    audit.record(action=AuditAction.CREATE, actor=actor, obj=price_list)
    return price_list


@transaction.atomic
def update_tariff(*, tariff: Tariff, actor=None, **changes) -> Tariff:
    """Change fields of a tariff of an unlocked price list; a locked list refuses."""
    unknown = set(changes) - TARIFF_FIELDS
    if unknown:
        raise TypeError(f"update_tariff() got unknown fields: {', '.join(sorted(unknown))}")
    price_list = PriceList.objects.select_for_update().get(pk=tariff.price_list_id)
    ensure_unlocked(price_list)
    for name, value in changes.items():
        setattr(tariff, name, value)
    if changes.get("on_request") and "price" not in changes:
        tariff.price = None
    tariff.full_clean()
    tariff.save()
    audit.record(action=AuditAction.UPDATE, actor=actor, obj=tariff, fields=changes)
    return tariff


@transaction.atomic
def update_price_list(*, price_list: PriceList, actor=None, **changes) -> PriceList:
    """Change the surcharge or rounding of an unlocked price list."""
    allowed = {"surcharge_percentage", "rounding"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"update_price_list() got unknown fields: {', '.join(sorted(unknown))}")
    locked = PriceList.objects.select_for_update().get(pk=price_list.pk)
    ensure_unlocked(locked)
    for name, value in changes.items():
        setattr(price_list, name, value)
    price_list.full_clean()
    price_list.save(update_fields=list(changes))
    audit.record(action=AuditAction.UPDATE, actor=actor, obj=price_list, fields=changes)
    return price_list


@transaction.atomic
def lock_price_list(*, price_list: PriceList, actor=None) -> PriceList:
    """Lock ``price_list`` for good; called when a contract that uses it is signed.

    Idempotent: a list that is already locked keeps its first ``locked_at``.
    """
    current = PriceList.objects.select_for_update().get(pk=price_list.pk)
    if current.is_locked:
        price_list.locked_at = current.locked_at
        return price_list
    price_list.locked_at = current.locked_at = timezone.now()
    PriceList.objects.filter(pk=price_list.pk).update(locked_at=price_list.locked_at)
    audit.record(
        action=AuditAction.UPDATE, actor=actor, obj=price_list, fields=["locked_at"], event="lock"
    )
    return price_list
