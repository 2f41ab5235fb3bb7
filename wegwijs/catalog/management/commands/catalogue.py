"""Print the catalogue with the tariffs of one year, as text (default) or JSON.

manage.py catalogue --year 2019 --format json
"""

import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from wegwijs.catalog import selectors
from wegwijs.catalog.models import PriceList
from wegwijs.core.money import format_euro


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def catalogue_as_data(price_list: PriceList) -> dict:
    """The catalogue and ``price_list``'s tariffs with stable keys (the JSON format)."""
    return {
        "year": price_list.year,
        "products": [
            {
                "code": product.code,
                "name": product.name,
                "category": {"code": product.category.code, "name": product.category.name},
                "delivery_form": product.delivery_form,
                "tariffs": [
                    {
                        "code": tariff.code,
                        "name": tariff.name,
                        "unit": {"code": tariff.unit.code, "name": tariff.unit.name},
                        "price": _decimal(tariff.price),
                        "on_request": tariff.on_request,
                        "duration_months": _decimal(tariff.duration_months),
                    }
                    for tariff in product.tariffs_of_list
                ],
            }
            for product in selectors.catalogue_products(price_list)
        ],
    }


class Command(BaseCommand):
    help = "Print the product catalogue with the tariffs of one price list year."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, help="Year of the price list (default: the newest one)."
        )
        parser.add_argument(
            "--format", choices=["text", "json"], default="text", help="Output format."
        )

    def handle(self, *args, year=None, **options):
        price_list = selectors.price_list_for(year)
        if price_list is None:
            years = ", ".join(str(y) for y in selectors.price_list_years()) or "none"
            if year is None:
                message = "There is no price list yet; load the reference data first."
            else:
                message = f"There is no price list for {year}. Years with a price list: {years}."
            raise CommandError(message, returncode=2)
        data = catalogue_as_data(price_list)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(self._text(data))

    def _text(self, data: dict) -> str:
        lines = [f"Catalogue with guide prices {data['year']}"]
        category = None
        for product in data["products"]:
            if product["category"]["code"] != category:
                category = product["category"]["code"]
                lines += ["", product["category"]["name"], "=" * len(product["category"]["name"])]
            lines.append(f"{product['code']}  {product['name']}  [{product['delivery_form']}]")
            for tariff in product["tariffs"]:
                price = (
                    "on request" if tariff["on_request"] else format_euro(Decimal(tariff["price"]))
                )
                lines.append(f"    {tariff['code']:<12} {price:>14}  {tariff['unit']['name']}")
            if not product["tariffs"]:
                lines.append("    (no tariff in this price list)")
        return "\n".join(lines)
