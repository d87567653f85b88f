"""Legal deadlines of a data subject's request: plain functions over dates, no Django.

The rules, and where they come from:

- **GDPR Art. 12(3)**: the controller answers "without undue delay and in any event within one month of
  receipt of the request"; the period "may be extended by two further months where necessary", so the
  extended deadline is **three months from receipt** (the extension is told to the person, with its reasons,
  within the first month).
- **Regulation (EEC, Euratom) No 1182/71 Art. 3** (periods, dates and time limits), which the EDPB applies to
  Art. 12(3) (Guidelines 01/2022 on the right of access):

  - Art. 3(1): the day of receipt is not counted; the period starts the next day.
  - Art. 3(2)(c): a period expressed in months ends with the expiry of the last hour of the day which, in the
    last month, has the same date as the day of receipt; if that date does not exist in the last month
    (31 January + one month), with the expiry of the last hour of that month's last day (28 or 29 February).
  - Art. 3(4): if the last day is a Saturday, a Sunday or a public holiday, the period ends with the expiry of
    the last hour of the next working day. Public holidays are France's, from the ``holidays`` package,
    with the Alsace-Moselle calendar (Good Friday and 26 December, departments 57, 67 and 68) selectable.

- **CSP L.1111-7** (the patient's access to their medical record): the record is communicated "at the
  earliest after a reflection period of forty-eight hours" (``medical_record_not_before`` = receipt + 2
  days) and "at the latest within eight days" of the request, or **two months** when the information is more
  than five years old. The eight days run from the day after the request and the Art. 3(4) working-day rule
  is applied to their last day; French civil procedure (art. 642 of the Code de procédure civile: a period
  ending on a Saturday, Sunday or public holiday runs to the next working day) reaches the same result. The
  two months follow Art. 3(2)(c) and 3(4), like the GDPR month. Both clocks apply to a request for the
  medical record: both are shown and the earlier governs (``RequestDeadlines.governing_due``).

**Pauses.** The clock stands still while the organisation waits for a proof of identity or of standing that
it has asked for on reasonable doubt (GDPR Art. 12(6); for the medical record the holder must check the
requester's identity, CSP R.1111-1). Each pause runs from the day the proof was asked for (``start``) to the
day it arrived (``end``); it counts ``end - start`` whole calendar days (overlapping pauses are counted
once). An ongoing pause (``end is None``) counts up to ``today``. The number of days paused is added to the
raw end date of every period (GDPR month, extended three months, medical-record eight days or two months)
*before* the working-day rule of Art. 3(4) is applied. The 48-hour reflection period does not move: it is a
floor, not a time limit.
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from holidays import country_holidays
from holidays.countries.france import France as FrenchHolidays

# GDPR Art. 12(3): one month from receipt.
GDPR_MONTHS = 1
# GDPR Art. 12(3): "extended by two further months": three months from receipt.
GDPR_EXTENDED_MONTHS = GDPR_MONTHS + 2
# CSP L.1111-7: not before a reflection period of forty-eight hours.
MEDICAL_RECORD_REFLECTION = timedelta(days=2)
# CSP L.1111-7: at the latest within eight days of the request.
MEDICAL_RECORD_DAYS = 8
# CSP L.1111-7: two months when the information is more than five years old.
MEDICAL_RECORD_OLD_MONTHS = 2
MEDICAL_RECORD_OLD_YEARS = 5
# Regulation 1182/71 Art. 3(4): Saturday (5) and Sunday (6) are not working days.
WEEKEND = frozenset({5, 6})
# Alsace-Moselle (Moselle 57, Bas-Rhin 67, Haut-Rhin 68): local law adds Good Friday and 26 December. The
# ``holidays`` package has named this subdivision "57" (Moselle) and "6AE" (Alsace) since about 0.7x, with
# the same two holidays; "GES" and "Alsace-Moselle" in older versions. The first one known is used.
ALSACE_MOSELLE_SUBDIVISIONS = ("57", "6AE", "GES", "Alsace-Moselle")


class Calendar(StrEnum):
    """The public holidays used by Regulation 1182/71 Art. 3(4)."""

    FR = "fr"
    FR_ALSACE_MOSELLE = "fr-alsace-moselle"


def calendar_for(*, alsace_moselle: bool) -> Calendar:
    """The calendar of an organisation, located in Alsace-Moselle or not."""
    return Calendar.FR_ALSACE_MOSELLE if alsace_moselle else Calendar.FR


@cache
def _alsace_moselle_subdivision() -> str:
    known = set(FrenchHolidays.subdivisions) | set(
        getattr(FrenchHolidays, "_deprecated_subdivisions", ())
    )
    for code in ALSACE_MOSELLE_SUBDIVISIONS:
        if code in known:
            return code
    raise RuntimeError("This version of the holidays package has no Alsace-Moselle subdivision.")


@cache
def public_holidays(calendar: Calendar, year: int) -> frozenset[date]:
    """France's public holidays of ``year`` (cached per calendar and year)."""
    subdiv = _alsace_moselle_subdivision() if calendar is Calendar.FR_ALSACE_MOSELLE else None
    return frozenset(country_holidays("FR", subdiv=subdiv, years=year))


def is_working_day(day: date, calendar: Calendar) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday (Regulation 1182/71 Art. 3(4))."""
    return day.weekday() not in WEEKEND and day not in public_holidays(calendar, day.year)


def next_working_day(day: date, calendar: Calendar) -> date:
    """``day`` itself if it is a working day, else the next working day (Regulation 1182/71 Art. 3(4))."""
    while not is_working_day(day, calendar):
        day += timedelta(days=1)
    return day


def add_months(day: date, months: int) -> date:
    """The same date ``months`` later, or that month's last day if the date does not exist there
    (Regulation 1182/71 Art. 3(2)(c)): 31 January + 1 month = 28 February (29 in a leap year)."""
    if months < 0:
        raise ValueError(f"A period in months cannot be negative (got {months}).")
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, _gregorian.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Pause:
    """The clock stood still from ``start`` to ``end`` (``None``: still waiting), e.g. while waiting for a
    proof of identity (GDPR Art. 12(6), CSP R.1111-1)."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"A pause cannot end ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})."
            )


def paused_days(pauses: Sequence[Pause], *, today: date) -> int:
    """The whole calendar days the clock stood still; overlapping pauses count once, an ongoing pause
    counts up to ``today`` (a pause starting after ``today`` counts nothing yet)."""
    spans = sorted((p.start, p.end if p.end is not None else max(today, p.start)) for p in pauses)
    total, reached = 0, date.min
    for start, end in spans:
        start = max(start, reached)
        if end > start:
            total += (end - start).days
            reached = end
    return total


@dataclass(frozen=True)
class RequestDeadlines:
    """Every deadline of one request; the medical-record ones only for a request for the medical record."""

    received: date
    due: date
    extended_due: date
    paused_days: int = 0
    medical_record_not_before: date | None = None
    medical_record_due: date | None = None

    @property
    def governing_due(self) -> date:
        """The earlier of the GDPR and the medical-record deadlines: both laws apply (CSP L.1111-7)."""
        if self.medical_record_due is None:
            return self.due
        return min(self.due, self.medical_record_due)

    def as_json(self) -> dict[str, str | int | None]:
        document: dict[str, str | int | None] = {
            "received": self.received.isoformat(),
            "due": self.due.isoformat(),
            "extended_due": self.extended_due.isoformat(),
        }
        if self.medical_record_due is not None:
            document["medical_record_not_before"] = (
                self.medical_record_not_before.isoformat()
                if self.medical_record_not_before
                else None
            )
            document["medical_record_due"] = self.medical_record_due.isoformat()
            document["governing_due"] = self.governing_due.isoformat()
        document["paused_days"] = self.paused_days
        return document


def compute_deadlines(
    *,
    received: date,
    calendar: Calendar,
    pauses: Sequence[Pause] = (),
    today: date | None = None,
    medical_record: bool = False,
    older_than_5_years: bool = False,
) -> RequestDeadlines:
    """The deadlines of a request received on ``received`` (see the module docstring for the rules).

    ``today`` is needed only to count an ongoing pause. Raises ``ValueError`` on inconsistent input.
    """
    calendar = Calendar(calendar)
    if older_than_5_years and not medical_record:
        raise ValueError("older_than_5_years applies to a request for the medical record only.")
    for pause in pauses:
        if pause.start < received:
            raise ValueError(
                f"A pause cannot start ({pause.start.isoformat()}) before the request was "
                f"received ({received.isoformat()})."
            )
    if today is None:
        if any(pause.end is None for pause in pauses):
            raise ValueError("today is needed to count an ongoing pause.")
        today = received
    shift = timedelta(days=paused_days(pauses, today=today))

    def end(raw: date) -> date:
        return next_working_day(raw + shift, calendar)

    not_before = medical_due = None
    if medical_record:
        not_before = received + MEDICAL_RECORD_REFLECTION
        medical_due = end(
            add_months(received, MEDICAL_RECORD_OLD_MONTHS)
            if older_than_5_years
            else received + timedelta(days=MEDICAL_RECORD_DAYS)
        )
    return RequestDeadlines(
        received=received,
        due=end(add_months(received, GDPR_MONTHS)),
        extended_due=end(add_months(received, GDPR_EXTENDED_MONTHS)),
        paused_days=shift.days,
        medical_record_not_before=not_before,
        medical_record_due=medical_due,
    )


def days_left(due: date, *, today: date) -> int:
    """Calendar days from ``today`` to ``due``: 0 on the last day, negative when overdue."""
    return (due - today).days
