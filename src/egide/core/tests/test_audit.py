"""Recording events, reading them back filtered, and the audited export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction

from egide.accounts.tests.factories import UserFactory
from egide.core.audit import (
    GENESIS_HASH,
    Actor,
    audit_record,
    audit_trail_export,
    audit_verify_chain,
    snapshot,
)
from egide.core.clock import FrozenClock
from egide.core.models import AuditChainHead, AuditEvent
from egide.core.selectors import (
    AuditFilters,
    audit_events_list,
    audit_events_recent,
    audit_filter_options,
)

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 14, 22, 0, tzinfo=UTC)  # 23:00 in Paris


def _record(organisation, *, clock, actor=None, action="record.update", repr_="Record", **kwargs):
    event = audit_record(
        actor=actor or Actor.system("test"),
        organisation=organisation,
        action=action,
        object_type=kwargs.pop("object_type", "registry.record"),
        object_repr=repr_,
        clock=clock,
        **kwargs,
    )
    clock.advance(timedelta(hours=1))
    return event


def test_events_are_chained_per_organisation(organisation, other_organisation):
    clock = FrozenClock(START)
    first = _record(organisation, clock=clock)
    elsewhere = _record(other_organisation, clock=clock)
    second = _record(organisation, clock=clock)
    platform = _record(None, clock=clock)
    assert (first.sequence, second.sequence, elsewhere.sequence, platform.sequence) == (1, 2, 1, 1)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    head = AuditChainHead.objects.get(chain_key=f"org:{organisation.pk}")
    assert (head.last_sequence, head.last_hash) == (2, second.hash)
    assert audit_verify_chain(organisation=None).events == 1


def test_an_event_rolls_back_with_the_write_it_records(organisation):
    class Boom(Exception):
        pass

    def write_then_fail():
        with transaction.atomic():
            _record(organisation, clock=FrozenClock(START))
            raise Boom

    with pytest.raises(Boom):
        write_then_fail()
    assert not AuditEvent.objects.for_organisation(organisation).exists()
    assert audit_verify_chain(organisation=organisation).intact


def test_actor_is_a_user_or_a_named_process(organisation):
    user = UserFactory(email="dpo@example.org")
    by_user = audit_record(actor=user, organisation=organisation, action="a")
    by_worker = audit_record(actor=Actor.system("worker"), organisation=organisation, action="b")
    assert (by_user.actor, by_user.actor_label) == (user, "dpo@example.org")
    assert (by_worker.actor, by_worker.actor_label) == (None, "system:worker")


def test_snapshot_leaves_secrets_out():
    user = UserFactory()
    values = snapshot(user, ["email", "password"])
    assert values == {"email": user.email}


def test_list_is_newest_first_and_scoped(organisation, other_organisation):
    clock = FrozenClock(START)
    events = [_record(organisation, clock=clock, repr_=f"R{n}") for n in range(3)]
    _record(other_organisation, clock=clock, repr_="elsewhere")
    listed = list(audit_events_list(organisation=organisation))
    assert listed == list(reversed(events))
    assert audit_events_recent(organisation=organisation, limit=2) == [events[2], events[1]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (AuditFilters(actor="alice@example.org"), ["Alpha", "Gamma"]),
        (AuditFilters(action="membership.grant"), ["Beta"]),
        (AuditFilters(object_type="accounts.membership"), ["Beta"]),
        (AuditFilters(text="amm"), ["Gamma"]),
        (AuditFilters(text="GAMMA"), ["Gamma"]),
        # Paris days: 23:00 on the 14th, then 00:00 and 01:00 on the 15th.
        (AuditFilters(date_from=date(2026, 1, 15)), ["Beta", "Gamma"]),
        (AuditFilters(date_to=date(2026, 1, 14)), ["Alpha"]),
        (AuditFilters(date_from=date(2026, 1, 15), date_to=date(2026, 1, 15)), ["Beta", "Gamma"]),
        (AuditFilters(date_from=date(2026, 1, 16)), []),
        (AuditFilters(actor="alice@example.org", date_from=date(2026, 1, 15)), ["Gamma"]),
    ],
)
def test_filters(organisation, filters, expected):
    alice = UserFactory(email="alice@example.org")
    bob = UserFactory(email="bob@example.org")
    clock = FrozenClock(START)
    _record(organisation, clock=clock, actor=alice, repr_="Alpha")
    _record(
        organisation,
        clock=clock,
        actor=bob,
        action="membership.grant",
        object_type="accounts.membership",
        repr_="Beta",
    )
    _record(organisation, clock=clock, actor=alice, repr_="Gamma")
    found = audit_events_list(organisation=organisation, filters=filters)
    assert sorted(event.object_repr for event in found) == expected


def test_filter_options_are_the_values_present(organisation, other_organisation):
    clock = FrozenClock(START)
    _record(organisation, clock=clock, action="b.update")
    _record(organisation, clock=clock, action="a.create", object_type="")
    _record(other_organisation, clock=clock, action="elsewhere.only")
    options = audit_filter_options(organisation=organisation)
    assert options.actions == ["a.create", "b.update"]
    assert options.object_types == ["registry.record"]
    assert options.actors == ["system:test"]


def test_export_is_recorded_and_covers_the_events_before_it(organisation, dpo):
    clock = FrozenClock(START)
    _record(organisation, clock=clock, action="record.create", repr_="A")
    _record(organisation, clock=clock, action="record.update", repr_="B")
    filters = AuditFilters(action="record.update")
    exported = audit_trail_export(
        actor=dpo, organisation=organisation, filters=filters, clock=clock
    )
    assert [event.object_repr for event in exported] == ["B"]
    export = audit_events_list(
        organisation=organisation, filters=AuditFilters(action="audit.export")
    )
    (event,) = export
    assert event.actor == dpo
    assert event.after == {"filters": {"action": "record.update"}, "events": 1}
    # A later export includes the earlier one when it matches.
    again = audit_trail_export(actor=dpo, organisation=organisation, filters=AuditFilters())
    assert [e.action for e in again] == ["audit.export", "record.update", "record.create"]
    assert audit_verify_chain(organisation=organisation).intact
