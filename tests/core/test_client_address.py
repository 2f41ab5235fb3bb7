"""The client address is read from the right of X-Forwarded-For, trusting only the configured
proxies (AUTH-04)."""

import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from wegwijs.core.audit import client_ip
from wegwijs.core.client_address import (
    client_address,
    current_client_address,
    lockout_address,
    rate_key,
    resolve,
)
from wegwijs.core.middleware import ClientAddressMiddleware

PROXY = "10.0.0.5"


def meta(forwarded=None, remote=PROXY):
    values = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        values["HTTP_X_FORWARDED_FOR"] = forwarded
    return values


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = []


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    assert resolve(meta("203.0.113.7")) == PROXY


def test_one_proxy_gives_the_address_it_appended(one_proxy):
    assert resolve(meta("203.0.113.7")) == "203.0.113.7"


def test_entries_the_client_put_on_the_left_are_ignored(one_proxy):
    assert resolve(meta("198.51.100.1, 192.0.2.99, 203.0.113.7")) == "203.0.113.7"


def test_two_proxies_give_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forged, client, balancer = "198.51.100.1", "203.0.113.7", "10.0.0.2"
    assert resolve(meta(f"{forged}, {client}, {balancer}")) == client


def test_a_header_shorter_than_the_proxy_count_gives_the_remote_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert resolve(meta("203.0.113.7")) == PROXY
    assert resolve(meta()) == PROXY


@pytest.mark.parametrize("bad", ["unknown", "", "203.0.113.999", "<script>", "1.2.3.4.5"])
def test_a_malformed_client_entry_gives_the_remote_address(one_proxy, bad):
    assert resolve(meta(f"203.0.113.7, {bad}")) == PROXY


def test_ports_brackets_and_mapped_addresses_are_normalised(one_proxy):
    assert resolve(meta("203.0.113.7:51234")) == "203.0.113.7"
    assert resolve(meta("[2001:db8::1]:443")) == "2001:db8::1"
    assert resolve(meta("::ffff:203.0.113.7")) == "203.0.113.7"
    assert resolve(meta("2001:DB8:0:0::1")) == "2001:db8::1"


def test_ipv6_through_an_ipv6_proxy(one_proxy):
    assert resolve(meta("2001:db8::bad, 2001:db8:1::7", remote="fd00::5")) == "2001:db8:1::7"


def test_trusted_proxy_list_walks_past_listed_proxies_only(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "fd00::/8"]
    assert resolve(meta("198.51.100.1, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert resolve(meta("203.0.113.7", remote="fd00::1")) == "203.0.113.7"


def test_trusted_proxy_list_ignores_the_header_from_elsewhere(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert resolve(meta("203.0.113.7", remote="192.0.2.50")) == "192.0.2.50"


def test_trusted_proxy_list_with_a_malformed_entry_gives_the_remote_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert resolve(meta("203.0.113.7, garbage")) == PROXY


def test_an_invalid_remote_address_gives_none(one_proxy):
    assert resolve(meta("203.0.113.7", remote="")) is None


def test_the_address_is_resolved_once_per_request(one_proxy, settings):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_address(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "203.0.113.7"


def test_the_middleware_sets_it_for_the_request(client, settings, one_proxy):
    response = client.get(
        "/health/live", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7"
    )
    assert response.wsgi_request.client_address == "203.0.113.7"


def test_ipv6_is_locked_and_counted_per_64_network(one_proxy):
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8:1:2:aaaa::1"
    )
    assert lockout_address(request) == "2001:db8:1:2::"
    assert rate_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert rate_key("203.0.113.7") == "203.0.113.7"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"TRUSTED_PROXY_COUNT": "two"}, "whole number"),
        ({"TRUSTED_PROXY_COUNT": "1", "TRUSTED_PROXIES": "10.0.0.1"}, "not both"),
        ({"TRUSTED_PROXIES": "10.0.0.0/33"}, "not an address"),
    ],
)
def test_bad_proxy_settings_refuse_to_start(variables, message):
    env = {"WEGWIJS_ENV": "test", "PATH": "/usr/bin:/bin", **variables}
    result = subprocess.run(
        [sys.executable, "-c", "import wegwijs.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_the_former_proxy_count_variable_still_counts():
    result = subprocess.run(
        [sys.executable, "-c", "import wegwijs.settings as s; print(s.TRUSTED_PROXY_COUNT)"],
        env={"WEGWIJS_ENV": "test", "PATH": "/usr/bin:/bin", "PROXY_COUNT": "2"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "2"


def test_code_without_the_request_sees_the_address_being_served(one_proxy):
    middleware = ClientAddressMiddleware(lambda request: HttpResponse(client_ip(None)))
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert middleware(request).content == b"203.0.113.7"
    assert current_client_address() is None
