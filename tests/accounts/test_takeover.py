"""No account takeover through the admin (issue 10, SECURITY.md AUTH-05, AUTH-06, LOG-02).

The attack: a beheerder, who may not read client files, reads a user's TOTP seed in the admin
(or plants a device for them), changes their e-mail address, receives their password reset,
logs in as them past the second factor and reads a client file, then restores the address,
while the access log shows only "login" and "read" by the victim. Each step is now refused,
or it is logged and the victim is told.
"""

import base64
import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import verified_login
from wegwijs.accounts import services
from wegwijs.accounts.constants import AccountChangeStatus
from wegwijs.accounts.factories import UserFactory
from wegwijs.accounts.models import AccountChangeRequest, RecoveryCode, RecoveryCodeDevice
from wegwijs.core.constants import AuditAction, AuditResult
from wegwijs.core.models import AuditEntry

ATTACKER_ADDRESS = "aanvaller@example.net"


@pytest.fixture
def victim(coordinator):
    """A coördinator with an authenticator app and recovery codes."""
    device = TOTPDevice.objects.create(user=coordinator, name="authenticator", confirmed=False)
    services.confirm_totp_device(user=coordinator, device=device)
    return coordinator


@pytest.fixture
def admin_client(client, beheerder):
    return verified_login(client, beheerder)


def secrets_of(user):
    """Every form in which the user's second factor could show on a page."""
    device = TOTPDevice.objects.get(user=user)
    base32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    hashes = RecoveryCode.objects.filter(device__user=user).values_list("code_hash", flat=True)
    return [device.key, base32, *hashes]


def security_events(user):
    return list(
        AuditEntry.objects.filter(action=AuditAction.SECURITY, object_id=str(user.public_id))
        .order_by("id")
        .values_list("event", flat=True)
    )


@pytest.mark.django_db
def test_the_admin_neither_shows_nor_plants_a_second_factor(admin_client, victim):
    device = TOTPDevice.objects.get(user=victim)
    for url in [
        "/beheer/otp_totp/totpdevice/",
        f"/beheer/otp_totp/totpdevice/{device.pk}/change/",
        f"/beheer/otp_totp/totpdevice/{device.pk}/config/",
        f"/beheer/otp_totp/totpdevice/{device.pk}/qrcode/",
        "/beheer/otp_totp/totpdevice/add/",
        "/beheer/otp_static/staticdevice/",
        "/beheer/otp_static/staticdevice/add/",
    ]:
        assert admin_client.get(url).status_code == 404, url
    planted = admin_client.post(
        "/beheer/otp_totp/totpdevice/add/",
        {"user": victim.pk, "name": "planted", "key": "00" * 20, "confirmed": "on"},
    )
    assert planted.status_code == 404
    assert TOTPDevice.objects.filter(user=victim).count() == 1


@pytest.mark.django_db
def test_no_admin_page_shows_a_key_or_a_recovery_code_hash(admin_client, victim):
    """Every admin list and every change page of the first object of each model."""
    secrets = secrets_of(victim)
    device_models = {TOTPDevice, RecoveryCodeDevice, RecoveryCode}
    assert not device_models & set(admin.site._registry)
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model_admin.get_queryset(None).first() if model_admin else None
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    pages.append(reverse("admin:accounts_user_change", args=[victim.pk]))
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        assert [s for s in secrets if s in body] == [], page


@pytest.mark.django_db
def test_the_admin_does_not_save_email_role_or_active_flag(admin_client, victim, financieel):
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[victim.pk]),
        {
            "email": ATTACKER_ADDRESS,
            "full_name": victim.full_name,
            "language": "nl",
            "role": "beheerder",
            "is_active": "",
        },
    )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert (victim.email, victim.role, victim.is_active) == (
        "coordinator@example.org",
        "coordinator",
        True,
    )
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 403
    assert (
        admin_client.get(reverse("admin:accounts_user_delete", args=[victim.pk])).status_code == 403
    )


@pytest.mark.django_db
def test_the_takeover_chain_is_refused_or_logged_at_every_step(
    admin_client,
    beheerder,
    victim,
    privacy_officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    detail = reverse("accounts:user_detail", kwargs={"public_id": victim.public_id})
    # 1. The seed cannot be read in the admin (above); the account page does not show it either.
    body = admin_client.get(detail).content.decode()
    assert [s for s in secrets_of(victim) if s in body] == []

    # 2. Changing the e-mail address is logged and the old address is told.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:user_email", kwargs={"public_id": victim.public_id}),
            {"email": ATTACKER_ADDRESS},
        )
    assert response.status_code == 302
    victim.refresh_from_db()
    assert victim.email == ATTACKER_ADDRESS
    changed = AuditEntry.objects.get(event="email_changed")
    assert (changed.actor, changed.object_id, changed.fields) == (
        beheerder,
        str(victim.public_id),
        ["email"],
    )
    recipients = [message.to for message in mailoutbox]
    assert ["coordinator@example.org"] in recipients
    # The log names the field, never the addresses.
    logged = str(list(AuditEntry.objects.values_list()))
    assert "coordinator@example.org" not in logged
    assert ATTACKER_ADDRESS not in logged

    # 3. The reset link arrives at the new address; asking and completing are logged.
    mailoutbox.clear()
    anonymous = admin_client.__class__()
    anonymous.post(reverse("accounts:password_reset"), {"email": ATTACKER_ADDRESS})
    link = re.search(r"https?://testserver(\S+)", mailoutbox[0].body).group(1)
    form_page = anonymous.get(link, follow=True)
    new_password = "een nieuw en lang wachtwoord"
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": new_password, "new_password2": new_password},
        )
    assert AuditEntry.objects.filter(event="password_reset_requested").count() == 1
    completed = AuditEntry.objects.get(event="password_reset_completed")
    assert completed.actor == victim

    # 4. The new password alone gets no further than the second factor, which is the victim's.
    anonymous.post(
        reverse("accounts:login"), {"username": ATTACKER_ADDRESS, "password": new_password}
    )
    assert anonymous.get("/").url == reverse("accounts:two_factor")
    assert anonymous.get(reverse("accounts:two_factor_setup")).url == reverse("accounts:two_factor")

    # 5. Resetting the second factor only asks for it; the beheerder cannot approve it.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("accounts:user_second_factor_reset", kwargs={"public_id": victim.public_id})
        )
    change = AccountChangeRequest.objects.get(target=victim)
    assert TOTPDevice.objects.filter(user=victim).exists()
    refused = admin_client.post(
        reverse("accounts:change_request_approve", kwargs={"public_id": change.public_id})
    )
    assert refused.status_code == 302
    change.refresh_from_db()
    assert change.status == AccountChangeStatus.PENDING
    assert TOTPDevice.objects.filter(user=victim).exists()
    assert AuditEntry.objects.filter(
        event="second_factor_reset_approval_refused", result=AuditResult.DENIED
    ).exists()

    # 6. A second person approves; only then the factor goes, and the victim is told.
    mailoutbox.clear()
    second = admin_client.__class__()
    verified_login(second, privacy_officer)
    with django_capture_on_commit_callbacks(execute=True):
        second.post(
            reverse("accounts:change_request_approve", kwargs={"public_id": change.public_id})
        )
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (AccountChangeStatus.APPROVED, privacy_officer)
    assert not TOTPDevice.objects.filter(user=victim).exists()
    # Told at the account's address; the old address was told of the change in step 2, and
    # the approval page warns that the address changed recently.
    assert [message.to for message in mailoutbox] == [[ATTACKER_ADDRESS]]

    # The access log names every step, by the beheerder, the victim and the approver.
    assert security_events(victim) == [
        "otp_enrolled",
        "email_changed",
        "password_reset_completed",
        "login",
        "second_factor_reset_requested",
        "second_factor_reset_approval_refused",
        "second_factor_reset_approved",
        "second_factor_reset",
    ]


@pytest.mark.django_db
def test_a_beheerder_cannot_make_themselves_a_coordinator(admin_client, beheerder, team):
    """A new account with a role that sees personal data starts disabled until approved."""
    response = admin_client.post(
        reverse("accounts:user_create"),
        {
            "email": "alias@example.org",
            "full_name": "Alias",
            "language": "nl",
            "role": "coordinator",
            "teams": [team.pk],
        },
    )
    assert response.status_code == 302
    alias = UserFactory._meta.model.objects.get(email="alias@example.org")
    assert not alias.is_active
    change = AccountChangeRequest.objects.get(target=alias)
    admin_client.post(
        reverse("accounts:change_request_approve", kwargs={"public_id": change.public_id})
    )
    alias.refresh_from_db()
    assert not alias.is_active
    finance = UserFactory(financieel=True)
    admin_client.post(
        reverse("accounts:user_role", kwargs={"public_id": finance.public_id}),
        {"role": "coordinator", "teams": [team.pk]},
    )
    finance.refresh_from_db()
    assert finance.role == "financieel"
