"""Changes to accounts: the one path for each, with its audit entry."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.accounts import recovery
from wegwijs.accounts.models import RecoveryCode, RecoveryCodeDevice
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction, AuditResult
from wegwijs.core.errors import DomainError


def pending_totp_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator a user is enrolling, created on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    """How many of the user's recovery codes are still unused."""
    return RecoveryCode.objects.filter(
        device__user=user, device__confirmed=True, used_at__isnull=True
    ).count()


@transaction.atomic
def confirm_totp_device(*, user, device: TOTPDevice, request=None) -> list[str]:
    """Confirm an enrolled authenticator and issue fresh recovery codes; returns the codes,
    which are shown once and stored only as hashes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    codes = _issue_recovery_codes(user=user)
    audit.record(request, action=AuditAction.SECURITY, actor=user, event="otp_enrolled", obj=user)
    return codes


def verify_second_factor(*, user, token: str, request=None):
    """Check a code against the user's authenticator (six digits) or recovery codes.

    Returns ``(device, throttled)``: the device that accepted the code, or None; ``throttled``
    is True when too many wrong codes make the device refuse even a right one for a while.
    A recovery code that is accepted is used up, and its use is audited (without the code).
    """
    token = token.strip()
    if _looks_like_totp(token):
        return _verify_with(TOTPDevice, user=user, token=token)
    device, throttled = _verify_with(RecoveryCodeDevice, user=user, token=token)
    if device is not None:
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=user,
            event="recovery_code_used",
            obj=user,
        )
    return device, throttled


def regenerate_recovery_codes(*, user, token: str, request=None) -> list[str]:
    """Replace the user's recovery codes by a new set; every old code stops working.

    Needs a current code from the user's authenticator app (AUTH-05: re-enrolment needs the old
    factor). A recovery code is not accepted here, so that one leaked code cannot be turned into
    a fresh set of ten. Returns the new codes, to be shown once.

    Raises ``DomainError`` (code ``"throttled"`` or ``"wrong_code"``) when the code is refused.
    Deliberately not one transaction as a whole: a refused code must still count towards
    throttling and leave its audit entry.
    """
    token = token.strip()
    device, throttled = (
        _verify_with(TOTPDevice, user=user, token=token)
        if _looks_like_totp(token)
        else (None, False)
    )
    if device is None:
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=user,
            event="recovery_codes_refused",
            obj=user,
            result=AuditResult.FAILED,
        )
        if throttled:
            raise DomainError(
                _("Too many wrong codes. Wait a minute and try again."), code="throttled"
            )
        raise DomainError(
            _("This code is not right. Enter the six digits your authenticator app shows now."),
            code="wrong_code",
        )
    with transaction.atomic():
        codes = _issue_recovery_codes(user=user)
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=user,
            event="recovery_codes_regenerated",
            obj=user,
        )
    return codes


def _issue_recovery_codes(*, user) -> list[str]:
    """Give ``user`` a new set of codes, removing the old ones; only hashes are stored."""
    device, _created = RecoveryCodeDevice.objects.select_for_update().get_or_create(
        user=user, defaults={"name": "recovery codes", "confirmed": True}
    )
    device.codes.all().delete()
    codes = recovery.generate_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=recovery.hash_code(code)) for code in codes
    )
    return codes


def _looks_like_totp(token: str) -> bool:
    return token.isdigit() and len(token) == 6


def _verify_with(model, *, user, token: str):
    """Try ``token`` on the user's confirmed devices of ``model``; ``(device, throttled)``.

    Each device row is locked while it checks, as ``django_otp.verify_token`` does, so parallel
    requests cannot both use one code or slip past the throttle.
    """
    throttled = False
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(token):
                return device, False
    return None, throttled
