"""Limits on logging in and on password reset that an attacker cannot turn against the account
holder (SECURITY.md AUTH-04).

- django-axes locks one e-mail address *and* client address after 5 failures, for 15 minutes
  (settings ``AXES_*``). Nobody else is locked out by it: the client address is the real one
  behind the proxy (``core.client_address``).
- Across addresses there is no lock, only a soft back-off: once an e-mail address has had
  ``BACKOFF_AFTER`` failed attempts in the current hour, a client address that has not itself
  failed for it waits a few seconds (1 s, growing to ``BACKOFF_MAX_SECONDS``) before its first
  attempt is evaluated. The wait starts at that address's own first attempt, so an attacker who
  keeps failing from elsewhere never extends it: the account holder gets in, with password and
  second factor, after at most ``BACKOFF_MAX_SECONDS``.
- Password reset: at most ``RESET_PER_EMAIL`` requests an hour per typed e-mail address and
  ``RESET_PER_ADDRESS`` per client address; beyond that the answer is the same, nothing is sent.

Unknown e-mail addresses are counted like known ones, so no answer tells which accounts exist.
Counters live in ``core.ratelimit``: hashed keys, shared by every worker.
"""

from django.utils import timezone
from django.utils.crypto import salted_hmac

from wegwijs.core import ratelimit
from wegwijs.core.client_address import rate_key

HOUR = 60 * 60
BACKOFF_AFTER = 10
BACKOFF_MAX_SECONDS = 3
RESET_PER_EMAIL = 3
RESET_PER_ADDRESS = 10

_FAILED_ACCOUNT = "login.failed.account"
_FAILED_PAIR = "login.failed.account_address"
_WAITING = "login.backoff.waiting"
_RESET_EMAIL = "password_reset.email"
_RESET_ADDRESS = "password_reset.address"


def record_login_failure(*, email: str, address: str | None) -> None:
    """Count a failed login for the e-mail address, and for it from this client address."""
    email = _normalise(email)
    if not email:
        return
    ratelimit.hit(_FAILED_ACCOUNT, email, limit=BACKOFF_AFTER, window=HOUR)
    ratelimit.hit(_FAILED_PAIR, _pair(email, address), limit=BACKOFF_AFTER, window=HOUR)


def login_wait_seconds(*, email: str, address: str | None) -> int:
    """Seconds this client address must still wait before a login for ``email`` is evaluated.

    0 while the e-mail address has had fewer than ``BACKOFF_AFTER`` failures this hour, and for
    an address that has failed for it itself (django-axes limits that one). Otherwise the wait
    counts from this address's first attempt, not from anyone else's.
    """
    email = _normalise(email)
    if not email:
        return 0
    failures = ratelimit.count(_FAILED_ACCOUNT, email, window=HOUR)
    if failures < BACKOFF_AFTER:
        return 0
    pair = _pair(email, address)
    if ratelimit.count(_FAILED_PAIR, pair, window=HOUR):
        return 0
    wait = min(BACKOFF_MAX_SECONDS, 1 + (failures - BACKOFF_AFTER) // BACKOFF_AFTER)
    first = ratelimit.first_counted(_WAITING, pair)
    if first is None:
        ratelimit.hit(_WAITING, pair, limit=1, window=1)
        return wait
    waited = int((timezone.now() - first).total_seconds())
    return max(wait - waited, 0)


def allow_password_reset(*, email: str, address: str | None) -> bool:
    """Count a reset request; False when this e-mail or client address has asked too often."""
    per_email = ratelimit.hit(_RESET_EMAIL, _normalise(email), limit=RESET_PER_EMAIL, window=HOUR)
    per_address = ratelimit.hit(
        _RESET_ADDRESS, rate_key(address), limit=RESET_PER_ADDRESS, window=HOUR
    )
    return per_email.allowed and per_address.allowed


def login_name_digest(email: str | None) -> str:
    """A keyed hash of a typed e-mail address: what the lock table and the log keep of it.

    The typed text may be a password in the wrong field, or an address without an account;
    neither is stored. Keyed with ``SECRET_KEY``, so it cannot be looked up in a list.
    """
    return salted_hmac(
        "wegwijs.accounts.login_name", _normalise(email), algorithm="sha256"
    ).hexdigest()


def lockout_username(request, credentials=None) -> str | None:
    """The name django-axes locks and stores (``AXES_USERNAME_CALLABLE``): the digest."""
    email = (credentials or {}).get("username")
    if email is None and request is not None:
        email = request.POST.get("username")
    return login_name_digest(email) if email else None


def _normalise(email: str | None) -> str:
    return (email or "").strip().lower()


def _pair(email: str, address: str | None) -> str:
    return f"{email}\x00{rate_key(address)}"
