"""Names with a tussenvoegsel ("van", "de", "van der"): kept apart from the family name, shown
in the full name, left out of the sorting (as Dutch lists do: "van Limburg" under L) and found
by the name search with or without it (issue 13, item 4)."""

import datetime

import pytest
from django.urls import reverse

from tests.clients.conftest import person_data
from wegwijs.clients import duplicates, selectors, services
from wegwijs.clients.factories import PersonFactory
from wegwijs.clients.models import Person

INDEX = reverse("clients:index")


@pytest.fixture
def van_limburg(municipality):
    return PersonFactory(
        given_names="Jan", surname_prefix="van", family_name="Limburg", municipality=municipality
    )


@pytest.mark.django_db
def test_the_full_name_includes_the_tussenvoegsel(van_limburg):
    assert van_limburg.full_name == "Jan van Limburg"
    assert van_limburg.sort_name == "Limburg, Jan van"
    assert PersonFactory.build(given_names="Amal", family_name="Yusuf").full_name == "Amal Yusuf"


@pytest.mark.django_db
def test_lists_sort_by_the_family_name_without_the_tussenvoegsel(
    coordinator, coordinator_client, van_limburg, municipality
):
    PersonFactory(
        given_names="Piet", surname_prefix="de", family_name="Vries", municipality=municipality
    )
    PersonFactory(given_names="Karin", family_name="Kok", municipality=municipality)
    PersonFactory(given_names="Mila", family_name="Maas", municipality=municipality)
    names = [p.family_name for p in selectors.persons_for_list(coordinator, sort="name")]
    assert names == sorted(names) and names.index("Limburg") < names.index("Maas")
    page = coordinator_client.get(INDEX).content.decode()
    assert page.index("Kok") < page.index("Limburg, Jan van") < page.index("Maas")
    assert page.index("Maas") < page.index("Vries, Piet de")


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["limburg", "van limburg", "Van Limburg", "jan van limburg"])
def test_the_name_search_finds_a_tussenvoegsel_with_or_without_it(
    typed, coordinator_client, van_limburg
):
    response = coordinator_client.post(INDEX, {"name": typed})
    assert "Limburg, Jan van" in response.content.decode()


@pytest.mark.django_db
def test_the_client_form_records_the_tussenvoegsel(coordinator_client, municipality):
    page = coordinator_client.get(reverse("clients:create")).content.decode()
    assert 'name="surname_prefix"' in page
    data = person_data(
        municipality, given_names="Jan", surname_prefix="van der", family_name="Berg"
    )
    assert coordinator_client.post(reverse("clients:create"), data).status_code == 302
    person = Person.objects.get()
    assert (person.surname_prefix, person.family_name) == ("van der", "Berg")
    assert person.full_name == "Jan van der Berg"


@pytest.mark.django_db
def test_the_same_name_with_its_tussenvoegsel_is_a_possible_duplicate(coordinator, van_limburg):
    van_limburg.date_of_birth = datetime.date(1980, 1, 2)
    van_limburg.save()
    found = duplicates.check(
        actor=coordinator,
        given_names="Jan",
        surname_prefix="van",
        family_name="Limburg",
        date_of_birth=datetime.date(1980, 1, 2),
    )
    assert [match.person for match in found.shown] == [van_limburg]
    with pytest.raises(services.PossibleDuplicates):
        services.register_person(
            data={
                "given_names": "Jan",
                "surname_prefix": "van",
                "family_name": "Limburg",
                "date_of_birth": datetime.date(1980, 1, 2),
                "municipality": van_limburg.municipality,
            },
            actor=coordinator,
        )
