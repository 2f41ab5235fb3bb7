"""Logging in, lockout (AUTH-04), password hashing (AUTH-03) and reset (AUTH-05)."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD
from wegwijs.accounts.factories import UserFactory
from wegwijs.core.models import AuditEntry

LOGIN_URL = "/account/inloggen/"


def attempt(client, email, password):
    return client.post(LOGIN_URL, {"username": email, "password": password})


@pytest.mark.django_db
def test_login_with_right_password_redirects_to_second_factor(client, coordinator):
    response = attempt(client, coordinator.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/").url == reverse("accounts:two_factor")
    assert AuditEntry.objects.filter(event="login", actor=coordinator).count() == 1


@pytest.mark.django_db
def test_email_is_case_insensitive(client, coordinator):
    response = attempt(client, coordinator.email.upper(), PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_dutch_message_and_logs_failure(client, coordinator):
    response = attempt(client, coordinator.email, "not-the-password")
    assert response.status_code == 200
    assert "komen niet overeen met een actief account" in response.content.decode()
    failed = AuditEntry.objects.get(event="login_failed")
    assert failed.result == "failed"
    assert coordinator.email not in failed.canonical_content()


@pytest.mark.django_db
def test_five_failures_lock_the_account_with_a_message(client, coordinator):
    for _ in range(4):
        assert attempt(client, coordinator.email, "wrong-password-1").status_code == 200
    response = attempt(client, coordinator.email, "wrong-password-1")
    assert response.status_code == 429
    assert "15 minuten" in response.content.decode()
    # The right password is refused while locked ...
    assert attempt(client, coordinator.email, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lock_ends_after_fifteen_minutes(client, coordinator):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            attempt(client, coordinator.email, "wrong-password-1")
        assert attempt(client, coordinator.email, PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        assert attempt(client, coordinator.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_unknown_and_known_accounts_get_the_same_lockout(client, coordinator):
    for _ in range(5):
        known = attempt(client, coordinator.email, "wrong-password-1")
        unknown = attempt(client, "nobody@example.org", "wrong-password-1")
    assert known.status_code == unknown.status_code == 429
    assert without_tokens(known) == without_tokens(unknown)


def without_tokens(response):
    """The page minus what differs per response anyway (CSP nonce, CSRF token)."""
    text = response.content.decode()
    text = re.sub(r'nonce="[^"]+"', "", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@pytest.mark.django_db
def test_lockout_is_per_address_so_others_can_still_log_in(client, coordinator):
    for _ in range(5):
        attempt(client, coordinator.email, "wrong-password-1")
    response = client.post(
        LOGIN_URL,
        {"username": coordinator.email, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_new_passwords_are_hashed_with_argon2id():
    assert make_password("een lange zin als wachtwoord").startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_pbkdf2_hash_is_upgraded_to_argon2_on_login(client):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = UserFactory(email="oud@example.org")
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "somesalt123")
    user.save()
    assert attempt(client, user.email, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_password_validators_want_12_to_128_characters_and_not_common():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    validate_password("correct paard batterij nietje")
    for bad in ["kort-11char", "a" * 129, "password1234"]:
        with pytest.raises(ValidationError):
            validate_password(bad)


@pytest.mark.django_db
def test_password_reset_mails_a_link_and_does_not_log_in(client, coordinator, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/wachtwoord/herstel/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "een nieuw en lang wachtwoord"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session
    # Logging in with the new password still asks the second factor.
    assert attempt(client, coordinator.email, new).status_code == 302
    assert client.get("/").url == reverse("accounts:two_factor")


@pytest.mark.django_db
def test_password_reset_for_unknown_address_looks_the_same(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []
