"""Nobody can lock another person out (AUTH-04): behind the reverse proxy, the lockout counts
per account and real client address, and failures from many addresses only make a new address
wait a few seconds. Requests come as the documented proxy sends them: REMOTE_ADDR is the proxy,
X-Forwarded-For ends with the address the proxy saw."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import ngettext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from wegwijs.accounts import throttling
from wegwijs.core.models import AuditEntry

LOGIN_URL = "/account/inloggen/"
PROXY = "10.0.0.1"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []


@pytest.fixture
def fast_hashes(settings, coordinator):
    """Many logins in one test: a cheap hasher, for the persona's password too."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    coordinator.set_password(PASSWORD)
    coordinator.save()


def via_proxy(client, address, email, password, spoofed=""):
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return client.post(
        LOGIN_URL,
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def fail_from_many_addresses(client, email, failures, per_address=5):
    for number in range(failures):
        address = f"192.0.2.{number // per_address + 1}"
        response = via_proxy(client, address, email, "wrong-password-1")
        assert response.status_code in {200, 429}


def second_factor(client, user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return client.post(reverse("accounts:two_factor"), {"token": f"{code:06d}"})


@pytest.mark.django_db
def test_five_wrong_passwords_through_the_proxy_do_not_lock_out_the_account_holder(
    client, coordinator, behind_proxy
):
    for _ in range(5):
        response = via_proxy(client, ATTACKER, coordinator.email, "wrong-password-1")
    assert response.status_code == 429
    response = via_proxy(client, VICTIM, coordinator.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


@pytest.mark.django_db
def test_the_lock_holds_for_that_account_from_that_address(client, coordinator, behind_proxy):
    for _ in range(5):
        via_proxy(client, ATTACKER, coordinator.email, "wrong-password-1")
    assert via_proxy(client, ATTACKER, coordinator.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is evaluated as usual.
    assert via_proxy(client, ATTACKER, "someone@example.org", "wrong-password-1").status_code == 200


@pytest.mark.django_db
def test_entries_forged_left_of_the_proxy_do_not_escape_the_lock(client, coordinator, behind_proxy):
    for number in range(5):
        via_proxy(client, ATTACKER, coordinator.email, "wrong-password-1", f"192.0.2.{number}")
    response = via_proxy(client, ATTACKER, coordinator.email, PASSWORD, spoofed=VICTIM)
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_lock_ends_after_fifteen_minutes_behind_the_proxy(client, coordinator, behind_proxy):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            via_proxy(client, ATTACKER, coordinator.email, "wrong-password-1")
        assert via_proxy(client, ATTACKER, coordinator.email, PASSWORD).status_code == 429
    with time_machine.travel(START + datetime.timedelta(minutes=16), tick=False):
        assert via_proxy(client, ATTACKER, coordinator.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_101_failures_from_rotating_addresses_keep_the_holder_out_three_seconds_at_most(
    client, coordinator, behind_proxy, fast_hashes
):
    with time_machine.travel(START, tick=False) as traveller:
        fail_from_many_addresses(client, coordinator.email, 101)
        first = via_proxy(client, VICTIM, coordinator.email, PASSWORD)
        assert first.status_code == 429
        wait = int(first["Retry-After"])
        assert 1 <= wait <= throttling.BACKOFF_MAX_SECONDS
        assert "_auth_user_id" not in client.session
        traveller.shift(wait)
        assert via_proxy(client, VICTIM, coordinator.email, PASSWORD).status_code == 302
        # ... and the second factor completes the login.
        assert second_factor(client, coordinator).status_code == 302
        assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_failures_elsewhere_during_the_wait_do_not_extend_it(
    client, coordinator, behind_proxy, fast_hashes
):
    with time_machine.travel(START, tick=False) as traveller:
        # Thirty failures from ten addresses, each of which may fail twice more.
        fail_from_many_addresses(client, coordinator.email, 30, per_address=3)
        wait = int(via_proxy(client, VICTIM, coordinator.email, PASSWORD)["Retry-After"])
        for second in range(wait):
            traveller.shift(1)
            via_proxy(client, f"192.0.2.{second + 1}", coordinator.email, "wrong-password-1")
        assert via_proxy(client, VICTIM, coordinator.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_the_wait_is_shown_and_nothing_else_is_evaluated(
    client, coordinator, behind_proxy, fast_hashes
):
    with time_machine.travel(START, tick=False):
        fail_from_many_addresses(client, coordinator.email, throttling.BACKOFF_AFTER)
        failures = AuditEntry.objects.filter(event__in=["login_failed", "lockout"]).count()
        response = via_proxy(client, VICTIM, coordinator.email, "wrong-password-1")
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    message = ngettext(
        "There have been many failed attempts to log in with this e-mail address. "
        "Wait %(seconds)s second and log in again.",
        "There have been many failed attempts to log in with this e-mail address. "
        "Wait %(seconds)s seconds and log in again.",
        seconds,
    ) % {"seconds": seconds}
    assert seconds == 1
    assert escape(message) in response.content.decode()
    # A wait is not a failure: it is not logged and does not count towards any lock.
    assert AuditEntry.objects.filter(event__in=["login_failed", "lockout"]).count() == failures


@pytest.mark.django_db
def test_fewer_failures_than_the_back_off_threshold_cost_a_new_address_nothing(
    client, coordinator, behind_proxy, fast_hashes
):
    fail_from_many_addresses(client, coordinator.email, throttling.BACKOFF_AFTER - 1)
    assert via_proxy(client, VICTIM, coordinator.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_known_and_unknown_accounts_wait_alike(client, coordinator, behind_proxy, fast_hashes):
    with time_machine.travel(START, tick=False):
        fail_from_many_addresses(client, coordinator.email, 30)
        fail_from_many_addresses(client, "nobody@example.org", 30)
        known = via_proxy(client, VICTIM, coordinator.email, PASSWORD)
        unknown = via_proxy(client, VICTIM, "nobody@example.org", PASSWORD)
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert without_tokens(known).replace(coordinator.email, "") == without_tokens(unknown).replace(
        "nobody@example.org", ""
    )


def without_tokens(response):
    text = response.content.decode()
    text = re.sub(r'nonce="[^"]+"', "", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.mark.django_db
def test_a_failed_login_is_logged_with_the_account_and_the_client_address(
    client, coordinator, behind_proxy
):
    via_proxy(client, ATTACKER, coordinator.email, "wrong-password-1")
    entry = AuditEntry.objects.get(event="login_failed")
    assert entry.actor == coordinator
    assert entry.object_id == str(coordinator.public_id)
    assert entry.result == "failed"
    assert entry.ip_address == ATTACKER
    assert "wrong-password-1" not in entry.canonical_content()


@pytest.mark.django_db
def test_a_failed_login_for_an_unknown_address_stores_only_a_keyed_hash(client, behind_proxy):
    via_proxy(client, ATTACKER, "nobody@example.org", "wrong-password-1")
    via_proxy(client, VICTIM, "Nobody@Example.org", "wrong-password-2")
    first, second = AuditEntry.objects.filter(event="login_failed").order_by("id")
    assert first.actor is None
    assert first.object_type == "accounts.login_name"
    assert first.object_id == second.object_id
    for entry in (first, second):
        content = entry.canonical_content().lower()
        assert "nobody" not in content and "wrong-password" not in content


@pytest.mark.django_db
def test_a_lockout_is_logged_with_the_account(client, coordinator, behind_proxy):
    for _ in range(6):
        via_proxy(client, ATTACKER, coordinator.email, "wrong-password-1")
    failed = AuditEntry.objects.filter(event="login_failed", actor=coordinator)
    lockouts = AuditEntry.objects.filter(event="lockout", actor=coordinator)
    assert failed.count() == 4
    assert lockouts.count() == 2
    assert {entry.result for entry in lockouts} == {"denied"}
    assert {entry.ip_address for entry in lockouts} == {ATTACKER}


@pytest.mark.django_db
def test_a_successful_login_is_logged_with_the_client_address_not_the_proxy(
    client, coordinator, behind_proxy
):
    via_proxy(client, VICTIM, coordinator.email, PASSWORD, spoofed="192.0.2.200")
    assert AuditEntry.objects.get(event="login").ip_address == VICTIM


@pytest.mark.django_db
def test_the_lock_table_keeps_no_typed_email_in_plain_text(client, coordinator, behind_proxy):
    via_proxy(client, ATTACKER, coordinator.email, "wrong-password-1")
    via_proxy(client, ATTACKER, "Nobody@Example.org", "wrong-password-1")
    stored = " ".join(
        f"{a.username} {a.get_data} {a.post_data}" for a in AccessAttempt.objects.all()
    ).lower()
    assert AccessAttempt.objects.count() == 2
    assert "example.org" not in stored and "wrong-password" not in stored
