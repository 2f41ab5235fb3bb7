import factory
from django.contrib.auth.hashers import make_password
from django.utils.functional import SimpleLazyObject

from wegwijs.accounts.constants import Role
from wegwijs.accounts.models import Team, User
from wegwijs.organisation.factories import LocationFactory, MunicipalityFactory

DEFAULT_PASSWORD = "wegwijs-demo-wachtwoord"  # noqa: S105 (demo and test accounts only)
# Hashing once keeps factories fast while every account still carries an Argon2 hash.
_DEFAULT_HASH = SimpleLazyObject(lambda: make_password(DEFAULT_PASSWORD))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n}")
    location = factory.SubFactory(LocationFactory)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.add(*extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.COORDINATOR
    password = factory.LazyFunction(lambda: str(_DEFAULT_HASH))

    class Params:
        beheerder = factory.Trait(role=Role.BEHEERDER)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        vrijwilliger = factory.Trait(role=Role.VRIJWILLIGER)
        financieel = factory.Trait(role=Role.FINANCE)
        privacy_officer = factory.Trait(role=Role.PRIVACY_OFFICER)
        gemeentecontact = factory.Trait(
            role=Role.GEMEENTECONTACT, municipality=factory.SubFactory(MunicipalityFactory)
        )

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.add(*extracted)
