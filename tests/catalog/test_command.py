"""``manage.py catalogue``: the catalogue with one year's tariffs, as text or JSON."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.catalog.test_reference import PRICES_2019
from wegwijs.catalog import services
from wegwijs.catalog.models import PriceList


def run(*args):
    out = StringIO()
    call_command("catalogue", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_json_has_every_product_and_the_2019_tariffs(catalogue):
    data = json.loads(run("--year", "2019", "--format", "json"))
    assert data["year"] == 2019
    assert len(data["products"]) == 18
    assert {p["category"]["code"] for p in data["products"]} == {
        "algemene-diensten",
        "bescherming-en-toelating",
        "maatschappelijke-begeleiding",
        "nederlandse-taalverwerving",
        "arbeidsparticipatie",
    }
    prices = {
        (product["code"], tariff["code"]): tariff["price"]
        for product in data["products"]
        for tariff in product["tariffs"]
    }
    assert prices == {
        (product, tariff): None if price is None else str(price)
        for product, tariff, price in PRICES_2019
    }
    vip = next(p for p in data["products"] if p["code"] == "VIP18")
    assert vip == {
        "code": "VIP18",
        "name": "VIP 18 : Vestigen Inburgeren Participeren",
        "category": {
            "code": "maatschappelijke-begeleiding",
            "name": "Maatschappelijke Begeleiding",
        },
        "delivery_form": "trajectory",
        "tariffs": [
            {
                "code": "traject",
                "name": "Traject van 18 maanden per volwassene",
                "unit": {"code": "trajectory_adult", "name": "per traject per volwassene"},
                "price": "2229.00",
                "on_request": False,
                "duration_months": "18.0",
            }
        ],
    }
    inburgering = next(p for p in data["products"] if p["code"] == "INBURGERING")
    assert inburgering["tariffs"][0]["price"] is None
    assert inburgering["tariffs"][0]["on_request"] is True


@pytest.mark.django_db
def test_text_is_the_default_and_readable(catalogue):
    text = run("--year", "2019")
    assert text.startswith("Catalogue with guide prices 2019")
    assert "Algemene Diensten" in text
    assert "IA  Informatie en Advies (I&A)" in text
    assert "€ 10.833,00" in text
    assert "on request" in text
    assert text.count("\n    ") == len(PRICES_2019)


@pytest.mark.django_db
def test_without_a_year_the_newest_list_is_printed(catalogue):
    services.create_price_list_from(
        source=PriceList.objects.get(year=2019), year=2020, indexation_percentage=Decimal("2.5")
    )
    data = json.loads(run("--format", "json"))
    assert data["year"] == 2020
    vip = next(p for p in data["products"] if p["code"] == "VIP18")
    assert vip["tariffs"][0]["price"] == "2285.00"


@pytest.mark.django_db
def test_an_unknown_year_is_a_clear_error(catalogue):
    with pytest.raises(CommandError, match="no price list for 2030.*2019") as error:
        run("--year", "2030")
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_no_price_list_at_all_is_a_clear_error():
    with pytest.raises(CommandError, match="load the reference data first") as error:
        run()
    assert error.value.returncode == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "twintig"], "invalid int value"),
        (["--format", "xml"], "invalid choice"),
    ],
)
def test_bad_arguments_are_refused(catalogue, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
