"""The card limits and basic services of issue 12 (points 16, 17) as catalogue data."""

import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wegwijs.catalog import services
from wegwijs.catalog.models import PriceList, Product, Tariff
from wegwijs.catalog.reference import parse_catalogue
from wegwijs.core.reference import ReferenceDataError

pytestmark = pytest.mark.django_db

PROVIDERS = {
    ("IA", "basis"): "information_point",
    ("VIP18", "traject"): "settlement_coaching",
    ("VIPJ", "traject"): "settlement_coaching",
    ("VI8", "traject"): "settlement_coaching",
}


def providers():
    return {
        (t.product.code, t.code): t.provides_basic_service
        for t in Tariff.objects.select_related("product").exclude(provides_basic_service="")
    }


def test_the_basic_opening_provides_the_point_and_vip_vipj_vi8_settlement_coaching(catalogue):
    assert providers() == PROVIDERS


def test_the_ia_card_limits_its_hours_a_week(catalogue):
    ia = Product.objects.get(code="IA")
    assert (ia.weekly_hours_min, ia.weekly_hours_max) == (6, 40)
    assert (ia.dependance_weekly_hours_min, ia.dependance_weekly_hours_max) == (1, 5)
    hours = dict(ia.tariffs.values_list("code", "weekly_hours"))
    assert hours == {"basis": Decimal("6.0"), "uur": Decimal("1.0")}


@pytest.mark.parametrize(
    "low, high, participants, fits",
    [
        (12, None, 11, False),
        (12, None, 12, True),
        (12, 15, 16, False),
        (12, 15, 24, True),
        (10, 15, 19, False),
        (10, 15, 20, True),
        (None, 10, 35, True),
    ],
)
def test_participants_must_split_into_groups_of_the_cards_size(low, high, participants, fits):
    product = Product(group_size_min=low, group_size_max=high)
    assert product.groups_can_hold(participants) is fits


def test_an_unknown_basic_service_in_the_file_is_refused():
    data = {
        "version": 1,
        "units": [{"code": "u", "name": "u", "counts": "year"}],
        "categories": [{"code": "c", "name": "c"}],
        "products": [
            {
                "code": "X",
                "name": "X",
                "category": "c",
                "delivery_form": "desk",
                "tariffs": {
                    2019: [
                        {
                            "code": "t",
                            "name": "t",
                            "unit": "u",
                            "price": "1.00",
                            "provides_basic_service": "coffee",
                        }
                    ]
                },
            }
        ],
    }
    with pytest.raises(ReferenceDataError, match="provides_basic_service"):
        parse_catalogue(data)


def test_a_new_year_keeps_the_hours_and_the_basic_services(catalogue, beheerder):
    new = services.create_price_list_from(
        source=PriceList.objects.get(year=2019),
        year=2020,
        indexation_percentage=Decimal("0"),
        rounding="euro",
        actor=beheerder,
    )
    copied = {
        (t.product.code, t.code): t.provides_basic_service
        for t in new.tariffs.select_related("product").exclude(provides_basic_service="")
    }
    assert copied == PROVIDERS
    assert new.tariffs.get(product__code="IA", code="basis").weekly_hours == 6


def test_the_data_migration_fills_a_catalogue_loaded_before_it(catalogue):
    Tariff.objects.update(provides_basic_service="", weekly_hours=None)
    Product.objects.update(weekly_hours_min=None, weekly_hours_max=None)
    name = "0003_fill_card_limits_and_basic_services"
    state = MigrationExecutor(connection).loader.project_state([("catalog", name)])
    importlib.import_module(f"wegwijs.catalog.migrations.{name}").fill(state.apps, None)
    assert providers() == PROVIDERS
    assert Product.objects.get(code="IA").weekly_hours_max == 40


def test_a_product_cannot_allow_fewer_hours_a_week_than_its_minimum(catalogue):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(code="IA").update(weekly_hours_min=41)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(code="IA").update(dependance_weekly_hours_max=0)
    assert Product.objects.get(code="IA").weekly_hours_min == 6
