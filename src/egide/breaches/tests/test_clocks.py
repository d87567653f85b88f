"""The breach notification clocks and their reminders (egide.breaches.clocks): no database, no sleeps."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from egide.breaches import clocks
from egide.breaches.clocks import (
    CLOCK_TEXT,
    PARIS,
    REASON_TEXT,
    STATUS_TEXT,
    Anchor,
    ClockConfigError,
    ClockKind,
    ClocksConfig,
    ClockState,
    ClockStatus,
    Reminder,
    add_local_months,
    applicable_clocks,
    clock_state,
    clock_states,
    default_config,
    load_config,
    parse_config,
    reminder_schedule,
    reminders_due,
)

K = ClockKind
S = ClockStatus
H = timedelta(hours=1)
ALL = tuple(ClockKind)


def paris(y: int, mo: int, d: int, h: int = 0, mi: int = 0, *, fold: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=PARIS, fold=fold)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def cnil(
    aware_at: datetime, now: datetime, done: Mapping[ClockKind, datetime] | None = None
) -> ClockState:
    return clock_state(K.CNIL_NOTIFICATION, aware_at=aware_at, done=done or {}, now=now)


def reference_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(clocks.REFERENCE_FILE.read_text(encoding="utf-8"))
    return data


# --- Hours clocks across daylight-saving changes --------------------------------------------------


@pytest.mark.parametrize(
    ("aware_at", "due_utc", "due_paris_wall"),
    [
        # Spring forward 2026-03-29 02:00 CET -> 03:00 CEST. 01:30 CET = 00:30Z.
        (paris(2026, 3, 29, 1, 30), utc(2026, 4, 1, 0, 30), (2026, 4, 1, 2, 30)),
        (paris(2026, 3, 29, 3, 30), utc(2026, 4, 1, 1, 30), (2026, 4, 1, 3, 30)),
        # The day before: the 72 hours cross the change; the wall clock moves one hour more.
        (paris(2026, 3, 28, 12, 0), utc(2026, 3, 31, 11, 0), (2026, 3, 31, 13, 0)),
        # Fall back 2026-10-25 03:00 CEST -> 02:00 CET. 01:30 CEST = 23:30Z the day before.
        (paris(2026, 10, 25, 1, 30), utc(2026, 10, 27, 23, 30), (2026, 10, 28, 0, 30)),
        # 02:30 happens twice: fold 0 is the first (CEST, 00:30Z), fold 1 the second (CET, 01:30Z).
        (paris(2026, 10, 25, 2, 30, fold=0), utc(2026, 10, 28, 0, 30), (2026, 10, 28, 1, 30)),
        (paris(2026, 10, 25, 2, 30, fold=1), utc(2026, 10, 28, 1, 30), (2026, 10, 28, 2, 30)),
        # The same instant given in UTC or another zone gives the same deadline.
        (utc(2026, 3, 29, 0, 30), utc(2026, 4, 1, 0, 30), (2026, 4, 1, 2, 30)),
        (
            datetime(2026, 3, 28, 20, 30, tzinfo=ZoneInfo("America/New_York")),
            utc(2026, 4, 1, 0, 30),
            (2026, 4, 1, 2, 30),
        ),
    ],
)
def test_cnil_due_is_72_elapsed_hours_shown_in_paris(
    aware_at: datetime, due_utc: datetime, due_paris_wall: tuple[int, ...]
) -> None:
    state = cnil(aware_at, now=aware_at)
    assert state.due_at == due_utc
    assert state.due_at is not None
    assert state.due_at.utcoffset() == timedelta(0)
    assert state.due_at - aware_at == timedelta(hours=72)
    assert state.due_local is not None
    assert state.due_local.tzinfo is PARIS
    local = state.due_local
    assert (local.year, local.month, local.day, local.hour, local.minute) == due_paris_wall
    assert state.due_local == state.due_at


def test_ambiguous_awareness_folds_give_due_times_one_hour_apart() -> None:
    first = cnil(paris(2026, 10, 25, 2, 30, fold=0), now=utc(2026, 10, 25))
    second = cnil(paris(2026, 10, 25, 2, 30, fold=1), now=utc(2026, 10, 25))
    assert first.due_at is not None
    assert second.due_at is not None
    assert second.due_at - first.due_at == H


@pytest.mark.parametrize(
    ("kind", "hours"),
    [
        (K.HEALTH_INCIDENT_REPORT, 24),
        (K.NIS2_EARLY_WARNING, 24),
        (K.NIS2_NOTIFICATION, 72),
    ],
)
def test_other_hour_clocks_count_elapsed_hours_across_spring_forward(
    kind: ClockKind, hours: int
) -> None:
    aware_at = paris(2026, 3, 29, 1, 30)
    state = clock_state(kind, aware_at=aware_at, done={}, now=aware_at)
    assert state.due_at == utc(2026, 3, 29, 0, 30) + timedelta(hours=hours)


# --- Months: the NIS2 final report ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "expected_utc", "expected_wall"),
    [
        # Same date, same wall time; CET -> CEST, so 31 days minus one hour elapse.
        (paris(2026, 3, 15, 10), utc(2026, 4, 15, 8), (2026, 4, 15, 10, 0)),
        # No 31 February: the month's last day.
        (paris(2026, 1, 31, 10), utc(2026, 2, 28, 9), (2026, 2, 28, 10, 0)),
        (paris(2028, 1, 31, 10), utc(2028, 2, 29, 9), (2028, 2, 29, 10, 0)),
        (paris(2026, 12, 31, 23, 59), utc(2027, 1, 31, 22, 59), (2027, 1, 31, 23, 59)),
        # Lands in the spring-forward gap (2027-03-28 02:00 -> 03:00): read with fold=0, moved forward.
        (paris(2027, 2, 28, 2, 30), utc(2027, 3, 28, 1, 30), (2027, 3, 28, 3, 30)),
        # Lands in the repeated hour (2026-10-25 02:00-03:00): fold=0, the first 02:30 (CEST).
        (paris(2026, 9, 25, 2, 30), utc(2026, 10, 25, 0, 30), (2026, 10, 25, 2, 30)),
        # Starting in the repeated hour: both 02:30 give the same wall-time month deadline.
        (paris(2026, 10, 25, 2, 30, fold=0), utc(2026, 11, 25, 1, 30), (2026, 11, 25, 2, 30)),
        (paris(2026, 10, 25, 2, 30, fold=1), utc(2026, 11, 25, 1, 30), (2026, 11, 25, 2, 30)),
        # A start given in UTC is counted on its Paris date: 23:30Z on 31 Jan is 00:30 on 1 Feb.
        (utc(2026, 1, 31, 23, 30), utc(2026, 2, 28, 23, 30), (2026, 3, 1, 0, 30)),
    ],
)
def test_add_local_months(
    start: datetime, expected_utc: datetime, expected_wall: tuple[int, ...]
) -> None:
    result = add_local_months(start, 1)
    assert result == expected_utc
    assert result.tzinfo is UTC
    local = result.astimezone(PARIS)
    assert (local.year, local.month, local.day, local.hour, local.minute) == expected_wall


def test_add_local_months_gap_result_is_the_fold_0_reading() -> None:
    result = add_local_months(paris(2027, 2, 28, 2, 30), 1)
    assert result == paris(2027, 3, 28, 2, 30, fold=0).astimezone(UTC)
    assert result != paris(2027, 3, 28, 2, 30, fold=1).astimezone(UTC)


def test_add_local_months_rejects_negative_and_naive() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_local_months(paris(2026, 1, 1), -1)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_local_months(datetime(2026, 1, 1), 1)  # noqa: DTZ001


def test_final_report_counts_from_the_nis2_notification_once_sent() -> None:
    aware_at = paris(2026, 9, 23, 10)
    notified = paris(2026, 9, 25, 2, 30)  # CEST, 00:30Z
    now = paris(2026, 9, 26, 9)
    state = clock_state(
        K.NIS2_FINAL_REPORT, aware_at=aware_at, done={K.NIS2_NOTIFICATION: notified}, now=now
    )
    assert state.anchor_at == notified
    assert state.due_at == utc(2026, 10, 25, 0, 30)  # 25 Oct 02:30, first occurrence
    assert clocks.REASON_PROVISIONAL_ANCHOR not in state.reasons
    assert state.advisory is False


def test_final_report_is_provisional_from_awareness_until_the_notification() -> None:
    aware_at = paris(2026, 9, 23, 10)
    notified = paris(2026, 9, 25, 2, 30)
    before = clock_state(
        K.NIS2_FINAL_REPORT,
        aware_at=aware_at,
        done={K.NIS2_NOTIFICATION: notified},
        now=paris(2026, 9, 24, 9),  # the notification is not sent yet at this instant
    )
    assert before.anchor_at == aware_at
    assert before.due_at == paris(2026, 10, 23, 10)
    assert clocks.REASON_PROVISIONAL_ANCHOR in before.reasons


def test_final_report_anchor_on_awareness_when_configured() -> None:
    config = default_config()
    rule = replace(config.rule(K.NIS2_FINAL_REPORT), anchor=Anchor.AWARENESS)
    custom = ClocksConfig(rules={**config.rules, K.NIS2_FINAL_REPORT: rule})
    aware_at = paris(2026, 9, 23, 10)
    state = clock_state(
        K.NIS2_FINAL_REPORT,
        aware_at=aware_at,
        done={K.NIS2_NOTIFICATION: paris(2026, 9, 25, 10)},
        now=paris(2026, 9, 26),
        config=custom,
    )
    assert state.due_at == paris(2026, 10, 23, 10)
    assert clocks.REASON_PROVISIONAL_ANCHOR not in state.reasons


# --- Status ---------------------------------------------------------------------------------------

# Awareness at 01:30 the night clocks spring forward, in UTC: ``T0 + 60 * H`` on a Europe/Paris datetime
# would be wall-clock arithmetic (Python adds to the wall time when both sides share a tzinfo).
T0 = paris(2026, 3, 29, 1, 30).astimezone(UTC)


@pytest.mark.parametrize(
    ("now", "status", "remaining"),
    [
        (T0, S.RUNNING, 72 * H),
        (T0 + 59 * H + timedelta(minutes=59), S.RUNNING, 12 * H + timedelta(minutes=1)),
        (T0 + 60 * H, S.DUE_SOON, 12 * H),
        (T0 + 72 * H, S.DUE_SOON, timedelta(0)),
        (T0 + 72 * H + timedelta(seconds=1), S.OVERDUE, -timedelta(seconds=1)),
        (T0 + 100 * H, S.OVERDUE, -28 * H),
    ],
)
def test_cnil_status_running_due_soon_overdue(
    now: datetime, status: ClockStatus, remaining: timedelta
) -> None:
    state = cnil(T0, now=now)
    assert state.status is status
    assert state.remaining == remaining
    assert state.late_reason_required is (status is S.OVERDUE)
    assert (clocks.REASON_LATE_REASON_REQUIRED in state.reasons) is (status is S.OVERDUE)


@pytest.mark.parametrize(
    ("done_after", "status", "late_reason"),
    [
        (H, S.DONE, False),
        (72 * H, S.DONE, False),
        (72 * H + timedelta(seconds=1), S.DONE_LATE, True),
        (90 * H, S.DONE_LATE, True),
    ],
)
def test_cnil_done_on_time_or_late(
    done_after: timedelta, status: ClockStatus, late_reason: bool
) -> None:
    done_at = T0 + done_after
    state = cnil(T0, now=T0 + 200 * H, done={K.CNIL_NOTIFICATION: done_at})
    assert state.status is status
    assert state.done_at == done_at
    assert state.done_at is not None
    assert state.done_at.tzinfo is UTC
    assert state.remaining is None
    assert state.late_reason_required is late_reason
    assert clocks.REASON_PHASED_NOTIFICATION in state.reasons


def test_done_after_now_is_not_done_yet() -> None:
    state = cnil(T0, now=T0 + 75 * H, done={K.CNIL_NOTIFICATION: T0 + 80 * H})
    assert state.status is S.OVERDUE
    assert state.done_at is None


def test_due_soon_threshold_comes_from_config() -> None:
    config = default_config()
    rule = replace(config.rule(K.CNIL_NOTIFICATION), due_soon=2 * H)
    custom = ClocksConfig(rules={**config.rules, K.CNIL_NOTIFICATION: rule})
    now = T0 + 65 * H
    assert cnil(T0, now=now).status is S.DUE_SOON
    assert (
        clock_state(K.CNIL_NOTIFICATION, aware_at=T0, done={}, now=now, config=custom).status
        is S.RUNNING
    )
    later = clock_state(K.CNIL_NOTIFICATION, aware_at=T0, done={}, now=T0 + 70 * H, config=custom)
    assert later.status is S.DUE_SOON


def test_health_report_target_is_advisory_and_needs_no_reason() -> None:
    state = clock_state(K.HEALTH_INCIDENT_REPORT, aware_at=T0, done={}, now=T0 + 30 * H)
    assert state.advisory is True
    assert state.due_at == T0 + 24 * H
    assert state.status is S.OVERDUE
    assert state.late_reason_required is False
    assert clocks.REASON_ADVISORY_TARGET in state.reasons
    assert state.source == "CSP L.1111-8-2, D.1111-16-2"
    late = clock_state(
        K.HEALTH_INCIDENT_REPORT,
        aware_at=T0,
        done={K.HEALTH_INCIDENT_REPORT: T0 + 30 * H},
        now=T0 + 31 * H,
    )
    assert late.status is S.DONE_LATE
    assert late.late_reason_required is False


def test_subjects_information_has_no_due_time() -> None:
    running = clock_state(K.SUBJECTS_INFORMATION, aware_at=T0, done={}, now=T0 + 1000 * H)
    assert running.due_at is None
    assert running.due_local is None
    assert running.remaining is None
    assert running.status is S.RUNNING
    assert running.advisory is True
    assert clocks.REASON_NO_FIXED_DEADLINE in running.reasons
    done = clock_state(
        K.SUBJECTS_INFORMATION,
        aware_at=T0,
        done={K.SUBJECTS_INFORMATION: T0 + 500 * H},
        now=T0 + 1000 * H,
    )
    assert done.status is S.DONE


def test_nis2_late_needs_no_gdpr_reason() -> None:
    state = clock_state(K.NIS2_NOTIFICATION, aware_at=T0, done={}, now=T0 + 80 * H)
    assert state.status is S.OVERDUE
    assert state.late_reason_required is False
    assert state.advisory is False


@pytest.mark.parametrize("field", ["aware_at", "now", "done"])
def test_naive_datetimes_are_rejected(field: str) -> None:
    naive = datetime(2026, 3, 29, 1, 30)  # noqa: DTZ001
    kwargs: dict[str, Any] = {"aware_at": T0, "now": T0, "done": {}}
    kwargs[field] = {K.CNIL_NOTIFICATION: naive} if field == "done" else naive
    with pytest.raises(ValueError, match="timezone-aware"):
        clock_state(K.CNIL_NOTIFICATION, **kwargs)
    with pytest.raises(ValueError, match="timezone-aware"):
        reminders_due(clocks=[K.CNIL_NOTIFICATION], already_sent=set(), **kwargs)


def test_clock_states_keeps_order_and_drops_duplicates() -> None:
    kinds = [K.NIS2_EARLY_WARNING, K.CNIL_NOTIFICATION, K.NIS2_EARLY_WARNING]
    states = clock_states(aware_at=T0, clocks=kinds, done={}, now=T0)
    assert [s.kind for s in states] == [K.NIS2_EARLY_WARNING, K.CNIL_NOTIFICATION]


def test_every_code_has_a_text_and_a_source() -> None:
    assert set(CLOCK_TEXT) == set(ClockKind)
    assert set(STATUS_TEXT) == set(ClockStatus)
    assert set(clocks.SOURCES) == set(ClockKind)
    for kind in ClockKind:
        for now in (T0, T0 + 100 * H):
            for reason in clock_state(kind, aware_at=T0, done={}, now=now).reasons:
                assert reason in REASON_TEXT


# --- Applicable clocks ----------------------------------------------------------------------------

NIS2 = (K.NIS2_EARLY_WARNING, K.NIS2_NOTIFICATION, K.NIS2_FINAL_REPORT)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ((False, False, False, False), ()),
        ((True, False, False, False), (K.CNIL_NOTIFICATION,)),
        ((False, True, False, False), (K.SUBJECTS_INFORMATION,)),
        ((False, False, True, False), (K.HEALTH_INCIDENT_REPORT,)),
        ((False, False, False, True), NIS2),
        ((True, True, False, False), (K.CNIL_NOTIFICATION, K.SUBJECTS_INFORMATION)),
        ((True, False, True, False), (K.CNIL_NOTIFICATION, K.HEALTH_INCIDENT_REPORT)),
        ((True, True, True, True), ALL),
    ],
)
def test_applicable_clocks(
    flags: tuple[bool, bool, bool, bool], expected: tuple[ClockKind, ...]
) -> None:
    authority, subjects, health, nis2 = flags
    assert (
        applicable_clocks(
            notify_authority=authority,
            notify_subjects=subjects,
            health_establishment=health,
            nis2_entity=nis2,
        )
        == expected
    )


# --- Reminders ------------------------------------------------------------------------------------


def sweep(
    *,
    aware_at: datetime,
    nows: Iterable[datetime],
    kinds: Iterable[ClockKind] = ALL,
    done: Mapping[ClockKind, datetime] | None = None,
) -> list[tuple[datetime, Reminder]]:
    """Run the worker's sweep at each ``now``, recording what it sends as the real sweep would."""
    kinds = tuple(kinds)
    sent: set[tuple[ClockKind, str]] = set()
    fired: list[tuple[datetime, Reminder]] = []
    for now in nows:
        for reminder in reminders_due(
            aware_at=aware_at, clocks=kinds, done=done or {}, now=now, already_sent=sent
        ):
            assert reminder.key not in sent
            assert reminder.fire_at <= now
            sent.add(reminder.key)
            fired.append((now, reminder))
    return fired


def hourly(
    start: datetime, hours: int, *, offset: timedelta = timedelta(minutes=7)
) -> list[datetime]:
    first = start.astimezone(UTC) + offset
    return [first + k * H for k in range(hours + 1)]


EXPECTED_4_DAYS = {
    (K.CNIL_NOTIFICATION, "24h"),
    (K.CNIL_NOTIFICATION, "48h"),
    (K.CNIL_NOTIFICATION, "66h"),
    (K.SUBJECTS_INFORMATION, "24h"),
    (K.SUBJECTS_INFORMATION, "72h"),
    (K.HEALTH_INCIDENT_REPORT, "4h"),
    (K.HEALTH_INCIDENT_REPORT, "12h"),
    (K.HEALTH_INCIDENT_REPORT, "20h"),
    (K.NIS2_EARLY_WARNING, "12h"),
    (K.NIS2_EARLY_WARNING, "20h"),
    (K.NIS2_NOTIFICATION, "24h"),
    (K.NIS2_NOTIFICATION, "48h"),
    (K.NIS2_NOTIFICATION, "66h"),
}


@pytest.mark.parametrize(
    "aware_at",
    [T0, paris(2026, 10, 25, 2, 30, fold=1), paris(2026, 6, 10, 14, 45)],
    ids=["spring-forward", "fall-back", "summer"],
)
def test_hourly_sweep_over_four_days_fires_each_point_exactly_once(aware_at: datetime) -> None:
    fired = sweep(aware_at=aware_at, nows=hourly(aware_at, 96))
    keys = Counter(r.key for _, r in fired)
    assert set(keys) == EXPECTED_4_DAYS
    assert all(count == 1 for count in keys.values())
    for now, reminder in fired:
        # Sent at the first sweep after its time, never before.
        assert reminder.fire_at <= now < reminder.fire_at + H
        assert reminder.fire_at.tzinfo is UTC
    cnil_fire = {r.point: r.fire_at for _, r in fired if r.kind is K.CNIL_NOTIFICATION}
    assert cnil_fire == {
        "24h": aware_at.astimezone(UTC) + 24 * H,
        "48h": aware_at.astimezone(UTC) + 48 * H,
        "66h": aware_at.astimezone(UTC) + 66 * H,
    }
    escalations = {r.key for _, r in fired if r.escalation}
    assert escalations == {
        (K.CNIL_NOTIFICATION, "66h"),
        (K.SUBJECTS_INFORMATION, "72h"),
        (K.HEALTH_INCIDENT_REPORT, "20h"),
        (K.NIS2_EARLY_WARNING, "20h"),
        (K.NIS2_NOTIFICATION, "66h"),
    }


def test_sweep_repeated_at_the_same_instant_sends_nothing_more() -> None:
    now = T0 + 25 * H
    fired = sweep(aware_at=T0, nows=[now, now, now], kinds=[K.CNIL_NOTIFICATION])
    assert [r.key for _, r in fired] == [(K.CNIL_NOTIFICATION, "24h")]


def test_no_reminder_for_a_done_clock() -> None:
    done = {K.CNIL_NOTIFICATION: T0 + 30 * H, K.NIS2_EARLY_WARNING: T0 + 5 * H}
    fired = sweep(aware_at=T0, nows=hourly(T0, 96), done=done)
    keys = {r.key for _, r in fired}
    assert (K.CNIL_NOTIFICATION, "24h") in keys
    assert (K.CNIL_NOTIFICATION, "48h") not in keys
    assert (K.CNIL_NOTIFICATION, "66h") not in keys
    assert not any(kind is K.NIS2_EARLY_WARNING for kind, _ in keys)


@pytest.mark.parametrize(
    ("down_from", "down_to", "at_restart"),
    [
        (
            11,
            41,
            {
                (K.CNIL_NOTIFICATION, "24h"),
                (K.SUBJECTS_INFORMATION, "24h"),
                (K.HEALTH_INCIDENT_REPORT, "20h"),  # 12h skipped
                (K.NIS2_EARLY_WARNING, "20h"),  # 12h skipped
                (K.NIS2_NOTIFICATION, "24h"),
            },
        ),
        (
            20,
            50,
            {
                (K.CNIL_NOTIFICATION, "48h"),  # 24h skipped
                (K.SUBJECTS_INFORMATION, "24h"),
                (K.NIS2_NOTIFICATION, "48h"),  # 24h skipped
            },
        ),
    ],
)
def test_after_30_hours_downtime_only_the_latest_point_per_clock_fires(
    down_from: int, down_to: int, at_restart: set[tuple[ClockKind, str]]
) -> None:
    # Hourly sweeps at hh:07; none between the one of hour ``down_from`` and the one of ``down_to``.
    sweeps = hourly(T0, 96)
    last_before, first_after = sweeps[down_from], sweeps[down_to]
    assert first_after - last_before == 30 * H
    nows = [n for n in sweeps if not last_before < n < first_after]
    fired = sweep(aware_at=T0, nows=nows)
    assert {r.key for now, r in fired if now == first_after} == at_restart
    keys = Counter(r.key for _, r in fired)
    assert all(count == 1 for count in keys.values())
    # The points skipped are those that came during the downtime; they never fire later either.
    skipped = EXPECTED_4_DAYS - set(keys)
    assert skipped
    for kind, point in skipped:
        state = clock_state(kind, aware_at=T0, done={}, now=T0)
        fire_at = {r.point: r.fire_at for r in reminder_schedule(state)}[point]
        assert last_before < fire_at < first_after


def test_earlier_point_not_sent_after_a_later_one_was() -> None:
    sent = {(K.CNIL_NOTIFICATION, "48h")}
    # 24h is the latest point reached, but a later point (48h) was already sent, e.g. before the
    # clock's anchor moved: the earlier one is not sent after it.
    got = reminders_due(
        aware_at=T0, clocks=[K.CNIL_NOTIFICATION], done={}, now=T0 + 30 * H, already_sent=sent
    )
    assert got == []


def test_reminders_due_returns_at_most_one_per_clock_and_none_before_time() -> None:
    assert reminders_due(aware_at=T0, clocks=ALL, done={}, now=T0 + 3 * H, already_sent=set()) == []
    got = reminders_due(aware_at=T0, clocks=ALL, done={}, now=T0 + 70 * H, already_sent=set())
    assert sorted(r.key for r in got) == sorted(
        [
            (K.CNIL_NOTIFICATION, "66h"),
            (K.SUBJECTS_INFORMATION, "24h"),
            (K.HEALTH_INCIDENT_REPORT, "20h"),
            (K.NIS2_EARLY_WARNING, "20h"),
            (K.NIS2_NOTIFICATION, "66h"),
        ]
    )


def test_final_report_reminders_before_due() -> None:
    aware_at = paris(2026, 9, 23, 10)
    notified = paris(2026, 9, 25, 2, 30)
    done = {K.NIS2_NOTIFICATION: notified}
    nows = hourly(aware_at, 40 * 24)
    fired = sweep(aware_at=aware_at, nows=nows, kinds=[K.NIS2_FINAL_REPORT], done=done)
    due = utc(2026, 10, 25, 0, 30)
    assert [(r.point, r.fire_at, r.escalation) for _, r in fired] == [
        ("due-168h", due - 168 * H, False),
        ("due-48h", due - 48 * H, True),
    ]


def test_reminder_schedule_without_due_skips_before_due_points() -> None:
    state = clock_state(K.SUBJECTS_INFORMATION, aware_at=T0, done={}, now=T0)
    schedule = reminder_schedule(state)
    assert [(r.point, r.escalation) for r in schedule] == [("24h", False), ("72h", True)]


# --- Reference data -------------------------------------------------------------------------------


def test_packaged_reference_data() -> None:
    config = load_config()
    assert config.rule(K.CNIL_NOTIFICATION).due_hours == 72
    assert [p.key for p in config.rule(K.CNIL_NOTIFICATION).reminders] == ["24h", "48h", "66h"]
    assert config.rule(K.NIS2_EARLY_WARNING).due_hours == 24
    assert config.rule(K.NIS2_NOTIFICATION).due_hours == 72
    assert config.rule(K.NIS2_FINAL_REPORT).due_months == 1
    assert config.rule(K.NIS2_FINAL_REPORT).anchor is Anchor.NIS2_NOTIFICATION
    assert config.rule(K.HEALTH_INCIDENT_REPORT).due_hours == 24
    assert config.rule(K.HEALTH_INCIDENT_REPORT).advisory is True
    assert config.rule(K.SUBJECTS_INFORMATION).due_hours is None


def test_gdpr_72_hours_is_law_not_data() -> None:
    data = reference_data()
    assert "due_hours" not in data["clocks"]["cnil_notification"]
    data["clocks"]["cnil_notification"]["due_hours"] = 96
    with pytest.raises(ClockConfigError, match="unknown key"):
        parse_config(data)


def _broken(path: Path, mutate: Any) -> Path:
    data = reference_data()
    mutate(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["clocks"]["nis2_early_warning"].pop("due_hours"),
            r"clocks\.nis2_early_warning: missing key\(s\) due_hours",
        ),
        (
            lambda d: d["clocks"]["nis2_early_warning"].update(due_hours="24"),
            r"clocks\.nis2_early_warning\.due_hours: expected an integer >= 1, got '24'",
        ),
        (
            lambda d: d["clocks"]["nis2_notification"].update(due_hours=True),
            r"nis2_notification\.due_hours: expected an integer",
        ),
        (
            lambda d: d["clocks"].pop("nis2_final_report"),
            r"clocks: missing key\(s\) nis2_final_report",
        ),
        (lambda d: d["clocks"].update(nis3={}), r"clocks: unknown key\(s\) nis3"),
        (lambda d: d.update(schema=2), r"schema: expected 1, got 2"),
        (
            lambda d: d["clocks"]["cnil_notification"]["reminders"].append({"after_hours": 24}),
            r"cnil_notification\.reminders: duplicate reminder points",
        ),
        (
            lambda d: d["clocks"]["cnil_notification"]["reminders"].append({"after_hours": 0}),
            r"cnil_notification\.reminders\[3\]\.after_hours: expected an integer >= 1",
        ),
        (
            lambda d: d["clocks"]["cnil_notification"]["reminders"].append(
                {"after_hours": 1, "before_due_hours": 2}
            ),
            r"cnil_notification\.reminders\[3\]: expected exactly one of",
        ),
        (
            lambda d: d["clocks"]["subjects_information"]["reminders"].append(
                {"before_due_hours": 2}
            ),
            r"subjects_information\.reminders\[2\]: before_due_hours needs a clock with a due time",
        ),
        (
            lambda d: d["clocks"]["nis2_final_report"].update(anchor="incident"),
            r"nis2_final_report\.anchor: expected one of awareness, nis2_notification",
        ),
        (
            lambda d: d["clocks"]["health_incident_report"].update(reminders={}),
            r"health_incident_report\.reminders: expected a list, got dict",
        ),
    ],
)
def test_loader_names_the_field_at_fault(tmp_path: Path, mutate: Any, message: str) -> None:
    path = _broken(tmp_path / "clocks.json", mutate)
    with pytest.raises(ClockConfigError, match=rf"^clocks\.json: .*{message}"):
        load_config(path)


def test_loader_bad_json_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "clocks.json"
    bad.write_text('{"schema": 1, "clocks": {', encoding="utf-8")
    with pytest.raises(ClockConfigError, match=r"clocks\.json: invalid JSON at line 1"):
        load_config(bad)
    with pytest.raises(ClockConfigError, match="cannot read"):
        load_config(tmp_path / "missing.json")
    assert issubclass(ClockConfigError, ValueError)


def test_comment_keys_are_ignored() -> None:
    data = reference_data()
    data["clocks"]["cnil_notification"]["_why"] = "a note"
    data["clocks"]["cnil_notification"]["reminders"][0]["_why"] = "another"
    assert parse_config(data).rule(K.CNIL_NOTIFICATION).reminders[0].key == "24h"


def test_broken_packaged_file_fails_loudly_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = _broken(tmp_path / "clocks.json", lambda d: d["clocks"].pop("nis2_notification"))
    monkeypatch.setattr(clocks, "REFERENCE_FILE", broken)
    default_config.cache_clear()
    try:
        with pytest.raises(ClockConfigError, match="nis2_notification"):
            clock_state(K.CNIL_NOTIFICATION, aware_at=T0, done={}, now=T0)
    finally:
        default_config.cache_clear()


def test_subjects_information_advisory_target_from_the_json() -> None:
    data = reference_data()
    data["clocks"]["subjects_information"]["advisory_target_hours"] = 72
    data["clocks"]["subjects_information"]["reminders"].append({"before_due_hours": 6})
    config = parse_config(data)
    state = clock_state(
        K.SUBJECTS_INFORMATION, aware_at=T0, done={}, now=T0 + 73 * H, config=config
    )
    assert state.due_at == T0 + 72 * H
    assert state.status is S.OVERDUE
    assert state.advisory is True
    assert state.late_reason_required is False
    assert clocks.REASON_ADVISORY_TARGET in state.reasons
    assert [r.point for r in reminder_schedule(state, config=config)] == ["24h", "due-6h", "72h"]


def test_sent_keys_read_back_as_plain_strings_match() -> None:
    # A database gives the kind back as a plain string: ClockKind is a StrEnum, so the keys still match.
    sent = {("cnil_notification", "24h")}
    got = reminders_due(
        aware_at=T0, clocks=[K.CNIL_NOTIFICATION], done={}, now=T0 + 25 * H, already_sent=sent
    )
    assert got == []
