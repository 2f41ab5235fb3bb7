"""Changes to accounts: the one path for each, with its audit entry."""

import uuid
from datetime import timedelta

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegwijs.accounts import notices, recovery, sessions
from wegwijs.accounts.capabilities import PERSONAL_DATA_ROLES
from wegwijs.accounts.constants import AccountChangeKind, AccountChangeStatus, Role
from wegwijs.accounts.models import (
    AccountChangeRequest,
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    UserSession,
)
from wegwijs.core import audit, noise
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


# --- Changes to someone's account (issue 10: no account takeover through the admin) ---------
#
# The beheerder changes e-mail address, role, teams, active flag and second factor only through
# these services; each leaves a security event naming the fields, never their values. Resetting
# a second factor, a role change to or from a role that sees personal data, and enabling an
# account with such a role wait for a second person (``approve_account_change``).

APPROVAL_PERIOD = timedelta(hours=72)
PRIVILEGED_ROLES = frozenset({Role.BEHEERDER, Role.PRIVACY_OFFICER})

# Event names in the access log, per kind of four-eyes change.
_KIND_EVENT = {
    AccountChangeKind.ROLE: "role_change",
    AccountChangeKind.ACTIVATE: "account_enable",
    AccountChangeKind.RESET_SECOND_FACTOR: "second_factor_reset",
}


def create_account(
    *,
    email: str,
    full_name: str,
    role: str,
    teams=(),
    municipality=None,
    language: str,
    actor: User,
    request=None,
) -> tuple[User, AccountChangeRequest | None]:
    """Make a personal account without a password; the new user chooses one through
    "Forgot your password?" and then sets up their second factor.

    An account whose role sees personal data starts disabled, with a request to enable it that
    a second person approves (otherwise one beheerder could make themselves a coördinator);
    it returns ``(user, request)``. Other accounts are enabled at once: ``(user, None)``.
    """
    email = _checked_new_email(email)
    full_name = full_name.strip()
    if not full_name:
        raise DomainError(_("Enter the full name of the person."), code="name")
    teams = list(teams)
    _check_role(role, municipality)
    needs_approval = role in PERSONAL_DATA_ROLES
    with transaction.atomic():
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email,
                    None,
                    full_name=full_name,
                    role=role,
                    municipality=municipality,
                    language=language,
                    is_active=not needs_approval,
                )
        except ValidationError as error:
            raise DomainError(" ".join(error.messages), code="invalid") from None
        except IntegrityError:
            raise DomainError(
                _("Another account already uses this e-mail address."), code="taken"
            ) from None
        user.teams.set(teams)
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=actor,
            event="account_created",
            obj=user,
            fields=["email", "full_name", "role", "teams", "municipality", "language"],
        )
        _alert_if_privileged(user, actor=actor, request=request)
        if not needs_approval:
            notices.tell(user, "account_enabled")
            return user, None
        return user, _request_change(
            kind=AccountChangeKind.ACTIVATE, target=user, actor=actor, request=request
        )


def change_email(*, user: User, email: str, actor: User, request=None) -> None:
    """Give ``user`` a new e-mail address (their login name and where resets are sent).

    Both the old and the new address get a notice. Links for a password reset sent to the old
    address stop working, since Django's reset tokens include the address.
    """
    _refuse_own_account(user, actor)
    email = User.objects.normalize_email(email.strip()).lower()
    if email == user.email:
        raise DomainError(_("This already is the e-mail address of the account."), code="same")
    email = _checked_new_email(email)
    old_address = user.email
    try:
        with transaction.atomic():
            user.email = email
            user.save(update_fields=["email"])
            audit.record(
                request,
                action=AuditAction.SECURITY,
                actor=actor,
                event="email_changed",
                obj=user,
                fields=["email"],
            )
            notices.tell(user, "email_changed_old", address=old_address)
            notices.tell(user, "email_changed_new")
    except IntegrityError:
        user.email = old_address
        raise DomainError(
            _("Another account already uses this e-mail address."), code="taken"
        ) from None


def change_role(
    *, user: User, role: str, teams=(), municipality=None, actor: User, request=None
) -> AccountChangeRequest | None:
    """Change the role, teams and municipality of ``user``.

    A change of role to or from one that sees personal data needs a second person: it returns
    the waiting request, and nothing changes until it is approved. Otherwise the change is made
    at once and None is returned. Refused (``DomainError``): one's own account, an impossible
    combination (a municipality only for a municipal contact), or no change at all.
    """
    _refuse_own_account(user, actor)
    teams = list(teams)
    _check_role(role, municipality)
    same_teams = {t.pk for t in teams} == set(user.teams.values_list("pk", flat=True))
    if role == user.role and same_teams and municipality == user.municipality:
        raise DomainError(_("Nothing to change: the account already has this role."), code="same")
    if role != user.role and _touches_personal_data(user.role, role):
        return _request_change(
            kind=AccountChangeKind.ROLE,
            target=user,
            actor=actor,
            request=request,
            role=role,
            teams=teams,
            municipality=municipality,
        )
    with transaction.atomic():
        _apply_role(
            user, role=role, teams=teams, municipality=municipality, actor=actor, request=request
        )
    return None


def set_active(*, user: User, active: bool, actor: User, request=None):
    """Disable or enable ``user``.

    Disabling takes effect at once and ends every session of the account (AUTH-06). Enabling an
    account whose role sees personal data needs a second person and returns the waiting
    request; other accounts are enabled at once (None).
    """
    _refuse_own_account(user, actor)
    if user.is_active == active:
        raise DomainError(
            _("The account is already enabled.")
            if active
            else _("The account is already disabled."),
            code="same",
        )
    if active and user.sees_personal_data:
        return _request_change(
            kind=AccountChangeKind.ACTIVATE, target=user, actor=actor, request=request
        )
    with transaction.atomic():
        _apply_active(user, active=active, actor=actor, request=request)
    return None


def reset_second_factor(*, user: User, actor: User, request=None) -> AccountChangeRequest:
    """Ask to remove the authenticator and recovery codes of ``user``, who lost them.

    Never at once: it takes effect when a second person approves, after checking with the user
    that the request is theirs (AUTH-05: re-enrolment needs the old factor or an identity check).
    Returns the waiting request.
    """
    _refuse_own_account(user, actor)
    if not _has_second_factor(user):
        raise DomainError(_("This account has no second factor to reset."), code="none")
    return _request_change(
        kind=AccountChangeKind.RESET_SECOND_FACTOR, target=user, actor=actor, request=request
    )


def approve_account_change(
    *, change_request: AccountChangeRequest, actor: User, request=None
) -> None:
    """Approve a waiting request and make the change; the account holder is told by e-mail.

    The approver must hold ``accounts.approve_changes`` and be neither the requester nor the
    account holder; the request must be waiting and not older than ``APPROVAL_PERIOD``; for a
    role change the role must still be the one the request started from. A refusal changes
    nothing and leaves a denied security event.
    """
    kind = change_request.kind
    try:
        with transaction.atomic():
            locked = _lock_waiting(change_request)
            if not actor.can("accounts.approve_changes"):
                raise DomainError(_("You may not approve changes to accounts."), code="forbidden")
            if actor.pk in (locked.requested_by_id, locked.target_id):
                raise DomainError(
                    _(
                        "A second person must approve this: not the one who asked for it and "
                        "not the account holder."
                    ),
                    code="same_person",
                )
            target = User.objects.select_for_update().get(pk=locked.target_id)
            _decide(locked, status=AccountChangeStatus.APPROVED, actor=actor, request=request)
            if kind == AccountChangeKind.ROLE:
                if target.role != locked.previous_role:
                    raise DomainError(
                        _("The role of the account changed after this request; ask again."),
                        code="stale",
                    )
                _apply_role(
                    target,
                    role=locked.role,
                    teams=list(locked.teams.all()),
                    municipality=locked.municipality,
                    actor=actor,
                    request=request,
                )
            elif kind == AccountChangeKind.ACTIVATE:
                if target.is_active:
                    raise DomainError(_("The account is already enabled."), code="stale")
                _apply_active(target, active=True, actor=actor, request=request)
            else:
                _apply_second_factor_reset(target, actor=actor, request=request)
            change_request.status = locked.status
    except DomainError:
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=actor,
            event=f"{_KIND_EVENT[kind]}_approval_refused",
            obj=change_request.target,
            result=AuditResult.DENIED,
        )
        raise


@transaction.atomic
def reject_account_change(
    *, change_request: AccountChangeRequest, actor: User, request=None
) -> None:
    """Turn a waiting request down, or withdraw it as its requester; nothing changes."""
    locked = _lock_waiting(change_request)
    if actor.pk == locked.target_id or not (
        actor.pk == locked.requested_by_id or actor.can("accounts.approve_changes")
    ):
        raise DomainError(_("You may not decide on this request."), code="forbidden")
    _decide(locked, status=AccountChangeStatus.REJECTED, actor=actor, request=request)
    change_request.status = locked.status


def end_sessions_of(*, user: User, actor: User, request=None) -> int:
    """End every session of ``user`` (SESS-02: the beheerder ends anyone's); returns how many."""
    with transaction.atomic():
        count = sessions.end(user)
        audit.record(
            request, action=AuditAction.SECURITY, actor=actor, event="sessions_ended", obj=user
        )
    return count


def _checked_new_email(email: str) -> str:
    email = User.objects.normalize_email(email.strip()).lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), code="invalid") from None
    if User.objects.filter(email=email).exists():
        raise DomainError(_("Another account already uses this e-mail address."), code="taken")
    return email


def _refuse_own_account(user: User, actor: User) -> None:
    if user.pk == actor.pk:
        raise DomainError(
            _("Changes to your own account are made by another administrator."), code="own"
        )


def _check_role(role: str, municipality) -> None:
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."), code="role")
    try:
        User(role=role, municipality=municipality).clean()
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), code="municipality") from None


def _touches_personal_data(old_role: str, new_role: str) -> bool:
    return old_role in PERSONAL_DATA_ROLES or new_role in PERSONAL_DATA_ROLES


def _has_second_factor(user: User) -> bool:
    return (
        TOTPDevice.objects.filter(user=user).exists()
        or RecoveryCodeDevice.objects.filter(user=user).exists()
    )


def _request_change(
    *, kind, target: User, actor: User, request, role="", teams=(), municipality=None
) -> AccountChangeRequest:
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=target.pk).first()
        if target.change_requests.pending().filter(kind=kind).exists():
            raise DomainError(
                _("A request of this kind is already waiting for approval for this account."),
                code="pending",
            )
        change_request = AccountChangeRequest.objects.create(
            kind=kind,
            target=target,
            requested_by=actor,
            expires_at=timezone.now() + APPROVAL_PERIOD,
            previous_role=target.role,
            role=role,
            municipality=municipality,
        )
        change_request.teams.set(teams)
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=actor,
            event=f"{_KIND_EVENT[kind]}_requested",
            obj=target,
            fields=["role", "teams", "municipality"] if kind == AccountChangeKind.ROLE else [],
        )
    return change_request


def _lock_waiting(change_request: AccountChangeRequest) -> AccountChangeRequest:
    locked = AccountChangeRequest.objects.select_for_update().get(pk=change_request.pk)
    if locked.status != AccountChangeStatus.PENDING:
        raise DomainError(_("This request has already been decided."), code="decided")
    if locked.is_expired:
        raise DomainError(_("This request has expired; it has to be made again."), code="expired")
    return locked


def _decide(change_request, *, status, actor, request) -> None:
    change_request.status = status
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.save(update_fields=["status", "decided_by", "decided_at"])
    verb = "approved" if status == AccountChangeStatus.APPROVED else "rejected"
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=actor,
        event=f"{_KIND_EVENT[change_request.kind]}_{verb}",
        obj=change_request.target,
    )


def _apply_role(user: User, *, role, teams, municipality, actor, request) -> None:
    changed = []
    if role != user.role:
        changed.append("role")
    if municipality != user.municipality:
        changed.append("municipality")
    if {t.pk for t in teams} != set(user.teams.values_list("pk", flat=True)):
        changed.append("teams")
    user.role = role
    user.municipality = municipality
    user.save(update_fields=["role", "municipality"])
    user.teams.set(teams)
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=actor,
        event="role_changed" if "role" in changed else "teams_changed",
        obj=user,
        fields=changed,
    )
    notices.tell(user, "role_changed")
    if "role" in changed:
        _alert_if_privileged(user, actor=actor, request=request)


def _alert_if_privileged(user: User, *, actor, request) -> None:
    """Becoming beheerder or privacy officer is a security event of its own, and every other
    privacy officer is told (AUTH-06)."""
    if user.role not in PRIVILEGED_ROLES:
        return
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=actor,
        event="privileged_role_granted",
        obj=user,
        fields=["role"],
    )
    officers = User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True).exclude(pk=user.pk)
    for officer in officers:
        notices.tell(officer, "privileged_role_granted")


def _apply_active(user: User, *, active: bool, actor, request) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        sessions.end(user)
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=actor,
        event="account_enabled" if active else "account_disabled",
        obj=user,
        fields=["is_active"],
    )
    notices.tell(user, "account_enabled" if active else "account_disabled")


def _apply_second_factor_reset(user: User, *, actor, request) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    sessions.end(user)
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=actor,
        event="second_factor_reset",
        obj=user,
    )
    notices.tell(user, "second_factor_reset")


# --- One's own password and sessions (SESS-02) ----------------------------------------------


def change_password(*, user: User, new_password: str, token: str, request) -> None:
    """Set a new password for the logged-in ``user`` after a current second-factor code.

    The caller has checked the current password and the password rules (Django's
    ``PasswordChangeForm``). ``token`` is a code from the authenticator app or a recovery code
    (which is then used up). The current session stays logged in; every other session of the
    user ends. A wrong code raises ``DomainError`` and changes nothing.
    """
    device, throttled = verify_second_factor(user=user, token=token, request=request)
    if device is None:
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=user,
            event="password_change_refused",
            obj=user,
            result=AuditResult.FAILED,
        )
        if throttled:
            raise DomainError(
                _("Too many wrong codes. Wait a minute and try again."), code="throttled"
            )
        raise DomainError(_("This code is not right or has already been used."), code="wrong_code")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        update_session_auth_hash(request, user)
        sessions.follow_key(request)
        sessions.end(user, keep_key=request.session.session_key)
        audit.record(
            request, action=AuditAction.SECURITY, actor=user, event="password_changed", obj=user
        )
        notices.tell(user, "password_changed")


def record_password_reset_request(*, request) -> None:
    """Log that someone asked for a reset link; the address typed is not logged, and whether
    it belongs to an account is not recorded either (it must not show anywhere). Anyone can
    ask, as often as they like, so the entries pass ``core.noise`` (LOG-02)."""
    if request is not None and not noise.admit(request):
        return
    audit.record(request, action=AuditAction.SECURITY, event="password_reset_requested")


def complete_password_reset(*, user: User, request=None) -> None:
    """After a new password was set through a reset link: end every session of the user, log
    it and tell them. The link logs nobody in; the next login still asks the second factor."""
    with transaction.atomic():
        sessions.end(user)
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=user,
            event="password_reset_completed",
            obj=user,
        )
        notices.tell(user, "password_changed")


def end_other_sessions(*, user: User, request, only_public_id: str | None = None) -> int:
    """End the user's other sessions (or one of them); the current one stays. Returns how many
    ended. ``only_public_id`` that names none of the user's other sessions (or is no id at all)
    raises ``DomainError`` and ends nothing."""
    keep_key = request.session.session_key
    if only_public_id is not None and not _names_other_session(user, only_public_id, keep_key):
        raise DomainError(_("That session is not known."), code="unknown")
    with transaction.atomic():
        count = sessions.end(user, keep_key=keep_key, only_public_id=only_public_id)
        audit.record(
            request,
            action=AuditAction.SECURITY,
            actor=user,
            event="other_sessions_ended",
            obj=user,
        )
    return count


def _names_other_session(user: User, public_id: str, keep_key: str | None) -> bool:
    try:
        uuid.UUID(public_id)
    except ValueError:
        return False
    return (
        UserSession.objects.filter(user=user, public_id=public_id)
        .exclude(session_key=keep_key or "")
        .exists()
    )
