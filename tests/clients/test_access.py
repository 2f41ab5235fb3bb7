"""Who sees which client (AC-02): every persona over real persons in and out of scope."""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from wegwijs.clients.factories import HouseholdMemberFactory, IndDossierMemberFactory
from wegwijs.clients.models import Household, IndDossier, Person

NO_CLIENT_FILES = [
    "financieel",
    "gemeentecontact",
    "other_gemeentecontact",
    "privacy_officer",
    "beheerder",
]


@pytest.mark.django_db
def test_coordinator_sees_the_clients_of_their_teams_municipalities(
    coordinator, other_coordinator, person, other_person
):
    assert list(Person.objects.visible_to(coordinator)) == [person]
    assert list(Person.objects.visible_to(other_coordinator)) == [other_person]


@pytest.mark.django_db
def test_a_volunteer_sees_no_client_until_assignments_exist(vrijwilliger, person):
    """Assignments arrive with trajectories; until then ``_assigned_to`` is empty."""
    assert not Person.objects.visible_to(vrijwilliger).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", NO_CLIENT_FILES)
def test_roles_without_client_files_see_none(persona, request, person):
    user = request.getfixturevalue(persona)
    assert not Person.objects.visible_to(user).exists()


@pytest.mark.django_db
def test_households_and_dossiers_are_visible_through_a_visible_member(
    coordinator, other_coordinator, person, other_person
):
    household = HouseholdMemberFactory(person=person).household
    HouseholdMemberFactory(household=household, person=other_person, relation="partner")
    dossier = IndDossierMemberFactory(person=person).dossier
    assert list(Household.objects.visible_to(coordinator)) == [household]
    assert list(Household.objects.visible_to(other_coordinator)) == [household]
    assert list(IndDossier.objects.visible_to(coordinator)) == [dossier]
    assert not IndDossier.objects.visible_to(other_coordinator).exists()


def expected_detail_status(persona):
    if persona == "anonymous":
        return 302
    if persona in ("coordinator",):
        return 200
    if persona in ("other_coordinator", "vrijwilliger", "other_vrijwilliger"):
        return 404
    return 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_client_file_per_persona(persona, persona_client, person):
    response = persona_client(persona).get(reverse("clients:detail", args=[person.public_id]))
    assert response.status_code == expected_detail_status(persona)
    if response.status_code != 200:
        assert person.family_name not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_client_list_and_search_per_persona(persona, persona_client, person):
    client = persona_client(persona)
    listed = client.get(reverse("clients:index"))
    searched = client.post(reverse("clients:index"), {"name": person.family_name})
    for response in (listed, searched):
        # The search form shows the typed name again; a found person shows as a link.
        link = reverse("clients:detail", args=[person.public_id])
        if persona == "coordinator":
            assert response.status_code == 200
            assert link in response.content.decode()
        else:
            assert response.status_code in (200, 302, 403)
            assert link not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["edit", "household_add", "dossier_link", "reference_add", "consent_add"]
)
def test_other_team_gets_404_on_every_page_of_the_person(name, persona_client, person):
    client = persona_client("other_coordinator")
    url = reverse(f"clients:{name}", args=[person.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


@pytest.mark.django_db
def test_other_team_cannot_withdraw_or_leave_via_post(persona_client, person):
    from wegwijs.clients.factories import ConsentFactory

    consent = ConsentFactory(person=person)
    client = persona_client("other_coordinator")
    withdraw = reverse("clients:consent_withdraw", args=[person.public_id, consent.public_id])
    assert client.post(withdraw, {"withdrawn_on": "2026-02-01"}).status_code == 404
    leave = reverse("clients:household_remove", args=[person.public_id])
    assert client.post(leave).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


@pytest.mark.django_db
def test_household_page_offers_only_visible_persons(persona_client, person, other_person):
    response = persona_client("coordinator").post(
        reverse("clients:household_add", args=[person.public_id]),
        {"person": str(other_person.public_id), "relation": "partner"},
    )
    assert response.status_code == 200
    assert not Household.objects.exists()
    assert other_person.family_name not in response.content.decode()
