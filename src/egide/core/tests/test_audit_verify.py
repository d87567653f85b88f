"""The hash chain detects rows altered, removed or reordered behind the application's back (raw SQL)."""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from egide.accounts.tests.factories import OrganisationFactory
from egide.core.audit import Actor, audit_record, audit_verify, audit_verify_all, audit_verify_chain
from egide.core.clock import PARIS, FrozenClock
from egide.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _chain(organisation, length=5):
    return [
        audit_record(
            actor=Actor.system("test"),
            organisation=organisation,
            action="record.update",
            object_type="registry.record",
            object_id=str(n),
            object_repr=f"Record {n}",
            before={"n": n - 1},
            after={"n": n},
        )
        for n in range(1, length + 1)
    ]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify(organisation):
    return audit_verify_chain(organisation=organisation)


def test_an_intact_chain_passes(organisation):
    _chain(organisation)
    report = _verify(organisation)
    assert report.intact
    assert report.events == 5
    assert audit_verify(organisation=organisation) == []


def test_an_edited_event_is_detected(organisation):
    events = _chain(organisation)
    _sql(
        "UPDATE core_auditevent SET after = %s WHERE id = %s", [json.dumps({"n": 99}), events[2].pk]
    )
    found = _verify(organisation).first_break
    assert found is not None
    assert (found.event_id, found.sequence) == (events[2].pk, 3)
    assert "altered" in found.reason


def test_an_edited_actor_is_detected(organisation):
    events = _chain(organisation)
    _sql(
        "UPDATE core_auditevent SET actor_label = %s WHERE id = %s", ["someone else", events[0].pk]
    )
    found = _verify(organisation).first_break
    assert (found.event_id, found.sequence) == (events[0].pk, 1)


def test_a_deleted_middle_event_is_detected(organisation):
    events = _chain(organisation)
    _sql("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
    found = _verify(organisation).first_break
    # The first event after the gap is named, with the sequence that went missing.
    assert (found.event_id, found.sequence) == (events[3].pk, 4)
    assert "sequence 3 is missing" in found.reason


def test_a_deleted_last_event_is_detected(organisation):
    events = _chain(organisation)
    _sql("DELETE FROM core_auditevent WHERE id = %s", [events[-1].pk])
    found = _verify(organisation).first_break
    assert found.event_id is None
    assert found.sequence == 5
    assert "trailing events were removed" in found.reason


def test_every_event_deleted_is_detected(organisation):
    events = _chain(organisation, length=2)
    _sql("DELETE FROM core_auditevent WHERE id IN (%s, %s)", [events[0].pk, events[1].pk])
    found = _verify(organisation).first_break
    assert (found.event_id, found.sequence) == (None, 1)


def test_swapped_sequence_numbers_are_detected(organisation):
    events = _chain(organisation)
    second, third = events[1], events[2]
    _sql("UPDATE core_auditevent SET sequence = 1000 WHERE id = %s", [second.pk])
    _sql("UPDATE core_auditevent SET sequence = 2 WHERE id = %s", [third.pk])
    _sql("UPDATE core_auditevent SET sequence = 3 WHERE id = %s", [second.pk])
    found = _verify(organisation).first_break
    # The event now standing at sequence 2 is the third one: its link points to the wrong predecessor.
    assert (found.event_id, found.sequence) == (third.pk, 2)
    assert "swapped" in found.reason


def test_swapped_contents_are_detected(organisation):
    events = _chain(organisation)
    second, third = events[1], events[2]
    columns = "action, object_id, object_repr, before, after"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM core_auditevent WHERE id = %s", [second.pk])  # noqa: S608
        second_row = cursor.fetchone()
        cursor.execute(f"SELECT {columns} FROM core_auditevent WHERE id = %s", [third.pk])  # noqa: S608
        third_row = cursor.fetchone()
    assignments = "action = %s, object_id = %s, object_repr = %s, before = %s, after = %s"
    _sql(f"UPDATE core_auditevent SET {assignments} WHERE id = %s", [*third_row, second.pk])  # noqa: S608
    _sql(f"UPDATE core_auditevent SET {assignments} WHERE id = %s", [*second_row, third.pk])  # noqa: S608
    found = _verify(organisation).first_break
    assert (found.event_id, found.sequence) == (second.pk, 2)
    assert "altered" in found.reason


def test_whole_rows_moved_are_detected(organisation):
    """Rows rewritten with another event's content, hashes included, break the links."""
    events = _chain(organisation)
    second, third = events[1], events[2]
    _sql(
        "UPDATE core_auditevent SET prev_hash = %s, hash = %s, after = %s WHERE id = %s",
        [third.prev_hash, "f" * 64, json.dumps(third.after), second.pk],
    )
    found = _verify(organisation).first_break
    assert (found.event_id, found.sequence) == (second.pk, 2)


def test_chains_are_verified_independently(organisation, other_organisation):
    events = _chain(organisation)
    _chain(other_organisation, length=3)
    audit_record(actor=Actor.system("test"), organisation=None, action="user.create")
    _sql("UPDATE core_auditevent SET object_repr = 'x' WHERE id = %s", [events[1].pk])
    reports = {report.label: report for report in audit_verify_all()}
    assert not reports[organisation.slug].intact
    assert reports[other_organisation.slug].intact
    assert reports[other_organisation.slug].events == 3
    assert reports["platform"].intact
    breaks = audit_verify(all_chains=True)
    assert [b.event_id for b in breaks] == [events[1].pk]


def test_times_written_in_paris_and_ipv6_addresses_still_verify(organisation):
    clock = FrozenClock(datetime(2026, 3, 29, 3, 30, tzinfo=PARIS))  # just after the DST change
    audit_record(
        actor=Actor.system("test"),
        organisation=organisation,
        action="record.create",
        ip_address="2001:0db8:0000:0000:0000:0000:0000:0001",
        clock=clock,
    )
    assert _verify(organisation).intact


def test_events_are_immutable_through_the_orm(organisation):
    (event,) = _chain(organisation, length=1)
    event.after = {"n": 42}
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.after == {"n": 1}
    assert _verify(organisation).intact


# The command: `egide audit verify [--org SLUG]`.


def _run(*args):
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def test_command_reports_an_intact_chain(organisation):
    _chain(organisation)
    output = _run("--org", organisation.slug)
    assert f"{organisation.slug} (org:{organisation.pk}): intact (5 events)" in output


def test_command_without_org_verifies_every_chain(organisation, other_organisation):
    _chain(organisation, length=2)
    _chain(other_organisation, length=1)
    output = _run()
    assert "platform (platform): intact (0 events)" in output
    assert f"{organisation.slug} (org:{organisation.pk}): intact (2 events)" in output
    assert f"{other_organisation.slug} (org:{other_organisation.pk}): intact (1 events)" in output


def test_command_exits_1_naming_the_first_broken_event_of_each_chain(
    organisation, other_organisation
):
    events = _chain(organisation)
    others = _chain(other_organisation, length=3)
    _sql(
        "UPDATE core_auditevent SET after = '{}' WHERE id IN (%s, %s)", [events[1].pk, events[3].pk]
    )
    _sql("DELETE FROM core_auditevent WHERE id = %s", [others[-1].pk])
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify", stdout=out)
    assert raised.value.returncode == 1
    output = out.getvalue()
    assert f"BROKEN at event id {events[1].pk}, sequence 2" in output
    assert f"event id {events[3].pk}" not in output  # only the first break of a chain
    assert (
        f"{other_organisation.slug} (org:{other_organisation.pk}): BROKEN at end of chain" in output
    )


def test_command_exits_2_for_an_unknown_organisation(organisation):
    with pytest.raises(CommandError) as raised:
        _run("--org", "no-such-org")
    assert raised.value.returncode == 2


def test_command_ignores_other_chains_with_org(organisation):
    _chain(organisation, length=2)
    broken = OrganisationFactory()
    (event,) = _chain(broken, length=1)
    _sql("UPDATE core_auditevent SET action = 'x' WHERE id = %s", [event.pk])
    assert "intact (2 events)" in _run("--org", organisation.slug)
