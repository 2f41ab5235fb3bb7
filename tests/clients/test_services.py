"""The services of the client registry: duplicates, optimistic locking, households, dossiers,
consents, and the access log entries they write (field names, never values)."""

import datetime

import pytest

from tests.clients.conftest import SENTINEL_BSN, SENTINEL_NAME, SENTINEL_V_NUMBER
from wegwijs.clients import services
from wegwijs.clients.factories import ConsentFactory, PermitKindFactory, PersonFactory
from wegwijs.clients.models import Consent, Household, IndDossier, Person
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry


def new_person(municipality, **overrides):
    data = {
        "given_names": "Nour",
        "family_name": "El Amrani",
        "date_of_birth": datetime.date(1995, 4, 12),
        "municipality": municipality,
        "arrived_on": datetime.date(2022, 3, 1),
    }
    data.update(overrides)
    return data


def assert_no_sentinels():
    for entry in AuditEntry.objects.all():
        content = entry.canonical_content()
        for sentinel in (SENTINEL_NAME, SENTINEL_BSN, SENTINEL_V_NUMBER):
            assert sentinel not in content


@pytest.mark.django_db
def test_register_person_writes_the_person_and_an_audit_entry_with_field_names_only(
    coordinator, municipality
):
    person = services.register_person(
        data=new_person(
            municipality, given_names=SENTINEL_NAME, bsn=SENTINEL_BSN, v_number=SENTINEL_V_NUMBER
        ),
        actor=coordinator,
    )
    assert person.created_by == coordinator and person.version == 1
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, client_id=person.public_id)
    assert entry.actor == coordinator
    assert {"given_names", "bsn", "v_number", "municipality"} <= set(entry.fields)
    assert_no_sentinels()


@pytest.mark.django_db
def test_registering_outside_the_own_teams_municipalities_is_refused(
    coordinator, other_municipality
):
    with pytest.raises(DomainError):
        services.register_person(data=new_person(other_municipality), actor=coordinator)
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_permit_end_follows_from_the_permit_kind(coordinator, municipality):
    kind = PermitKindFactory(default_duration_years=5)
    person = services.register_person(
        data=new_person(municipality, permit_kind=kind, permit_start=datetime.date(2023, 2, 1)),
        actor=coordinator,
    )
    assert person.permit_end == datetime.date(2028, 2, 1)


@pytest.mark.django_db
def test_same_name_and_birth_date_needs_a_confirmation(coordinator, municipality):
    PersonFactory(
        given_names="NOUR",
        family_name="él amrani",
        date_of_birth=datetime.date(1995, 4, 12),
        municipality=municipality,
    )
    with pytest.raises(services.PossibleDuplicates) as error:
        services.register_person(data=new_person(municipality), actor=coordinator)
    assert len(error.value.visible) == 1 and not error.value.blocking
    assert error.value.visible[0].reasons == ["name_and_birth"]
    assert Person.objects.count() == 1
    services.register_person(
        data=new_person(municipality), actor=coordinator, confirmed_not_duplicate=True
    )
    assert Person.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["bsn", "v_number"])
def test_a_shared_identifier_is_refused_even_when_confirmed(identifier, coordinator, municipality):
    existing = PersonFactory(municipality=municipality, with_identifiers=True)
    data = new_person(municipality, **{identifier: getattr(existing, identifier)})
    with pytest.raises(services.PossibleDuplicates) as error:
        services.register_person(data=data, actor=coordinator, confirmed_not_duplicate=True)
    assert error.value.blocking
    assert error.value.visible[0].person == existing
    assert error.value.visible[0].reasons == [identifier]
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_update_person_records_changed_field_names_and_bumps_the_version(coordinator, person):
    changed = services.update_person(
        person=person,
        data={"given_names": SENTINEL_NAME, "family_name": person.family_name},
        expected_version=1,
        actor=coordinator,
    )
    person.refresh_from_db()
    assert changed == ["given_names"]
    assert person.version == 2 and person.updated_by == coordinator
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, client_id=person.public_id)
    assert entry.fields == ["given_names"]
    assert_no_sentinels()


@pytest.mark.django_db
def test_a_stale_update_writes_nothing_and_says_who_changed_what(
    coordinator, person, django_user_model
):
    services.update_person(
        person=person, data={"phone": "0612345678"}, expected_version=1, actor=coordinator
    )
    with pytest.raises(DomainError) as error:
        services.update_person(
            person=person, data={"city": "Elders"}, expected_version=1, actor=coordinator
        )
    person.refresh_from_db()
    assert person.city == "" and person.phone == "0612345678" and person.version == 2
    assert coordinator.full_name in str(error.value)
    assert error.value.code == "conflict"
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 1


@pytest.mark.django_db
def test_an_update_without_changes_writes_nothing(coordinator, person):
    assert (
        services.update_person(
            person=person, data={"city": person.city}, expected_version=1, actor=coordinator
        )
        == []
    )
    person.refresh_from_db()
    assert person.version == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_invalid_update_writes_nothing(coordinator, person):
    with pytest.raises(DomainError):
        services.update_person(
            person=person,
            data={"date_of_birth": datetime.date.today() + datetime.timedelta(days=3)},
            expected_version=1,
            actor=coordinator,
        )
    person.refresh_from_db()
    assert person.version == 1 and person.date_of_birth == datetime.date(1990, 5, 17)


@pytest.mark.django_db
def test_household_is_made_on_the_first_member_and_a_person_has_one(
    coordinator, person, municipality
):
    child = PersonFactory(municipality=municipality)
    services.add_household_member(of=person, person=child, relation="child", actor=coordinator)
    household = Household.objects.get()
    assert {m.relation for m in household.members.all()} == {"head", "child"}
    elsewhere = PersonFactory(municipality=municipality)
    with pytest.raises(DomainError):
        services.add_household_member(
            of=elsewhere, person=child, relation="child", actor=coordinator
        )
    assert Household.objects.count() == 1
    assert AuditEntry.objects.filter(client_id=child.public_id).count() == 1


@pytest.mark.django_db
def test_removing_the_last_member_removes_the_household(coordinator, person, municipality):
    child = PersonFactory(municipality=municipality)
    member = services.add_household_member(
        of=person, person=child, relation="child", actor=coordinator
    )
    services.remove_household_member(member=member, actor=coordinator)
    services.remove_household_member(member=person.household_membership, actor=coordinator)
    assert not Household.objects.exists()


@pytest.mark.django_db
def test_a_dossier_ties_family_members_together(coordinator, person, municipality):
    relative = PersonFactory(municipality=municipality)
    services.link_to_dossier(
        person=person,
        reference="Z-2024-001",
        kind="zaaknummer",
        role="referent",
        actor=coordinator,
    )
    services.link_to_dossier(
        person=relative,
        reference="z-2024-001",
        kind="zaaknummer",
        role="family_abroad",
        actor=coordinator,
    )
    dossier = IndDossier.objects.get()
    assert dossier.members.count() == 2
    with pytest.raises(DomainError):
        services.link_to_dossier(
            person=person,
            reference="Z-2024-001",
            kind="zaaknummer",
            role="referent",
            actor=coordinator,
        )


@pytest.mark.django_db
def test_an_ind_reference_of_kind_v_number_must_have_ten_digits(coordinator, person):
    with pytest.raises(DomainError):
        services.add_ind_reference(person=person, kind="v_nummer", value="123", actor=coordinator)
    reference = services.add_ind_reference(
        person=person, kind="zaaknummer", value=" ABC/123 ", actor=coordinator
    )
    assert reference.value == "ABC/123"


@pytest.mark.django_db
def test_consent_is_recorded_and_withdrawn_with_who_and_when(coordinator, person):
    consent = services.record_consent(
        person=person,
        purpose="share_municipality",
        recipient="Gemeente Arnhem",
        legal_basis="consent",
        text_version="2026-01",
        given_on=datetime.date(2026, 1, 5),
        actor=coordinator,
    )
    assert consent.recorded_by == coordinator and consent.is_active
    services.withdraw_consent(
        consent=consent, withdrawn_on=datetime.date(2026, 2, 1), actor=coordinator
    )
    consent.refresh_from_db()
    assert consent.withdrawn_by == coordinator and not consent.is_active
    with pytest.raises(DomainError):
        services.withdraw_consent(
            consent=consent, withdrawn_on=datetime.date(2026, 2, 2), actor=coordinator
        )
    entries = AuditEntry.objects.filter(client_id=person.public_id)
    assert [e.action for e in entries.order_by("id")] == ["create", "update"]


@pytest.mark.django_db
def test_consent_cannot_be_withdrawn_before_it_was_given(coordinator):
    consent = ConsentFactory(given_on=datetime.date(2026, 1, 15))
    with pytest.raises(DomainError):
        services.withdraw_consent(
            consent=consent, withdrawn_on=datetime.date(2026, 1, 1), actor=coordinator
        )
    assert Consent.objects.get().withdrawn_on is None
