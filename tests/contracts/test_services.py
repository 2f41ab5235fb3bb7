"""The contract services: who/when of each status, the signing rules, frozen prices."""

from decimal import Decimal

import pytest

from tests.contracts.conftest import tariff
from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.contracts import services
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import Contract, ContractLine
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(price_list, municipality, financieel):
    return services.create_contract(municipality=municipality, year=2019, actor=financieel)


def test_create_contract_numbers_and_audits(contract, municipality, financieel):
    assert contract.status == ContractStatus.CONCEPT
    assert contract.created_by == financieel
    assert contract.number == "2019-GM0202-01"
    assert contract.price_list.year == 2019
    entry = AuditEntry.objects.get(object_id=str(contract.public_id))
    assert (entry.action, entry.actor) == (AuditAction.CREATE, financieel)

    second = services.create_contract(municipality=municipality, year=2019, actor=financieel)
    assert second.number == "2019-GM0202-02"


def test_create_contract_refuses_year_without_price_list(price_list, municipality, financieel):
    with pytest.raises(DomainError, match="2031"):
        services.create_contract(municipality=municipality, year=2031, actor=financieel)
    assert not Contract.objects.exists()


def test_coordinator_creates_only_for_own_teams_municipalities(
    price_list, municipality, other_municipality, coordinator
):
    services.create_contract(municipality=municipality, year=2019, actor=coordinator)
    with pytest.raises(DomainError):
        services.create_contract(municipality=other_municipality, year=2019, actor=coordinator)
    assert Contract.objects.count() == 1


def test_gemeentecontact_cannot_create(price_list, municipality, gemeentecontact):
    with pytest.raises(DomainError):
        services.create_contract(municipality=municipality, year=2019, actor=gemeentecontact)
    assert not Contract.objects.exists()


def test_add_line_validates_before_writing(contract, price_list, financieel):
    vip = tariff(price_list, "VIP18:traject")
    for quantity in (0, -3, 1.5, "2"):
        with pytest.raises(DomainError):
            services.add_line(contract=contract, tariff=vip, quantity=quantity, actor=financieel)
    with pytest.raises(DomainError):
        services.add_line(
            contract=contract, tariff=vip, quantity=1, agreed_price="-1", actor=financieel
        )
    with pytest.raises(DomainError):
        services.add_line(
            contract=contract, tariff=vip, quantity=1, agreed_price="1.005", actor=financieel
        )
    assert not ContractLine.objects.exists()


def test_add_line_refuses_tariff_of_another_year(contract, financieel):
    from wegwijs.catalog.factories import PriceListFactory, TariffFactory

    other = TariffFactory(price_list=PriceListFactory(year=2020))
    with pytest.raises(DomainError, match="2019"):
        services.add_line(contract=contract, tariff=other, quantity=1, actor=financieel)
    assert not ContractLine.objects.exists()


def test_status_flow_records_who_and_when(contract, price_list, financieel, coordinator):
    services.add_line(
        contract=contract,
        tariff=tariff(price_list, "VIP18:traject"),
        quantity=2,
        actor=financieel,
    )
    services.offer_contract(contract=contract, actor=financieel)
    services.sign_contract(contract=contract, actor=coordinator)
    services.close_contract(contract=contract, actor=financieel)

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CLOSED
    assert contract.offered_by == financieel and contract.offered_at
    assert contract.signed_by == coordinator and contract.signed_at
    assert contract.closed_by == financieel and contract.closed_at
    assert contract.offered_at <= contract.signed_at <= contract.closed_at
    events = list(
        AuditEntry.objects.filter(object_id=str(contract.public_id))
        .order_by("id")
        .values_list("event", flat=True)
    )
    assert events == ["", "line_added", "offered", "signed", "closed"]


def test_statuses_cannot_be_skipped(contract, price_list, financieel):
    with pytest.raises(DomainError):
        services.offer_contract(contract=contract, actor=financieel)  # no lines
    services.add_line(
        contract=contract,
        tariff=tariff(price_list, "VIP18:traject"),
        quantity=1,
        actor=financieel,
    )
    with pytest.raises(DomainError):
        services.sign_contract(contract=contract, actor=financieel)  # not offered
    with pytest.raises(DomainError):
        services.close_contract(contract=contract, actor=financieel)  # not signed
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT


def test_sign_refused_for_on_request_line_without_agreed_price(contract, price_list, financieel):
    services.add_line(
        contract=contract,
        tariff=tariff(price_list, "INBURGERING:op_aanvraag"),
        quantity=3,
        actor=financieel,
    )
    services.offer_contract(contract=contract, actor=financieel)
    audit_count = AuditEntry.objects.count()

    with pytest.raises(DomainError) as refused:
        services.sign_contract(contract=contract, actor=financieel)

    assert refused.value.code == "on_request_without_price"
    assert "afgesproken prijs" in str(refused.value)
    assert "Inburgering" in str(refused.value)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.OFFERED
    assert contract.signed_at is None and contract.surcharge_percentage is None
    assert ContractLine.objects.get().guide_price is None
    assert not PriceList.objects.get(year=2019).is_locked
    assert AuditEntry.objects.count() == audit_count


def test_on_request_line_with_agreed_price_can_be_signed(contract, price_list, financieel):
    services.add_line(
        contract=contract,
        tariff=tariff(price_list, "INBURGERING:op_aanvraag"),
        quantity=3,
        agreed_price=Decimal("1500.00"),
        actor=financieel,
    )
    services.offer_contract(contract=contract, actor=financieel)
    services.sign_contract(contract=contract, actor=financieel)
    assert contract.quote().total == Decimal("4500.00")


def test_no_line_edits_after_offering(contract, price_list, financieel):
    line = services.add_line(
        contract=contract,
        tariff=tariff(price_list, "VIP18:traject"),
        quantity=1,
        actor=financieel,
    )
    services.offer_contract(contract=contract, actor=financieel)
    services.sign_contract(contract=contract, actor=financieel)
    line.refresh_from_db()
    vip = tariff(price_list, "VIP18:traject")
    with pytest.raises(DomainError) as refused:
        services.add_line(contract=contract, tariff=vip, quantity=1, actor=financieel)
    assert refused.value.code == "not_editable"
    with pytest.raises(DomainError):
        services.update_line(line=line, quantity=5, actor=financieel)
    with pytest.raises(DomainError):
        services.remove_line(line=line, actor=financieel)
    line.refresh_from_db()
    assert line.quantity == 1
    assert ContractLine.objects.count() == 1


def test_signing_freezes_prices_and_locks_the_price_list(
    contract, price_list, municipality, financieel
):
    services.add_line(
        contract=contract,
        tariff=tariff(price_list, "VIP18:traject"),
        quantity=10,
        actor=financieel,
    )
    services.offer_contract(contract=contract, actor=financieel)
    services.sign_contract(contract=contract, actor=financieel)
    assert PriceList.objects.get(year=2019).is_locked
    before = contract.quote().total
    assert before == Decimal("26748.00")  # 10 × (2229 + 445.80)

    # The municipality gets both basic services later, and the tariff changes behind the
    # catalogue's back: the signed contract keeps its prices.
    municipality.has_information_point = municipality.has_settlement_coaching = True
    municipality.save()
    Tariff.objects.filter(code="traject").update(price=Decimal("1.00"))
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.surcharge_percentage == Decimal("20.00")
    assert contract.quote().total == before


def test_municipality_with_basic_services_pays_guide_prices(price_list, financieel):
    from wegwijs.organisation.factories import MunicipalityFactory

    served = MunicipalityFactory(with_basic_services=True)
    contract = services.create_contract(municipality=served, year=2019, actor=financieel)
    services.add_line(
        contract=contract,
        tariff=tariff(price_list, "TAALCOACH:12m"),
        quantity=5,
        actor=financieel,
    )
    quote = contract.quote()
    assert not quote.surcharge_applies
    assert quote.total == Decimal("4245.00")


def test_only_one_missing_basic_service_is_enough_for_the_surcharge(price_list, financieel):
    from wegwijs.organisation.factories import MunicipalityFactory

    half = MunicipalityFactory(has_information_point=True, has_settlement_coaching=False)
    contract = services.create_contract(municipality=half, year=2019, actor=financieel)
    services.add_line(
        contract=contract,
        tariff=tariff(price_list, "TAALCOACH:12m"),
        quantity=5,
        actor=financieel,
    )
    assert contract.quote().total == Decimal("5094.00")  # 5 × 849 × 1.20


def test_update_and_remove_line_while_draft(contract, price_list, financieel):
    line = services.add_line(
        contract=contract,
        tariff=tariff(price_list, "VIP18:traject"),
        quantity=1,
        actor=financieel,
    )
    services.update_line(line=line, quantity=4, agreed_price=Decimal("2000"), actor=financieel)
    line.refresh_from_db()
    assert (line.quantity, line.agreed_price) == (4, Decimal("2000.00"))
    assert contract.quote().total == Decimal("8000.00")
    services.remove_line(line=line, actor=financieel)
    assert not ContractLine.objects.exists()


def test_withdrawn_offer_is_a_draft_again(contract, price_list, financieel):
    line = services.add_line(
        contract=contract,
        tariff=tariff(price_list, "VIP18:traject"),
        quantity=1,
        actor=financieel,
    )
    services.offer_contract(contract=contract, actor=financieel)
    services.withdraw_offer(contract=contract, actor=financieel)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT
    assert contract.offered_at is None and contract.offered_by is None
    services.update_line(line=line, quantity=2, actor=financieel)
    assert AuditEntry.objects.filter(event="offer_withdrawn").exists()

    services.offer_contract(contract=contract, actor=financieel)
    services.sign_contract(contract=contract, actor=financieel)
    with pytest.raises(DomainError):
        services.withdraw_offer(contract=contract, actor=financieel)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED


def test_factories_make_a_consistent_contract():
    from wegwijs.contracts.factories import ContractLineFactory

    line = ContractLineFactory(quantity=3)
    assert line.tariff.price_list == line.contract.price_list
    assert line.contract.year == line.contract.price_list.year
    assert line.contract.quote().total == Decimal("3000.00") * (
        1 + line.contract.applicable_surcharge_percentage() / 100
    )
