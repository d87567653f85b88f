"""The clock: the one way domain code learns the current time.

Rules never call ``datetime.now()``; services take ``clock=`` (default :data:`SYSTEM_CLOCK`) and tests pass a
:class:`FrozenClock`. Times are timezone-aware UTC; :data:`PARIS` is for display and calendar rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time in UTC."""

    def now(self) -> datetime:
        return datetime.now(tz=UTC)


@dataclass
class FrozenClock:
    """A clock that only moves when told to (tests, replays, benchmarks)."""

    current: datetime = field(default_factory=lambda: datetime(2026, 1, 15, 9, 0, tzinfo=UTC))

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            raise ValueError("FrozenClock needs a timezone-aware datetime")

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current = self.current + delta


SYSTEM_CLOCK: Clock = SystemClock()
