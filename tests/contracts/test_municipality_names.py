"""Issue 12, point 18 on the contract pages: a contract of a year shows the municipality's name
of that year (GM1945: Groesbeek in 2015, Berg en Dal from 2016), on the list, the contract page,
the quote, its PDF and ``manage.py quote``."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.catalog.factories import PriceListFactory, ProductFactory, TariffFactory, UnitFactory
from wegwijs.contracts import services
from wegwijs.organisation.models import Municipality
from wegwijs.organisation.reference import load_municipalities

pytestmark = pytest.mark.django_db


@pytest.fixture
def gm1945(db):
    load_municipalities()
    municipality = Municipality.objects.get(cbs_code="GM1945")
    municipality.has_information_point = municipality.has_settlement_coaching = True
    municipality.save()
    return municipality


@pytest.fixture
def contracts(gm1945, financieel):
    unit = UnitFactory(code="trajectory", name="per traject")
    product = ProductFactory(code="VIP18", name="VIP 18")
    made = {}
    for year in (2015, 2016):
        price_list = PriceListFactory(year=year, surcharge_percentage=Decimal("20.00"))
        tariff = TariffFactory(
            price_list=price_list, product=product, code="traject", unit=unit, price=2000
        )
        contract = services.create_contract(municipality=gm1945, year=year, actor=financieel)
        services.add_line(contract=contract, tariff=tariff, quantity=1, actor=financieel)
        made[year] = contract
    return made


def test_a_contract_of_2015_shows_groesbeek_and_one_of_2016_berg_en_dal(
    contracts, financieel, client
):
    verified_login(client, financieel)
    for year, name, other in (
        (2015, "Groesbeek", "Berg en Dal"),
        (2016, "Berg en Dal", "Groesbeek"),
    ):
        contract = contracts[year]
        assert contract.municipality_name == name
        for page in ("contracts:detail", "contracts:quote"):
            body = client.get(reverse(page, args=[contract.public_id])).content.decode()
            assert name in body and other not in body


def test_the_quote_pdf_of_2015_names_groesbeek(contracts, financieel, client, monkeypatch):
    rendered = {}

    def fake_pdf(html, **kwargs):
        rendered["html"] = html
        return b"%PDF-1.7"

    monkeypatch.setattr("wegwijs.contracts.pdf.html_to_pdf", fake_pdf)
    verified_login(client, financieel)
    response = client.get(reverse("contracts:quote_pdf", args=[contracts[2015].public_id]))
    assert response.status_code == 200
    assert "Groesbeek" in rendered["html"] and "Berg en Dal" not in rendered["html"]


def test_the_contract_list_shows_each_contract_with_the_name_of_its_year(
    contracts, financieel, client
):
    verified_login(client, financieel)
    body = client.get(reverse("contracts:index")).content.decode()
    assert "Groesbeek" in body and "Berg en Dal" in body


def test_the_quote_command_names_the_municipality_of_the_year(contracts):
    out = io.StringIO()
    call_command(
        "quote", "--municipality", "GM1945", "--year", "2015", "--line", "VIP18::1", stdout=out
    )
    assert "Groesbeek" in out.getvalue() and "Berg en Dal" not in out.getvalue()
