"""Counting requests per key in fixed windows, shared by every process (SECURITY.md AUTH-04).

    result = ratelimit.hit("password_reset:address", address, limit=5, window=3600)
    if not result.allowed:
        ...  # answer 429, write nothing else

Counters live in the database (``RateCounter``), so every gunicorn worker sees the same count
without a cache server; the keys are hashed, so the table holds no addresses. The events this
guards (logins, password resets, duplicate checks, anonymous noise) are rare enough for that.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from wegwijs.core.models import RateCounter

KEEP = timedelta(days=1)


@dataclass(frozen=True)
class RateResult:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def _key_hash(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}\x00{key}".encode()).hexdigest()


def _window(window: int, now=None):
    now = now or timezone.now()
    epoch = int(now.timestamp())
    start = epoch - epoch % window
    start_at = now - timedelta(seconds=epoch - start, microseconds=now.microsecond)
    return start_at, start + window - epoch


def hit(scope: str, key: str, *, limit: int, window: int) -> RateResult:
    """Count one hit for ``key`` in ``scope``; allowed while the count is at most ``limit``."""
    key_hash = _key_hash(scope, key or "")
    start, retry_after = _window(window)
    with transaction.atomic():
        rows = RateCounter.objects.filter(key_hash=key_hash, window_start=start)
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key_hash=key_hash, window_start=start, count=1)
            except IntegrityError:  # another process opened the window first
                rows.update(count=F("count") + 1)
            RateCounter.objects.filter(window_start__lt=timezone.now() - KEEP).delete()
        count = rows.values_list("count", flat=True).get()
    return RateResult(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)


def count(scope: str, key: str, *, window: int) -> int:
    """The hits of ``key`` in the current window, without counting one."""
    start, _ = _window(window)
    row = RateCounter.objects.filter(key_hash=_key_hash(scope, key or ""), window_start=start)
    return row.values_list("count", flat=True).first() or 0


def reset(scope: str, key: str) -> None:
    """Forget every window of ``key`` (e.g. after a successful login)."""
    RateCounter.objects.filter(key_hash=_key_hash(scope, key or "")).delete()


def first_counted(scope: str, key: str):
    """The start of the oldest window, still kept, in which ``key`` was counted; or None.

    With ``window=1`` that is the second of the first hit: a wait can start from it.
    """
    rows = RateCounter.objects.filter(key_hash=_key_hash(scope, key or ""))
    return rows.order_by("window_start").values_list("window_start", flat=True).first()
