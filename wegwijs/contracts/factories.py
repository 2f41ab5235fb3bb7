"""Test and demo factories for contracts."""

import factory

from wegwijs.accounts.factories import UserFactory
from wegwijs.catalog.factories import PriceListFactory, TariffFactory
from wegwijs.contracts.models import Contract, ContractLine
from wegwijs.organisation.factories import MunicipalityFactory


class ContractFactory(factory.django.DjangoModelFactory):
    """A draft contract; use the services to move it through its statuses."""

    class Meta:
        model = Contract

    municipality = factory.SubFactory(MunicipalityFactory)
    price_list = factory.SubFactory(PriceListFactory, year=2019)
    year = factory.SelfAttribute("price_list.year")
    sequence = factory.Sequence(lambda n: n + 1)
    created_by = factory.SubFactory(UserFactory, financieel=True)


class ContractLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractLine

    contract = factory.SubFactory(ContractFactory)
    tariff = factory.SubFactory(
        TariffFactory, price_list=factory.SelfAttribute("..contract.price_list")
    )
    quantity = 1
