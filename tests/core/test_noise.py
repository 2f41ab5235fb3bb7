"""Anonymous noise reaches the access log in bounded amounts only (LOG-02): failed logins and
CSRF failures per client address and in total, while the answers stay the same."""

import datetime

import pytest
import time_machine
from django.test import Client

from wegwijs.core import noise
from wegwijs.core.models import AuditEntry

LOGIN_URL = "/account/inloggen/"
PROXY = "10.0.0.1"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def failed_login(client, address, number):
    return client.post(
        LOGIN_URL,
        {"username": f"nobody{number}@example.org", "password": "wrong-password-1"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


def csrf_failure(address):
    return Client(enforce_csrf_checks=True).post(
        LOGIN_URL, {}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address
    )


@pytest.mark.django_db
def test_failed_logins_from_one_address_are_logged_twenty_times_then_summarised(client):
    with time_machine.travel(START, tick=False):
        statuses = {failed_login(client, "203.0.113.9", n).status_code for n in range(30)}
        assert statuses == {200}
        assert AuditEntry.objects.filter(event="login_failed").count() == noise.PER_ADDRESS
        summary = AuditEntry.objects.get(event="noise_suppressed")
        assert (summary.object_id, summary.ip_address) == ("address", "203.0.113.9")
        # Another address is still logged.
        failed_login(client, "198.51.100.3", 99)
        assert AuditEntry.objects.filter(event="login_failed").count() == noise.PER_ADDRESS + 1


@pytest.mark.django_db
def test_csrf_failures_from_one_address_are_bounded_and_still_refused():
    with time_machine.travel(START, tick=False):
        statuses = {csrf_failure("203.0.113.9").status_code for _ in range(25)}
    assert statuses == {403}
    assert AuditEntry.objects.filter(event="csrf_failure").count() == noise.PER_ADDRESS
    assert AuditEntry.objects.filter(event="noise_suppressed").count() == 1


@pytest.mark.django_db
def test_anonymous_noise_from_many_addresses_is_capped_in_total():
    addresses = noise.ANONYMOUS_TOTAL // noise.PER_ADDRESS + 2
    with time_machine.travel(START, tick=False):
        for number in range(addresses):
            for _ in range(noise.PER_ADDRESS):
                csrf_failure(f"192.0.2.{number + 1}")
    assert AuditEntry.objects.filter(event="csrf_failure").count() == noise.ANONYMOUS_TOTAL
    summary = AuditEntry.objects.get(event="noise_suppressed")
    assert summary.object_id == "anonymous"


@pytest.mark.django_db
def test_the_next_window_is_logged_again(client):
    with time_machine.travel(START, tick=False):
        for n in range(noise.PER_ADDRESS + 1):
            failed_login(client, "203.0.113.9", n)
    with time_machine.travel(START + datetime.timedelta(seconds=noise.WINDOW), tick=False):
        failed_login(client, "203.0.113.9", 100)
    assert AuditEntry.objects.filter(event="login_failed").count() == noise.PER_ADDRESS + 1
