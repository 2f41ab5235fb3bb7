"""Changes to accounts: the one path for each, with its audit entry."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.core import audit
from wegwijs.core.constants import AuditAction

RECOVERY_CODE_COUNT = 10


def pending_totp_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator a user is enrolling, created on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def confirm_totp_device(*, user, device: TOTPDevice, request=None) -> list[str]:
    """Confirm an enrolled authenticator and issue fresh recovery codes; returns the codes,
    which are shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    audit.record(request, action=AuditAction.SECURITY, actor=user, event="otp_enrolled", obj=user)
    return codes


def verify_second_factor(*, user, token: str):
    """Check a code against the user's authenticator (six digits) or recovery codes.

    Returns ``(device, throttled)``: the device that accepted the code, or None; ``throttled``
    is True when too many wrong codes make the device refuse even a right one for a while.
    """
    devices = (
        TOTPDevice.objects.filter(user=user, confirmed=True)
        if token.isdigit() and len(token) == 6
        else StaticDevice.objects.filter(user=user, confirmed=True)
    )
    throttled = False
    for device in devices:
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(token):
            return device, False
    return None, throttled
