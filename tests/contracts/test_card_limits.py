"""Issue 12, point 17: the limits of the cards, checked on contract lines.

I&A card, "Verwacht gebruik van het product": "Minimaal 6 (basisvoorziening) en maximaal 40 uur
per week gedurende 50 weken per jaar voor zelfstandig informatie-en adviespunt. Bij laag gebruik
zijn dependance-uren (1 - 5 uur per week) mogelijk". Group cards: PVT modules at least 12,
Eurowijzer 12 to 15, Taalondersteuning 10 to 15 participants. The limits are data on the
product (group sizes, hours a week) and the tariff (hours a week per unit).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.contracts.conftest import tariff
from wegwijs.catalog.models import Tariff
from wegwijs.contracts import services
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import Contract, ContractLine
from wegwijs.core.errors import DomainError
from wegwijs.organisation.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(catalogue_2019, financieel):
    arnhem = Municipality.objects.get(cbs_code="GM0202")
    return services.create_contract(municipality=arnhem, year=2019, actor=financieel)


def add(contract, code, quantity, actor):
    return services.add_line(
        contract=contract, tariff=tariff(contract.price_list, code), quantity=quantity, actor=actor
    )


def refused(contract, code, quantity, actor, rule):
    before = ContractLine.objects.count()
    with pytest.raises(DomainError) as error:
        add(contract, code, quantity, actor)
    assert error.value.code == rule
    assert ContractLine.objects.count() == before
    return str(error.value)


def test_a_basic_opening_has_at_most_40_hours_a_week(contract, financieel):
    add(contract, "IA:basis", 1, financieel)
    message = refused(contract, "IA:uur", 35, financieel, "weekly_hours")
    assert "41" in message and "40" in message
    add(contract, "IA:uur", 34, financieel)


def test_two_basic_openings_may_have_up_to_80_hours_a_week(contract, financieel):
    add(contract, "IA:basis", 2, financieel)
    add(contract, "IA:uur", 68, financieel)
    refused(contract, "IA:uur", 1, financieel, "weekly_hours")


def test_dependance_hours_without_a_basic_opening_are_1_to_5_a_week(contract, financieel):
    message = refused(contract, "IA:uur", 6, financieel, "weekly_hours")
    assert "5" in message
    add(contract, "IA:uur", 5, financieel)


def test_weekly_hours_count_over_the_municipalitys_offered_contracts_of_the_year(
    contract, financieel
):
    add(contract, "IA:basis", 1, financieel)
    add(contract, "VIP18:traject", 1, financieel)
    extra = services.create_contract(
        municipality=contract.municipality, year=2019, actor=financieel
    )
    # The first contract is a draft: its basic opening does not count yet.
    refused(extra, "IA:uur", 30, financieel, "weekly_hours")
    services.offer_contract(contract=contract, actor=financieel)
    add(extra, "IA:uur", 30, financieel)  # an extension of the point of the first contract
    refused(extra, "IA:uur", 5, financieel, "weekly_hours")


def test_changing_a_line_checks_the_weekly_hours(contract, financieel):
    add(contract, "IA:basis", 1, financieel)
    line = add(contract, "IA:uur", 10, financieel)
    with pytest.raises(DomainError):
        services.update_line(line=line, quantity=35, actor=financieel)
    line.refresh_from_db()
    assert line.quantity == 10
    services.update_line(line=line, quantity=34, actor=financieel)


def test_a_contract_left_over_the_dependance_hours_cannot_be_offered(contract, financieel):
    basis = add(contract, "IA:basis", 1, financieel)
    add(contract, "IA:uur", 10, financieel)
    add(contract, "VIP18:traject", 1, financieel)
    services.remove_line(line=basis, actor=financieel)
    with pytest.raises(DomainError) as error:
        services.offer_contract(contract=contract, actor=financieel)
    assert error.value.code == "weekly_hours"
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.CONCEPT


@pytest.mark.parametrize("code", ["PVT-SE:persoon", "PVT-SM:persoon", "PVT-ME:persoon"])
def test_a_pvt_module_line_has_at_least_12_participants(contract, financieel, code):
    refused(contract, code, 11, financieel, "group_size")
    add(contract, code, 12, financieel)
    add(contract, code, 40, financieel)


def test_eurowijzer_participants_must_fit_groups_of_12_to_15(contract, financieel):
    refused(contract, "EUROWIJZER:persoon", 11, financieel, "group_size")
    message = refused(contract, "EUROWIJZER:persoon", 16, financieel, "group_size")
    assert "12" in message and "15" in message
    for quantity in (12, 15, 24, 30):
        add(contract, "EUROWIJZER:persoon", quantity, financieel)


def test_taalondersteuning_participants_must_fit_groups_of_10_to_15(contract, financieel):
    for quantity in (9, 16, 19):
        refused(contract, "TAALONDERSTEUNING:persoon", quantity, financieel, "group_size")
    for quantity in (10, 15, 20):
        add(contract, "TAALONDERSTEUNING:persoon", quantity, financieel)


def test_a_line_priced_per_group_implies_no_group_size(contract, financieel):
    """Grip and Conversatiegroep are priced per group (per session, per year): the quantity
    counts groups or sessions, not participants, so their maximum of 10 is not a line rule."""
    add(contract, "GRIP:bijeenkomst", 3, financieel)
    add(contract, "CONVERSATIE:groep_jaar", 25, financieel)


def test_changing_a_group_line_checks_the_group_size(contract, financieel):
    line = add(contract, "EUROWIJZER:persoon", 12, financieel)
    with pytest.raises(DomainError):
        services.update_line(line=line, quantity=16, actor=financieel)
    line.refresh_from_db()
    assert line.quantity == 12


def test_offering_counts_the_weekly_hours_of_every_product_in_one_query(contract, financieel):
    def offer_queries(target):
        with CaptureQueriesContext(connection) as queries:
            services.offer_contract(contract=target, actor=financieel)
        return len(queries)

    def with_lines(target):
        for code, quantity in (("IA:basis", 1), ("IA:uur", 1), ("UHHV:plaatsing", 1)):
            add(target, code, quantity, financieel)
        return target

    one_product = offer_queries(with_lines(contract))
    Tariff.objects.filter(pk=tariff(contract.price_list, "UHHV:plaatsing").pk).update(
        weekly_hours=1
    )
    other = services.create_contract(
        municipality=contract.municipality, year=2019, actor=financieel
    )
    assert offer_queries(with_lines(other)) == one_product
