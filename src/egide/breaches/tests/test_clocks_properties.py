"""Properties of the breach clocks (egide.breaches.clocks), checked with hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from egide.breaches.clocks import (
    PARIS,
    ClockKind,
    ClockStatus,
    add_local_months,
    clock_state,
    reminder_schedule,
    reminders_due,
)

H = timedelta(hours=1)
ALL = tuple(ClockKind)

aware_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001 (hypothesis bounds are naive)
    max_value=datetime(2100, 12, 31),  # noqa: DTZ001
    timezones=st.timezones(),
)
offsets = st.integers(min_value=-10 * 3600, max_value=40 * 24 * 3600).map(
    lambda s: timedelta(seconds=s)
)
done_maps = st.dictionaries(
    st.sampled_from(ALL),
    st.integers(min_value=0, max_value=40 * 24 * 3600).map(lambda s: timedelta(seconds=s)),
)


@given(aware_datetimes)
def test_cnil_due_is_exactly_72_hours_after_awareness(aware_at: datetime) -> None:
    state = clock_state(ClockKind.CNIL_NOTIFICATION, aware_at=aware_at, done={}, now=aware_at)
    assert state.due_at is not None
    assert state.due_at.astimezone(UTC) - aware_at.astimezone(UTC) == timedelta(hours=72)
    assert state.due_at.tzinfo is UTC
    assert state.due_local is not None
    assert state.due_local.tzinfo is PARIS
    assert state.due_local.astimezone(UTC) == state.due_at


@given(aware_datetimes)
def test_nis2_hour_clocks_are_exact_elapsed_hours(aware_at: datetime) -> None:
    start = aware_at.astimezone(UTC)
    for kind, hours in ((ClockKind.NIS2_EARLY_WARNING, 24), (ClockKind.NIS2_NOTIFICATION, 72)):
        state = clock_state(kind, aware_at=aware_at, done={}, now=aware_at)
        assert state.due_at == start + timedelta(hours=hours)


@given(aware_datetimes)
def test_one_local_month_keeps_the_date_or_the_last_day_and_the_wall_time(start: datetime) -> None:
    result = add_local_months(start, 1)
    local_start = start.astimezone(PARIS)
    local = result.astimezone(PARIS)
    expected_month = local_start.month % 12 + 1
    assert local.month == expected_month
    assert local.day == local_start.day or (
        local.day < local_start.day and (local + timedelta(days=1)).month != local.month
    )
    # Same wall time, except in the spring-forward gap where it moves forward by the gap (one hour).
    start_wall = timedelta(hours=local_start.hour, minutes=local_start.minute)
    wall = timedelta(hours=local.hour, minutes=local.minute)
    assert wall - start_wall in (timedelta(0), H)
    # A month is 28 to 31 days, give or take the hour of a daylight-saving change.
    elapsed = result - start.astimezone(UTC)
    assert timedelta(days=28) - H <= elapsed <= timedelta(days=31) + H


@given(aware_datetimes, st.lists(offsets, min_size=1, max_size=30))
def test_status_never_goes_backwards_while_not_done(
    aware_at: datetime, nows: list[timedelta]
) -> None:
    order = [ClockStatus.RUNNING, ClockStatus.DUE_SOON, ClockStatus.OVERDUE]
    start = aware_at.astimezone(UTC)
    for kind in ALL:
        seen = [
            clock_state(kind, aware_at=aware_at, done={}, now=start + offset).status
            for offset in sorted(nows)
        ]
        ranks = [order.index(s) for s in seen]
        assert ranks == sorted(ranks)


@given(
    aware_datetimes,
    offsets,
    done_maps,
    st.sets(
        st.tuples(
            st.sampled_from(ALL),
            st.sampled_from(
                ["4h", "12h", "20h", "24h", "48h", "66h", "72h", "due-168h", "due-48h"]
            ),
        )
    ),
)
def test_reminders_never_fire_early_twice_or_for_a_done_clock(
    aware_at: datetime,
    offset: timedelta,
    done_after: dict[ClockKind, timedelta],
    already_sent: set[tuple[ClockKind, str]],
) -> None:
    start = aware_at.astimezone(UTC)
    now = start + offset
    done = {kind: start + after for kind, after in done_after.items()}
    got = reminders_due(
        aware_at=aware_at, clocks=ALL, done=done, now=now, already_sent=already_sent
    )
    assert len({r.kind for r in got}) == len(got)
    for reminder in got:
        assert reminder.fire_at <= now
        assert reminder.key not in already_sent
        assert reminder.kind not in done or done[reminder.kind] > now
        state = clock_state(reminder.kind, aware_at=aware_at, done=done, now=now)
        assert reminder in reminder_schedule(state)


@settings(max_examples=50, deadline=None)
@given(
    aware_datetimes,
    st.lists(
        st.integers(min_value=1, max_value=50 * 60).map(lambda m: timedelta(minutes=m)),
        min_size=1,
        max_size=60,
    ),
)
def test_any_sweep_sends_each_reminder_at_most_once_in_order(
    aware_at: datetime, gaps: list[timedelta]
) -> None:
    sent: set[tuple[ClockKind, str]] = set()
    last_fire: dict[ClockKind, datetime] = {}
    now = aware_at.astimezone(UTC)
    for gap in gaps:
        now += gap
        for reminder in reminders_due(
            aware_at=aware_at, clocks=ALL, done={}, now=now, already_sent=sent
        ):
            assert reminder.key not in sent
            assert reminder.fire_at <= now
            # Within a clock, reminders go out in firing order: a skipped point never comes back.
            assert reminder.fire_at > last_fire.get(reminder.kind, datetime.min.replace(tzinfo=UTC))
            last_fire[reminder.kind] = reminder.fire_at
            sent.add(reminder.key)


@settings(max_examples=30, deadline=None)
@given(
    aware_datetimes,
    st.lists(
        st.integers(min_value=1, max_value=60).map(lambda m: timedelta(minutes=m)),
        min_size=1,
        max_size=150,
    ),
)
def test_a_sweep_at_least_hourly_sends_every_point_reached_exactly_once(
    aware_at: datetime, gaps: list[timedelta]
) -> None:
    sent: list[tuple[ClockKind, str]] = []
    now = aware_at.astimezone(UTC)
    for gap in gaps:
        now += gap
        sent += [
            r.key
            for r in reminders_due(
                aware_at=aware_at, clocks=ALL, done={}, now=now, already_sent=set(sent)
            )
        ]
    expected = [
        r.key
        for kind in ALL
        for r in reminder_schedule(clock_state(kind, aware_at=aware_at, done={}, now=now))
        if r.fire_at <= now
    ]
    assert sorted(sent) == sorted(expected)
