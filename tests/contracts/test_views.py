"""The contract pages: the done-when quote on screen and in the PDF, forms, list queries."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from tests.conftest import verified_login
from tests.contracts.conftest import tariff
from wegwijs.contracts import services
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import Contract, ContractLine
from wegwijs.core.constants import AuditAction
from wegwijs.core.models import AuditEntry
from wegwijs.organisation.factories import MunicipalityFactory
from wegwijs.organisation.models import Municipality

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def finance_client(client, financieel):
    return verified_login(client, financieel)


@pytest.fixture
def done_when_contract(catalogue_2019, financieel):
    """Arnhem, no information-and-advice point: 10 × VIP 18 and 5 × taalcoach 12 months."""
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    contract = services.create_contract(municipality=arnhem, year=2019, actor=financieel)
    for code, quantity in (("VIP18:traject", 10), ("TAALCOACH:12m", 5)):
        services.add_line(
            contract=contract,
            tariff=tariff(catalogue_2019, code),
            quantity=quantity,
            actor=financieel,
        )
    return contract


def test_done_when_quote_on_screen(finance_client, done_when_contract):
    response = finance_client.get(reverse("contracts:quote", args=[done_when_contract.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "€ 31.842,00" in page
    assert "€ 5.307,00" in page  # the surcharge, shown explicitly
    assert "€ 445,80" in page  # per unit on the VIP 18 line
    assert "Arnhem" in page and "2019" in page
    assert "VluchtelingenWerk Oost Nederland" in page


def test_done_when_quote_in_pdf(finance_client, done_when_contract):
    url = reverse("contracts:quote_pdf", args=[done_when_contract.public_id])
    response = finance_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == ('attachment; filename="offerte-2019-GM0202-01.pdf"')
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "€ 31.842,00" in text
    assert "€ 5.307,00" in text
    assert "Arnhem" in text
    assert "VluchtelingenWerk Oost Nederland" in text
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(done_when_contract.public_id)
    ).exists()


def test_done_when_contract_page_shows_total(finance_client, done_when_contract):
    response = finance_client.get(done_when_contract.get_absolute_url())
    assert "€ 31.842,00" in response.content.decode()


def test_pdf_fetcher_refuses_remote_and_outside_files():
    from wegwijs.contracts.pdf import LocalOnlyURLFetcher

    fetcher = LocalOnlyURLFetcher()
    for url in (
        "http://example.org/x.png",
        "https://example.org/",
        "file:///etc/passwd",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError, match="Refused|disallowed"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hallo").read() == b"hallo"


def test_create_contract_through_the_form(finance_client, price_list, municipality):
    response = finance_client.post(
        reverse("contracts:create"), {"municipality": municipality.pk, "year": 2019}, follow=True
    )
    contract = Contract.objects.get()
    assert response.redirect_chain[-1][0] == contract.get_absolute_url()
    assert any("2019-GM0202-01" in m for m in messages_of(response))


@pytest.mark.parametrize(
    "data",
    [
        {"municipality": "", "year": 2019},
        {"municipality": "999999", "year": 2019},
        {"municipality": "MUNI", "year": 2031},
        {"municipality": "MUNI", "year": "abc"},
    ],
)
def test_create_form_refuses_bad_input(finance_client, price_list, municipality, data):
    data = {k: (municipality.pk if v == "MUNI" else v) for k, v in data.items()}
    response = finance_client.post(reverse("contracts:create"), data)
    assert response.status_code == 200
    assert messages_of(response) == ["De opdracht is niet aangemaakt; zie het formulier hieronder."]
    assert response.context["form"].errors
    assert not Contract.objects.exists()


def test_coordinator_cannot_pick_another_teams_municipality(
    client, coordinator, price_list, other_municipality
):
    response = verified_login(client, coordinator).post(
        reverse("contracts:create"), {"municipality": other_municipality.pk, "year": 2019}
    )
    assert "municipality" in response.context["form"].errors
    assert not Contract.objects.exists()


@pytest.fixture
def draft(price_list, municipality, financieel):
    return services.create_contract(municipality=municipality, year=2019, actor=financieel)


def test_add_line_through_the_form(finance_client, draft, price_list):
    vip = tariff(price_list, "VIP18:traject")
    response = finance_client.post(
        reverse("contracts:add_line", args=[draft.public_id]),
        {"tariff": vip.pk, "quantity": "10", "agreed_price": ""},
        follow=True,
    )
    assert messages_of(response) == ["Regel toegevoegd."]
    assert ContractLine.objects.get().quantity == 10
    assert "€ 26.748,00" in response.content.decode()


def test_add_line_with_dutch_agreed_price(finance_client, draft, price_list):
    inburgering = tariff(price_list, "INBURGERING:op_aanvraag")
    finance_client.post(
        reverse("contracts:add_line", args=[draft.public_id]),
        {"tariff": inburgering.pk, "quantity": "2", "agreed_price": "1500,50"},
    )
    assert ContractLine.objects.get().agreed_price == Decimal("1500.50")


@pytest.mark.parametrize(
    "data",
    [
        {"quantity": "0"},
        {"quantity": "-2"},
        {"quantity": "1,5"},
        {"quantity": ""},
        {"quantity": "1", "agreed_price": "-5"},
        {"quantity": "1", "agreed_price": "12,345"},
        {"quantity": "1", "agreed_price": "veel"},
        {"quantity": "1", "tariff": "other-year"},
    ],
)
def test_add_line_refuses_bad_input(finance_client, draft, price_list, data):
    from wegwijs.catalog.factories import PriceListFactory, TariffFactory

    vip = tariff(price_list, "VIP18:traject")
    post = {"tariff": vip.pk, "agreed_price": "", **data}
    if post["tariff"] == "other-year":
        post["tariff"] = TariffFactory(price_list=PriceListFactory(year=2020)).pk
    response = finance_client.post(reverse("contracts:add_line", args=[draft.public_id]), post)
    assert response.status_code == 400
    assert messages_of(response) == ["De regel is niet toegevoegd; zie het formulier hieronder."]
    assert not ContractLine.objects.exists()


def test_update_line_refuses_bad_input_with_message(finance_client, draft, price_list, financieel):
    line = services.add_line(
        contract=draft, tariff=tariff(price_list, "VIP18:traject"), quantity=3, actor=financieel
    )
    prefix = f"line-{line.public_id}"
    response = finance_client.post(
        reverse("contracts:update_line", args=[draft.public_id, line.public_id]),
        {f"{prefix}-quantity": "0", f"{prefix}-agreed_price": ""},
        follow=True,
    )
    assert messages_of(response)[0].startswith("De regel is niet gewijzigd")
    line.refresh_from_db()
    assert line.quantity == 3

    response = finance_client.post(
        reverse("contracts:update_line", args=[draft.public_id, line.public_id]),
        {f"{prefix}-quantity": "4", f"{prefix}-agreed_price": ""},
        follow=True,
    )
    assert messages_of(response) == ["Regel gewijzigd."]
    line.refresh_from_db()
    assert line.quantity == 4


def test_status_buttons_walk_the_flow(finance_client, draft, price_list, financieel):
    services.add_line(
        contract=draft,
        tariff=tariff(price_list, "INBURGERING:op_aanvraag"),
        quantity=1,
        actor=financieel,
    )
    finance_client.post(reverse("contracts:offer", args=[draft.public_id]))
    response = finance_client.post(reverse("contracts:sign", args=[draft.public_id]), follow=True)
    assert "afgesproken prijs" in messages_of(response)[-1]
    draft.refresh_from_db()
    assert draft.status == ContractStatus.OFFERED

    ContractLine.objects.update(agreed_price=Decimal("900"))
    response = finance_client.post(reverse("contracts:sign", args=[draft.public_id]), follow=True)
    draft.refresh_from_db()
    assert draft.status == ContractStatus.SIGNED
    assert draft.signed_by == financieel
    assert messages_of(response) == ["Opdracht 2019-GM0202-01 is getekend."]
    finance_client.post(reverse("contracts:close", args=[draft.public_id]))
    draft.refresh_from_db()
    assert draft.status == ContractStatus.CLOSED


def test_line_edit_refused_after_offering(finance_client, draft, price_list, financieel):
    line = services.add_line(
        contract=draft, tariff=tariff(price_list, "VIP18:traject"), quantity=3, actor=financieel
    )
    services.offer_contract(contract=draft, actor=financieel)
    response = finance_client.post(
        reverse("contracts:remove_line", args=[draft.public_id, line.public_id]), follow=True
    )
    assert "concept" in messages_of(response)[0]
    assert ContractLine.objects.exists()
    page = finance_client.get(draft.get_absolute_url()).content.decode()
    assert reverse("contracts:add_line", args=[draft.public_id]) not in page


def make_contracts(count, financieel, price_list, team=None):
    vip = tariff(price_list, "VIP18:traject")
    coach = tariff(price_list, "TAALCOACH:12m")
    for _ in range(count):
        municipality = MunicipalityFactory()
        if team is not None:
            team.municipalities.add(municipality)
        contract = services.create_contract(municipality=municipality, year=2019, actor=financieel)
        services.add_line(contract=contract, tariff=vip, quantity=2, actor=financieel)
        services.add_line(contract=contract, tariff=coach, quantity=3, actor=financieel)


@pytest.mark.parametrize("persona", ["financieel", "coordinator"])
def test_list_query_count_does_not_grow(client, persona, request, financieel, price_list):
    user = request.getfixturevalue(persona)
    team = user.teams.first()
    verified_login(client, user)
    url = reverse("contracts:index")
    counts = []
    for size in (2, 12):
        make_contracts(size - Contract.objects.count(), financieel, price_list, team)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["rows"]) == size
        assert "€ 8.406,00" in response.content.decode()  # 2 × 2.674,80 + 3 × 1.018,80
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    print(f"{persona}: {counts[0]} queries at 2 and at 12 contracts")


def test_empty_list_shows_empty_state(finance_client, db):
    response = finance_client.get(reverse("contracts:index"))
    assert "Er zijn geen opdrachten" in response.content.decode()


def test_list_filters(finance_client, financieel, price_list, municipality):
    services.create_contract(municipality=municipality, year=2019, actor=financieel)
    make_contracts(2, financieel, price_list)
    response = finance_client.get(
        reverse("contracts:index"), {"municipality": municipality.pk, "status": "concept"}
    )
    assert [c.municipality for c, _q in response.context["rows"]] == [municipality]
    response = finance_client.get(reverse("contracts:index"), {"status": "signed"})
    assert response.context["rows"] == []


def test_gemeentecontact_sees_no_edit_controls(
    client, gemeentecontact, draft, financieel, price_list
):
    services.add_line(
        contract=draft, tariff=tariff(price_list, "VIP18:traject"), quantity=1, actor=financieel
    )
    services.offer_contract(contract=draft, actor=financieel)
    page = verified_login(client, gemeentecontact).get(draft.get_absolute_url()).content.decode()
    assert '<form method="post" action="/opdrachten/' not in page


def test_detail_and_quote_query_counts_do_not_grow_with_lines(
    finance_client, draft, price_list, financieel
):
    from wegwijs.catalog.factories import TariffFactory

    counts = {}
    for size in (2, 10):
        while draft.lines.count() < size:
            services.add_line(
                contract=draft,
                tariff=TariffFactory(price_list=price_list),
                quantity=1,
                actor=financieel,
            )
        for page in ("contracts:detail", "contracts:quote"):
            with CaptureQueriesContext(connection) as queries:
                response = finance_client.get(reverse(page, args=[draft.public_id]))
            assert response.status_code == 200
            counts.setdefault(page, []).append(len(queries))
    assert all(a == b for a, b in counts.values()), counts
    print(f"detail/quote queries at 2 and 10 lines: {counts}")
