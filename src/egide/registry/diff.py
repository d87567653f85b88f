"""Versions of a processing activity rebuilt from its audit trail, and the side-by-side diff of two. No Django.

Every write on an activity records an audit event with the values before and after it (see
``egide.registry.services``). A *version* is the activity as it stood right after one event. Versions are
rebuilt backwards: start from the activity as it is now (:class:`State`) and undo the events newest first,
each undo putting back the ``before`` values the event recorded. Undoing works for every kind of event,
including those whose ``after`` holds only the changed fields, and needs no event before the first one kept.

Rows of the activity's lists (purposes, data categories...) are keyed by the id of their own audit object;
rows put back from a group re-sync (which records whole lists without ids) are keyed ``shared:<n>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ACTIVITY_TYPE = "registry.processingactivity"
# Audit object type of each row an activity records -> the list it belongs to.
SECTION_OF_TYPE: dict[str, str] = {
    "registry.purpose": "purposes",
    "registry.activitydatacategory": "data_categories",
    "registry.recipient": "recipients",
    "registry.transfer": "transfers",
    "registry.activitysecuritymeasure": "security_measures",
    "registry.jointcontroller": "joint_controllers",
    "registry.controllerserved": "controllers_served",
}
SECTIONS: tuple[str, ...] = tuple(SECTION_OF_TYPE.values())
# The columns of the rows that group-sharing events record for each list (whole lists, without ids).
CONTENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "purposes": (
        "description",
        "is_main",
        "legal_basis",
        "legal_basis_reference",
        "special_category_condition",
        "portability_promised",
        "position",
    ),
    "data_categories": (
        "category",
        "retention_duration",
        "retention_unit",
        "retention_start",
        "retention_criteria",
        "retention_rule",
        "source",
        "source_detail",
    ),
    "recipients": ("kind", "name", "vendor", "detail"),
    "transfers": ("country", "recipient", "vendor", "tool", "derogation", "tia_note", "tia_on"),
    "security_measures": ("measure", "detail"),
    "joint_controllers": ("name", "contact", "arrangement_summary", "arrangement_reference"),
    "controllers_served": (
        "name",
        "contact",
        "representative",
        "dpo_contact",
        "processing_categories",
    ),
}
# Events that bring an activity into existence: before them, there was nothing.
CREATION_ACTIONS = frozenset(
    {"processing_activity.create", "processing_activity.create_from_group"}
)
# Events that fill a just-created activity with rows made in bulk (no event per row): before them, the
# activity had its fields but no rows and no data subjects.
FILL_ACTIONS = frozenset({"processing_activity.instantiate_template"})
# The key linking a row's snapshot to its activity: never shown, never compared.
_PARENT_KEY = "activity"

Row = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """What the diff needs of one audit event."""

    event_id: int
    action: str
    object_type: str
    object_id: str
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


@dataclass
class State:
    """An activity at one moment: its own fields, and each list's rows by key. ``exists`` is False
    before the activity was created."""

    fields: dict[str, Any] = field(default_factory=dict)
    lists: dict[str, dict[str, Row]] = field(default_factory=dict)
    exists: bool = True

    def copy(self) -> State:
        return State(
            fields=dict(self.fields),
            lists={
                name: {k: dict(r) for k, r in rows.items()} for name, rows in self.lists.items()
            },
            exists=self.exists,
        )


def row_values(snapshot: Mapping[str, Any]) -> Row:
    """A row's values as shown and compared (the link to its activity left out)."""
    return {k: v for k, v in snapshot.items() if k != _PARENT_KEY}


def _content_rows(section: str, rows: Iterable[Sequence[Any]]) -> dict[str, Row]:
    columns = CONTENT_COLUMNS[section]
    return {f"shared:{n}": dict(zip(columns, row, strict=False)) for n, row in enumerate(rows)}


def undo(state: State, change: Change) -> State:
    """The state before ``change``, given the state right after it."""
    previous = state.copy()
    before = dict(change.before or {})
    if change.object_type == ACTIVITY_TYPE:
        if change.action in CREATION_ACTIONS:
            return State(exists=False)
        if change.action in FILL_ACTIONS:
            previous.lists = {name: {} for name in previous.lists}
            previous.fields["data_subjects"] = []
            return previous
        for name, value in before.items():
            if name in CONTENT_COLUMNS:
                previous.lists[name] = _content_rows(name, value or [])
            else:
                previous.fields[name] = value
        return previous
    section = SECTION_OF_TYPE.get(change.object_type)
    if section is None:
        return previous
    rows = previous.lists.setdefault(section, {})
    verb = change.action.rsplit(".", 1)[-1]
    if verb == "create":
        rows.pop(change.object_id, None)
    elif verb == "delete":
        rows[change.object_id] = row_values(before)
    elif change.object_id in rows:
        rows[change.object_id].update(row_values(before))
    return previous


def states_after(current: State, changes: Sequence[Change]) -> dict[int, State]:
    """The state right after each change (``changes`` newest first, ``current`` after the newest)."""
    states: dict[int, State] = {}
    state = current
    for change in changes:
        states[change.event_id] = state
        state = undo(state, change)
    return states


@dataclass(frozen=True)
class FieldDiff:
    name: str
    left: Any
    right: Any

    @property
    def changed(self) -> bool:
        return self.left != self.right


@dataclass(frozen=True)
class RowDiff:
    key: str
    left: Row | None
    right: Row | None

    @property
    def status(self) -> str:
        """One of ``added``, ``removed``, ``changed`` or ``same``."""
        if self.left is None:
            return "added"
        if self.right is None:
            return "removed"
        return "changed" if self.changed_fields else "same"

    @property
    def changed_fields(self) -> tuple[str, ...]:
        left, right = self.left or {}, self.right or {}
        return tuple(k for k in _ordered_keys(left, right) if left.get(k) != right.get(k))

    @property
    def columns(self) -> tuple[str, ...]:
        return _ordered_keys(self.left or {}, self.right or {})


@dataclass(frozen=True)
class SectionDiff:
    name: str
    rows: tuple[RowDiff, ...]

    @property
    def changed(self) -> bool:
        return any(row.status != "same" for row in self.rows)


@dataclass(frozen=True)
class ActivityDiff:
    """Two versions side by side: ``left`` is the older one when the caller asks in that order."""

    fields: tuple[FieldDiff, ...]
    sections: tuple[SectionDiff, ...]
    left_exists: bool = True
    right_exists: bool = True

    @property
    def changed(self) -> bool:
        return (
            self.left_exists != self.right_exists
            or any(f.changed for f in self.fields)
            or any(s.changed for s in self.sections)
        )


def _ordered_keys(*mappings: Mapping[str, Any]) -> tuple[str, ...]:
    keys: dict[str, None] = {}
    for mapping in mappings:
        keys.update(dict.fromkeys(mapping))
    return tuple(keys)


def _row_order(key: str) -> tuple[int, int, str]:
    """Rows by id (numeric keys first, in number order), then rows from a group re-sync."""
    prefix, _sep, number = key.rpartition(":")
    if not prefix and key.isdigit():
        return (0, int(key), "")
    return (1, int(number) if number.isdigit() else 0, key)


def diff_states(left: State, right: State) -> ActivityDiff:
    """Every field of both states side by side, and each list row matched by key."""
    fields = tuple(
        FieldDiff(name, left.fields.get(name), right.fields.get(name))
        for name in _ordered_keys(left.fields, right.fields)
    )
    sections = []
    for name in _ordered_keys(dict.fromkeys(SECTIONS), left.lists, right.lists):
        old, new = left.lists.get(name, {}), right.lists.get(name, {})
        keys = sorted(_ordered_keys(old, new), key=_row_order)
        sections.append(SectionDiff(name, tuple(RowDiff(k, old.get(k), new.get(k)) for k in keys)))
    return ActivityDiff(fields, tuple(sections), left.exists, right.exists)


def version_diff(
    current: State, changes: Sequence[Change], from_event: int, to_event: int
) -> ActivityDiff:
    """The version after ``from_event`` (left) against the version after ``to_event`` (right).

    ``changes`` are the activity's events newest first; ``KeyError`` when either id is not one of them.
    """
    states = states_after(current, changes)
    return diff_states(states[from_event], states[to_event])
