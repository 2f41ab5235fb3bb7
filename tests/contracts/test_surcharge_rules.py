"""Issue 12, point 16: the surcharge out of the box.

Prijsoverzicht 2019: "In die gemeenten waar niet in de basisdienstverlening aan cliënten wordt
voorzien, waar bijvoorbeeld geen informatie-en adviespunt is en/of geen coaching vestiging wordt
uitgevoerd, kunnen kosten voor de uitvoering hoger zijn en op grond daarvan een opslag berekend
worden van bijvoorbeeld 20% op de richtprijs."

Whether the municipality has the services is a question with three answers: yes, no, unknown.
An unknown is answered by the municipality's contracts of the year (a basic opening of I&A is an
information-and-advice point; VIP 18, VIP Jongeren 18+ and VI 8 are settlement coaching); a yes
or no set on the municipality overrides them; what stays unknown is a question on the quote.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.conftest import verified_login
from tests.contracts.conftest import tariff
from wegwijs.contracts import services
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import Contract
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry
from wegwijs.organisation.models import Municipality
from wegwijs.organisation.reference import load_municipalities

pytestmark = pytest.mark.django_db

IP_QUESTION = "Does the municipality have an information-and-advice point?"
SC_QUESTION = "Does the municipality have settlement coaching?"


def unknown(municipality):
    municipality.has_information_point = municipality.has_settlement_coaching = None
    municipality.save()
    return municipality


@pytest.fixture
def arnhem(catalogue_2019):
    return unknown(Municipality.objects.get(cbs_code="GM0202"))


def draft(municipality, actor, *lines, year=2019):
    contract = services.create_contract(municipality=municipality, year=year, actor=actor)
    price_list = contract.price_list
    for code, quantity in lines:
        services.add_line(
            contract=contract, tariff=tariff(price_list, code), quantity=quantity, actor=actor
        )
    return Contract.objects.get(pk=contract.pk)


def test_reference_data_leaves_the_basic_services_unknown_not_absent(db):
    load_municipalities()
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    assert arnhem.has_information_point is None
    assert arnhem.has_settlement_coaching is None


def test_unknown_basic_services_are_questions_on_the_quote_not_a_surcharge(arnhem, financieel):
    contract = draft(arnhem, financieel, ("TAALCOACH:12m", 5))
    quote = contract.quote()
    assert quote.surcharge_percentage == 0
    assert quote.surcharge_total == 0
    assert quote.total == Decimal("4245.00")
    assert quote.questions == [_(IP_QUESTION), _(SC_QUESTION)]


def test_a_contract_with_the_basic_opening_provides_the_information_point(arnhem, financieel):
    contract = draft(arnhem, financieel, ("IA:basis", 1), ("TAALCOACH:12m", 5))
    assert contract.quote().questions == [_(SC_QUESTION)]


@pytest.mark.parametrize("code", ["VIP18:traject", "VIPJ:traject", "VI8:traject"])
def test_vip_18_vip_jongeren_or_vi_8_on_a_contract_provide_settlement_coaching(
    arnhem, financieel, code
):
    contract = draft(arnhem, financieel, ("IA:basis", 1), (code, 2))
    quote = contract.quote()
    assert quote.questions == []
    assert quote.surcharge_percentage == 0
    assert not quote.surcharge_applies


def test_extension_hours_alone_do_not_provide_the_information_point(arnhem, financieel):
    contract = draft(arnhem, financieel, ("IA:uur", 3), ("VIP18:traject", 2))
    assert contract.quote().questions == [_(IP_QUESTION)]


def test_an_offered_contract_of_the_same_year_provides_the_service(arnhem, financieel):
    first = draft(arnhem, financieel, ("IA:basis", 1), ("VIP18:traject", 1))
    extra = draft(arnhem, financieel, ("TAALCOACH:12m", 1))
    # Another draft does not count: it may never be offered.
    assert extra.quote().questions == [_(IP_QUESTION), _(SC_QUESTION)]
    services.offer_contract(contract=first, actor=financieel)
    extra = Contract.objects.get(pk=extra.pk)
    assert extra.quote().questions == []
    assert extra.quote().surcharge_percentage == 0
    # The list page reads the same answer from its annotation.
    listed = Contract.objects.filter(pk=extra.pk).with_list_data().get()
    assert listed.quote(lines=listed.lines.all()).questions == []


def test_a_contract_of_another_year_provides_nothing(arnhem, financieel):
    from wegwijs.catalog.services import create_price_list_from

    first = draft(arnhem, financieel, ("IA:basis", 1), ("VIP18:traject", 1))
    services.offer_contract(contract=first, actor=financieel)
    create_price_list_from(
        source=first.price_list, year=2020, indexation_percentage=Decimal("0"), actor=financieel
    )
    later = draft(arnhem, financieel, ("TAALCOACH:12m", 1), year=2020)
    assert later.quote().questions == [_(IP_QUESTION), _(SC_QUESTION)]


def test_a_no_on_the_municipality_overrides_what_the_contract_provides(arnhem, financieel):
    arnhem.has_information_point = False
    arnhem.save()
    contract = draft(arnhem, financieel, ("IA:basis", 1), ("VIP18:traject", 10))
    quote = contract.quote()
    assert quote.surcharge_percentage == Decimal("20.00")
    assert quote.surcharge_total == Decimal("4458.00") + Decimal("2166.60")
    assert quote.surcharge_reason == _("%(municipality)s has no information-and-advice point") % {
        "municipality": "Arnhem"
    }


def test_a_yes_on_the_municipality_answers_the_question(arnhem, financieel):
    arnhem.has_information_point = arnhem.has_settlement_coaching = True
    arnhem.save()
    contract = draft(arnhem, financieel, ("TAALCOACH:12m", 5))
    quote = contract.quote()
    assert quote.questions == [] and quote.surcharge_percentage == 0


def test_a_contract_with_an_open_question_cannot_be_offered(arnhem, financieel):
    contract = draft(arnhem, financieel, ("TAALCOACH:12m", 5))
    with pytest.raises(DomainError) as error:
        services.offer_contract(contract=contract, actor=financieel)
    assert error.value.code == "surcharge_unknown"
    assert _(IP_QUESTION) in str(error.value)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT


def test_a_contract_with_an_open_question_cannot_be_signed(arnhem, financieel):
    arnhem.has_information_point = arnhem.has_settlement_coaching = True
    arnhem.save()
    contract = draft(arnhem, financieel, ("TAALCOACH:12m", 5))
    services.offer_contract(contract=contract, actor=financieel)
    unknown(arnhem)
    with pytest.raises(DomainError):
        services.sign_contract(contract=contract, actor=financieel)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.OFFERED and contract.surcharge_percentage is None


def test_a_contract_may_waive_the_surcharge_with_a_reason(arnhem, financieel):
    arnhem.has_information_point = arnhem.has_settlement_coaching = False
    arnhem.save()
    contract = draft(arnhem, financieel, ("VIP18:traject", 10))
    assert contract.quote().surcharge_total == Decimal("4458.00")
    services.waive_surcharge(
        contract=contract, reason="Pilot year agreed with the alderman", actor=financieel
    )
    quote = Contract.objects.get(pk=contract.pk).quote()
    assert quote.surcharge_total == 0 and not quote.surcharge_applies
    assert quote.waiver_reason == "Pilot year agreed with the alderman"
    entry = AuditEntry.objects.filter(object_id=str(contract.public_id)).latest("pk")
    assert entry.action == AuditAction.UPDATE
    assert entry.fields == ["surcharge_waiver_reason"]
    assert "Pilot" not in str(entry.__dict__)  # the reason itself is no audit payload


def test_a_waiver_answers_an_open_question_so_the_contract_can_be_offered(arnhem, financieel):
    contract = draft(arnhem, financieel, ("TAALCOACH:12m", 5))
    services.waive_surcharge(contract=contract, reason="Regional agreement", actor=financieel)
    services.offer_contract(contract=contract, actor=financieel)
    assert contract.status == ContractStatus.OFFERED


def test_a_surcharge_is_waived_only_on_a_draft(arnhem, financieel):
    arnhem.has_information_point = arnhem.has_settlement_coaching = False
    arnhem.save()
    contract = draft(arnhem, financieel, ("VIP18:traject", 1))
    services.offer_contract(contract=contract, actor=financieel)
    with pytest.raises(DomainError):
        services.waive_surcharge(contract=contract, reason="Too late", actor=financieel)
    contract.refresh_from_db()
    assert contract.surcharge_waiver_reason == ""


def test_signing_freezes_the_grounds_of_the_surcharge(arnhem, financieel):
    arnhem.has_information_point = False
    arnhem.save()
    contract = draft(arnhem, financieel, ("VIP18:traject", 1))
    services.offer_contract(contract=contract, actor=financieel)
    services.sign_contract(contract=contract, actor=financieel)
    arnhem.has_information_point = True
    arnhem.save()
    quote = Contract.objects.get(pk=contract.pk).quote()
    assert quote.surcharge_percentage == Decimal("20.00")
    assert "Arnhem" in quote.surcharge_reason


def test_the_quote_and_its_pdf_print_the_reason_of_the_surcharge(
    arnhem, financieel, client, monkeypatch
):
    arnhem.has_information_point = False
    arnhem.save()
    contract = draft(arnhem, financieel, ("VIP18:traject", 1))
    reason = _("%(municipality)s has no information-and-advice point") % {"municipality": "Arnhem"}
    verified_login(client, financieel)
    for name in ("contracts:detail", "contracts:quote"):
        body = client.get(reverse(name, args=[contract.public_id])).content.decode()
        assert reason in body
    rendered = {}

    def fake_pdf(html, **kwargs):
        rendered["html"] = html
        return b"%PDF-1.7"

    monkeypatch.setattr("wegwijs.contracts.pdf.html_to_pdf", fake_pdf)
    response = client.get(reverse("contracts:quote_pdf", args=[contract.public_id]))
    assert response.status_code == 200
    assert reason in rendered["html"]


def test_the_quote_page_shows_the_open_question(arnhem, financieel, client):
    contract = draft(arnhem, financieel, ("TAALCOACH:12m", 5))
    verified_login(client, financieel)
    body = client.get(reverse("contracts:quote", args=[contract.public_id])).content.decode()
    assert _(IP_QUESTION) in body and _(SC_QUESTION) in body


def test_the_contract_page_waives_the_surcharge_through_the_service(arnhem, financieel, client):
    arnhem.has_information_point = arnhem.has_settlement_coaching = False
    arnhem.save()
    contract = draft(arnhem, financieel, ("VIP18:traject", 1))
    verified_login(client, financieel)
    url = reverse("contracts:waive_surcharge", args=[contract.public_id])
    response = client.post(url, {"reason": "x" * 501})
    assert response.status_code == 302
    assert Contract.objects.get(pk=contract.pk).surcharge_waiver_reason == ""
    client.post(url, {"reason": "Regional agreement"})
    assert Contract.objects.get(pk=contract.pk).surcharge_waiver_reason == "Regional agreement"
    body = client.get(reverse("contracts:quote", args=[contract.public_id])).content.decode()
    assert "Regional agreement" in body
