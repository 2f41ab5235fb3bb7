"""Test and demo factories for the catalogue (imported by other apps' tests; keep the names)."""

from decimal import Decimal

import factory
from django.utils import timezone

from wegwijs.catalog.constants import DeliveryForm, Rounding, UnitKind
from wegwijs.catalog.models import Category, PriceList, Product, Tariff, Unit


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Category {n}")
    order = factory.Sequence(lambda n: n)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"per unit {n}")
    counts = UnitKind.TRAJECTORY


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(CategoryFactory)
    order = factory.Sequence(lambda n: n)
    description = "A product of the catalogue."
    target_groups = "Refugees and other newcomers."
    goals = factory.LazyFunction(lambda: ["A goal."])
    activities = factory.LazyFunction(lambda: ["An activity."])
    delivery_form = DeliveryForm.TRAJECTORY

    class Params:
        desk = factory.Trait(delivery_form=DeliveryForm.DESK)
        group = factory.Trait(delivery_form=DeliveryForm.GROUP, group_size_min=6, group_size_max=12)
        inactive = factory.Trait(is_active=False)


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList
        django_get_or_create = ["year"]

    year = factory.Sequence(lambda n: 2019 + n)
    surcharge_percentage = Decimal("20.00")
    rounding = Rounding.WHOLE_EUROS

    class Params:
        locked = factory.Trait(locked_at=factory.LazyFunction(timezone.now))


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff

    price_list = factory.SubFactory(PriceListFactory)
    product = factory.SubFactory(ProductFactory)
    code = factory.Sequence(lambda n: f"t{n}")
    name = factory.Sequence(lambda n: f"Tariff {n}")
    unit = factory.SubFactory(UnitFactory)
    unit_wording = ""
    price = Decimal("1000.00")
    on_request = False
    order = 0

    class Params:
        requested = factory.Trait(on_request=True, price=None)
