"""The deadline module against a table built by hand: every expected date was read off a printed calendar
(``python -c 'import calendar; print(calendar.month(2026, 5))'``), Easter from ``dateutil.easter``
(2025-04-20, 2026-04-05, 2027-03-28). No database."""

from __future__ import annotations

from datetime import date

import pytest

from egide.rights.deadlines import (
    Calendar,
    Pause,
    add_months,
    calendar_for,
    compute_deadlines,
    days_left,
    is_working_day,
    next_working_day,
    paused_days,
    public_holidays,
)

FR, AM = Calendar.FR, Calendar.FR_ALSACE_MOSELLE
d = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-15", 1, "2026-02-15"),
        ("2026-01-31", 1, "2026-02-28"),  # no 31 February: the month's last day (Art. 3(2)(c))
        ("2028-01-31", 1, "2028-02-29"),  # 2028 is a leap year
        ("2100-01-31", 1, "2100-02-28"),  # 2100 is not (divisible by 100, not by 400)
        ("2000-01-31", 1, "2000-02-29"),  # 2000 is (divisible by 400)
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-31", 1, "2027-01-31"),  # across the year
        ("2026-11-30", 3, "2027-02-28"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-05-31", 13, "2027-06-30"),
        ("2026-05-31", 0, "2026-05-31"),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(d(start), months) == d(expected)


# received, calendar, due (one month), extended_due (three months)
GDPR_TABLE = [
    # Plain cases and month ends.
    ("2026-03-15", FR, "2026-04-15", "2026-06-15"),
    ("2026-10-17", FR, "2026-11-17", "2027-01-18"),  # 17 Jan 2027 is a Sunday
    ("2026-01-31", FR, "2026-03-02", "2026-04-30"),  # 28 Feb is a Saturday, 1 March a Sunday
    ("2027-01-31", FR, "2027-03-01", "2027-04-30"),  # 28 Feb 2027 is a Sunday
    ("2028-01-31", FR, "2028-02-29", "2028-05-02"),  # leap day; 30 Apr Sunday, 1 May holiday
    ("2024-01-30", FR, "2024-02-29", "2024-04-30"),
    ("2100-01-31", FR, "2100-03-01", "2100-04-30"),  # 28 Feb 2100 is a Sunday; no 29 Feb
    ("2026-03-31", FR, "2026-04-30", "2026-06-30"),
    ("2026-08-31", FR, "2026-09-30", "2026-11-30"),
    ("2026-12-31", FR, "2027-02-01", "2027-03-31"),  # 31 Jan 2027 is a Sunday
    ("2200-12-31", FR, "2201-02-02", "2201-03-31"),  # 31 Jan 2201 Saturday
    ("1900-01-31", FR, "1900-02-28", "1900-04-30"),
    # Public holidays (France).
    ("2026-04-30", FR, "2026-06-01", "2026-07-30"),  # 30 May Saturday, 31 May Sunday
    ("2026-04-01", FR, "2026-05-04", "2026-07-01"),  # 1 May (Friday)
    ("2026-04-08", FR, "2026-05-11", "2026-07-08"),  # 8 May (Friday)
    ("2026-04-14", FR, "2026-05-15", "2026-07-15"),  # Ascension 14 May; 14 July holiday
    ("2026-04-25", FR, "2026-05-26", "2026-07-27"),  # Whit Monday 25 May; 25 July Saturday
    ("2026-06-14", FR, "2026-07-15", "2026-09-14"),  # 14 July (Tuesday)
    ("2025-07-15", FR, "2025-08-18", "2025-10-15"),  # 15 August (Friday)
    ("2027-10-01", FR, "2027-11-02", "2028-01-03"),  # 1 November (Monday); 1 Jan 2028 Saturday
    ("2026-10-11", FR, "2026-11-12", "2027-01-11"),  # 11 November (Wednesday)
    ("2026-12-01", FR, "2027-01-04", "2027-03-01"),  # 1 January (Friday)
    ("2026-03-06", FR, "2026-04-07", "2026-06-08"),  # Easter Monday 6 April; 6 June Saturday
    ("2025-09-25", FR, "2025-10-27", "2025-12-26"),  # extension ends on Christmas (Thursday)
    # Alsace-Moselle: Good Friday and 26 December are holidays there, not elsewhere.
    ("2026-03-03", FR, "2026-04-03", "2026-06-03"),
    ("2026-03-03", AM, "2026-04-07", "2026-06-03"),  # Good Friday, weekend, Easter Monday
    ("2027-02-26", FR, "2027-03-26", "2027-05-26"),
    ("2027-02-26", AM, "2027-03-30", "2027-05-26"),  # Good Friday 26 March 2027
    ("2025-11-26", FR, "2025-12-26", "2026-02-26"),
    ("2025-11-26", AM, "2025-12-29", "2026-02-26"),  # 26 December (Friday)
    ("2025-11-25", FR, "2025-12-26", "2026-02-25"),  # Christmas (Thursday)
    ("2025-11-25", AM, "2025-12-29", "2026-02-25"),
    ("2025-09-25", AM, "2025-10-27", "2025-12-29"),  # extension: Christmas then 26 December
    ("2026-04-30", AM, "2026-06-01", "2026-07-30"),  # same as France when no local holiday
]


@pytest.mark.parametrize(("received", "calendar", "due", "extended_due"), GDPR_TABLE)
def test_gdpr_deadlines(received, calendar, due, extended_due):
    deadlines = compute_deadlines(received=d(received), calendar=calendar)

    assert (deadlines.due, deadlines.extended_due) == (d(due), d(extended_due))
    assert deadlines.governing_due == d(due)
    assert deadlines.medical_record_due is None
    assert deadlines.medical_record_not_before is None


# received, pauses, today, paused days, due, extended_due
PAUSE_TABLE = [
    ("2026-03-02", [("2026-03-05", "2026-03-12")], None, 7, "2026-04-09", "2026-06-09"),
    # 25 April + 7 = 2 May, a Saturday; without the pause 25 April (Saturday) gives 27 April.
    ("2026-03-25", [("2026-03-26", "2026-04-02")], None, 7, "2026-05-04", "2026-07-02"),
    # Ongoing: counted up to today. 2 April + 10 = 12 April, a Sunday.
    ("2026-03-02", [("2026-03-10", None)], "2026-03-20", 10, "2026-04-13", "2026-06-12"),
    # Overlapping pauses count once: 5 to 12 March.
    (
        "2026-03-02",
        [("2026-03-05", "2026-03-10"), ("2026-03-08", "2026-03-12")],
        None,
        7,
        "2026-04-09",
        "2026-06-09",
    ),
    # Two pauses: 2 + 3 days. 7 June 2026 is a Sunday.
    (
        "2026-03-02",
        [("2026-03-20", "2026-03-23"), ("2026-03-05", "2026-03-07")],
        None,
        5,
        "2026-04-07",
        "2026-06-08",
    ),
    # A pause asked for and answered the same day stops nothing.
    ("2026-03-02", [("2026-03-05", "2026-03-05")], None, 0, "2026-04-02", "2026-06-02"),
    # An ongoing pause that starts after today counts nothing yet.
    ("2026-03-02", [("2026-03-10", None)], "2026-03-05", 0, "2026-04-02", "2026-06-02"),
]


@pytest.mark.parametrize(
    ("received", "pauses", "today", "days", "due", "extended_due"), PAUSE_TABLE
)
def test_pauses_shift_the_deadlines(received, pauses, today, days, due, extended_due):
    pauses = [Pause(d(start), d(end) if end else None) for start, end in pauses]

    deadlines = compute_deadlines(
        received=d(received), calendar=FR, pauses=pauses, today=d(today) if today else None
    )

    assert deadlines.paused_days == days
    assert (deadlines.due, deadlines.extended_due) == (d(due), d(extended_due))


# received, older than 5 years, not before, medical due, GDPR due, governing
MEDICAL_TABLE = [
    ("2026-03-02", False, "2026-03-04", "2026-03-10", "2026-04-02", "2026-03-10"),
    ("2026-03-06", False, "2026-03-08", "2026-03-16", "2026-04-07", "2026-03-16"),  # 14 Mar Sat
    ("2026-04-30", False, "2026-05-02", "2026-05-11", "2026-06-01", "2026-05-11"),  # 8 May
    ("2026-12-17", False, "2026-12-19", "2026-12-28", "2027-01-18", "2026-12-28"),  # 25 Dec
    # Older than five years: two months; then the GDPR month comes first and governs.
    ("2026-04-30", True, "2026-05-02", "2026-06-30", "2026-06-01", "2026-06-01"),
    ("2025-12-31", True, "2026-01-02", "2026-03-02", "2026-02-02", "2026-02-02"),
]


@pytest.mark.parametrize(
    ("received", "older", "not_before", "medical_due", "due", "governing"), MEDICAL_TABLE
)
def test_medical_record_deadlines(received, older, not_before, medical_due, due, governing):
    deadlines = compute_deadlines(
        received=d(received), calendar=FR, medical_record=True, older_than_5_years=older
    )

    assert deadlines.medical_record_not_before == d(not_before)
    assert deadlines.medical_record_due == d(medical_due)
    assert deadlines.due == d(due)
    assert deadlines.governing_due == d(governing)


def test_medical_record_eight_days_in_alsace_moselle():
    # 17 Dec 2025 + 8 = 25 Dec (Thursday); 26 Dec (Friday) is a holiday in Alsace-Moselle only.
    france = compute_deadlines(received=d("2025-12-17"), calendar=FR, medical_record=True)
    alsace = compute_deadlines(received=d("2025-12-17"), calendar=AM, medical_record=True)

    assert france.medical_record_due == d("2025-12-26")
    assert alsace.medical_record_due == d("2025-12-29")


def test_a_pause_shifts_the_medical_record_deadline_too():
    deadlines = compute_deadlines(
        received=d("2026-03-02"),
        calendar=FR,
        medical_record=True,
        pauses=[Pause(d("2026-03-03"), d("2026-03-06"))],
    )

    # 10 March + 3 = 13 March (Friday); 2 April + 3 = 5 April (Easter Sunday), 6 April Easter Monday.
    assert deadlines.medical_record_due == d("2026-03-13")
    assert deadlines.due == d("2026-04-07")
    assert deadlines.medical_record_not_before == d("2026-03-04")  # the reflection does not move


def test_public_holidays_2026():
    common = [
        "2026-01-01",
        "2026-04-06",
        "2026-05-01",
        "2026-05-08",
        "2026-05-14",
        "2026-05-25",
        "2026-07-14",
        "2026-08-15",
        "2026-11-01",
        "2026-11-11",
        "2026-12-25",
    ]
    assert sorted(public_holidays(FR, 2026)) == [d(day) for day in common]
    assert sorted(public_holidays(AM, 2026)) == sorted(
        [d(day) for day in [*common, "2026-04-03", "2026-12-26"]]
    )


@pytest.mark.parametrize(
    ("day", "calendar", "working", "next_working"),
    [
        ("2026-05-13", FR, True, "2026-05-13"),
        ("2026-05-14", FR, False, "2026-05-15"),  # Ascension
        ("2026-05-16", FR, False, "2026-05-18"),  # Saturday
        ("2026-05-23", FR, False, "2026-05-26"),  # Saturday, Sunday, Whit Monday
        ("2026-04-03", FR, True, "2026-04-03"),
        ("2026-04-03", AM, False, "2026-04-07"),  # Good Friday, weekend, Easter Monday
        ("2025-12-26", FR, True, "2025-12-26"),
        ("2025-12-26", AM, False, "2025-12-29"),
    ],
)
def test_working_days(day, calendar, working, next_working):
    assert is_working_day(d(day), calendar) is working
    assert next_working_day(d(day), calendar) == d(next_working)


def test_calendar_for():
    assert calendar_for(alsace_moselle=False) is Calendar.FR
    assert calendar_for(alsace_moselle=True) is Calendar.FR_ALSACE_MOSELLE
    assert compute_deadlines(received=d("2026-03-03"), calendar="fr-alsace-moselle").due == d(
        "2026-04-07"
    )


def test_as_json():
    plain = compute_deadlines(received=d("2026-04-30"), calendar=FR)
    medical = compute_deadlines(received=d("2026-04-30"), calendar=FR, medical_record=True)

    assert plain.as_json() == {
        "received": "2026-04-30",
        "due": "2026-06-01",
        "extended_due": "2026-07-30",
        "paused_days": 0,
    }
    assert medical.as_json() == {
        "received": "2026-04-30",
        "due": "2026-06-01",
        "extended_due": "2026-07-30",
        "medical_record_not_before": "2026-05-02",
        "medical_record_due": "2026-05-11",
        "governing_due": "2026-05-11",
        "paused_days": 0,
    }


@pytest.mark.parametrize(
    ("due", "today", "left"),
    [
        ("2026-06-01", "2026-05-30", 2),
        ("2026-06-01", "2026-06-01", 0),
        ("2026-06-01", "2026-06-03", -2),
    ],
)
def test_days_left(due, today, left):
    assert days_left(d(due), today=d(today)) == left


def test_paused_days_alone():
    pauses = [Pause(d("2026-03-01"), d("2026-03-04")), Pause(d("2026-03-10"))]

    assert paused_days(pauses, today=d("2026-03-12")) == 5
    assert paused_days([], today=d("2026-03-12")) == 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: add_months(d("2026-01-31"), -1), "cannot be negative"),
        (lambda: Pause(d("2026-03-10"), d("2026-03-09")), "cannot end"),
        (
            lambda: compute_deadlines(
                received=d("2026-03-02"), calendar=FR, older_than_5_years=True
            ),
            "medical record only",
        ),
        (
            lambda: compute_deadlines(
                received=d("2026-03-02"),
                calendar=FR,
                pauses=[Pause(d("2026-03-01"), d("2026-03-03"))],
            ),
            "before the request was received",
        ),
        (
            lambda: compute_deadlines(
                received=d("2026-03-02"), calendar=FR, pauses=[Pause(d("2026-03-03"))]
            ),
            "ongoing pause",
        ),
        (lambda: compute_deadlines(received=d("2026-03-02"), calendar="fr-xx"), "fr-xx"),
    ],
)
def test_bad_input_raises_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
