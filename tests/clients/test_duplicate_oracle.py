"""The duplicate check is no oracle (issue 10, SECURITY.md AC-02, AC-04, LOG-01).

A coördinator who registers a person matching a client of another team is told nothing of
it: the answer is the one without that client. The check is logged and counted per user,
and the other side gets a signal. A volunteer, who sees identifiers masked, cannot confirm a
full V-nummer or IND reference by searching it.
"""

import datetime
import re
import threading
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tests.clients.conftest import SENTINEL_V_NUMBER, person_data
from tests.conftest import verified_login
from tests.trajectories.conftest import (  # noqa: F401 (fixtures)
    arnhem,
    client_in_arnhem,
    open_trajectory,
    reference,
    signed_contract,
)
from wegwijs.clients import duplicates, selectors, services
from wegwijs.clients.constants import DuplicateOutcome, DuplicateSignalStatus
from wegwijs.clients.factories import IndDossierMemberFactory, PersonFactory
from wegwijs.clients.models import DuplicateSignal, IndReference, Person
from wegwijs.core.constants import AuditAction, AuditResult
from wegwijs.core.models import AuditEntry
from wegwijs.trajectories import services as trajectory_services
from wegwijs.trajectories.constants import AssignmentRole
from wegwijs.volunteers.factories import VolunteerProfileFactory

CREATE = reverse("clients:create")
INDEX = reverse("clients:index")
SIGNALS = reverse("clients:duplicate_signals")
OTHER_V_NUMBER = "3000000003"


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def others_client(other_municipality):
    """A client of Team Zwolle, outside the Arnhem coördinator's caseload."""
    return PersonFactory(
        given_names="Yonas",
        family_name="Tesfay",
        date_of_birth=datetime.date(1985, 2, 3),
        municipality=other_municipality,
        v_number=OTHER_V_NUMBER,
    )


def probe(municipality, **overrides):
    """What the create form posts for "Probe Probe"."""
    return person_data(
        municipality, **{"given_names": "Probe", "family_name": "Probe", **overrides}
    )


def probe_values(municipality, **overrides):
    """What ``register_person`` takes for "Probe Probe"."""
    values = {
        "given_names": "Probe",
        "family_name": "Probe",
        "date_of_birth": datetime.date(1990, 1, 1),
        "municipality": municipality,
    }
    return values | overrides


def normalised(response) -> str:
    """The page without what differs between any two responses: the CSRF token, the CSP
    nonce, and the public ids of the persons it was about."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", body)
    body = re.sub(r'nonce="[^"]*"', "NONCE", body)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", body)


def register(client, data):
    response = client.post(CREATE, data, follow=True)
    return response, [
        (re.sub(r"[0-9a-f-]{36}", "UUID", url), code) for url, code in response.redirect_chain
    ]


def check_entries():
    return AuditEntry.objects.filter(event=duplicates.CHECK_EVENT).order_by("id")


# --- the probe of the issue -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"v_number": OTHER_V_NUMBER}, id="other teams v-nummer"),
        pytest.param(
            {"given_names": "Yonas", "family_name": "Tesfay", "date_of_birth": "1985-02-03"},
            id="name and birth date",
        ),
    ],
)
def test_a_probe_matching_another_teams_client_answers_as_if_there_were_none(
    overrides, frozen, coordinator_client, municipality, others_client
):
    data = probe(municipality, **overrides)
    with_match, chain_with = register(coordinator_client, data)
    probe_person = Person.objects.get(municipality=municipality)
    # The same request again, in a database without the other team's client.
    Person.objects.filter(pk__in=[probe_person.pk, others_client.pk]).delete()
    without_match, chain_without = register(coordinator_client, data)

    assert chain_with == chain_without and chain_with[0][1] == 302
    assert normalised(with_match) == normalised(without_match)
    assert _("%(name)s has been registered.") % {"name": Person.objects.get().full_name} in (
        with_match.content.decode()
    )


@pytest.mark.django_db
def test_a_probe_is_logged_with_counts_and_no_typed_values(
    coordinator, coordinator_client, municipality, others_client
):
    coordinator_client.post(CREATE, probe(municipality, v_number=OTHER_V_NUMBER))
    entry = check_entries().get()
    assert entry.action == AuditAction.SECURITY and entry.actor == coordinator
    assert entry.result == AuditResult.OK
    assert entry.object_id == "in_scope=0,out_of_scope=1"
    assert set(entry.fields) == {"given_names", "family_name", "date_of_birth", "v_number"}
    for logged in AuditEntry.objects.all():
        content = logged.canonical_content()
        assert OTHER_V_NUMBER not in content and "Probe" not in content


@pytest.mark.django_db
def test_a_probe_gives_the_other_side_a_signal(
    coordinator, other_coordinator, privacy_officer, municipality, others_client
):
    person = services.register_person(
        data=probe_values(municipality, v_number=OTHER_V_NUMBER), actor=coordinator
    )
    signal = DuplicateSignal.objects.get()
    assert (signal.person, signal.matching_person, signal.asked_by) == (
        person,
        others_client,
        coordinator,
    )
    assert signal.reasons == ["v_number"] and signal.status == DuplicateSignalStatus.OPEN
    assert list(DuplicateSignal.objects.visible_to(other_coordinator)) == [signal]
    assert list(DuplicateSignal.objects.visible_to(privacy_officer)) == [signal]
    assert not DuplicateSignal.objects.visible_to(coordinator).exists()
    # The matching client's access history shows that someone matched them.
    assert (
        AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="clients.duplicatesignal")
        .get()
        .client_id
        == others_client.public_id
    )


@pytest.mark.django_db
def test_no_signal_without_a_match_outside_the_caseload(coordinator, municipality, person):
    services.register_person(
        data={
            "given_names": "Nour",
            "family_name": "El Amrani",
            "date_of_birth": datetime.date(1995, 4, 12),
            "municipality": municipality,
        },
        actor=coordinator,
    )
    assert not DuplicateSignal.objects.exists()
    assert check_entries().get().object_id == "in_scope=0,out_of_scope=0"


# --- matches in scope are shown as before ---------------------------------------------------


@pytest.mark.django_db
def test_matches_in_the_caseload_are_still_shown_and_the_others_not_even_counted(
    coordinator_client, municipality, person, other_municipality
):
    elsewhere = PersonFactory(
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        municipality=other_municipality,
    )
    data = probe(
        municipality,
        given_names=person.given_names,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth.isoformat(),
    )
    response = coordinator_client.post(CREATE, data)
    page = response.content.decode()
    assert response.status_code == 200 and Person.objects.count() == 2
    assert person.get_absolute_url() in page
    assert str(elsewhere.public_id) not in page
    assert [m.person for m in response.context["duplicates"].visible] == [person]
    assert check_entries().get().object_id == "in_scope=1,out_of_scope=1"
    assert not DuplicateSignal.objects.exists()
    # Confirmed as a different person: registered, and only then the other side is told.
    response = coordinator_client.post(CREATE, {**data, "duplicate-confirmed": "on"})
    assert response.status_code == 302
    assert DuplicateSignal.objects.get().matching_person == elsewhere


@pytest.mark.django_db
def test_an_identifier_shared_in_the_caseload_is_still_refused(
    coordinator_client, municipality, person
):
    response = coordinator_client.post(CREATE, probe(municipality, v_number=person.v_number))
    assert response.status_code == 200 and Person.objects.count() == 1
    assert response.context["duplicates"].blocking
    assert check_entries().get().object_id == "in_scope=1,out_of_scope=0"


@pytest.mark.django_db(transaction=True)
def test_a_registration_waits_for_a_concurrent_one_of_the_same_v_number(coordinator, municipality):
    """Without a unique constraint, the advisory lock per identity (PostgreSQL) keeps two
    concurrent registrations of one V-nummer from both passing the check."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite has one writer at a time")
    outcome = []

    def register_second():
        try:
            services.register_person(
                data=probe_values(municipality, v_number=SENTINEL_V_NUMBER), actor=coordinator
            )
            outcome.append("registered")
        except services.PossibleDuplicates:
            outcome.append("refused")
        finally:
            connection.close()

    second = threading.Thread(target=register_second)
    with transaction.atomic():
        duplicates.lock_identity(
            given_names="", family_name="", date_of_birth=None, bsn=None, v_number=SENTINEL_V_NUMBER
        )
        PersonFactory(municipality=municipality, v_number=SENTINEL_V_NUMBER)
        second.start()
        time.sleep(0.5)  # long enough for the second to pass the check if nothing held it
    second.join(timeout=10)
    assert outcome == ["refused"]
    assert Person.objects.filter(v_number=SENTINEL_V_NUMBER).count() == 1


# --- changing an identifier -----------------------------------------------------------------


@pytest.mark.django_db
def test_changing_to_another_teams_v_number_saves_as_usual_and_signals(
    coordinator, person, others_client
):
    changed = services.update_person(
        person=person, data={"v_number": OTHER_V_NUMBER}, expected_version=1, actor=coordinator
    )
    assert changed == ["v_number"]
    person.refresh_from_db()
    assert person.v_number == OTHER_V_NUMBER
    assert DuplicateSignal.objects.get().matching_person == others_client
    assert check_entries().get().object_id == "in_scope=0,out_of_scope=1"


@pytest.mark.django_db
def test_changing_to_a_v_number_in_the_caseload_is_refused_and_logged(
    coordinator, person, municipality
):
    mine = PersonFactory(municipality=municipality, v_number=SENTINEL_V_NUMBER)
    with pytest.raises(services.DomainError):
        services.update_person(
            person=person,
            data={"v_number": SENTINEL_V_NUMBER},
            expected_version=1,
            actor=coordinator,
        )
    person.refresh_from_db()
    assert person.v_number == "2000000001" and person.version == 1
    assert check_entries().get().object_id == "in_scope=1,out_of_scope=0"
    assert mine.v_number == SENTINEL_V_NUMBER


@pytest.mark.django_db(transaction=True)
def test_an_identifier_change_waits_for_a_concurrent_registration_of_it(
    coordinator, person, municipality
):
    """A changed V-nummer is checked under the same advisory lock as a registration, so a
    change and a concurrent registration of one V-nummer cannot both pass the check."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite has one writer at a time")
    outcome = []

    def change_second():
        try:
            services.update_person(
                person=person,
                data={"v_number": SENTINEL_V_NUMBER},
                expected_version=1,
                actor=coordinator,
            )
            outcome.append("changed")
        except services.DomainError as error:
            outcome.append(error.code)
        finally:
            connection.close()

    second = threading.Thread(target=change_second)
    with transaction.atomic():
        duplicates.lock_identity(
            given_names="", family_name="", date_of_birth=None, bsn=None, v_number=SENTINEL_V_NUMBER
        )
        PersonFactory(municipality=municipality, v_number=SENTINEL_V_NUMBER)
        second.start()
        time.sleep(0.5)  # long enough for the change to pass the check if nothing held it
    second.join(timeout=10)
    assert outcome == ["duplicate"]
    assert Person.objects.filter(v_number=SENTINEL_V_NUMBER).count() == 1


# --- adding an IND reference ---------------------------------------------------------------


@pytest.mark.django_db
def test_adding_another_teams_ind_reference_answers_as_if_there_were_none(
    frozen, coordinator_client, person, others_client
):
    url = reverse("clients:reference_add", args=[person.public_id])
    data = {"kind": "zaaknummer", "value": "ABC/123"}
    elsewhere = IndReference.objects.create(
        person=others_client, kind="zaaknummer", value="abc/123"
    )
    with_match = coordinator_client.post(url, data, follow=True)
    IndReference.objects.filter(person=person).delete()
    elsewhere.delete()
    without_match = coordinator_client.post(url, data, follow=True)
    assert with_match.redirect_chain == without_match.redirect_chain
    assert normalised(with_match) == normalised(without_match)
    assert person.ind_references.get().value == "ABC/123"
    signal = DuplicateSignal.objects.get()
    assert (signal.person, signal.matching_person) == (person, others_client)
    assert signal.reasons == ["ind_reference"]
    assert [e.object_id for e in check_entries()] == [
        "in_scope=0,out_of_scope=1",
        "in_scope=0,out_of_scope=0",
    ]


@pytest.mark.django_db
def test_an_ind_reference_in_the_caseload_is_refused(coordinator, person, municipality):
    mine = PersonFactory(municipality=municipality)
    services.add_ind_reference(person=mine, kind="zaaknummer", value="ABC/123", actor=coordinator)
    with pytest.raises(services.DomainError) as error:
        services.add_ind_reference(
            person=person, kind="zaaknummer", value="abc/123", actor=coordinator
        )
    assert mine.full_name in str(error.value)
    with pytest.raises(services.DomainError):
        services.add_ind_reference(
            person=mine, kind="zaaknummer", value="ABC/123", actor=coordinator
        )
    assert IndReference.objects.count() == 1
    assert not DuplicateSignal.objects.exists()


@pytest.mark.django_db
def test_a_v_number_reference_also_matches_a_v_number(coordinator, person, others_client):
    services.add_ind_reference(
        person=person, kind="v_nummer", value=OTHER_V_NUMBER, actor=coordinator
    )
    assert DuplicateSignal.objects.get().matching_person == others_client


# --- rate limit -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_too_many_checks_save_nothing_and_are_logged(
    monkeypatch, coordinator_client, municipality, others_client
):
    monkeypatch.setattr(duplicates, "CHECKS_PER_HOUR", 2)
    for n in range(2):
        response = coordinator_client.post(CREATE, probe(municipality, given_names=f"Probe{n}"))
        assert response.status_code == 302
    response = coordinator_client.post(CREATE, probe(municipality, v_number=OTHER_V_NUMBER))
    assert response.status_code == 200
    message = _(
        "You have made too many checks in a short time. Nothing has been saved; try again later."
    )
    assert message in response.content.decode()
    assert Person.objects.filter(municipality=municipality).count() == 2
    assert not DuplicateSignal.objects.exists()
    refused = check_entries().last()
    assert refused.result == AuditResult.DENIED and refused.object_id == ""
    assert check_entries().count() == 3


@pytest.mark.django_db
def test_the_limit_is_per_user(monkeypatch, coordinator, municipality, team):
    from wegwijs.accounts.factories import UserFactory

    colleague = UserFactory(coordinator=True, email="collega@example.org", teams=[team])
    monkeypatch.setattr(duplicates, "CHECKS_PER_HOUR", 1)
    duplicates.check(actor=coordinator, v_number=OTHER_V_NUMBER)
    with pytest.raises(services.DomainError):
        duplicates.check(actor=coordinator, v_number=OTHER_V_NUMBER)
    assert duplicates.check(actor=colleague, v_number=OTHER_V_NUMBER).hidden == []


# --- the signals page -----------------------------------------------------------------------


@pytest.fixture
def signal(coordinator, municipality, others_client):
    services.register_person(
        data=probe_values(municipality, v_number=OTHER_V_NUMBER), actor=coordinator
    )
    return DuplicateSignal.objects.get()


@pytest.mark.django_db
def test_the_other_coordinator_sees_the_signal_and_the_asker_does_not(
    client, coordinator, other_coordinator, signal, others_client
):
    page = verified_login(client, other_coordinator).get(SIGNALS).content.decode()
    assert others_client.get_absolute_url() in page and coordinator.email in page
    page = verified_login(client, coordinator).get(SIGNALS).content.decode()
    assert str(signal.public_id) not in page and others_client.full_name not in page


@pytest.mark.django_db
def test_the_dashboard_counts_open_signals_for_the_other_side_only(persona_client, signal):
    dashboard = reverse("core:dashboard")
    waiting = ngettext(
        "%(count)d possible duplicate waits for you to resolve it.",
        "%(count)d possible duplicates wait for you to resolve them.",
        1,
    ) % {"count": 1}
    assert waiting in persona_client("other_coordinator").get(dashboard).content.decode()
    assert waiting in persona_client("privacy_officer").get(dashboard).content.decode()
    assert waiting not in persona_client("coordinator").get(dashboard).content.decode()


@pytest.mark.django_db
def test_the_privacy_officer_sees_pseudo_ids_not_names(client, privacy_officer, signal):
    page = verified_login(client, privacy_officer).get(SIGNALS).content.decode()
    assert str(signal.matching_person.public_id) in page
    assert str(signal.person.public_id) in page
    assert signal.matching_person.full_name not in page and "Probe" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["other_coordinator", "privacy_officer"])
def test_the_other_side_resolves_a_signal(persona, persona_client, signal):
    response = persona_client(persona).post(
        SIGNALS, {"signal": signal.public_id, "outcome": DuplicateOutcome.DIFFERENT_PERSONS}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == DuplicateSignalStatus.RESOLVED
    assert signal.outcome == DuplicateOutcome.DIFFERENT_PERSONS
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(signal.public_id))
    assert entry.client_id == signal.matching_person.public_id


@pytest.mark.django_db
def test_the_asker_cannot_resolve_and_a_resolved_signal_stays(persona_client, signal):
    data = {"signal": signal.public_id, "outcome": DuplicateOutcome.SAME_PERSON}
    assert persona_client("coordinator").post(SIGNALS, data).status_code == 404
    persona_client("other_coordinator").post(SIGNALS, data)
    response = persona_client("other_coordinator").post(
        SIGNALS, {**data, "outcome": DuplicateOutcome.DIFFERENT_PERSONS}, follow=True
    )
    assert _("This signal has already been resolved.") in response.content.decode()
    signal.refresh_from_db()
    assert signal.outcome == DuplicateOutcome.SAME_PERSON


@pytest.mark.django_db
def test_a_bad_outcome_changes_nothing(persona_client, signal):
    response = persona_client("other_coordinator").post(
        SIGNALS, {"signal": signal.public_id, "outcome": "bogus"}, follow=True
    )
    assert _("Choose how the signal was resolved.") in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == DuplicateSignalStatus.OPEN


@pytest.mark.django_db
def test_the_signals_page_takes_the_same_queries_at_two_sizes(
    client, other_coordinator, coordinator, municipality, other_municipality
):
    verified_login(client, other_coordinator)

    def add_signals(n):
        for _n in range(n):
            DuplicateSignal.objects.create(
                person=PersonFactory(municipality=municipality),
                matching_person=PersonFactory(municipality=other_municipality),
                asked_by=coordinator,
                reasons=["name_and_birth"],
            )

    add_signals(1)
    client.get(SIGNALS)
    with CaptureQueriesContext(connection) as small:
        client.get(SIGNALS)
    add_signals(4)
    with CaptureQueriesContext(connection) as large:
        response = client.get(SIGNALS)
    assert len(response.context["signals"]) == 5
    assert len(large.captured_queries) == len(small.captured_queries)


# --- a volunteer's search -------------------------------------------------------------------


@pytest.fixture
def assigned(open_trajectory, client_in_arnhem, coordinator, vrijwilliger):  # noqa: F811
    VolunteerProfileFactory(user=vrijwilliger)
    trajectory_services.assign_volunteer(
        trajectory=open_trajectory(),
        volunteer=vrijwilliger,
        role=AssignmentRole.COACH,
        actor=coordinator,
    )
    client_in_arnhem.v_number = SENTINEL_V_NUMBER
    client_in_arnhem.save()
    IndReference.objects.create(person=client_in_arnhem, kind="zaaknummer", value="ABC/123")
    IndDossierMemberFactory(person=client_in_arnhem, dossier__reference="Z-2024-777")
    return client_in_arnhem


@pytest.mark.django_db
@pytest.mark.parametrize(
    "terms",
    [
        {"v_number": SENTINEL_V_NUMBER},
        {"dossier": "ABC/123"},
        {"dossier": "Z-2024-777"},
        {"dossier": SENTINEL_V_NUMBER},
        {"name": "Testpersoon", "v_number": SENTINEL_V_NUMBER},
    ],
)
def test_a_volunteer_finds_nobody_by_an_identifier(terms, client, vrijwilliger, assigned):
    assert list(selectors.search_persons(vrijwilliger, name="Testpersoon")) == [assigned]
    assert not selectors.search_persons(vrijwilliger, **terms).exists()
    verified_login(client, vrijwilliger)
    response = client.post(INDEX, terms)
    assert "v_number" not in response.context["search_form"].fields
    assert "dossier" not in response.context["search_form"].fields
    # The page answers the right number as it answers a wrong one: it confirms nothing.
    wrong = {key: value if key == "name" else "0000000000" for key, value in terms.items()}
    assert response.context["results"] == client.post(INDEX, wrong).context["results"]


@pytest.mark.django_db
def test_a_volunteer_finds_nobody_by_another_clients_identifier(
    vrijwilliger, assigned, others_client
):
    assert not selectors.search_persons(vrijwilliger, v_number=OTHER_V_NUMBER).exists()


@pytest.mark.django_db
def test_a_coordinator_still_searches_by_identifier(coordinator, person):
    assert list(selectors.search_persons(coordinator, v_number=person.v_number)) == [person]


@pytest.mark.django_db
def test_too_many_searches_are_refused_and_logged(monkeypatch, coordinator_client, person):
    monkeypatch.setattr(duplicates, "SEARCHES_PER_HOUR", 1)
    assert list(coordinator_client.post(INDEX, {"name": "Haddad"}).context["results"]) == [person]
    response = coordinator_client.post(INDEX, {"name": "Haddad"})
    assert response.context["results"] is None
    assert _("You have searched too often in a short time. Try again later.") in (
        response.content.decode()
    )
    entry = AuditEntry.objects.get(event=duplicates.SEARCH_EVENT_THROTTLED)
    assert entry.result == AuditResult.DENIED
