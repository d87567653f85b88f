"""The notification clocks of a breach and their reminder points: plain functions, no Django.

Every clock starts when the organisation became aware of the breach (``aware_at``) and stops when the step
it times is done (``done[kind]``). The rules, and where they come from:

- **CNIL notification** (:attr:`ClockKind.CNIL_NOTIFICATION`): "without undue delay and, where feasible,
  not later than 72 hours after having become aware of it" (**GDPR Art. 33(1)**, a constant here: it is
  law). A notification made later "shall be accompanied by reasons for the delay" (Art. 33(1)):
  ``late_reason_required``. Notification may be phased (**Art. 33(4)**): the *initial* notification stops
  the clock (pass its time as ``done[CNIL_NOTIFICATION]``); complementary notifications follow "without
  undue further delay" and have no clock of their own.
- **Information of the people** (:attr:`ClockKind.SUBJECTS_INFORMATION`): "without undue delay"
  (**GDPR Art. 34(1)**): no fixed time. By default the clock has no due time (``due_at is None``, status
  only running or done) but has reminder points; ``advisory_target_hours`` in the JSON can set an advisory
  target.
- **Health incident report** (:attr:`ClockKind.HEALTH_INCIDENT_REPORT`): health and medico-social
  establishments report significant or serious information system security incidents "without delay" to
  the regional health agency (ARS) and CERT Santé (**CSP L.1111-8-2, D.1111-16-2**). The law sets no hours:
  the target (24 h) is advisory (``advisory=True``), from the JSON.
- **NIS2** (essential and important entities, **Directive (EU) 2022/2555 Art. 23(4)**): early warning
  within 24 hours of awareness (a), incident notification within 72 hours (b), final report one month after
  the incident notification (d). The reference says "verify national transposition": the durations are
  data (``reference/clocks.json``). The final report is anchored on the incident notification (the
  Directive's wording, ``"anchor": "nis2_notification"``); until that notification is done it is counted
  from awareness, the earliest it can be (reason ``provisional_anchor``).

**Counting.** Durations in hours are elapsed time, computed in UTC: 72 h after 01:30 Europe/Paris on the
night the clocks change is 72 real hours later, whatever the wall clock shows (``aware_at + 72 h`` on a
Europe/Paris datetime would be wall-clock arithmetic, one hour off across a change; this module never does
it). A period in months (:func:`add_local_months`) ends on the same date of the later month in
Europe/Paris, at the same wall time; if that date does not exist there (31 January + 1 month), on that
month's last day. A wall time that does not exist (the spring-forward gap, 02:00-03:00) or occurs twice
(the fall-back hour) is read with ``fold=0``: the offset in force *before* the change. In the gap this moves
the time forward by the gap (02:30 -> 03:30 CEST); in the repeated hour it takes the first occurrence
(02:30 CEST, the earlier instant). Both choices give the earlier deadline or the real one: never a later one.

**Status** at ``now`` (:class:`ClockStatus`): ``running``; ``due_soon`` in the last ``due_soon_hours``
before the due time (inclusive of the due instant itself); ``overdue`` after it; ``done`` when done at or
before the due time (or when the clock has no due time); ``done_late`` after it. A ``done`` time later than
``now`` is not yet done at ``now`` (so a state can be replayed at any past instant).

**Reminders** (:func:`reminders_due`). Each clock has reminder points from the JSON, either hours after its
start (``{"after_hours": 24}``, key ``"24h"``) or hours before its due time (``{"before_due_hours": 48}``,
key ``"due-48h"``). A point fires when its time has come, its clock is not done and it was not sent. After
downtime only the latest point reached fires; earlier ones are skipped for good (no burst of stale
reminders), and nothing fires once a point at or after it was sent. A sweep that calls
:func:`reminders_due` with the keys already sent, and records what it sends, therefore sends each reminder
at most once, and every point exactly once when the sweep runs more often than the points are apart. The
last point of a clock carries ``escalation=True`` (tell the DPO and the manager).

Time is never read from the system: callers pass timezone-aware datetimes (naive ones raise ValueError).
Results are in UTC, with Europe/Paris for display (``ClockState.due_local``). User-facing texts are built
from stable codes (``CLOCK_TEXT``, ``STATUS_TEXT``, ``REASON_TEXT``) so the Django layer can translate them.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")

# GDPR Art. 33(1): "not later than 72 hours after having become aware of it". Law, not data.
GDPR_NOTIFICATION_HOURS = 72

REFERENCE_FILE = Path(__file__).resolve().parent / "reference" / "clocks.json"
SUPPORTED_SCHEMA = 1


class ClockKind(StrEnum):
    """The clocks a breach can run, in display order."""

    CNIL_NOTIFICATION = "cnil_notification"
    SUBJECTS_INFORMATION = "subjects_information"
    HEALTH_INCIDENT_REPORT = "health_incident_report"
    NIS2_EARLY_WARNING = "nis2_early_warning"
    NIS2_NOTIFICATION = "nis2_notification"
    NIS2_FINAL_REPORT = "nis2_final_report"


class ClockStatus(StrEnum):
    RUNNING = "running"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done_late"


class Anchor(StrEnum):
    """Where a clock starts: awareness, or the NIS2 incident notification (NIS2 Art. 23(4)(d))."""

    AWARENESS = "awareness"
    NIS2_NOTIFICATION = "nis2_notification"


# The legal source of each clock, shown with it.
SOURCES: Mapping[ClockKind, str] = {
    ClockKind.CNIL_NOTIFICATION: "GDPR Art. 33(1), 33(4)",
    ClockKind.SUBJECTS_INFORMATION: "GDPR Art. 34(1)",
    ClockKind.HEALTH_INCIDENT_REPORT: "CSP L.1111-8-2, D.1111-16-2",
    ClockKind.NIS2_EARLY_WARNING: "Directive (EU) 2022/2555 Art. 23(4)(a)",
    ClockKind.NIS2_NOTIFICATION: "Directive (EU) 2022/2555 Art. 23(4)(b)",
    ClockKind.NIS2_FINAL_REPORT: "Directive (EU) 2022/2555 Art. 23(4)(d)",
}

# Clocks whose late completion must give reasons: GDPR Art. 33(1) "accompanied by reasons for the delay".
LATE_REASON_REQUIRED: frozenset[ClockKind] = frozenset({ClockKind.CNIL_NOTIFICATION})

CLOCK_TEXT: Mapping[ClockKind, str] = {
    ClockKind.CNIL_NOTIFICATION: "Notification to the CNIL",
    ClockKind.SUBJECTS_INFORMATION: "Information of the people concerned",
    ClockKind.HEALTH_INCIDENT_REPORT: "Incident report to the ARS / CERT Santé",
    ClockKind.NIS2_EARLY_WARNING: "NIS2 early warning",
    ClockKind.NIS2_NOTIFICATION: "NIS2 incident notification",
    ClockKind.NIS2_FINAL_REPORT: "NIS2 final report",
}

STATUS_TEXT: Mapping[ClockStatus, str] = {
    ClockStatus.RUNNING: "Running",
    ClockStatus.DUE_SOON: "Due soon",
    ClockStatus.OVERDUE: "Overdue",
    ClockStatus.DONE: "Done",
    ClockStatus.DONE_LATE: "Done late",
}

# Reason codes of ClockState.reasons.
REASON_LATE_REASON_REQUIRED = "late_reason_required"
REASON_ADVISORY_TARGET = "advisory_target"
REASON_NO_FIXED_DEADLINE = "no_fixed_deadline"
REASON_PROVISIONAL_ANCHOR = "provisional_anchor"
REASON_PHASED_NOTIFICATION = "phased_notification"

REASON_TEXT: Mapping[str, str] = {
    REASON_LATE_REASON_REQUIRED: (
        "The notification is after 72 hours: it must give the reasons for the delay "
        "(GDPR Art. 33(1))."
    ),
    REASON_ADVISORY_TARGET: (
        "The law says 'without delay' and sets no hours: this target is advisory."
    ),
    REASON_NO_FIXED_DEADLINE: (
        "'Without undue delay' (GDPR Art. 34(1)): no fixed deadline; reminders only."
    ),
    REASON_PROVISIONAL_ANCHOR: (
        "The final report is due one month after the NIS2 incident notification; until that "
        "notification is sent, it is counted from awareness (the earliest it can be)."
    ),
    REASON_PHASED_NOTIFICATION: (
        "The notification may be phased: an initial notification within 72 hours stops the clock, "
        "complementary information follows without undue further delay (GDPR Art. 33(4))."
    ),
}


# --- Reference data ---------------------------------------------------------------------------


class ClockConfigError(ValueError):
    """The clocks reference data is malformed; the message names the file and the field at fault."""


@dataclass(frozen=True)
class ReminderPoint:
    """A reminder point: ``after_hours`` after the clock's start, or ``before_due_hours`` before its due
    time (exactly one is set)."""

    after_hours: int | None = None
    before_due_hours: int | None = None

    def __post_init__(self) -> None:
        if (self.after_hours is None) == (self.before_due_hours is None):
            raise ValueError(
                "A reminder point has exactly one of after_hours and before_due_hours."
            )

    @property
    def key(self) -> str:
        """The stable key of the point (``"24h"``, ``"due-48h"``), half of a reminder's idempotency key."""
        if self.after_hours is not None:
            return f"{self.after_hours}h"
        return f"due-{self.before_due_hours}h"


@dataclass(frozen=True)
class ClockRule:
    """How one clock runs: its due time (hours or months from its anchor, or none), whether it is advisory,
    the due-soon window and the reminder points."""

    kind: ClockKind
    due_hours: int | None
    due_months: int | None
    advisory: bool
    due_soon: timedelta
    reminders: tuple[ReminderPoint, ...]
    anchor: Anchor = Anchor.AWARENESS

    @property
    def has_due(self) -> bool:
        return self.due_hours is not None or self.due_months is not None


@dataclass(frozen=True)
class ClocksConfig:
    rules: Mapping[ClockKind, ClockRule]

    def rule(self, kind: ClockKind) -> ClockRule:
        return self.rules[kind]


# The keys each clock accepts in the JSON (besides "_comments"), and which are required.
_OPTIONAL_KEYS: Mapping[ClockKind, frozenset[str]] = {
    ClockKind.CNIL_NOTIFICATION: frozenset(),
    ClockKind.SUBJECTS_INFORMATION: frozenset(),
    ClockKind.HEALTH_INCIDENT_REPORT: frozenset(),
    ClockKind.NIS2_EARLY_WARNING: frozenset(),
    ClockKind.NIS2_NOTIFICATION: frozenset(),
    ClockKind.NIS2_FINAL_REPORT: frozenset({"anchor"}),
}
_REQUIRED_KEYS: Mapping[ClockKind, frozenset[str]] = {
    ClockKind.CNIL_NOTIFICATION: frozenset({"due_soon_hours", "reminders"}),
    ClockKind.SUBJECTS_INFORMATION: frozenset(
        {"advisory_target_hours", "due_soon_hours", "reminders"}
    ),
    ClockKind.HEALTH_INCIDENT_REPORT: frozenset(
        {"advisory_target_hours", "due_soon_hours", "reminders"}
    ),
    ClockKind.NIS2_EARLY_WARNING: frozenset({"due_hours", "due_soon_hours", "reminders"}),
    ClockKind.NIS2_NOTIFICATION: frozenset({"due_hours", "due_soon_hours", "reminders"}),
    ClockKind.NIS2_FINAL_REPORT: frozenset({"due_months", "due_soon_hours", "reminders"}),
}


def _fail(where: str, message: str) -> ClockConfigError:
    return ClockConfigError(f"{where}: {message}")


def _hours(value: object, where: str, *, minimum: int, nullable: bool = False) -> int | None:
    if value is None and nullable:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        kind = "null or an integer" if nullable else "an integer"
        raise _fail(where, f"expected {kind} >= {minimum}, got {value!r}")
    return value


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, f"expected an object, got {type(value).__name__}")
    return value


def _check_keys(
    data: Mapping[str, Any], where: str, required: Collection[str], optional: Collection[str]
) -> None:
    keys = {k for k in data if not k.startswith("_")}
    missing = sorted(set(required) - keys)
    if missing:
        raise _fail(where, f"missing key(s) {', '.join(missing)}")
    unknown = sorted(keys - set(required) - set(optional))
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(unknown)}")


def _reminder(value: object, where: str, *, has_due: bool) -> ReminderPoint:
    data = _object(value, where)
    keys = {k for k in data if not k.startswith("_")}
    if keys == {"after_hours"}:
        return ReminderPoint(
            after_hours=_hours(data["after_hours"], f"{where}.after_hours", minimum=1)
        )
    if keys == {"before_due_hours"}:
        if not has_due:
            raise _fail(where, "before_due_hours needs a clock with a due time")
        return ReminderPoint(
            before_due_hours=_hours(
                data["before_due_hours"], f"{where}.before_due_hours", minimum=1
            )
        )
    raise _fail(where, f"expected exactly one of after_hours, before_due_hours, got {sorted(keys)}")


def _rule(kind: ClockKind, value: object, where: str) -> ClockRule:
    data = _object(value, where)
    _check_keys(data, where, _REQUIRED_KEYS[kind], _OPTIONAL_KEYS[kind])
    due_hours: int | None = None
    due_months: int | None = None
    advisory = False
    anchor = Anchor.AWARENESS
    if kind is ClockKind.CNIL_NOTIFICATION:
        due_hours = GDPR_NOTIFICATION_HOURS
    elif kind in (ClockKind.SUBJECTS_INFORMATION, ClockKind.HEALTH_INCIDENT_REPORT):
        due_hours = _hours(
            data["advisory_target_hours"],
            f"{where}.advisory_target_hours",
            minimum=1,
            nullable=True,
        )
        advisory = True
    elif kind is ClockKind.NIS2_FINAL_REPORT:
        due_months = _hours(data["due_months"], f"{where}.due_months", minimum=1)
        raw_anchor = data.get("anchor", Anchor.AWARENESS.value)
        try:
            anchor = Anchor(raw_anchor)
        except ValueError:
            allowed = ", ".join(a.value for a in Anchor)
            raise _fail(
                f"{where}.anchor", f"expected one of {allowed}, got {raw_anchor!r}"
            ) from None
    else:
        due_hours = _hours(data["due_hours"], f"{where}.due_hours", minimum=1)
    due_soon = _hours(data["due_soon_hours"], f"{where}.due_soon_hours", minimum=0)
    assert due_soon is not None
    raw_points = data["reminders"]
    if not isinstance(raw_points, list):
        raise _fail(f"{where}.reminders", f"expected a list, got {type(raw_points).__name__}")
    has_due = due_hours is not None or due_months is not None
    points = tuple(
        _reminder(p, f"{where}.reminders[{i}]", has_due=has_due) for i, p in enumerate(raw_points)
    )
    keys = [p.key for p in points]
    if len(set(keys)) != len(keys):
        raise _fail(f"{where}.reminders", f"duplicate reminder points in {keys}")
    return ClockRule(
        kind=kind,
        due_hours=due_hours,
        due_months=due_months,
        advisory=advisory,
        due_soon=timedelta(hours=due_soon),
        reminders=points,
        anchor=anchor,
    )


def parse_config(data: object, *, source: str = "clocks.json") -> ClocksConfig:
    """Validate the clocks reference data (already parsed JSON); :class:`ClockConfigError` names the field
    at fault (``clocks.json: clocks.nis2_early_warning.due_hours: expected an integer >= 1, got '24'``)."""
    root = _object(data, source)
    _check_keys(root, source, {"schema", "clocks"}, ())
    if root["schema"] != SUPPORTED_SCHEMA:
        raise _fail(f"{source}: schema", f"expected {SUPPORTED_SCHEMA}, got {root['schema']!r}")
    clocks = _object(root["clocks"], f"{source}: clocks")
    _check_keys(clocks, f"{source}: clocks", {k.value for k in ClockKind}, ())
    return ClocksConfig(
        rules={
            kind: _rule(kind, clocks[kind.value], f"{source}: clocks.{kind.value}")
            for kind in ClockKind
        }
    )


def load_config(path: Path = REFERENCE_FILE) -> ClocksConfig:
    """Read and validate a clocks reference file; :class:`ClockConfigError` on a missing file, bad JSON or
    a bad field."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ClockConfigError(f"{path.name}: cannot read {path}: {exc.strerror}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ClockConfigError(
            f"{path.name}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    return parse_config(data, source=path.name)


@cache
def default_config() -> ClocksConfig:
    """The packaged reference data, read and validated on first use (then cached)."""
    return load_config(REFERENCE_FILE)


# --- Time helpers -----------------------------------------------------------------------------


def _require_aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def add_hours(start: datetime, hours: int) -> datetime:
    """``start`` + ``hours`` of elapsed time, in UTC (never wall-clock arithmetic)."""
    return _require_aware(start, "start") + timedelta(hours=hours)


def add_local_months(start: datetime, months: int) -> datetime:
    """The same Europe/Paris date ``months`` later (or that month's last day) at the same wall time, in UTC.

    A wall time that does not exist (spring-forward gap) or exists twice (fall-back hour) is read with
    ``fold=0``: the offset before the change, which moves a time in the gap forward by the gap's length
    and takes the first of two repeated times (the earlier instant)."""
    if months < 0:
        raise ValueError(f"A period in months cannot be negative (got {months}).")
    local = _require_aware(start, "start").astimezone(PARIS)
    years, month_index = divmod(local.month - 1 + months, 12)
    year, month = local.year + years, month_index + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    target = local.replace(year=year, month=month, day=day, fold=0)
    return target.astimezone(UTC)


# --- Clocks -----------------------------------------------------------------------------------


def applicable_clocks(
    *, notify_authority: bool, notify_subjects: bool, health_establishment: bool, nis2_entity: bool
) -> tuple[ClockKind, ...]:
    """The clocks a breach runs, in display order.

    ``notify_authority``: the DPO decided to notify the CNIL (GDPR Art. 33(1)); ``notify_subjects``: to
    tell the people (Art. 34(1)); ``health_establishment``: a health or medico-social establishment whose
    incident is a significant or serious IS security incident (CSP L.1111-8-2); ``nis2_entity``: an
    essential or important entity under NIS2 whose incident is significant (Art. 23(1))."""
    kinds: list[ClockKind] = []
    if notify_authority:
        kinds.append(ClockKind.CNIL_NOTIFICATION)
    if notify_subjects:
        kinds.append(ClockKind.SUBJECTS_INFORMATION)
    if health_establishment:
        kinds.append(ClockKind.HEALTH_INCIDENT_REPORT)
    if nis2_entity:
        kinds.extend(
            (ClockKind.NIS2_EARLY_WARNING, ClockKind.NIS2_NOTIFICATION, ClockKind.NIS2_FINAL_REPORT)
        )
    return tuple(kinds)


@dataclass(frozen=True)
class ClockState:
    """One clock at ``now``. Datetimes are UTC except ``due_local`` (Europe/Paris, for display).

    ``remaining`` is ``due_at - now`` (negative once overdue), None when done or without a due time."""

    kind: ClockKind
    anchor_at: datetime
    due_at: datetime | None
    due_local: datetime | None
    advisory: bool
    done_at: datetime | None
    status: ClockStatus
    remaining: timedelta | None
    late_reason_required: bool
    source: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reminder:
    """A reminder to send now. ``(kind, point)`` is its idempotency key; ``escalation`` marks the clock's
    last point (to the DPO and the manager)."""

    kind: ClockKind
    point: str
    fire_at: datetime
    escalation: bool

    @property
    def key(self) -> tuple[ClockKind, str]:
        return (self.kind, self.point)


def _done_at(done: Mapping[ClockKind, datetime], kind: ClockKind, now: datetime) -> datetime | None:
    """When ``kind`` was done, if it was done at or before ``now`` (UTC)."""
    value = done.get(kind)
    if value is None:
        return None
    at = _require_aware(value, f"done[{kind.value}]")
    return at if at <= now else None


def _anchor(
    rule: ClockRule, aware_at: datetime, done: Mapping[ClockKind, datetime], now: datetime
) -> tuple[datetime, bool]:
    """The clock's start, and whether it is provisional (the anchor event is not done yet)."""
    if rule.anchor is Anchor.NIS2_NOTIFICATION:
        notified = _done_at(done, ClockKind.NIS2_NOTIFICATION, now)
        if notified is None:
            return aware_at, True
        return notified, False
    return aware_at, False


def _due(rule: ClockRule, anchor_at: datetime) -> datetime | None:
    if rule.due_hours is not None:
        return add_hours(anchor_at, rule.due_hours)
    if rule.due_months is not None:
        return add_local_months(anchor_at, rule.due_months)
    return None


def clock_state(
    kind: ClockKind,
    *,
    aware_at: datetime,
    done: Mapping[ClockKind, datetime],
    now: datetime,
    config: ClocksConfig | None = None,
) -> ClockState:
    """The state of one clock at ``now``."""
    rule = (config or default_config()).rule(kind)
    aware = _require_aware(aware_at, "aware_at")
    now_utc = _require_aware(now, "now")
    anchor_at, provisional = _anchor(rule, aware, done, now_utc)
    due_at = _due(rule, anchor_at)
    done_at = _done_at(done, kind, now_utc)
    remaining: timedelta | None = None
    if done_at is not None:
        late = due_at is not None and done_at > due_at
        status = ClockStatus.DONE_LATE if late else ClockStatus.DONE
    elif due_at is None:
        status = ClockStatus.RUNNING
    else:
        remaining = due_at - now_utc
        if remaining < timedelta(0):
            status = ClockStatus.OVERDUE
        elif remaining <= rule.due_soon:
            status = ClockStatus.DUE_SOON
        else:
            status = ClockStatus.RUNNING
    late_reason_required = kind in LATE_REASON_REQUIRED and status in (
        ClockStatus.OVERDUE,
        ClockStatus.DONE_LATE,
    )
    reasons: list[str] = []
    if kind is ClockKind.CNIL_NOTIFICATION:
        reasons.append(REASON_PHASED_NOTIFICATION)
    if late_reason_required:
        reasons.append(REASON_LATE_REASON_REQUIRED)
    if rule.advisory:
        reasons.append(REASON_ADVISORY_TARGET if due_at is not None else REASON_NO_FIXED_DEADLINE)
    if provisional:
        reasons.append(REASON_PROVISIONAL_ANCHOR)
    return ClockState(
        kind=kind,
        anchor_at=anchor_at,
        due_at=due_at,
        due_local=due_at.astimezone(PARIS) if due_at is not None else None,
        advisory=rule.advisory,
        done_at=done_at,
        status=status,
        remaining=remaining,
        late_reason_required=late_reason_required,
        source=SOURCES[kind],
        reasons=tuple(reasons),
    )


def _unique(kinds: Iterable[ClockKind]) -> list[ClockKind]:
    return list(dict.fromkeys(kinds))


def clock_states(
    *,
    aware_at: datetime,
    clocks: Iterable[ClockKind],
    done: Mapping[ClockKind, datetime],
    now: datetime,
    config: ClocksConfig | None = None,
) -> list[ClockState]:
    """The state at ``now`` of each clock in ``clocks`` (e.g. from :func:`applicable_clocks`), in order."""
    return [
        clock_state(kind, aware_at=aware_at, done=done, now=now, config=config)
        for kind in _unique(clocks)
    ]


def reminder_schedule(state: ClockState, *, config: ClocksConfig | None = None) -> list[Reminder]:
    """Every reminder point of a clock with its time, in firing order; the last one escalates."""
    rule = (config or default_config()).rule(state.kind)
    timed: list[tuple[datetime, str]] = []
    for point in rule.reminders:
        if point.after_hours is not None:
            timed.append((add_hours(state.anchor_at, point.after_hours), point.key))
        elif state.due_at is not None and point.before_due_hours is not None:
            timed.append((state.due_at - timedelta(hours=point.before_due_hours), point.key))
    timed.sort()
    last = len(timed) - 1
    return [
        Reminder(kind=state.kind, point=key, fire_at=at, escalation=i == last)
        for i, (at, key) in enumerate(timed)
    ]


def reminders_due(
    *,
    aware_at: datetime,
    clocks: Iterable[ClockKind],
    done: Mapping[ClockKind, datetime],
    now: datetime,
    already_sent: Collection[tuple[str, str]],
    config: ClocksConfig | None = None,
) -> list[Reminder]:
    """The reminders to send at ``now``: at most one per clock, the latest point whose time has come, if
    neither it nor a later point was sent and the clock is not done. Earlier points missed during downtime
    are skipped for good. The caller records each returned ``Reminder.key`` in ``already_sent``."""
    config = config or default_config()
    now_utc = _require_aware(now, "now")
    due: list[Reminder] = []
    for state in clock_states(aware_at=aware_at, clocks=clocks, done=done, now=now, config=config):
        if state.done_at is not None:
            continue
        schedule = reminder_schedule(state, config=config)
        reached = [i for i, r in enumerate(schedule) if r.fire_at <= now_utc]
        if not reached:
            continue
        latest = reached[-1]
        if any(r.key in already_sent for r in schedule[latest:]):
            continue
        due.append(schedule[latest])
    return due
