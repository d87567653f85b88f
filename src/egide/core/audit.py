"""The audit trail: every write appends one event through :func:`audit_record`, inside the writer's
transaction. Events are hash-chained per organisation; :func:`audit_verify` walks a chain and reports
the first event that was altered, removed or reordered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils.ipv6 import clean_ipv6_address

from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from egide.accounts.models import Organisation, User
    from egide.core.selectors import AuditFilters

GENESIS_HASH = "0" * 64
PLATFORM_CHAIN = "platform"

# Fields never copied into before/after values.
_SECRET_FIELDS = frozenset({"password", "secret", "key_hash", "code_hash", "token"})


def _chain_key(organisation: Organisation | None) -> str:
    return PLATFORM_CHAIN if organisation is None else _org_chain_key(organisation.pk)


def _org_chain_key(organisation_id: int | None) -> str:
    return PLATFORM_CHAIN if organisation_id is None else f"org:{organisation_id}"


def _canonical(value: Any) -> Any:
    """JSON-safe, deterministic form of before/after values."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def event_hash(
    *,
    prev_hash: str,
    chain_key: str,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: Any,
    after: Any,
    source: str,
    ip_address: str | None,
) -> str:
    payload = {
        "prev": prev_hash,
        "chain": chain_key,
        "seq": sequence,
        # Always hashed in UTC: the database hands the time back in UTC whatever zone it was written in.
        "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "before": before,
        "after": after,
        "source": source,
        "ip": ip_address,
    }
    encoded = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _hash_of(event: AuditEvent) -> str:
    return event_hash(
        prev_hash=event.prev_hash,
        chain_key=_org_chain_key(event.organisation_id),
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        before=event.before,
        after=event.after,
        source=event.source,
        ip_address=event.ip_address,
    )


def _normalise_ipv6(value: str) -> str:
    try:
        return clean_ipv6_address(value)
    except ValidationError:
        return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audit-worthy values of a model instance (secrets left out, foreign keys as ids)."""
    names = list(fields) if fields is not None else [f.name for f in instance._meta.concrete_fields]
    values: dict[str, Any] = {}
    for name in names:
        if name in _SECRET_FIELDS:
            continue
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = getattr(instance, attname)
    return _canonical(values)


def changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """Only the keys whose value changed, for compact update events."""
    return {k: after[k] for k in after if before.get(k) != after[k]}


@dataclass(frozen=True)
class Actor:
    """Who did it: a user, or a named system process (worker, CLI, import)."""

    user: User | None
    label: str

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user=user, label=user.email)

    @classmethod
    def system(cls, label: str) -> Actor:
        return cls(user=None, label=f"system:{label}")


def audit_record(
    *,
    actor: Actor | User,
    organisation: Organisation | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    source: str = "",
    ip_address: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> AuditEvent:
    """Append one event to ``organisation``'s chain (or the platform chain). Call inside the writer's
    transaction: the event commits or rolls back with the write it records."""
    if not isinstance(actor, Actor):
        actor = Actor.of(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    if ip_address and ":" in ip_address:
        # Stored as the database field normalises it, so the hash still matches when read back.
        ip_address = _normalise_ipv6(ip_address)
    key = _chain_key(organisation)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.get_or_create(
            chain_key=key,
            defaults={"organisation": organisation, "last_sequence": 0, "last_hash": GENESIS_HASH},
        )
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
        sequence = head.last_sequence + 1
        occurred_at = clock.now()
        before_value = _canonical(dict(before)) if before is not None else None
        after_value = _canonical(dict(after)) if after is not None else None
        digest = event_hash(
            prev_hash=head.last_hash,
            chain_key=key,
            sequence=sequence,
            occurred_at=occurred_at,
            actor_id=actor.user.pk if actor.user else None,
            actor_label=actor.label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            before=before_value,
            after=after_value,
            source=source,
            ip_address=ip_address,
        )
        event = AuditEvent(
            organisation=organisation,
            sequence=sequence,
            occurred_at=occurred_at,
            actor=actor.user,
            actor_label=actor.label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:255],
            before=before_value,
            after=after_value,
            source=source,
            ip_address=ip_address,
            prev_hash=head.last_hash,
            hash=digest,
        )
        event.save(force_insert=True)
        head.last_sequence = sequence
        head.last_hash = digest
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainBreak:
    """The first event of a chain that does not hold: ``event_id`` is None when events are missing at
    the end of the chain (``sequence`` is then the first missing one)."""

    chain_key: str
    event_id: int | None
    sequence: int
    reason: str

    def describe(self) -> str:
        where = f"event id {self.event_id}" if self.event_id is not None else "end of chain"
        return f"{self.chain_key}: {where} (sequence {self.sequence}): {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    """The verification of one chain: how many events were walked and the first break, if any."""

    chain_key: str
    label: str
    events: int
    first_break: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _walk(
    chain_key: str, events: Iterator[AuditEvent], head: AuditChainHead | None
) -> tuple[int, ChainBreak | None]:
    expected_prev = GENESIS_HASH
    expected_seq = 1
    walked = 0
    for event in events:
        walked += 1
        if event.sequence != expected_seq:
            if event.sequence > expected_seq:
                reason = f"sequence {expected_seq} is missing: an event before this one was removed"
            else:
                reason = f"expected sequence {expected_seq}: events were reordered or duplicated"
            return walked, ChainBreak(chain_key, event.pk, event.sequence, reason)
        if event.prev_hash != expected_prev:
            return walked, ChainBreak(
                chain_key,
                event.pk,
                event.sequence,
                "previous-hash link broken: events were swapped or rewritten",
            )
        if _hash_of(event) != event.hash:
            return walked, ChainBreak(
                chain_key,
                event.pk,
                event.sequence,
                "content does not match its hash: the event was altered",
            )
        expected_prev = event.hash
        expected_seq += 1
    if head is not None and (
        head.last_sequence != expected_seq - 1 or head.last_hash != expected_prev
    ):
        return walked, ChainBreak(
            chain_key,
            None,
            expected_seq,
            f"the chain stops at sequence {expected_seq - 1} but its head records "
            f"{head.last_sequence}: trailing events were removed",
        )
    return walked, None


def audit_verify_chain(*, organisation: Organisation | None) -> ChainReport:
    """Walk ``organisation``'s chain (``None``: the platform chain) from the first event to its head."""
    key = _chain_key(organisation)
    events = (
        AuditEvent.objects.filter(organisation=organisation)
        .order_by("sequence", "pk")
        .iterator(2000)
    )
    head = AuditChainHead.objects.filter(chain_key=key).first()
    walked, found = _walk(key, events, head)
    label = PLATFORM_CHAIN if organisation is None else organisation.slug
    return ChainReport(chain_key=key, label=label, events=walked, first_break=found)


def audit_verify_all() -> list[ChainReport]:
    """Verify the platform chain and every organisation's chain."""
    from egide.accounts.models import Organisation

    targets: list[Organisation | None] = [None, *Organisation.objects.order_by("pk")]
    return [audit_verify_chain(organisation=org) for org in targets]


def audit_verify(
    *, organisation: Organisation | None = None, all_chains: bool = False
) -> list[ChainBreak]:
    """Verify one chain (``organisation``; ``None`` = platform chain) or every chain. Returns the first
    break of each broken chain; an empty list means intact."""
    reports = audit_verify_all() if all_chains else [audit_verify_chain(organisation=organisation)]
    return [report.first_break for report in reports if report.first_break is not None]


def audit_trail_export(
    *,
    actor: Actor | User,
    organisation: Organisation,
    filters: AuditFilters,
    ip_address: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> QuerySet[AuditEvent]:
    """Record that ``actor`` exported ``organisation``'s trail, and return the exported events: those
    matching ``filters`` that were recorded before the export (the export event itself says how many)."""
    from egide.core.selectors import audit_events_list

    with transaction.atomic():
        # Lock the chain so the count and the export event agree, even while others write.
        AuditChainHead.objects.select_for_update().filter(
            chain_key=_chain_key(organisation)
        ).first()
        events = audit_events_list(organisation=organisation, filters=filters)
        count = events.count()
        export = audit_record(
            actor=actor,
            organisation=organisation,
            action="audit.export",
            object_type="core.auditevent",
            object_repr="audit trail (CSV)",
            after={"filters": filters.as_dict(), "events": count},
            source="web",
            ip_address=ip_address,
            clock=clock,
        )
    return events.filter(sequence__lt=export.sequence)
