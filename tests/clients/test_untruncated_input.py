"""No input is cut off silently: identifiers typed with separators are accepted and
normalised, and an over-long text is refused by the server with a message instead of being
truncated by the browser (issue 13, item 4)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.translation import ngettext

from tests.clients.conftest import SENTINEL_BSN, SENTINEL_V_NUMBER, person_data
from wegwijs.clients import services
from wegwijs.clients.models import Person

CREATE = reverse("clients:create")


def input_tag(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert match, name
    return match.group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["111 222 333", "111.222.333", "111-222-333", " 111222333 "])
def test_a_bsn_typed_with_spaces_or_dots_is_accepted_and_normalised(
    typed, coordinator_client, municipality, bsn_enabled
):
    response = coordinator_client.post(CREATE, person_data(municipality, bsn=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get().bsn == SENTINEL_BSN


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["1234 567 890", "12 34 56 78 90", "1234.567.890"])
def test_a_v_number_typed_with_spaces_is_accepted_and_normalised(
    typed, coordinator_client, municipality
):
    response = coordinator_client.post(CREATE, person_data(municipality, v_number=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Person.objects.get().v_number == SENTINEL_V_NUMBER


@pytest.mark.django_db
def test_the_identifier_inputs_do_not_cut_off_what_is_typed(coordinator_client, bsn_enabled):
    page = coordinator_client.get(CREATE).content.decode()
    for name in ("bsn", "v_number"):
        assert "maxlength" not in input_tag(page, name)


@pytest.mark.django_db
def test_text_inputs_carry_no_maxlength_and_the_server_refuses_over_long_text(
    coordinator_client, municipality
):
    page = coordinator_client.get(CREATE).content.decode()
    assert "maxlength" not in page
    response = coordinator_client.post(CREATE, person_data(municipality, city="x" * 101))
    assert response.status_code == 200
    message = ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        100,
    ) % {"limit_value": 100, "show_value": 101}
    assert response.context["form"].errors["city"] == [message]
    assert message in response.content.decode()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_the_service_accepts_identifiers_with_separators(coordinator, municipality, bsn_enabled):
    data = {
        "given_names": "Amal",
        "family_name": "Yusuf",
        "date_of_birth": datetime.date(1990, 5, 1),
        "municipality": municipality,
        "bsn": "111 222 333",
        "v_number": "1234.567.890",
    }
    person = services.register_person(data=data, actor=coordinator)
    assert (person.bsn, person.v_number) == (SENTINEL_BSN, SENTINEL_V_NUMBER)
    services.update_person(
        person=person,
        data={"v_number": " 1234 567 890 "},
        expected_version=person.version,
        actor=coordinator,
    )
    person.refresh_from_db()
    assert person.v_number == SENTINEL_V_NUMBER and person.version == 1
