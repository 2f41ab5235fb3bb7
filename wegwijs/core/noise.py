"""Noise from outside reaches the access log in bounded amounts only (SECURITY.md LOG-02).

Failed logins, lockouts, CSRF failures and refused password resets can be caused by anyone, as
often as they like. Each client address gets ``PER_ADDRESS`` such entries per ``WINDOW``
seconds, and all anonymous requests together ``ANONYMOUS_TOTAL``; the first one over a limit
writes one ``noise_suppressed`` entry instead, the rest are left out. The answer to the request
itself does not change, only what is written.

    if noise.admit(request):
        audit.record(request, action=AuditAction.SECURITY, event="csrf_failure", ...)
"""

import logging

from wegwijs.core import audit, ratelimit
from wegwijs.core.client_address import client_address, rate_key
from wegwijs.core.constants import AuditAction, AuditResult

WINDOW = 10 * 60
PER_ADDRESS = 20
ANONYMOUS_TOTAL = 100

security_log = logging.getLogger("wegwijs.security")


def admit(request) -> bool:
    """Count one noisy event of ``request``; True while it may be written to the log."""
    address = ratelimit.hit(
        "audit.noise.address", rate_key(client_address(request)), limit=PER_ADDRESS, window=WINDOW
    )
    if address.allowed:
        return _within_total(request)
    if address.count == PER_ADDRESS + 1 and _within_total(request):
        _suppressed(request, scope="address")
    return False


def _within_total(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    total = ratelimit.hit("audit.noise.anonymous", "", limit=ANONYMOUS_TOTAL, window=WINDOW)
    if total.count == ANONYMOUS_TOTAL + 1:
        _suppressed(request, scope="anonymous")
    return total.allowed


def _suppressed(request, *, scope: str) -> None:
    security_log.warning("security events suppressed for %s minutes (%s)", WINDOW // 60, scope)
    audit.record(
        request,
        action=AuditAction.SECURITY,
        event="noise_suppressed",
        object_id=scope,
        result=AuditResult.DENIED,
    )
