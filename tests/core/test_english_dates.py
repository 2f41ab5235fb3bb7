"""English pages write dates day-month-year, as in the United Kingdom, not as in the US."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, translation

from tests.conftest import verified_login
from wegwijs.clients.factories import PersonFactory

DAY = datetime.date(2026, 12, 4)


def test_english_dates_put_the_day_before_the_month():
    with translation.override("en"):
        assert formats.date_format(DAY) == "4 December 2026"
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "04/12/2026"
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")


def test_dutch_dates_are_unchanged():
    with translation.override("nl"):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == "4-12-2026"


@pytest.mark.django_db
def test_an_english_client_page_shows_the_date_of_birth_day_first(client, coordinator, team):
    born = datetime.date(1990, 3, 2)
    person = PersonFactory(municipality=team.municipalities.get(), date_of_birth=born)
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    verified_login(client, coordinator)
    body = client.get(reverse("clients:detail", args=[person.public_id])).content.decode()
    assert "02/03/1990" in body
    assert "03/02/1990" not in body
