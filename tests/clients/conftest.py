import datetime

import pytest

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.reference import load_client_reference

SENTINEL_NAME = "Zyxwortel"
SENTINEL_BSN = "111222333"
SENTINEL_V_NUMBER = "1234567890"


@pytest.fixture
def client_reference(db):
    return load_client_reference()


@pytest.fixture
def bsn_enabled(settings):
    settings.BSN_PROCESSING_ENABLED = True
    return settings


@pytest.fixture
def person(municipality):
    """A client living in the coordinator's municipality (Arnhem)."""
    return PersonFactory(
        given_names="Amina",
        family_name="Haddad",
        date_of_birth=datetime.date(1990, 5, 17),
        municipality=municipality,
        v_number="2000000001",
    )


@pytest.fixture
def other_person(other_municipality):
    """A client of the other team (Zwolle)."""
    return PersonFactory(
        given_names="Yonas",
        family_name="Tesfay",
        date_of_birth=datetime.date(1985, 2, 3),
        municipality=other_municipality,
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    return verified_login(client, coordinator)


def person_data(municipality, **overrides):
    """What the create form posts for a valid new client."""
    data = {
        "given_names": "Nour",
        "family_name": "El Amrani",
        "date_of_birth": "1995-04-12",
        "gender": "female",
        "nationality": "SY",
        "country_of_origin": "SY",
        "municipality": municipality.pk,
        "arrived_on": "2022-03-01",
        "settled_on": "2023-06-01",
        "inburgering_regime": "wi2021",
        "learning_route": "b1",
        "postcode": "6811ab",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
