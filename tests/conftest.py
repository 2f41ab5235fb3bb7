"""Personas and helpers shared by every test (STYLE.md: personas as fixtures in the root)."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.accounts.factories import DEFAULT_PASSWORD, TeamFactory, UserFactory
from wegwijs.organisation.factories import MunicipalityFactory

PASSWORD = DEFAULT_PASSWORD


def verified_login(client, user):
    """Log ``user`` in with both factors done, as after a real password + code login."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="authenticator", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(cbs_code="GM0202", name="Arnhem")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(cbs_code="GM0193", name="Zwolle")


@pytest.fixture
def team(municipality):
    return TeamFactory(name="Team Arnhem", municipalities=[municipality])


@pytest.fixture
def other_team(other_municipality):
    return TeamFactory(name="Team Zwolle", municipalities=[other_municipality])


@pytest.fixture
def beheerder(db):
    return UserFactory(beheerder=True, email="beheerder@example.org")


@pytest.fixture
def coordinator(team):
    return UserFactory(coordinator=True, email="coordinator@example.org", teams=[team])


@pytest.fixture
def other_coordinator(other_team):
    return UserFactory(coordinator=True, email="coordinator2@example.org", teams=[other_team])


@pytest.fixture
def vrijwilliger(team):
    return UserFactory(vrijwilliger=True, email="vrijwilliger@example.org", teams=[team])


@pytest.fixture
def other_vrijwilliger(team):
    return UserFactory(vrijwilliger=True, email="vrijwilliger2@example.org", teams=[team])


@pytest.fixture
def financieel(db):
    return UserFactory(financieel=True, email="financieel@example.org")


@pytest.fixture
def gemeentecontact(municipality):
    return UserFactory(
        gemeentecontact=True, email="gemeente@example.org", municipality=municipality
    )


@pytest.fixture
def other_gemeentecontact(other_municipality):
    return UserFactory(
        gemeentecontact=True, email="gemeente2@example.org", municipality=other_municipality
    )


@pytest.fixture
def privacy_officer(db):
    return UserFactory(privacy_officer=True, email="privacy@example.org")


PERSONAS = [
    "anonymous",
    "beheerder",
    "coordinator",
    "other_coordinator",
    "vrijwilliger",
    "other_vrijwilliger",
    "financieel",
    "gemeentecontact",
    "other_gemeentecontact",
    "privacy_officer",
]


@pytest.fixture
def persona_client(request, client):
    """A test client logged in (both factors) as the named persona, or anonymous."""

    def make(name):
        if name == "anonymous":
            return client
        user = request.getfixturevalue(name)
        return verified_login(client, user)

    return make
