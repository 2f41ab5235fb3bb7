import factory

from wegwijs.organisation.models import Location, Municipality, Province


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ["code"]

    code = "PV25"
    name = "Gelderland"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["cbs_code"]

    # GM9000-GM9999: outside the real CBS codes, and always six characters long.
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    province = factory.SubFactory(ProvinceFactory)
    # A known "no" for both basic services (the model's default is unknown, None): quotes
    # carry the surcharge unless a test says otherwise.
    has_information_point = False
    has_settlement_coaching = False

    class Params:
        with_basic_services = factory.Trait(
            has_information_point=True, has_settlement_coaching=True
        )
        services_unknown = factory.Trait(has_information_point=None, has_settlement_coaching=None)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Vestiging {n}")
    municipality = factory.SubFactory(MunicipalityFactory)
