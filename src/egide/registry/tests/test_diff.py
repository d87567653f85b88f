"""Versions rebuilt from audit events and their side-by-side diff: pure functions, no database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egide.registry.diff import (
    ACTIVITY_TYPE,
    Change,
    State,
    diff_states,
    states_after,
    undo,
    version_diff,
)

PURPOSE = "registry.purpose"


def _created(event_id: int = 1) -> Change:
    return Change(
        event_id,
        "processing_activity.create",
        ACTIVITY_TYPE,
        "7",
        None,
        {"name": "Billing", "status": "draft"},
    )


def _current() -> State:
    return State(
        fields={"name": "Patient billing", "status": "validated", "data_subjects": ["patients"]},
        lists={
            "purposes": {
                "11": {"description": "Invoice the stay", "legal_basis": "public_task"},
                "12": {"description": "Recover debts", "legal_basis": "legal_obligation"},
            }
        },
    )


# Newest first, as the history selector gives them.
CHANGES = [
    Change(
        6,
        "processing_activity.validate",
        ACTIVITY_TYPE,
        "7",
        {"status": "draft"},
        {"status": "validated"},
    ),
    Change(
        5, "purpose.create", PURPOSE, "12", None, {"activity": 7, "description": "Recover debts"}
    ),
    Change(
        4,
        "purpose.update",
        PURPOSE,
        "11",
        {"description": "Invoice"},
        {"description": "Invoice the stay"},
    ),
    Change(
        3,
        "purpose.delete",
        PURPOSE,
        "10",
        {"activity": 7, "description": "Old purpose", "legal_basis": "consent"},
        None,
    ),
    Change(
        2,
        "processing_activity.update",
        ACTIVITY_TYPE,
        "7",
        {"name": "Billing"},
        {"name": "Patient billing"},
    ),
    _created(1),
]


def test_undo_restores_the_fields_an_update_changed():
    previous = undo(_current(), CHANGES[4])
    assert previous.fields["name"] == "Billing"
    assert previous.fields["status"] == "validated"  # untouched by that event


def test_undo_of_a_row_creation_removes_it_and_of_a_deletion_puts_it_back():
    state = _current()
    assert "12" not in undo(state, CHANGES[1]).lists["purposes"]
    restored = undo(state, CHANGES[3]).lists["purposes"]["10"]
    assert restored == {"description": "Old purpose", "legal_basis": "consent"}  # no activity key


def test_undo_of_a_row_update_merges_the_before_values():
    row = undo(_current(), CHANGES[2]).lists["purposes"]["11"]
    assert row == {"description": "Invoice", "legal_basis": "public_task"}


def test_undo_never_changes_the_state_it_is_given():
    state = _current()
    undo(state, CHANGES[2])
    assert state.lists["purposes"]["11"]["description"] == "Invoice the stay"


def test_before_creation_the_activity_does_not_exist():
    assert undo(_current(), _created()).exists is False


def test_states_after_each_event_walk_back_to_the_creation():
    states = states_after(_current(), CHANGES)
    assert states[6].fields["status"] == "validated"
    assert states[5].fields["status"] == "draft"
    assert set(states[5].lists["purposes"]) == {"11", "12"}
    assert set(states[4].lists["purposes"]) == {"11"}
    assert states[3].lists["purposes"]["11"]["description"] == "Invoice"
    assert set(states[2].lists["purposes"]) == {"10", "11"}
    assert states[1].fields["name"] == "Billing"


def test_version_diff_shows_fields_and_rows_side_by_side():
    diff = version_diff(_current(), CHANGES, from_event=2, to_event=6)
    by_name = {f.name: f for f in diff.fields}
    assert (by_name["status"].left, by_name["status"].right) == ("draft", "validated")
    assert not by_name["name"].changed
    purposes = next(s for s in diff.sections if s.name == "purposes")
    statuses = {row.key: row.status for row in purposes.rows}
    assert statuses == {"10": "removed", "11": "changed", "12": "added"}
    changed_row = next(row for row in purposes.rows if row.key == "11")
    assert changed_row.changed_fields == ("description",)
    assert diff.changed


def test_same_version_on_both_sides_has_no_change():
    diff = version_diff(_current(), CHANGES, from_event=4, to_event=4)
    assert not diff.changed
    assert all(row.status == "same" for s in diff.sections for row in s.rows)


def test_diff_against_the_creation_event_compares_with_the_first_version():
    diff = version_diff(_current(), CHANGES, from_event=1, to_event=6)
    assert diff.left_exists
    assert diff.right_exists
    names = {f.name: (f.left, f.right) for f in diff.fields}
    assert names["name"] == ("Billing", "Patient billing")


def test_unknown_event_raises_key_error():
    with pytest.raises(KeyError):
        version_diff(_current(), CHANGES, from_event=99, to_event=6)


def test_group_resync_puts_back_whole_lists_without_ids():
    sync = Change(
        9,
        "processing_activity.sync",
        ACTIVITY_TYPE,
        "7",
        {"name": "Old", "security_measures": [["backup", ""], ["access_control", "badge"]]},
        {"name": "New", "security_measures": [["backup", ""]]},
    )
    previous = undo(State(fields={"name": "New"}), sync)
    assert previous.fields == {"name": "Old"}
    assert previous.lists["security_measures"] == {
        "shared:0": {"measure": "backup", "detail": ""},
        "shared:1": {"measure": "access_control", "detail": "badge"},
    }


def test_before_a_template_filled_the_activity_it_had_fields_but_no_rows():
    fill = Change(
        2,
        "processing_activity.instantiate_template",
        ACTIVITY_TYPE,
        "7",
        None,
        {"template": "cctv", "purposes": [["Safety", True]]},
    )
    previous = undo(_current(), fill)
    assert previous.exists
    assert previous.fields["name"] == "Patient billing"
    assert previous.fields["data_subjects"] == []
    assert previous.lists == {"purposes": {}}


def test_unrelated_events_change_nothing():
    share = Change(8, "processing_activity.share", ACTIVITY_TYPE, "7", None, {"members": ["b"]})
    other = Change(9, "vendor.update", "registry.vendor", "3", {"name": "A"}, {"name": "B"})
    state = _current()
    assert undo(state, share) == state
    assert undo(state, other) == state


def test_rows_are_listed_by_id_then_resynced_rows():
    left = State(lists={"recipients": {"10": {"name": "a"}, "shared:1": {"name": "c"}}})
    right = State(lists={"recipients": {"9": {"name": "b"}, "shared:0": {"name": "d"}}})
    keys = [
        row.key
        for s in diff_states(left, right).sections
        if s.name == "recipients"
        for row in s.rows
    ]
    assert keys == ["9", "10", "shared:0", "shared:1"]


values = st.dictionaries(
    st.sampled_from(["name", "status", "owner"]), st.integers(0, 3), min_size=1
)


@given(before=values, after=values)
def test_undoing_an_update_of_the_current_state_gives_back_the_before_values(before, after):
    current = State(fields={"name": 0, "status": 0, "owner": 0, **after})
    change = Change(1, "processing_activity.update", ACTIVITY_TYPE, "7", before, after)
    previous = undo(current, change)
    assert all(previous.fields[k] == v for k, v in before.items())
    assert all(previous.fields[k] == current.fields[k] for k in current.fields if k not in before)
