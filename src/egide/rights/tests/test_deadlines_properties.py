"""Properties of the deadline module over any receipt date from 1900 to 2200 (hypothesis). Holidays are
checked against the ``holidays`` package directly, not through the module's cache. No database."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from egide.rights.deadlines import (
    Calendar,
    Pause,
    add_months,
    compute_deadlines,
    next_working_day,
)

receipts = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
calendars = st.sampled_from(list(Calendar))
SUBDIV = {Calendar.FR: None, Calendar.FR_ALSACE_MOSELLE: "57"}


def is_off(day: date, calendar: Calendar) -> bool:
    return day.weekday() >= 5 or day in holidays.France(years=day.year, subdiv=SUBDIV[calendar])


@st.composite
def pauses_after(draw, received: date) -> list[Pause]:
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        start = received + timedelta(days=draw(st.integers(0, 60)))
        length = draw(st.integers(0, 30))
        pauses.append(Pause(start, start + timedelta(days=length)))
    return pauses


@given(received=receipts, calendar=calendars)
def test_due_is_at_least_28_days_after_receipt_and_a_working_day(received, calendar):
    deadlines = compute_deadlines(received=received, calendar=calendar)

    assert deadlines.due >= received + timedelta(days=28)
    assert deadlines.due <= received + timedelta(
        days=31 + 5
    )  # a month, then a few days off at most
    for due in (deadlines.due, deadlines.extended_due):
        assert not is_off(due, calendar)
        # Art. 3(4): the first working day on or after the raw end date, not a later one.
        raw = add_months(received, 1 if due == deadlines.due else 3)
        assert all(is_off(raw + timedelta(days=n), calendar) for n in range((due - raw).days))


@given(received=receipts, calendar=calendars, later_by=st.integers(1, 40))
def test_due_is_monotonic_in_the_receipt_date(received, calendar, later_by):
    later = received + timedelta(days=later_by)

    first = compute_deadlines(received=received, calendar=calendar, medical_record=True)
    second = compute_deadlines(received=later, calendar=calendar, medical_record=True)

    assert first.due <= second.due
    assert first.extended_due <= second.extended_due
    assert first.medical_record_due <= second.medical_record_due


@given(received=receipts, calendar=calendars)
def test_extension_never_ends_before_the_first_deadline(received, calendar):
    deadlines = compute_deadlines(received=received, calendar=calendar)

    assert deadlines.extended_due >= deadlines.due
    assert deadlines.extended_due >= add_months(received, 3)


@given(received=receipts, calendar=calendars, older=st.booleans())
def test_medical_record_rules(received, calendar, older):
    deadlines = compute_deadlines(
        received=received, calendar=calendar, medical_record=True, older_than_5_years=older
    )
    two_months = next_working_day(add_months(received, 2), calendar)

    assert deadlines.medical_record_not_before == received + timedelta(days=2)
    assert deadlines.medical_record_due <= two_months
    assert not is_off(deadlines.medical_record_due, calendar)
    if older:
        assert deadlines.medical_record_due == two_months
    else:
        assert deadlines.medical_record_due >= received + timedelta(days=8)
        assert deadlines.medical_record_due <= deadlines.due
    assert deadlines.governing_due == min(deadlines.due, deadlines.medical_record_due)


@given(data=st.data(), received=receipts, calendar=calendars)
def test_pauses_never_make_a_deadline_earlier(data, received, calendar):
    pauses = data.draw(pauses_after(received))

    plain = compute_deadlines(received=received, calendar=calendar, medical_record=True)
    paused = compute_deadlines(
        received=received, calendar=calendar, medical_record=True, pauses=pauses
    )

    assert paused.due >= plain.due
    assert paused.extended_due >= plain.extended_due
    assert paused.medical_record_due >= plain.medical_record_due
    assert paused.due >= add_months(received, 1) + timedelta(days=paused.paused_days)
    assert not is_off(paused.due, calendar)
    assert paused.paused_days <= sum((p.end - p.start).days for p in pauses)
