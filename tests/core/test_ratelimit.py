"""The shared rate limiter counts per key and window, and forgets old windows."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from wegwijs.core import ratelimit
from wegwijs.core.models import RateCounter


def test_hits_up_to_the_limit_are_allowed_and_the_next_is_not(db):
    results = [ratelimit.hit("test", "a", limit=3, window=60) for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert [r.count for r in results] == [1, 2, 3, 4]
    assert ratelimit.count("test", "a", window=60) == 4


def test_keys_and_scopes_are_counted_apart(db):
    ratelimit.hit("test", "a", limit=1, window=60)
    assert ratelimit.hit("test", "b", limit=1, window=60).allowed
    assert ratelimit.hit("other", "a", limit=1, window=60).allowed


def test_a_new_window_starts_from_zero(db):
    with time_machine.travel("2026-03-01 10:00:30Z", tick=False):
        ratelimit.hit("test", "a", limit=1, window=60)
        blocked = ratelimit.hit("test", "a", limit=1, window=60)
        assert not blocked.allowed and blocked.retry_after == 30
    with time_machine.travel("2026-03-01 10:01:00Z", tick=False):
        assert ratelimit.hit("test", "a", limit=1, window=60).allowed


def test_reset_forgets_the_key(db):
    ratelimit.hit("test", "a", limit=1, window=60)
    ratelimit.reset("test", "a")
    assert ratelimit.count("test", "a", window=60) == 0


def test_the_table_holds_no_key_in_plain_text_and_drops_old_windows(db):
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        ratelimit.hit("test", "someone@example.org", limit=5, window=60)
    ratelimit.hit("test", "someone@example.org", limit=5, window=60)
    assert RateCounter.objects.count() == 1
    assert "example.org" not in RateCounter.objects.get().key_hash


def test_first_counted_is_the_start_of_the_oldest_window_kept(db):
    assert ratelimit.first_counted("test", "a") is None
    with time_machine.travel("2026-03-01 10:00:30.700Z", tick=False):
        ratelimit.hit("test", "a", limit=1, window=1)
    with time_machine.travel("2026-03-01 10:00:33Z", tick=False):
        ratelimit.hit("test", "a", limit=1, window=1)
        first = ratelimit.first_counted("test", "a")
    assert first.isoformat() == "2026-03-01T10:00:30+00:00"
