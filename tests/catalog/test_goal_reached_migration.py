"""Databases loaded before the goal_reached flag get it on "doel bereikt" by migration."""

from importlib import import_module

from django.apps import apps

from wegwijs.catalog.factories import ProductFactory
from wegwijs.catalog.models import Product

migration = import_module("wegwijs.catalog.migrations.0005_goal_reached_closing_reason")


def test_doel_bereikt_is_marked_goal_reached_on_products_loaded_before(db):
    product = ProductFactory(
        closing_reasons=[
            {"code": "doel_bereikt", "name": "Doel bereikt"},
            {"code": "verhuisd", "name": "Verhuisd"},
        ]
    )
    migration.mark_goal_reached(apps, None)
    product = Product.objects.get(pk=product.pk)
    assert product.closing_reasons == [
        {"code": "doel_bereikt", "name": "Doel bereikt", "goal_reached": True},
        {"code": "verhuisd", "name": "Verhuisd"},
    ]
