"""Price list services: indexation and rounding, and the lock a signed contract puts on a list."""

from decimal import Decimal

import pytest

from wegwijs.catalog import services
from wegwijs.catalog.factories import PriceListFactory, TariffFactory
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry


@pytest.mark.parametrize(
    ("price", "percentage", "rounding", "expected"),
    [
        ("2229.00", "2.5", "euro", "2285.00"),  # 2284.725 -> whole euros, half up
        ("2229.00", "2.5", "cent", "2284.73"),
        ("2229.00", "2.5", "5euro", "2285.00"),
        ("10833.00", "3", "euro", "11158.00"),  # 11157.99
        ("88.00", "2", "5euro", "90.00"),  # 89.76
        ("647.00", "0", "euro", "647.00"),
        ("1000.00", "-1.5", "euro", "985.00"),
        ("250.00", "1.8", "euro", "255.00"),  # 254.50 rounds half up
    ],
)
def test_indexed_price(price, percentage, rounding, expected):
    result = services.indexed_price(
        Decimal(price), percentage=Decimal(percentage), rounding=rounding
    )
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2


def test_indexed_price_keeps_on_request():
    assert services.indexed_price(None, percentage=Decimal("2"), rounding="euro") is None


@pytest.mark.django_db
def test_a_new_year_copies_every_tariff_with_its_price_indexed(catalogue, beheerder):
    source = PriceList.objects.get(year=2019)
    new = services.create_price_list_from(
        source=source,
        year=2020,
        indexation_percentage=Decimal("2.5"),
        rounding="euro",
        actor=beheerder,
    )
    assert new.based_on == source
    assert new.indexation_percentage == Decimal("2.5")
    assert new.surcharge_percentage == source.surcharge_percentage
    old = {(t.product_id, t.code): t for t in source.tariffs.all()}
    copied = {(t.product_id, t.code): t for t in new.tariffs.all()}
    assert copied.keys() == old.keys()
    vip = new.tariffs.get(product__code="VIP18")
    assert vip.price == Decimal("2285.00")
    assert vip.unit_id == old[(vip.product_id, vip.code)].unit_id
    assert vip.duration_months == Decimal("18")
    assert new.tariffs.get(product__code="IA", code="basis").price == Decimal("11104.00")
    on_request = new.tariffs.get(product__code="INBURGERING")
    assert on_request.on_request and on_request.price is None
    # The source is untouched.
    assert source.tariffs.get(product__code="VIP18").price == Decimal("2229.00")
    entry = AuditEntry.objects.get(object_type="catalog.pricelist", object_id=str(new.pk))
    assert entry.action == AuditAction.CREATE
    assert entry.actor == beheerder


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "percentage", "rounding", "message"),
    [
        (2019, "2", "euro", "moet na 2019 komen"),
        (2018, "2", "euro", "moet na 2019 komen"),
        (2021, "150", "euro", "tussen min 100 en 100 procent"),
        (2021, "2", "dimes", "Onbekende afrondingsregel"),
    ],
)
def test_a_bad_new_year_is_refused_and_writes_nothing(year, percentage, rounding, message):
    source = PriceListFactory(year=2019)
    TariffFactory(price_list=source)
    with pytest.raises(DomainError, match=message):
        services.create_price_list_from(
            source=source,
            year=year,
            indexation_percentage=Decimal(percentage),
            rounding=rounding,
        )
    assert PriceList.objects.count() == 1
    assert Tariff.objects.count() == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_existing_year_is_refused():
    source = PriceListFactory(year=2019)
    PriceListFactory(year=2020)
    with pytest.raises(DomainError, match="Er is al een prijslijst voor 2020"):
        services.create_price_list_from(
            source=source, year=2020, indexation_percentage=Decimal("2")
        )


@pytest.mark.django_db
def test_a_new_year_can_be_made_from_a_locked_list():
    source = PriceListFactory(year=2019, locked=True)
    TariffFactory(price_list=source, price=Decimal("100.00"))
    new = services.create_price_list_from(
        source=source, year=2020, indexation_percentage=Decimal("10")
    )
    assert new.tariffs.get().price == Decimal("110.00")
    assert not new.is_locked


@pytest.mark.django_db
def test_update_tariff_changes_an_unlocked_list(beheerder):
    tariff = TariffFactory(price=Decimal("100.00"))
    services.update_tariff(tariff=tariff, price=Decimal("120.00"), actor=beheerder)
    tariff.refresh_from_db()
    assert tariff.price == Decimal("120.00")
    entry = AuditEntry.objects.get(object_type="catalog.tariff")
    assert entry.action == AuditAction.UPDATE
    assert entry.fields == ["price"]


@pytest.mark.django_db
def test_update_tariff_to_on_request_drops_the_price():
    tariff = TariffFactory(price=Decimal("100.00"))
    services.update_tariff(tariff=tariff, on_request=True)
    tariff.refresh_from_db()
    assert tariff.on_request and tariff.price is None


@pytest.mark.django_db
def test_a_locked_list_refuses_tariff_changes(beheerder):
    tariff = TariffFactory(price_list=PriceListFactory(year=2019, locked=True))
    with pytest.raises(
        DomainError, match="De prijslijst 2019 wordt gebruikt door een getekende opdracht"
    ) as error:
        services.update_tariff(tariff=tariff, price=Decimal("1.00"), actor=beheerder)
    assert error.value.code == "price_list_locked"
    tariff.refresh_from_db()
    assert tariff.price == Decimal("1000.00")
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_list_locked_after_loading_the_tariff_still_refuses():
    tariff = TariffFactory()
    PriceList.objects.filter(pk=tariff.price_list_id).update(locked_at="2020-01-01T00:00Z")
    with pytest.raises(DomainError):
        services.update_tariff(tariff=tariff, price=Decimal("1.00"))


@pytest.mark.django_db
def test_a_locked_list_refuses_changes_to_itself():
    price_list = PriceListFactory(year=2019, locked=True)
    with pytest.raises(DomainError):
        services.update_price_list(price_list=price_list, surcharge_percentage=Decimal("0"))
    price_list.refresh_from_db()
    assert price_list.surcharge_percentage == Decimal("20.00")


@pytest.mark.django_db
def test_update_price_list_changes_an_unlocked_list():
    price_list = PriceListFactory(year=2019)
    services.update_price_list(price_list=price_list, surcharge_percentage=Decimal("15"))
    price_list.refresh_from_db()
    assert price_list.surcharge_percentage == Decimal("15.00")


@pytest.mark.django_db
def test_update_tariff_refuses_an_invalid_price():
    from django.core.exceptions import ValidationError

    tariff = TariffFactory(price=Decimal("100.00"))
    with pytest.raises(ValidationError):
        services.update_tariff(tariff=tariff, price=None)
    tariff.refresh_from_db()
    assert tariff.price == Decimal("100.00")


@pytest.mark.django_db
def test_lock_price_list_is_idempotent(financieel):
    price_list = PriceListFactory(year=2019)
    services.lock_price_list(price_list=price_list, actor=financieel)
    first = PriceList.objects.get(pk=price_list.pk).locked_at
    assert first is not None and price_list.is_locked
    services.lock_price_list(price_list=PriceList.objects.get(pk=price_list.pk))
    assert PriceList.objects.get(pk=price_list.pk).locked_at == first
    assert AuditEntry.objects.filter(event="lock").count() == 1
