"""Session cookies and timeouts (SESS-01, SESS-02)."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD, verified_login


@pytest.mark.django_db
def test_cookies_are_host_prefixed_secure_and_lax(client, coordinator):
    login_page = client.get(reverse("accounts:login"))
    csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
    response = client.post(
        reverse("accounts:login"), {"username": coordinator.email, "password": PASSWORD}
    )
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid"
    assert settings.CSRF_COOKIE_NAME == "__Host-csrftoken"
    for cookie in (session, csrf):
        assert cookie["secure"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert not cookie["domain"]
    assert session["httponly"] is True


@pytest.mark.django_db
def test_login_gives_a_new_session_key(client, coordinator):
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    client.post(reverse("accounts:login"), {"username": coordinator.email, "password": PASSWORD})
    assert client.session.session_key != before


@pytest.mark.django_db
def test_logout_is_post_only_kills_the_session_and_clears_site_data(client, coordinator):
    verified_login(client, coordinator)
    old_key = client.session.session_key
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=old_key).exists()
    # The old cookie no longer opens a page.
    client.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_idle_for_31_minutes_ends_the_session(client, coordinator):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        verified_login(client, coordinator)
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29 + 31), tick=False):
        response = client.get("/")
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url


@pytest.mark.django_db
def test_activity_keeps_the_session_for_at_most_twelve_hours(client, coordinator):
    start = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        verified_login(client, coordinator)
        client.get("/")
    minute = 0
    while minute < 12 * 60:
        minute += 5
        with time_machine.travel(start + datetime.timedelta(minutes=minute), tick=False):
            status = client.get("/").status_code
            if minute <= 12 * 60:
                assert status == 200, f"ended early, after {minute} minutes"
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=1), tick=False):
        assert client.get("/").status_code == 302


def test_timeout_settings():
    assert datetime.timedelta(minutes=30) == settings.SESSION_IDLE_TIMEOUT
    assert datetime.timedelta(hours=12) == settings.SESSION_ABSOLUTE_TIMEOUT
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
