"""Reads of the audit trail: one organisation's events, filtered, newest first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from egide.core.clock import PARIS
from egide.core.models import AuditEvent

if TYPE_CHECKING:
    from egide.accounts.models import Organisation


@dataclass(frozen=True)
class AuditFilters:
    """What a DPO narrows the trail to. Dates are calendar days in Paris, both ends included."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""

    def as_dict(self) -> dict[str, str]:
        """The filters that are set, as text (recorded with an export, echoed in links)."""
        values = {
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "text": self.text,
        }
        return {key: value for key, value in values.items() if value}


def paris_day_start(day: date) -> datetime:
    """The instant a Paris calendar day begins (midnight local time, DST included)."""
    return datetime.combine(day, time.min, tzinfo=PARIS)


def audit_events_list(
    *, organisation: Organisation, filters: AuditFilters | None = None
) -> QuerySet[AuditEvent]:
    """The organisation's events matching ``filters``, newest first."""
    filters = filters or AuditFilters()
    events = AuditEvent.objects.for_organisation(organisation)
    if filters.actor:
        events = events.filter(actor_label=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.date_from:
        events = events.filter(occurred_at__gte=paris_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=paris_day_start(filters.date_to + timedelta(days=1)))
    if filters.text:
        events = events.filter(object_repr__icontains=filters.text)
    return events.order_by("-sequence")


def audit_events_recent(*, organisation: Organisation, limit: int = 10) -> list[AuditEvent]:
    return list(audit_events_list(organisation=organisation)[:limit])


@dataclass(frozen=True)
class AuditFilterOptions:
    """The values present in an organisation's trail, offered as filter choices."""

    actors: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    object_types: list[str] = field(default_factory=list)


def _distinct(organisation: Organisation, column: str) -> list[str]:
    values: QuerySet[Any, Any] = (
        AuditEvent.objects.for_organisation(organisation)
        .exclude(**{column: ""})
        .order_by(column)
        .values_list(column, flat=True)
        .distinct()
    )
    return list(values)


def audit_filter_options(*, organisation: Organisation) -> AuditFilterOptions:
    return AuditFilterOptions(
        actors=_distinct(organisation, "actor_label"),
        actions=_distinct(organisation, "action"),
        object_types=_distinct(organisation, "object_type"),
    )
