"""Fixed-window rate limiting shared through the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from egide.core.clock import FrozenClock
from egide.core.models import RateLimitCounter
from egide.core.ratelimit import ratelimit_hit, ratelimit_prune

pytestmark = pytest.mark.django_db
WINDOW = timedelta(minutes=10)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))


def hit(clock: FrozenClock, key: str = "portal:203.0.113.5", limit: int = 3):
    return ratelimit_hit(key=key, limit=limit, window=WINDOW, clock=clock)


def test_allowed_up_to_the_limit_then_refused_until_the_next_window(clock):
    assert [hit(clock).allowed for _ in range(4)] == [True, True, True, False]
    refused = hit(clock)
    assert refused.hits == 5
    assert refused.retry_after_seconds == 9 * 60 + 1  # the window started at 09:00
    clock.advance(timedelta(minutes=9))
    assert hit(clock).allowed
    assert hit(clock, limit=1).allowed is False


def test_keys_are_counted_apart_and_stored_hashed(clock):
    for _ in range(3):
        hit(clock)
    assert hit(clock, key="portal:198.51.100.7").allowed
    stored = list(RateLimitCounter.objects.values_list("key", flat=True))
    assert len(stored) == 2
    assert all("203.0.113.5" not in key and "198.51.100.7" not in key for key in stored)


def test_prune_deletes_old_windows_only(clock):
    hit(clock)
    clock.advance(timedelta(days=2))
    hit(clock)
    assert ratelimit_prune(older_than=timedelta(days=1), clock=clock) == 1
    assert RateLimitCounter.objects.count() == 1


@pytest.mark.parametrize(("limit", "window"), [(0, WINDOW), (3, timedelta(0))])
def test_nonsense_limits_are_refused(limit, window, clock):
    with pytest.raises(ValueError, match="rate limit"):
        ratelimit_hit(key="k", limit=limit, window=window, clock=clock)
