"""Security events of logging in and out go to the access log (LOG-02 grows from here)."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from wegwijs.accounts import sessions
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction, AuditResult


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
    # The typed username is not logged: it may be a password typed in the wrong field.
    audit.record(
        request, action=AuditAction.SECURITY, event="login_failed", result=AuditResult.FAILED
    )
