"""The beheerder edits the catalogue in the admin; a locked price list stays read-only there."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import verified_login
from wegwijs.catalog import services
from wegwijs.catalog.models import PriceList, Product, Tariff
from wegwijs.core.models import AuditEntry


@pytest.fixture
def manager(client, beheerder):
    return verified_login(client, beheerder)


def _price_list_form(price_list, **changes):
    """The admin change form of ``price_list`` as the browser posts it."""
    tariffs = list(price_list.tariffs.order_by("pk"))
    data = {
        "year": price_list.year,
        "surcharge_percentage": price_list.surcharge_percentage,
        "rounding": price_list.rounding,
        "tariffs-TOTAL_FORMS": len(tariffs),
        "tariffs-INITIAL_FORMS": len(tariffs),
        "tariffs-MIN_NUM_FORMS": 0,
        "tariffs-MAX_NUM_FORMS": 1000,
    }
    for index, tariff in enumerate(tariffs):
        prefix = f"tariffs-{index}-"
        data.update(
            {
                prefix + "id": tariff.pk,
                prefix + "price_list": price_list.pk,
                prefix + "product": tariff.product_id,
                prefix + "code": tariff.code,
                prefix + "name": tariff.name,
                prefix + "unit": tariff.unit_id,
                prefix + "unit_wording": tariff.unit_wording,
                prefix + "price": "" if tariff.price is None else tariff.price,
                prefix + "on_request": "on" if tariff.on_request else "",
                prefix + "duration_months": tariff.duration_months or "",
                prefix + "order": tariff.order,
            }
        )
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "admin:catalog_product_changelist",
        "admin:catalog_category_changelist",
        "admin:catalog_unit_changelist",
        "admin:catalog_pricelist_changelist",
    ],
)
def test_the_beheerder_reaches_the_catalogue_in_the_admin(catalogue, manager, name):
    assert manager.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_a_product_card_opens_in_the_admin(catalogue, manager):
    product = Product.objects.get(code="VIP18")
    response = manager.get(reverse("admin:catalog_product_change", args=[product.pk]))
    assert response.status_code == 200
    assert "Vestigen Inburgeren Participeren" in response.content.decode()


@pytest.mark.django_db
def test_the_beheerder_changes_a_tariff_of_an_unlocked_list(catalogue, manager):
    price_list = PriceList.objects.get(year=2019)
    url = reverse("admin:catalog_pricelist_change", args=[price_list.pk])
    data = _price_list_form(price_list)
    index = next(
        i for i in range(price_list.tariffs.count()) if data[f"tariffs-{i}-code"] == "plaatsing"
    )
    data[f"tariffs-{index}-price"] = "650.00"
    response = manager.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Tariff.objects.get(code="plaatsing").price == Decimal("650.00")
    assert AuditEntry.objects.filter(object_type="catalog.tariff", fields=["price"]).exists()


@pytest.mark.django_db
def test_a_locked_list_is_read_only_in_the_admin(catalogue, manager):
    price_list = PriceList.objects.get(year=2019)
    services.lock_price_list(price_list=price_list)
    url = reverse("admin:catalog_pricelist_change", args=[price_list.pk])
    page = manager.get(url).content.decode()
    assert 'name="surcharge_percentage"' not in page
    assert 'name="tariffs-0-price"' not in page
    data = _price_list_form(price_list, surcharge_percentage="0")
    data["tariffs-0-price"] = "1.00"
    response = manager.post(url, data)
    assert response.status_code == 403
    price_list.refresh_from_db()
    assert price_list.surcharge_percentage == Decimal("20.00")
    assert not Tariff.objects.filter(price=Decimal("1.00")).exists()
    delete = reverse("admin:catalog_pricelist_delete", args=[price_list.pk])
    assert manager.post(delete, {"post": "yes"}).status_code == 403
    assert PriceList.objects.filter(pk=price_list.pk).exists()


@pytest.mark.django_db
def test_the_admin_action_leads_to_the_new_year_form(catalogue, manager):
    price_list = PriceList.objects.get(year=2019)
    response = manager.post(
        reverse("admin:catalog_pricelist_changelist"),
        {"action": "next_year_from", "_selected_action": [price_list.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('catalog:new_price_list')}?source={price_list.pk}"
    page = manager.get(response["Location"]).content.decode()
    assert 'value="2020"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["coordinator", "financieel", "vrijwilliger"])
def test_only_the_beheerder_edits_the_catalogue(catalogue, persona, persona_client):
    client = persona_client(persona)
    product = Product.objects.get(code="IA")
    url = reverse("admin:catalog_product_change", args=[product.pk])
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"name": "Gehackt"})
    assert Product.objects.get(code="IA").name == "Informatie en Advies (I&A)"
