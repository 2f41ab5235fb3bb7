"""Rules about one person: dates in order, learning route only under Wi 2021 (IO-01)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import Person, add_years, name_key

TODAY = datetime.date.today()


def errors_of(person):
    with pytest.raises(ValidationError) as error, translation.override("nl"):
        person.full_clean()
    return error.value.message_dict


@pytest.mark.django_db
def test_a_birth_date_in_the_future_is_refused(person):
    person.date_of_birth = TODAY + datetime.timedelta(days=1)
    person.arrived_on = person.settled_on = None
    assert "date_of_birth" in errors_of(person)


@pytest.mark.django_db
def test_a_birth_date_after_arrival_or_settlement_is_refused(person):
    person.arrived_on = datetime.date(2020, 1, 1)
    person.settled_on = datetime.date(2021, 1, 1)
    person.date_of_birth = datetime.date(2020, 6, 1)
    messages = errors_of(person)["date_of_birth"]
    assert any("aankomst" in m for m in messages)


@pytest.mark.django_db
def test_settlement_before_arrival_is_refused(person):
    person.arrived_on = datetime.date(2023, 1, 1)
    person.settled_on = datetime.date(2022, 1, 1)
    assert "settled_on" in errors_of(person)


@pytest.mark.django_db
def test_permit_and_term_cannot_end_before_they_start(person):
    person.permit_start = person.inburgering_term_start = datetime.date(2024, 1, 1)
    person.permit_end = person.inburgering_term_end = datetime.date(2023, 1, 1)
    errors = errors_of(person)
    assert {"permit_end", "inburgering_term_end"} <= set(errors)


@pytest.mark.django_db
def test_a_learning_route_only_under_wi2021(person):
    person.inburgering_regime = "wi2013"
    person.learning_route = "b1"
    assert "learning_route" in errors_of(person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(learning_route="z")


@pytest.mark.django_db
def test_database_refuses_birth_after_arrival(person):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(date_of_birth=datetime.date(2024, 1, 1))


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("Müller-Öz", "José") == "muller oz jose"
    assert name_key("  EL  amrani ") == "el amrani"


def test_add_years_keeps_the_day_or_falls_back_to_the_month_end():
    assert add_years(datetime.date(2022, 9, 1), 5) == datetime.date(2027, 9, 1)
    assert add_years(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert add_years(datetime.date(2024, 1, 31), "0.5") == datetime.date(2024, 7, 31)


@pytest.mark.django_db
def test_factory_traits_make_valid_persons():
    person = PersonFactory(with_identifiers=True, statushouder=True)
    person.full_clean()


@pytest.mark.django_db
def test_an_interpreter_language_only_when_an_interpreter_is_needed(person):
    from wegwijs.clients.factories import LanguageFactory

    person.interpreter_language = LanguageFactory()
    assert "interpreter_language" in errors_of(person)
    person.interpreter_needed = True
    person.full_clean()
