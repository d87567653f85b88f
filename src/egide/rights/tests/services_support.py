"""Fixtures shared by the services' tests: a frozen clock and a stand-in for ``letter_issue``.

The letters' services (``egide.rights.services.letters``) are written in parallel; the ``letters``
fixture replaces ``letter_issue`` with a recorder so these tests check which letter each service issues
without rendering PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from egide.core.clock import FrozenClock
from egide.rights.tests.factories import WHEN


@dataclass
class LetterCalls:
    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        return [str(call["kind"]) for call in self.calls]


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(WHEN)


@pytest.fixture
def letters(monkeypatch: pytest.MonkeyPatch) -> LetterCalls:
    from egide.rights.services import letters as module

    recorded = LetterCalls()

    def fake_letter_issue(*, actor, request, kind, clock, send=True, extra=None):  # noqa: ANN001,ANN202
        recorded.calls.append(
            {"request": request.pk, "kind": kind, "send": send, "extra": dict(extra or {})}
        )

    monkeypatch.setattr(module, "letter_issue", fake_letter_issue, raising=False)
    return recorded
