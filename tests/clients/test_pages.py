"""The client pages: list, search, register with duplicate check, file, change, and the
small forms; what they write, log and show."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.clients.conftest import SENTINEL_BSN, SENTINEL_NAME, person_data
from tests.conftest import verified_login
from wegwijs.clients.factories import (
    ConsentFactory,
    HouseholdMemberFactory,
    IndDossierMemberFactory,
    PersonFactory,
)
from wegwijs.clients.models import Consent, Household, IndDossier, IndReference, Person
from wegwijs.core.constants import AuditAction
from wegwijs.core.models import AuditEntry

INDEX = reverse("clients:index")
CREATE = reverse("clients:create")


def text_of(response):
    return response.content.decode()


def urls_in(response):
    """Every URL the page links or posts to, and where a redirect goes."""
    urls = re.findall(r'(?:href|action|src)="([^"]*)"', text_of(response))
    if "Location" in response:
        urls.append(response["Location"])
    return urls


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- list and search ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_menu_links_to_the_clients_for_coordinators(coordinator_client):
    assert f'href="{INDEX}"' in text_of(coordinator_client.get(reverse("core:dashboard")))


@pytest.mark.django_db
def test_list_shows_visible_clients_sorted(coordinator_client, person, other_person, municipality):
    PersonFactory(family_name="Aziz", municipality=municipality)
    page = text_of(coordinator_client.get(INDEX))
    assert page.index("Aziz") < page.index("Haddad")
    assert "Tesfay" not in page
    page = text_of(coordinator_client.get(INDEX + "?sort=-name"))
    assert page.index("Haddad") < page.index("Aziz")
    assert coordinator_client.get(INDEX + "?sort=bogus").status_code == 200


@pytest.mark.django_db
def test_list_is_paginated_by_25(coordinator_client, municipality):
    PersonFactory.create_batch(30, municipality=municipality)
    response = coordinator_client.get(INDEX)
    assert len(response.context["page"].object_list) == 25
    assert len(coordinator_client.get(INDEX + "?page=2").context["page"].object_list) == 5


def list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INDEX + "?sort=municipality").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_rows(coordinator_client, municipality):
    PersonFactory.create_batch(5, municipality=municipality)
    at_5 = list_queries(coordinator_client)
    PersonFactory.create_batch(45, municipality=municipality)
    at_50 = list_queries(coordinator_client)
    assert at_5 == at_50, (at_5, at_50)
    print(f"list page queries: {at_5} at 5 persons, {at_50} at 50 persons")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "haddad AMINA"),
        ("name", "HÁDDAD"),
        ("date_of_birth", "1990-05-17"),
        ("v_number", "2000000001"),
        ("dossier", "z-2024-777"),
        ("dossier", "ABC/123"),
    ],
)
def test_search_by_each_key_finds_the_person_and_keeps_it_out_of_urls(
    field, value, coordinator_client, person, municipality
):
    PersonFactory(municipality=municipality, family_name="Anders")
    IndDossierMemberFactory(person=person, dossier__reference="Z-2024-777")
    IndReference.objects.create(person=person, kind="zaaknummer", value="ABC/123")
    response = coordinator_client.post(INDEX, {field: value})
    assert response.status_code == 200
    assert list(response.context["results"]) == [person]
    assert all(value not in url for url in urls_in(response))


@pytest.mark.django_db
def test_search_by_bsn_only_when_bsn_processing_is_on(coordinator_client, municipality, settings):
    found = PersonFactory(municipality=municipality, bsn=SENTINEL_BSN)
    response = coordinator_client.post(INDEX, {"bsn": SENTINEL_BSN})
    assert "bsn" not in response.context["search_form"].fields
    settings.BSN_PROCESSING_ENABLED = True
    response = coordinator_client.post(INDEX, {"bsn": "1112.22.333"})
    assert list(response.context["results"]) == [found]
    assert all(SENTINEL_BSN not in url for url in urls_in(response))
    response = coordinator_client.post(INDEX, {"bsn": "111222334"})
    assert response.context["results"] is None
    assert "elfproef" in text_of(response)


@pytest.mark.django_db
def test_search_does_not_find_persons_of_another_team(persona_client, person):
    response = persona_client("other_coordinator").post(INDEX, {"name": "Haddad"})
    assert response.context["results"] == []
    response = persona_client("other_coordinator").post(INDEX, {"v_number": "2000000001"})
    assert response.context["results"] == []


@pytest.mark.django_db
def test_an_empty_search_asks_for_a_term(coordinator_client, person):
    response = coordinator_client.post(INDEX, {})
    assert response.context["results"] is None
    assert "minstens" in text_of(response)


@pytest.mark.django_db
def test_the_search_form_posts_and_no_client_page_has_a_get_form(coordinator_client, person):
    for url in (INDEX, CREATE, person.get_absolute_url()):
        page = text_of(coordinator_client.get(url))
        forms = re.findall(r"<form[^>]*>", page)
        client_forms = [f for f in forms if "set_language" not in f and "logout" not in f]
        assert client_forms
        assert all('method="post"' in form for form in client_forms), client_forms


# --- register -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_register_a_client(coordinator_client, municipality, client_reference):
    response = coordinator_client.post(CREATE, person_data(municipality, languages=["ar", "ti"]))
    person = Person.objects.get()
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert "Amrani" not in response["Location"]
    assert person.postcode == "6811 AB" and person.nationality.code == "SY"
    assert {lang.code for lang in person.languages.all()} == {"ar", "ti"}
    page = coordinator_client.get(response["Location"])
    assert "is geregistreerd" in " ".join(messages_of(page))
    assert "Syrië" in text_of(page)


@pytest.mark.django_db
def test_register_shows_duplicates_and_creates_only_after_confirmation(
    coordinator_client, person, municipality
):
    data = person_data(
        municipality, given_names="amina", family_name="HADDAD", date_of_birth="1990-05-17"
    )
    response = coordinator_client.post(CREATE, data)
    assert response.status_code == 200
    assert Person.objects.count() == 1
    assert person.get_absolute_url() in text_of(response)
    assert "duplicate-confirmed" in text_of(response)
    response = coordinator_client.post(CREATE, {**data, "duplicate-confirmed": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_duplicate_v_number_cannot_be_confirmed_away(coordinator_client, person, municipality):
    data = person_data(municipality, v_number="2000000001", **{"duplicate-confirmed": "on"})
    response = coordinator_client.post(CREATE, data)
    assert response.status_code == 200
    assert Person.objects.count() == 1
    assert "duplicate-confirmed" not in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"date_of_birth": "2999-01-01"},
        {"date_of_birth": "2023-01-01"},  # after arrival
        {"v_number": "12345"},
        {"v_number": "12345678901"},
        {"learning_route": "z", "inburgering_regime": "wi2013"},
        {"permit_start": "2024-01-01", "permit_end": "2023-01-01"},
        {"given_names": "x" * 101},
        {"postcode": "ABCDEF"},
    ],
)
def test_invalid_input_is_refused_in_dutch_and_writes_nothing(
    overrides, coordinator_client, municipality
):
    response = coordinator_client.post(CREATE, person_data(municipality, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CREATE).exists()
    assert "niet opgeslagen" in " ".join(messages_of(response)) or "niet geregistreerd" in " ".join(
        messages_of(response)
    )


@pytest.mark.django_db
def test_a_bsn_failing_the_eleven_test_is_refused(coordinator_client, municipality, bsn_enabled):
    response = coordinator_client.post(CREATE, person_data(municipality, bsn="111222334"))
    assert "elfproef" in text_of(response)
    assert not Person.objects.exists()
    response = coordinator_client.post(CREATE, person_data(municipality, bsn=SENTINEL_BSN))
    assert Person.objects.get().bsn == SENTINEL_BSN


@pytest.mark.django_db
def test_the_bsn_field_is_absent_when_bsn_processing_is_off(coordinator_client, municipality):
    page = text_of(coordinator_client.get(CREATE))
    assert 'name="bsn"' not in page
    coordinator_client.post(CREATE, person_data(municipality, bsn=SENTINEL_BSN))
    assert Person.objects.get().bsn is None


@pytest.mark.django_db
def test_the_bsn_field_is_present_when_bsn_processing_is_on(coordinator_client, bsn_enabled):
    assert 'name="bsn"' in text_of(coordinator_client.get(CREATE))


@pytest.mark.django_db
def test_municipality_choices_are_the_own_teams(coordinator_client, other_municipality):
    response = coordinator_client.get(CREATE)
    choices = list(response.context["form"].fields["municipality"].queryset)
    assert other_municipality not in choices and len(choices) == 1


# --- the client file ------------------------------------------------------------------------


@pytest.mark.django_db
def test_reading_the_file_is_logged_once_without_values(coordinator_client, municipality, settings):
    settings.BSN_PROCESSING_ENABLED = True
    person = PersonFactory(given_names=SENTINEL_NAME, bsn=SENTINEL_BSN, municipality=municipality)
    response = coordinator_client.get(person.get_absolute_url())
    assert response.status_code == 200
    entry = AuditEntry.objects.get(client_id=person.public_id)
    assert entry.action == AuditAction.READ and entry.client_id == person.public_id
    assert entry.object_id == str(person.public_id) and entry.actor_role == "coordinator"
    content = entry.canonical_content()
    assert SENTINEL_NAME not in content and SENTINEL_BSN not in content


@pytest.mark.django_db
def test_the_file_shows_household_dossiers_and_consents(coordinator_client, person, other_person):
    household = HouseholdMemberFactory(person=person).household
    HouseholdMemberFactory(household=household, person=other_person, relation="partner")
    dossier = IndDossierMemberFactory(person=person, dossier__reference="Z-9").dossier
    IndDossierMemberFactory(dossier=dossier, person=other_person, role="family_abroad")
    ConsentFactory(person=person, recipient="Gemeente Arnhem")
    page = text_of(coordinator_client.get(person.get_absolute_url()))
    assert "Z-9" in page and "Gemeente Arnhem" in page
    assert "Tesfay" not in page
    assert "1 ander lid buiten uw caseload" in page
    assert "1 andere persoon buiten uw caseload" in page


@pytest.mark.django_db
def test_identifiers_are_masked_for_roles_without_the_capability(rf, person, vrijwilliger):
    from wegwijs.clients.identifiers import shown_identifier

    assert shown_identifier(person.v_number, user=vrijwilliger) == "*******001"


@pytest.mark.django_db
def test_the_coordinator_sees_identifiers_in_full(coordinator_client, person):
    assert "2000000001" in text_of(coordinator_client.get(person.get_absolute_url()))


# --- change ---------------------------------------------------------------------------------


def edit_data(person, **overrides):
    data = person_data(
        person.municipality,
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth.isoformat(),
        v_number=person.v_number,
        learning_route="",
        inburgering_regime="unknown",
        postcode="",
        gender="",
        version=person.version,
    )
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_edit_saves_and_logs_field_names(coordinator_client, person):
    url = reverse("clients:edit", args=[person.public_id])
    assert coordinator_client.get(url).status_code == 200
    response = coordinator_client.post(url, edit_data(person, city="Arnhem", phone="0612345678"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.city == "Arnhem" and person.version == 2
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).get()
    assert "city" in entry.fields and "phone" in entry.fields
    assert "Arnhem" not in entry.canonical_content()
    assert AuditEntry.objects.filter(action=AuditAction.READ).count() == 1


@pytest.mark.django_db
def test_two_editors_the_second_gets_a_conflict_and_nothing_is_written(coordinator_client, person):
    url = reverse("clients:edit", args=[person.public_id])
    first = edit_data(person, city="Eerste")
    second = edit_data(person, city="Tweede")
    assert coordinator_client.post(url, first).status_code == 302
    response = coordinator_client.post(url, second)
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.city == "Eerste" and person.version == 2
    error = " ".join(response.context["form"].non_field_errors())
    assert "heeft dit dossier gewijzigd" in error and "woonplaats" in error
    assert "Tweede" not in error


@pytest.mark.django_db
def test_extra_post_fields_are_ignored(coordinator_client, person):
    url = reverse("clients:edit", args=[person.public_id])
    coordinator_client.post(url, edit_data(person, city="X", version_number=99, created_by=1))
    person.refresh_from_db()
    assert person.created_by is None and person.version == 2


# --- small forms ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_a_household_member_through_the_page(coordinator_client, person, municipality):
    child = PersonFactory(municipality=municipality)
    url = reverse("clients:household_add", args=[person.public_id])
    response = coordinator_client.post(url, {"person": str(child.public_id), "relation": "child"})
    assert response.status_code == 302
    assert Household.objects.get().members.count() == 2
    leave = reverse("clients:household_remove", args=[child.public_id])
    assert coordinator_client.post(leave, {"confirmed": "on"}).status_code == 302
    assert Household.objects.get().members.count() == 1


@pytest.mark.django_db
def test_link_a_dossier_and_add_a_reference_through_the_pages(coordinator_client, person):
    url = reverse("clients:dossier_link", args=[person.public_id])
    data = {"reference": "Z-1", "kind": "zaaknummer", "role": "referent"}
    assert coordinator_client.post(url, data).status_code == 302
    assert IndDossier.objects.get().reference == "Z-1"
    url = reverse("clients:reference_add", args=[person.public_id])
    response = coordinator_client.post(url, {"kind": "v_nummer", "value": "12"})
    assert response.status_code == 200 and not IndReference.objects.exists()
    assert (
        coordinator_client.post(url, {"kind": "v_nummer", "value": "3000000001"}).status_code == 302
    )


@pytest.mark.django_db
def test_record_and_withdraw_a_consent_through_the_pages(coordinator_client, person):
    url = reverse("clients:consent_add", args=[person.public_id])
    data = {
        "purpose": "share_municipality",
        "recipient": "Gemeente Arnhem",
        "legal_basis": "consent",
        "text_version": "2026-01",
        "given_on": "2026-01-05",
    }
    assert coordinator_client.post(url, data).status_code == 302
    consent = Consent.objects.get()
    withdraw = reverse("clients:consent_withdraw", args=[person.public_id, consent.public_id])
    response = coordinator_client.post(withdraw, {"withdrawn_on": "2026-02-01"}, follow=True)
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2026, 2, 1)
    assert "intrekking" in " ".join(messages_of(response))


@pytest.mark.django_db
def test_a_consent_in_the_future_is_refused(coordinator_client, person):
    url = reverse("clients:consent_add", args=[person.public_id])
    data = {"purpose": "other", "legal_basis": "consent", "given_on": "2999-01-01"}
    response = coordinator_client.post(url, data)
    assert response.status_code == 200 and not Consent.objects.exists()


@pytest.mark.django_db
def test_a_volunteer_cannot_post_to_change_pages(client, vrijwilliger, person):
    volunteer = verified_login(client, vrijwilliger)
    url = reverse("clients:edit", args=[person.public_id])
    assert volunteer.post(url, edit_data(person, city="X")).status_code == 403
    person.refresh_from_db()
    assert person.version == 1


@pytest.mark.django_db
def test_identifiers_appear_only_on_the_file_itself(coordinator_client, municipality, settings):
    settings.BSN_PROCESSING_ENABLED = True
    person = PersonFactory(municipality=municipality, bsn=SENTINEL_BSN, v_number="9876543210")
    pages = [
        coordinator_client.get(INDEX),
        coordinator_client.post(INDEX, {"name": person.family_name}),
        coordinator_client.get(reverse("clients:consent_add", args=[person.public_id])),
    ]
    for response in pages:
        assert SENTINEL_BSN not in text_of(response) and "9876543210" not in text_of(response)
    assert SENTINEL_BSN in text_of(coordinator_client.get(person.get_absolute_url()))
    settings.BSN_PROCESSING_ENABLED = False
    page = text_of(coordinator_client.get(person.get_absolute_url()))
    assert SENTINEL_BSN not in page and "BSN" not in page
