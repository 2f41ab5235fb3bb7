"""Fill the new card data of 0002 on a catalogue loaded before it, as catalogue.yaml has it.

The loader leaves existing rows as the beheerder keeps them, so without this an existing
database would have no I&A hour limits and no tariff that provides a basic service. Only empty
fields are filled. Backwards it does nothing: 0002 reversed drops the fields.
"""

from decimal import Decimal

from django.db import migrations

# (product code, tariff code or None for all its tariffs): values, as in catalogue.yaml.
TARIFFS = {
    ("IA", "basis"): {"weekly_hours": Decimal("6"), "provides_basic_service": "information_point"},
    ("IA", "uur"): {"weekly_hours": Decimal("1")},
    ("VIP18", None): {"provides_basic_service": "settlement_coaching"},
    ("VIPJ", None): {"provides_basic_service": "settlement_coaching"},
    ("VI8", None): {"provides_basic_service": "settlement_coaching"},
}
PRODUCTS = {
    "IA": {
        "weekly_hours_min": Decimal("6"),
        "weekly_hours_max": Decimal("40"),
        "dependance_weekly_hours_min": Decimal("1"),
        "dependance_weekly_hours_max": Decimal("5"),
    },
}


def fill(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    Tariff = apps.get_model("catalog", "Tariff")
    for code, values in PRODUCTS.items():
        for name, value in values.items():
            Product.objects.filter(code=code, **{f"{name}__isnull": True}).update(**{name: value})
    for (product_code, tariff_code), values in TARIFFS.items():
        tariffs = Tariff.objects.filter(product__code=product_code)
        if tariff_code:
            tariffs = tariffs.filter(code=tariff_code)
        for name, value in values.items():
            empty = {name: ""} if name == "provides_basic_service" else {f"{name}__isnull": True}
            tariffs.filter(**empty).update(**{name: value})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_card_limits_and_basic_services")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
