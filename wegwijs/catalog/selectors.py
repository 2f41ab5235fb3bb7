"""Reads of the catalogue shared by the pages and the ``catalogue`` command."""

import datetime

from wegwijs.catalog.models import PriceList, Product


def price_list_years() -> list[int]:
    """The years that have a price list, newest first."""
    return list(PriceList.objects.order_by("-year").values_list("year", flat=True))


def price_list_for(year: int | None) -> PriceList | None:
    """The price list of ``year``, or the newest one when ``year`` is None."""
    if year is None:
        return PriceList.objects.order_by("-year").first()
    return PriceList.objects.filter(year=year).first()


def current_price_list(today: datetime.date) -> PriceList | None:
    """The price list the catalogue opens on: that of ``today``'s year, else the newest one
    before it; only when every list lies ahead, the earliest of those."""
    lists = PriceList.objects.all()
    return (
        lists.filter(year__lte=today.year).order_by("-year").first()
        or lists.order_by("year").first()
    )


def catalogue_products(price_list: PriceList | None, *, search: str = ""):
    """Active products in catalogue order with their category and the tariffs of
    ``price_list`` (as ``product.tariffs_of_list``); a constant number of queries."""
    return Product.objects.active().search(search).with_tariffs(price_list)
