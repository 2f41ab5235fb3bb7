"""The second factor (AUTH-01, AUTH-05)."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from wegwijs.accounts.constants import Role
from wegwijs.accounts.factories import UserFactory
from wegwijs.accounts.models import RecoveryCode
from wegwijs.core.checks import iter_patterns
from wegwijs.core.models import AuditEntry


def code_for(device, offset=0):
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:06d}"


def password_login(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def enrol(client):
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    return device, response.context["codes"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_password_alone_reaches_no_protected_page(client, role, municipality):
    user = UserFactory(
        role=role, municipality=municipality if role == Role.GEMEENTECONTACT else None
    )
    password_login(client, user)
    reached = []
    for route, callback, _namespace, _name in iter_patterns():
        policy = getattr(callback, "access_policy", None)
        if (policy and (policy.public or policy.before_second_factor)) or "<" in route:
            continue
        response = client.get("/" + route)
        if response.status_code == 200:
            reached.append(route)
    assert reached == []


@pytest.mark.django_db
def test_enrolment_turns_on_the_second_factor_and_gives_recovery_codes(client, coordinator):
    password_login(client, coordinator)
    assert client.get("/").url == reverse("accounts:two_factor")
    assert client.get(reverse("accounts:two_factor")).url == reverse("accounts:two_factor_setup")
    page = client.get(reverse("accounts:two_factor_setup"))
    assert "<svg" in page.content.decode()
    device, codes = enrol(client)
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(event="otp_enrolled", actor=coordinator).exists()


@pytest.mark.django_db
def test_a_code_works_only_once(client, coordinator):
    password_login(client, coordinator)
    device, _codes = enrol(client)
    used = code_for(device)
    client.post(reverse("accounts:logout"))
    password_login(client, coordinator)
    response = client.post(reverse("accounts:two_factor"), {"token": used})
    assert response.status_code == 200
    assert "al gebruikt" in response.content.decode()
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_recovery_code_works_once(client, coordinator):
    password_login(client, coordinator)
    _device, codes = enrol(client)
    for expected_status in (302, 200):
        client.post(reverse("accounts:logout"))
        password_login(client, coordinator)
        response = client.post(reverse("accounts:two_factor"), {"token": codes[0]})
        assert response.status_code == expected_status
    assert RecoveryCode.objects.filter(used_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_wrong_codes_are_throttled(client, coordinator):
    password_login(client, coordinator)
    device, _codes = enrol(client)
    client.post(reverse("accounts:logout"))
    password_login(client, coordinator)
    statuses = [
        client.post(reverse("accounts:two_factor"), {"token": "000000"}).status_code
        for _ in range(6)
    ]
    assert statuses[-1] == 429
    # Even the right code is refused while throttled.
    response = client.post(reverse("accounts:two_factor"), {"token": code_for(device)})
    assert response.status_code == 429
    assert AuditEntry.objects.filter(event="otp_failed").count() >= 6


@pytest.mark.django_db
def test_replacing_the_authenticator_needs_the_old_one(client, coordinator):
    password_login(client, coordinator)
    enrol(client)
    client.post(reverse("accounts:logout"))
    password_login(client, coordinator)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.url == reverse("accounts:two_factor")


@pytest.mark.django_db
def test_session_key_changes_after_the_second_factor(client, coordinator):
    password_login(client, coordinator)
    before = client.session.session_key
    enrol(client)
    assert client.session.session_key != before


@pytest.mark.django_db
def test_scope_personal_data_spares_finance_but_not_coordinators(client, settings, municipality):
    settings.TWO_FACTOR_MANDATORY = "personal_data"
    finance = UserFactory(financieel=True)
    password_login(client, finance)
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    coordinator = UserFactory(coordinator=True)
    password_login(client, coordinator)
    assert client.get("/").url == reverse("accounts:two_factor")


@pytest.mark.django_db
def test_scope_off_asks_no_second_factor(client, settings, coordinator):
    settings.TWO_FACTOR_MANDATORY = "off"
    password_login(client, coordinator)
    assert client.get("/").status_code == 200
