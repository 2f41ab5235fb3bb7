"""Reads of the catalogue shared by the pages and the ``catalogue`` command."""

from wegwijs.catalog.models import PriceList, Product


def price_list_years() -> list[int]:
    """The years that have a price list, newest first."""
    return list(PriceList.objects.order_by("-year").values_list("year", flat=True))


def price_list_for(year: int | None) -> PriceList | None:
    """The price list of ``year``, or the newest one when ``year`` is None."""
    if year is None:
        return PriceList.objects.order_by("-year").first()
    return PriceList.objects.filter(year=year).first()


def catalogue_products(price_list: PriceList | None, *, search: str = ""):
    """Active products in catalogue order with their category and the tariffs of
    ``price_list`` (as ``product.tariffs_of_list``); a constant number of queries."""
    return Product.objects.active().search(search).with_tariffs(price_list)
