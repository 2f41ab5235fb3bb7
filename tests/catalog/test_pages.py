"""The catalogue pages: every role reads, the beheerder makes a new price list year."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS, verified_login
from wegwijs.catalog import services
from wegwijs.catalog.factories import (
    CategoryFactory,
    PriceListFactory,
    ProductFactory,
    TariffFactory,
)
from wegwijs.catalog.models import PriceList, Product, Tariff
from wegwijs.core.models import AuditEntry

INDEX = reverse("catalog:index")


def product_url(code, **query):
    url = reverse("catalog:product", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def reader(client, vrijwilliger):
    return verified_login(client, vrijwilliger)


@pytest.fixture
def manager(client, beheerder):
    return verified_login(client, beheerder)


def text_of(response):
    return response.content.decode()


@pytest.mark.django_db
def test_the_catalogue_shows_18_products_in_5_categories(catalogue, reader):
    response = reader.get(INDEX)
    assert response.status_code == 200
    page = text_of(response)
    assert page.count('<article class="card"') == 18
    assert len(re.findall(r'<h2 id="category-', page)) == 5
    for name in ["Algemene Diensten", "Arbeidsparticipatie", "Nederlandse Taalverwerving"]:
        assert name in page
    for product in Product.objects.all():
        assert product_url(product.code, jaar=2019) in page
    assert "€ 10.833,00" in page
    assert "op aanvraag" in page


@pytest.mark.django_db
def test_the_menu_links_to_the_catalogue(catalogue, reader):
    page = text_of(reader.get(reverse("core:dashboard")))
    assert f'href="{INDEX}"' in page


def _catalogue_of(size, categories=3):
    price_list = PriceListFactory(year=2019)
    groups = [CategoryFactory() for _ in range(categories)]
    for index in range(size):
        product = ProductFactory(category=groups[index % categories])
        TariffFactory(price_list=price_list, product=product)
        TariffFactory(price_list=price_list, product=product, requested=True)


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [INDEX, INDEX + "?q=Product&jaar=2019"])
def test_the_catalogue_query_count_does_not_grow_with_the_products(reader, url):
    _catalogue_of(3)
    small = _queries(reader, url)
    _catalogue_of(40, categories=6)
    large = _queries(reader, url)
    assert small == large
    # session, user, OTP device, the years, the products, their tariffs with units
    assert large <= 8, large


@pytest.mark.django_db
def test_the_product_page_query_count_does_not_grow(reader):
    price_list = PriceListFactory(year=2019)
    product = ProductFactory(code="ONE")
    TariffFactory(price_list=price_list, product=product)
    small = _queries(reader, product_url("ONE"))
    for _ in range(10):
        TariffFactory(price_list=price_list, product=product)
    assert _queries(reader, product_url("ONE")) == small


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("asielprocedure", "ASIEL", "ZOW"),
        ("zicht op", "ZOW", "ASIEL"),
        ("GRIP", "GRIP", "IA"),
        ("materiële rechtspositie", "IA", "ZOW"),
        ("Nationale Ombudsman", None, None),
    ],
)
def test_search_over_the_cards(catalogue, reader, query, expected, absent):
    page = text_of(reader.get(INDEX, {"q": query}))
    if expected:
        assert f'id="product-{expected}"' in page
        assert f'id="product-{absent}"' not in page
    else:
        assert '<article class="card"' not in page
        assert "Geen product past bij uw zoekopdracht" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "text", "query"),
    [
        ("activities", "Fietsles geven", "fietsles"),
        ("goals", "Financiën op orde brengen", "financiën op"),
    ],
)
def test_search_finds_text_in_the_listed_sections(reader, field, text, query):
    PriceListFactory(year=2019)
    ProductFactory(code="LISTED", **{field: [text]})
    ProductFactory(code="OTHER")
    page = text_of(reader.get(INDEX, {"q": query}))
    assert 'id="product-LISTED"' in page
    assert 'id="product-OTHER"' not in page


@pytest.mark.django_db
def test_the_year_selector_shows_that_years_prices(catalogue, reader, beheerder):
    services.create_price_list_from(
        source=PriceList.objects.get(year=2019),
        year=2020,
        indexation_percentage=Decimal("2.5"),
        actor=beheerder,
    )
    newest = text_of(reader.get(INDEX))
    assert "€ 2.285,00" in newest and "€ 2.229,00" not in newest
    old = text_of(reader.get(INDEX, {"jaar": "2019"}))
    assert "€ 2.229,00" in old and "€ 2.285,00" not in old
    assert '<option value="2019" selected>' in old
    card = text_of(reader.get(product_url("VIP18", jaar=2019)))
    assert "€ 2.229,00" in card


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "message"),
    [("2030", "Er is geen prijslijst voor het jaar 2030."), ("twee", "Voer een geheel getal in.")],
)
def test_an_unknown_year_gets_a_clear_message(catalogue, reader, year, message):
    for url in [INDEX, product_url("IA")]:
        response = reader.get(url, {"jaar": year})
        assert response.status_code == 200
        page = text_of(response)
        assert message in page
        assert "€ 10.833,00" not in page


@pytest.mark.django_db
def test_the_search_still_applies_with_an_unknown_year(catalogue, reader):
    page = text_of(reader.get(INDEX, {"q": "asielprocedure", "jaar": "2030"}))
    assert "Er is geen prijslijst voor het jaar 2030." in page
    assert 'id="product-ASIEL"' in page
    assert 'id="product-ZOW"' not in page


@pytest.mark.django_db
def test_a_product_card_is_shown_in_full(catalogue, reader):
    response = reader.get(product_url("VIP18"))
    assert response.status_code == 200
    page = text_of(response)
    product = Product.objects.get(code="VIP18")
    assert f'<h1 id="product-title">{product.name}</h1>' in page
    for item in product.goals + product.activities + product.indicators:
        assert f"<li>{item.split(chr(10))[0][:40]}" in page.replace("&#x27;", "'")
    for text in [product.executed_by, product.quality_measurement, product.product_unit]:
        assert text[:40] in page
    # The groups and headings of the source card, in its order.
    headings = re.findall(r"<h[23]>([^<]+)</h[23]>", page)
    assert headings[:13] == [
        "Beschrijving",
        "Opdrachtgever",
        "Beleidsmatige kenmerken",
        "Doelgroep(en)",
        "Doelen",
        "Beleidsthema",
        "Activiteiten en diensten",
        "Methodiek van werken",
        "Zakelijke aspecten",
        "Uitvoering door",
        "Uitvoeringsperiode",
        "Aard van de kwaliteitsmeting",
        "Producteenheid",
    ]
    assert "Niet ingevuld op de productkaart." in page  # no client on this card
    assert "Minimaal 18 jaar oud" in page  # eligibility rule min_age
    assert "Meet zelfredzaamheid (ZRM)" in page
    assert "Richtprijzen 2019</caption>" in page
    assert "€ 2.229,00" in page
    assert "18 maanden" in page


@pytest.mark.django_db
def test_an_on_request_tariff_reads_on_request(catalogue, reader):
    page = text_of(reader.get(product_url("INBURGERING")))
    assert "op aanvraag" in page
    assert "€" not in page.split('id="tariffs-title"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_extra_sections_of_a_card_are_shown(catalogue, reader):
    page = text_of(reader.get(product_url("PVT-ME")))
    assert "<h2>Noot</h2>" in page


@pytest.mark.django_db
def test_an_unknown_product_is_404(catalogue, reader):
    assert reader.get(product_url("NOPE")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_reads_a_real_card(catalogue, persona, persona_client):
    response = persona_client(persona).get(product_url("IA"))
    if persona == "anonymous":
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == 200
        assert "Informatie en Advies (I&amp;A)" in text_of(response)


@pytest.mark.django_db
def test_only_the_beheerder_sees_the_edit_links(catalogue, reader):
    new_url = reverse("catalog:new_price_list")
    assert new_url not in text_of(reader.get(INDEX))


@pytest.mark.django_db
def test_the_beheerder_sees_the_edit_links(catalogue, manager):
    assert reverse("catalog:new_price_list") in text_of(manager.get(INDEX))
    product = Product.objects.get(code="IA")
    assert reverse("admin:catalog_product_change", args=[product.pk]) in text_of(
        manager.get(product_url("IA"))
    )


# --- new price list year ------------------------------------------------------------------------

NEW = reverse("catalog:new_price_list")


@pytest.mark.django_db
def test_the_form_proposes_next_year_from_the_newest_list(catalogue, manager):
    page = text_of(manager.get(NEW))
    assert 'value="2020"' in page


@pytest.mark.django_db
def test_the_beheerder_makes_a_new_year(catalogue, manager, beheerder):
    source = PriceList.objects.get(year=2019)
    response = manager.post(
        NEW,
        {"source": source.pk, "year": "2020", "indexation_percentage": "2,5", "rounding": "euro"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}?jaar=2020"
    new = PriceList.objects.get(year=2020)
    assert new.tariffs.count() == source.tariffs.count()
    assert new.tariffs.get(product__code="VIP18").price == Decimal("2285.00")
    assert AuditEntry.objects.filter(object_type="catalog.pricelist", actor=beheerder).exists()
    page = text_of(manager.get(response["Location"]))
    assert "De prijslijst 2020 is gemaakt op basis van 2019." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2019"}, "Het nieuwe jaar moet na 2019 komen."),
        ({"year": ""}, "Dit veld is verplicht."),
        ({"indexation_percentage": "veel"}, "Voer een getal in."),
        ({"indexation_percentage": "250"}, "hoogstens 100"),
        ({"rounding": "dimes"}, "Selecteer een geldige keuze."),
        ({"source": "999999"}, "Selecteer een geldige keuze."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_writes_nothing(catalogue, manager, data, message):
    source = PriceList.objects.get(year=2019)
    form = {
        "source": source.pk,
        "year": "2020",
        "indexation_percentage": "2",
        "rounding": "euro",
        **data,
    }
    before = Tariff.objects.count()
    response = manager.post(NEW, form)
    assert response.status_code == 200
    assert message in text_of(response)
    assert PriceList.objects.count() == 1
    assert Tariff.objects.count() == before


@pytest.mark.django_db
def test_an_existing_year_is_refused_in_the_form(catalogue, manager):
    PriceListFactory(year=2020)
    source = PriceList.objects.get(year=2019)
    response = manager.post(
        NEW, {"source": source.pk, "year": "2020", "indexation_percentage": "2", "rounding": "euro"}
    )
    assert "Er is al een prijslijst voor 2020." in text_of(response)
    assert not PriceList.objects.get(year=2020).tariffs.exists()


@pytest.mark.django_db
def test_others_cannot_make_a_price_list(catalogue, client, financieel):
    verified_login(client, financieel)
    source = PriceList.objects.get(year=2019)
    response = client.post(
        NEW, {"source": source.pk, "year": "2020", "indexation_percentage": "2", "rounding": "euro"}
    )
    assert response.status_code == 403
    assert not PriceList.objects.filter(year=2020).exists()


def _price_lists(*years):
    for year in years:
        PriceListFactory(year=year)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offsets", "opened"),
    [((-1, 0, 1), 0), ((-2, -1, 2), -1), ((1, 2), 1)],
    ids=["current-year", "newest-before-it", "only-future-lists"],
)
def test_the_catalogue_opens_on_the_current_years_price_list(reader, offsets, opened):
    this_year = timezone.localdate().year
    _price_lists(*(this_year + offset for offset in offsets))
    expected = this_year + opened
    for query in ({}, {"jaar": "", "q": ""}):
        response = reader.get(INDEX, query)
        assert response.context["price_list"].year == expected
    assert f'<option value="{expected}" selected>' in text_of(reader.get(INDEX))
