"""The services that change someone's account, and the four-eyes rule (issue 10, AUTH-05/06)."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import verified_login
from wegwijs.accounts import services
from wegwijs.accounts.constants import AccountChangeKind, AccountChangeStatus, Role
from wegwijs.accounts.factories import UserFactory
from wegwijs.accounts.models import AccountChangeRequest, RecoveryCodeDevice, User, UserSession
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry


def events():
    return list(
        AuditEntry.objects.filter(action=AuditAction.SECURITY)
        .order_by("id")
        .values_list("event", flat=True)
    )


@pytest.fixture
def second_beheerder(db):
    return UserFactory(beheerder=True, email="beheerder2@example.org")


@pytest.fixture
def enrolled(vrijwilliger):
    device = TOTPDevice.objects.create(user=vrijwilliger, name="authenticator", confirmed=False)
    services.confirm_totp_device(user=vrijwilliger, device=device)
    return vrijwilliger


# --- E-mail address ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_email_change_is_logged_and_both_addresses_are_told(
    beheerder, vrijwilliger, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_email(user=vrijwilliger, email=" Nieuw@Example.org ", actor=beheerder)
    vrijwilliger.refresh_from_db()
    assert vrijwilliger.email == "nieuw@example.org"
    entry = AuditEntry.objects.get(event="email_changed")
    assert (entry.actor, entry.fields) == (beheerder, ["email"])
    assert sorted(m.to[0] for m in mailoutbox) == ["nieuw@example.org", "vrijwilliger@example.org"]
    assert all("nieuw@example.org" not in m.body for m in mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "code"),
    [("geen-adres", "invalid"), ("coordinator@example.org", "taken"), ("", "invalid")],
)
def test_email_change_refuses_bad_or_taken_addresses(
    beheerder, vrijwilliger, coordinator, address, code
):
    with pytest.raises(DomainError) as refused:
        services.change_email(user=vrijwilliger, email=address, actor=beheerder)
    assert refused.value.code == code
    vrijwilliger.refresh_from_db()
    assert vrijwilliger.email == "vrijwilliger@example.org"
    assert "email_changed" not in events()


@pytest.mark.django_db
def test_email_change_of_ones_own_account_is_refused(beheerder):
    with pytest.raises(DomainError) as refused:
        services.change_email(user=beheerder, email="ander@example.org", actor=beheerder)
    assert refused.value.code == "own"
    beheerder.refresh_from_db()
    assert beheerder.email != "ander@example.org"
    assert "email_changed" not in events()


@pytest.mark.django_db
def test_email_change_page_shows_the_refusal_and_changes_nothing(
    client, beheerder, vrijwilliger, coordinator
):
    verified_login(client, beheerder)
    response = client.post(
        reverse("accounts:user_email", kwargs={"public_id": vrijwilliger.public_id}),
        {"email": coordinator.email},
    )
    assert response.status_code == 400
    assert _("Another account already uses this e-mail address.") in response.content.decode()


# --- Role, teams, active flag -------------------------------------------------------------------


@pytest.mark.django_db
def test_role_change_between_roles_without_personal_data_is_made_at_once(
    beheerder, financieel, municipality, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pending = services.change_role(
            user=financieel,
            role=Role.GEMEENTECONTACT,
            municipality=municipality,
            actor=beheerder,
        )
    assert pending is None
    financieel.refresh_from_db()
    assert (financieel.role, financieel.municipality) == (Role.GEMEENTECONTACT, municipality)
    entry = AuditEntry.objects.get(event="role_changed")
    assert entry.fields == ["municipality", "role"]
    assert [m.to for m in mailoutbox] == [[financieel.email]]


@pytest.mark.django_db
def test_role_change_to_a_role_that_sees_personal_data_waits_for_a_second_person(
    beheerder, second_beheerder, financieel, team
):
    pending = services.change_role(
        user=financieel, role=Role.COORDINATOR, teams=[team], actor=beheerder
    )
    financieel.refresh_from_db()
    assert financieel.role == Role.FINANCE
    assert pending.kind == AccountChangeKind.ROLE
    assert events() == ["role_change_requested"]
    services.approve_account_change(change_request=pending, actor=second_beheerder)
    financieel.refresh_from_db()
    assert financieel.role == Role.COORDINATOR
    assert list(financieel.teams.all()) == [team]
    assert events()[-2:] == ["role_change_approved", "role_changed"]


@pytest.mark.django_db
def test_role_change_away_from_personal_data_also_waits(beheerder, coordinator):
    pending = services.change_role(user=coordinator, role=Role.FINANCE, actor=beheerder)
    assert pending is not None
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR


@pytest.mark.django_db
def test_teams_change_of_the_same_role_is_made_at_once_and_logged(
    beheerder, vrijwilliger, other_team
):
    assert (
        services.change_role(
            user=vrijwilliger, role=Role.VRIJWILLIGER, teams=[other_team], actor=beheerder
        )
        is None
    )
    assert list(vrijwilliger.teams.all()) == [other_team]
    assert AuditEntry.objects.get(event="teams_changed").fields == ["teams"]


@pytest.mark.django_db
def test_impossible_role_combinations_and_own_account_are_refused(
    beheerder, financieel, municipality
):
    with pytest.raises(DomainError):
        services.change_role(user=financieel, role=Role.GEMEENTECONTACT, actor=beheerder)
    with pytest.raises(DomainError):
        services.change_role(
            user=financieel, role=Role.FINANCE, municipality=municipality, actor=beheerder
        )
    with pytest.raises(DomainError):
        services.change_role(user=financieel, role="baas", actor=beheerder)
    with pytest.raises(DomainError) as own:
        services.change_role(user=beheerder, role=Role.FINANCE, actor=beheerder)
    assert own.value.code == "own"
    assert events() == []


@pytest.mark.django_db
def test_disabling_ends_every_session_at_once(client, beheerder, vrijwilliger):
    verified_login(client, vrijwilliger)
    assert client.get("/").status_code == 200
    assert UserSession.objects.filter(user=vrijwilliger).count() == 1
    services.set_active(user=vrijwilliger, active=False, actor=beheerder)
    assert not UserSession.objects.filter(user=vrijwilliger).exists()
    assert not Session.objects.exists()
    assert client.get("/").url.startswith(reverse("accounts:login"))
    assert AuditEntry.objects.get(event="account_disabled").fields == ["is_active"]


@pytest.mark.django_db
def test_enabling_an_account_with_personal_data_waits_for_a_second_person(
    beheerder, second_beheerder, vrijwilliger, financieel
):
    services.set_active(user=vrijwilliger, active=False, actor=beheerder)
    services.set_active(user=financieel, active=False, actor=beheerder)
    assert services.set_active(user=financieel, active=True, actor=beheerder) is None
    pending = services.set_active(user=vrijwilliger, active=True, actor=beheerder)
    vrijwilliger.refresh_from_db()
    assert not vrijwilliger.is_active
    services.approve_account_change(change_request=pending, actor=second_beheerder)
    vrijwilliger.refresh_from_db()
    assert vrijwilliger.is_active


@pytest.mark.django_db
def test_new_account_gets_no_password_and_starts_disabled_when_it_sees_personal_data(
    beheerder, team
):
    user, pending = services.create_account(
        email="Nieuw@example.org",
        full_name="Nieuwe Collega",
        role=Role.COORDINATOR,
        teams=[team],
        language="nl",
        actor=beheerder,
    )
    assert (user.email, user.is_active, user.has_usable_password()) == (
        "nieuw@example.org",
        False,
        False,
    )
    assert pending.kind == AccountChangeKind.ACTIVATE
    finance, none = services.create_account(
        email="geld@example.org",
        full_name="Geld",
        role=Role.FINANCE,
        language="nl",
        actor=beheerder,
    )
    assert finance.is_active and none is None
    assert events().count("account_created") == 2
    with pytest.raises(DomainError):
        services.create_account(
            email="geld@example.org",
            full_name="X",
            role=Role.FINANCE,
            language="nl",
            actor=beheerder,
        )


# --- Second factor and the four-eyes rule -------------------------------------------------------


@pytest.mark.django_db
def test_second_factor_reset_needs_another_person_than_requester_and_holder(
    beheerder, second_beheerder, enrolled, mailoutbox, django_capture_on_commit_callbacks
):
    pending = services.reset_second_factor(user=enrolled, actor=beheerder)
    for wrong in (beheerder, enrolled):
        with pytest.raises(DomainError):
            services.approve_account_change(change_request=pending, actor=wrong)
    assert TOTPDevice.objects.filter(user=enrolled).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_account_change(change_request=pending, actor=second_beheerder)
    assert not TOTPDevice.objects.filter(user=enrolled).exists()
    assert not RecoveryCodeDevice.objects.filter(user=enrolled).exists()
    assert [m.to for m in mailoutbox] == [[enrolled.email]]
    with pytest.raises(DomainError) as again:
        services.approve_account_change(change_request=pending, actor=second_beheerder)
    assert again.value.code == "decided"


@pytest.mark.django_db
def test_a_request_expires_after_72_hours(beheerder, second_beheerder, enrolled):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        pending = services.reset_second_factor(user=enrolled, actor=beheerder)
    with time_machine.travel(start + datetime.timedelta(hours=72, minutes=1), tick=False):
        with pytest.raises(DomainError) as expired:
            services.approve_account_change(change_request=pending, actor=second_beheerder)
        assert expired.value.code == "expired"
        assert not AccountChangeRequest.objects.pending().exists()
    assert TOTPDevice.objects.filter(user=enrolled).exists()


@pytest.mark.django_db
def test_one_waiting_request_per_kind_and_account(beheerder, enrolled):
    services.reset_second_factor(user=enrolled, actor=beheerder)
    with pytest.raises(DomainError) as twice:
        services.reset_second_factor(user=enrolled, actor=beheerder)
    assert twice.value.code == "pending"


@pytest.mark.django_db
def test_requester_withdraws_and_nothing_changes(beheerder, enrolled):
    pending = services.reset_second_factor(user=enrolled, actor=beheerder)
    services.reject_account_change(change_request=pending, actor=beheerder)
    pending.refresh_from_db()
    assert pending.status == AccountChangeStatus.REJECTED
    assert TOTPDevice.objects.filter(user=enrolled).exists()
    assert events()[-1] == "second_factor_reset_rejected"


@pytest.mark.django_db
def test_stale_role_request_is_refused(beheerder, second_beheerder, financieel, team):
    pending = services.change_role(
        user=financieel, role=Role.COORDINATOR, teams=[team], actor=beheerder
    )
    services.change_role(user=financieel, role=Role.BEHEERDER, actor=beheerder)
    with pytest.raises(DomainError) as stale:
        services.approve_account_change(change_request=pending, actor=second_beheerder)
    assert stale.value.code == "stale"
    financieel.refresh_from_db()
    assert financieel.role == Role.BEHEERDER


@pytest.mark.django_db
def test_the_database_refuses_a_request_decided_by_its_requester(beheerder, enrolled):
    pending = services.reset_second_factor(user=enrolled, actor=beheerder)
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountChangeRequest.objects.filter(pk=pending.pk).update(
            status=AccountChangeStatus.APPROVED, decided_by=beheerder
        )


@pytest.mark.django_db
def test_privacy_officer_approves_on_the_page_and_sees_address_warning(
    client, beheerder, privacy_officer, enrolled
):
    services.change_email(user=enrolled, email="ander@example.org", actor=beheerder)
    pending = services.reset_second_factor(user=enrolled, actor=beheerder)
    verified_login(client, privacy_officer)
    assert reverse("accounts:change_requests") in client.get("/").content.decode()  # menu
    page = client.get(reverse("accounts:change_requests"))
    assert page.status_code == 200
    assert page.context["waiting"][0].address_recently_changed
    response = client.post(
        reverse("accounts:change_request_approve", kwargs={"public_id": pending.public_id})
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled).exists()


@pytest.mark.django_db
def test_approving_an_expired_request_on_the_page_says_it_expired(
    client, beheerder, privacy_officer, enrolled
):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        pending = services.reset_second_factor(user=enrolled, actor=beheerder)
    with time_machine.travel(start + datetime.timedelta(hours=73), tick=False):
        verified_login(client, privacy_officer)
        response = client.post(
            reverse("accounts:change_request_approve", kwargs={"public_id": pending.public_id}),
            follow=True,
        )
    assert response.status_code == 200
    assert _("This request has expired; it has to be made again.") in response.content.decode()
    assert TOTPDevice.objects.filter(user=enrolled).exists()
    assert events()[-1] == "second_factor_reset_approval_refused"


@pytest.mark.django_db
def test_approval_page_query_count_does_not_grow(client, beheerder, privacy_officer, team):
    verified_login(client, privacy_officer)

    def count_queries(n):
        for _i in range(n):
            user = UserFactory(financieel=True)
            services.change_role(user=user, role=Role.COORDINATOR, teams=[team], actor=beheerder)
        client.get(reverse("accounts:change_requests"))  # session and caches settle
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("accounts:change_requests")).status_code == 200
        return len(queries)

    assert count_queries(1) == count_queries(5)


@pytest.mark.django_db
def test_account_page_for_the_beheerder(client, beheerder, enrolled):
    verified_login(client, beheerder)
    response = client.get(reverse("accounts:user_detail", kwargs={"public_id": enrolled.public_id}))
    assert response.status_code == 200
    assert enrolled.email in response.content.decode()
    own = client.get(reverse("accounts:user_detail", kwargs={"public_id": beheerder.public_id}))
    assert (
        reverse("accounts:user_role", kwargs={"public_id": beheerder.public_id})
        not in own.content.decode()
    )
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_account_pages_refuse_bad_input_and_change_nothing(client, beheerder, vrijwilliger):
    verified_login(client, beheerder)
    kwargs = {"public_id": vrijwilliger.public_id}
    assert client.post(reverse("accounts:user_active", kwargs=kwargs), {"active": "ja"}).url
    bad_role = client.post(reverse("accounts:user_role", kwargs=kwargs), {"role": "baas"})
    assert bad_role.status_code == 400
    vrijwilliger.refresh_from_db()
    assert (vrijwilliger.is_active, vrijwilliger.role) == (True, Role.VRIJWILLIGER)
    assert events() == ["login"]
    disabled = client.post(reverse("accounts:user_active", kwargs=kwargs), {"active": "0"})
    assert disabled.status_code == 302
    vrijwilliger.refresh_from_db()
    assert not vrijwilliger.is_active


@pytest.mark.django_db
def test_becoming_beheerder_is_an_event_of_its_own_and_the_privacy_officer_is_told(
    beheerder, financieel, privacy_officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_role(user=financieel, role=Role.BEHEERDER, actor=beheerder)
    entry = AuditEntry.objects.get(event="privileged_role_granted")
    assert (entry.actor, entry.object_id) == (beheerder, str(financieel.public_id))
    assert sorted(m.to[0] for m in mailoutbox) == [financieel.email, privacy_officer.email]
