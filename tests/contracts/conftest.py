from decimal import Decimal

import pytest

from tests import reference_snapshot
from wegwijs.catalog.factories import PriceListFactory, ProductFactory, TariffFactory, UnitFactory
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.catalog.reference import load_catalogue
from wegwijs.organisation.models import Municipality
from wegwijs.organisation.reference import load_municipalities


@pytest.fixture
def price_list(db):
    """A small 2019 list: VIP18 (one tariff), TAALCOACH (two), INBURGERING (on request)."""
    price_list = PriceListFactory(year=2019, surcharge_percentage=Decimal("20.00"))
    trajectory = UnitFactory(code="trajectory", name="per traject")
    vip = ProductFactory(code="VIP18", name="VIP 18")
    coach = ProductFactory(code="TAALCOACH", name="Taalcoaches")
    inburgering = ProductFactory(code="INBURGERING", name="Inburgering")
    TariffFactory(
        price_list=price_list,
        product=vip,
        code="traject",
        name="Traject 18 maanden",
        unit=trajectory,
        price=Decimal("2229.00"),
    )
    TariffFactory(
        price_list=price_list,
        product=coach,
        code="12m",
        name="Max. 12 maanden",
        unit=trajectory,
        price=Decimal("849.00"),
        order=1,
    )
    TariffFactory(
        price_list=price_list,
        product=coach,
        code="18m",
        name="Max. 18 maanden",
        unit=trajectory,
        price=Decimal("1263.00"),
        order=2,
    )
    TariffFactory(
        price_list=price_list,
        product=inburgering,
        code="op_aanvraag",
        name="Op aanvraag",
        unit=trajectory,
        requested=True,
    )
    return price_list


def tariff(price_list, code):
    product, tariff_code = code.split(":")
    return Tariff.objects.get(price_list=price_list, product__code=product, code=tariff_code)


@pytest.fixture
def catalogue_2019(db, django_db_blocker):
    """The real reference data: municipalities and the catalogue with its 2019 price list.

    Through the two loaders that ``manage.py load_reference_data`` runs, so that these tests
    do not depend on the other reference data it loads.

    After a fresh load nobody has said whether Arnhem (GM0202) has its basic services; here
    the beheerder has answered "no" to both, so its quotes carry the surcharge of 20 %."""
    reference_snapshot.load(
        "municipalities and catalogue",
        lambda: (load_municipalities(), load_catalogue()),
        django_db_blocker,
    )
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    assert arnhem.has_information_point is None and arnhem.has_settlement_coaching is None
    arnhem.has_information_point = arnhem.has_settlement_coaching = False
    arnhem.save()
    return PriceList.objects.get(year=2019)
