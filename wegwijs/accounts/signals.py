"""Security events of logging in and out go to the access log (LOG-02 grows from here)."""

import logging
import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from wegwijs.accounts import sessions, throttling
from wegwijs.accounts.models import User
from wegwijs.core import audit, noise
from wegwijs.core.client_address import client_address
from wegwijs.core.constants import AuditAction, AuditResult

security_log = logging.getLogger("wegwijs.security")


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    now = time.time()
    request.session["authenticated_at"] = now
    request.session["last_seen"] = now
    sessions.start(request, user)
    audit.record(request, action=AuditAction.SECURITY, actor=user, event="login", obj=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(request, action=AuditAction.SECURITY, actor=user, event="logout", obj=user)
    sessions.forget(request.session.session_key)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    """A failed login, or one refused by the lockout, logged with its account (AUTH-04).

    The typed e-mail address is never logged as typed: it may be a password in the wrong field.
    When it belongs to an account, that account is the entry's actor and object; otherwise the
    entry holds only a keyed hash of it, so attempts on one unknown name can still be grouped.
    Entries go through ``core.noise``, so nobody can grow the log without bound.
    """
    email = (credentials.get("username") or "").strip().lower()
    locked = bool(getattr(request, "axes_locked_out", False))
    if request is not None:
        throttling.record_login_failure(email=email, address=client_address(request))
    user = User.objects.filter(email=email).first() if email else None
    event = "lockout" if locked else "login_failed"
    security_log.warning("%s: account %s", event, user.pk if user else "unknown")
    if request is not None and not noise.admit(request):
        return
    name = {"obj": user} if user else _unknown_name(email)
    audit.record(
        request,
        action=AuditAction.SECURITY,
        actor=user,
        event=event,
        result=AuditResult.DENIED if locked else AuditResult.FAILED,
        **name,
    )


def _unknown_name(email: str) -> dict:
    if not email:
        return {}
    return {"object_type": "accounts.login_name", "object_id": throttling.login_name_digest(email)}
