"""Only GET, HEAD and POST reach a view; TRACE, OPTIONS and the rest get a bare answer, never a
page (DP-03). security.txt's Expires is computed (RFC 9116)."""

import datetime

import pytest
import time_machine

from tests.conftest import verified_login

ALLOW = "GET, HEAD, POST, OPTIONS"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/account/inloggen/", "/health/live"])
def test_trace_is_refused_with_an_empty_405(client, coordinator, path):
    verified_login(client, coordinator)
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert response.content == b""
    assert response["Allow"] == ALLOW


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/account/inloggen/"])
def test_options_answers_bare_with_the_allowed_methods(client, coordinator, path):
    verified_login(client, coordinator)
    response = client.options(path)
    assert response.status_code == 200
    assert response.content == b""
    assert response["Allow"] == ALLOW


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "PROPFIND"])
def test_other_methods_are_refused_without_a_page(client, coordinator, method):
    verified_login(client, coordinator)
    response = client.generic(method, "/")
    assert response.status_code == 405
    assert response.content == b""


@pytest.mark.django_db
def test_get_and_head_still_work(client):
    assert client.get("/health/live").status_code == 200
    assert client.head("/account/inloggen/").status_code == 200


@pytest.mark.django_db
def test_security_txt_expires_at_the_start_of_the_day_a_year_on(client):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 15, 30, tzinfo=datetime.UTC)):
        body = client.get("/.well-known/security.txt").content.decode()
    assert "Expires: 2027-03-02T00:00:00Z" in body.splitlines()


@pytest.mark.django_db
def test_security_txt_expires_less_than_a_year_ahead_and_in_the_future(client):
    body = client.get("/.well-known/security.txt").content.decode()
    line = next(line for line in body.splitlines() if line.startswith("Expires: "))
    expires = datetime.datetime.fromisoformat(line.removeprefix("Expires: "))
    now = datetime.datetime.now(datetime.UTC)
    assert now < expires <= now + datetime.timedelta(days=365)
