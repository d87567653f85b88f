"""The audit trail: every write appends one event through :func:`audit_record`, inside the writer's
transaction. Events are hash-chained per organisation; :func:`audit_verify` walks a chain and reports
the first event that was altered, removed or reordered.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from egide.accounts.models import Organisation, User

GENESIS_HASH = "0" * 64
PLATFORM_CHAIN = "platform"

# Fields never copied into before/after values.
_SECRET_FIELDS = frozenset({"password", "secret", "key_hash", "code_hash", "token"})


def _chain_key(organisation: Organisation | None) -> str:
    return PLATFORM_CHAIN if organisation is None else f"org:{organisation.pk}"


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
        "at": occurred_at.isoformat(timespec="microseconds"),
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
        chain_key=_chain_key(event.organisation) if event.organisation_id else PLATFORM_CHAIN,
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
    chain_key: str
    event_id: int | None
    sequence: int
    reason: str

    def describe(self) -> str:
        where = f"event id {self.event_id}" if self.event_id is not None else "end of chain"
        return f"{self.chain_key}: {where} (sequence {self.sequence}): {self.reason}"


def _walk(chain_key: str, events: Iterator[AuditEvent], head: AuditChainHead | None) -> ChainBreak | None:
    expected_prev = GENESIS_HASH
    expected_seq = 1
    for event in events:
        if event.sequence != expected_seq:
            return ChainBreak(
                chain_key,
                event.pk,
                event.sequence,
                f"expected sequence {expected_seq}: an event was removed or reordered",
            )
        if event.prev_hash != expected_prev:
            return ChainBreak(
                chain_key, event.pk, event.sequence, "previous-hash link broken: events removed or swapped"
            )
        if _hash_of(event) != event.hash:
            return ChainBreak(chain_key, event.pk, event.sequence, "content does not match its hash: altered")
        expected_prev = event.hash
        expected_seq += 1
    if head is not None and (head.last_sequence != expected_seq - 1 or head.last_hash != expected_prev):
        return ChainBreak(
            chain_key, None, expected_seq, "chain ends before its recorded head: trailing events removed"
        )
    return None


def audit_verify(*, organisation: Organisation | None = None, all_chains: bool = False) -> list[ChainBreak]:
    """Verify one chain (``organisation``; ``None`` = platform chain) or every chain. Returns the first
    break of each broken chain; an empty list means intact."""
    from egide.accounts.models import Organisation

    targets: list[Organisation | None]
    if all_chains:
        targets = [None, *Organisation.objects.order_by("pk")]
    else:
        targets = [organisation]
    breaks: list[ChainBreak] = []
    for org in targets:
        key = _chain_key(org)
        events = AuditEvent.objects.filter(organisation=org).order_by("sequence", "pk").iterator(2000)
        head = AuditChainHead.objects.filter(chain_key=key).first()
        found = _walk(key, events, head)
        if found:
            breaks.append(found)
    return breaks
