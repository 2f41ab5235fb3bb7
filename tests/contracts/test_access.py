"""Who sees which contract (Contract.objects.visible_to) and who may change them.

The permission matrix (tests/contracts/access_rows.py) checks the pages with a sample UUID;
these tests check the same pages with real contracts of the own and another municipality.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.contracts.conftest import tariff
from wegwijs.contracts import services
from wegwijs.contracts.models import Contract, ContractLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def contracts(price_list, municipality, other_municipality, financieel):
    """Per municipality one offered contract and one draft."""
    made = {}
    vip = tariff(price_list, "VIP18:traject")
    for key, place in (("own", municipality), ("other", other_municipality)):
        offered = services.create_contract(municipality=place, year=2019, actor=financieel)
        services.add_line(contract=offered, tariff=vip, quantity=1, actor=financieel)
        services.offer_contract(contract=offered, actor=financieel)
        draft = services.create_contract(municipality=place, year=2019, actor=financieel)
        made[f"{key}_offered"], made[f"{key}_draft"] = offered, draft
    return made


# Which of the four contracts each persona sees.
VISIBLE = {
    "beheerder": {"own_offered", "own_draft", "other_offered", "other_draft"},
    "financieel": {"own_offered", "own_draft", "other_offered", "other_draft"},
    "coordinator": {"own_offered", "own_draft"},
    "other_coordinator": {"other_offered", "other_draft"},
    "gemeentecontact": {"own_offered"},  # drafts are the foundation's work in progress
    "other_gemeentecontact": {"other_offered"},
    "vrijwilliger": set(),
    "other_vrijwilliger": set(),
    "privacy_officer": set(),
}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_visible_to_per_persona(persona, request, contracts):
    user = request.getfixturevalue(persona)
    visible = set(Contract.objects.visible_to(user))
    assert visible == {contracts[key] for key in VISIBLE[persona]}


def test_anonymous_sees_nothing(contracts):
    from django.contrib.auth.models import AnonymousUser

    assert not Contract.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.parametrize("page", ["contracts:detail", "contracts:quote", "contracts:quote_pdf"])
@pytest.mark.parametrize("persona", ["gemeentecontact", "coordinator", "financieel"])
def test_contract_pages_404_outside_scope(page, persona, persona_client, contracts):
    client = persona_client(persona)
    for key, contract in contracts.items():
        response = client.get(reverse(page, args=[contract.public_id]))
        expected = 200 if key in VISIBLE[persona] else 404
        assert response.status_code == expected, (persona, page, key)


def test_gemeentecontact_of_other_municipality_gets_404(persona_client, contracts):
    client = persona_client("other_gemeentecontact")
    url = reverse("contracts:detail", args=[contracts["own_offered"].public_id])
    assert client.get(url).status_code == 404
    assert client.get(contracts["other_offered"].get_absolute_url()).status_code == 200


def test_list_shows_only_visible_contracts(persona_client, contracts):
    response = persona_client("gemeentecontact").get(reverse("contracts:index"))
    assert [c for c, _quote in response.context["rows"]] == [contracts["own_offered"]]


@pytest.mark.parametrize("persona", ["gemeentecontact", "beheerder", "vrijwilliger"])
def test_roles_without_manage_cannot_change(persona, persona_client, contracts, price_list):
    client = persona_client(persona)
    draft = contracts["own_draft"]
    vip = tariff(price_list, "VIP18:traject")
    response = client.post(
        reverse("contracts:add_line", args=[draft.public_id]), {"tariff": vip.pk, "quantity": 1}
    )
    assert response.status_code == 403
    response = client.post(reverse("contracts:offer", args=[contracts["own_offered"].public_id]))
    assert response.status_code == 403
    assert not ContractLine.objects.filter(contract=draft).exists()


def test_coordinator_cannot_change_other_teams_contract(persona_client, contracts, price_list):
    client = persona_client("coordinator")
    draft = contracts["other_draft"]
    vip = tariff(price_list, "VIP18:traject")
    response = client.post(
        reverse("contracts:add_line", args=[draft.public_id]), {"tariff": vip.pk, "quantity": 1}
    )
    assert response.status_code == 404
    assert not ContractLine.objects.filter(contract=draft).exists()


@pytest.mark.parametrize("persona", ["coordinator", "financieel"])
def test_finance_and_coordinator_create_contracts(
    persona, persona_client, price_list, municipality
):
    response = persona_client(persona).post(
        reverse("contracts:create"), {"municipality": municipality.pk, "year": 2019}
    )
    assert response.status_code == 302
    assert Contract.objects.get().created_by.email.startswith(persona[:5])


def test_post_without_csrf_token_is_refused(client, financieel, contracts):
    from tests.conftest import verified_login

    client.handler.enforce_csrf_checks = True
    verified_login(client, financieel)
    response = client.post(reverse("contracts:offer", args=[contracts["own_draft"].public_id]))
    assert response.status_code == 403
    contracts["own_draft"].refresh_from_db()
    assert contracts["own_draft"].status == "concept"
