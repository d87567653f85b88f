"""Fixed-window rate limiting shared by every web worker (the database holds the counters).

``ratelimit_hit(key=..., limit=..., window=...)`` counts one hit and says whether it is allowed. Keys are
hashed (no client address is stored in clear). Public forms (the patient portal) use it per client address
and per organisation; the counters are deleted by the ``core.ratelimit_prune`` sweep.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.models import RateLimitCounter


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    hits: int
    limit: int
    retry_after_seconds: int


def _window_start(now: datetime, window: timedelta) -> datetime:
    seconds = int(window.total_seconds())
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=now.tzinfo)


def _hashed(key: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()
    return digest[:64]


def ratelimit_hit(
    *, key: str, limit: int, window: timedelta, clock: Clock = SYSTEM_CLOCK
) -> RateLimitResult:
    """Count one hit of ``key`` in the current window; allowed while the count is at most ``limit``."""
    if limit < 1 or window.total_seconds() < 1:
        raise ValueError("a rate limit needs limit >= 1 and a window of at least one second")
    now = clock.now()
    start = _window_start(now, window)
    hashed = _hashed(key)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(key=hashed, window_start=start).update(
            hits=F("hits") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=hashed, window_start=start, hits=1)
            except IntegrityError:  # another worker created it between our update and insert
                RateLimitCounter.objects.filter(key=hashed, window_start=start).update(
                    hits=F("hits") + 1
                )
        hits = RateLimitCounter.objects.get(key=hashed, window_start=start).hits
    retry = int((start + window - now).total_seconds()) + 1
    return RateLimitResult(allowed=hits <= limit, hits=hits, limit=limit, retry_after_seconds=retry)


def ratelimit_prune(*, older_than: timedelta, clock: Clock = SYSTEM_CLOCK) -> int:
    """Delete counters of windows that started before ``now - older_than``; the number deleted."""
    deleted, _ = RateLimitCounter.objects.filter(window_start__lt=clock.now() - older_than).delete()
    return deleted
