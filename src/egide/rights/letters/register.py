"""The Art. 15(1) information an access answer gives, drawn from the record of processing activities.

GDPR Art. 15(1): purposes (a), categories of data (b), recipients (c), retention or its criteria (d), the
source when the data was not collected from the person (g), and transfer safeguards (Art. 15(2)). The
answer covers the activities where the person's data was found (the request's search tasks marked "data
found" with an activity); while none is marked, it covers every live controller activity of the register
(drafts and activities in review included, archived ones left out), so the person is never told less than
the register holds. Five queries whatever the register's size.

Plain values only (strings, tuples, read-only mappings): the result goes into an editable template.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from django.db.models import Prefetch
from django.utils import translation

from egide.accounts.models import Organisation
from egide.registry.choices import (
    ActivityStatus,
    Art49Derogation,
    DataSource,
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    TransferTool,
)
from egide.registry.models import (
    ActivityDataCategory,
    ProcessingActivity,
    Purpose,
    Recipient,
    Transfer,
)
from egide.registry.retention import RULE_BY_CODE
from egide.rights.choices import SearchTaskStatus
from egide.rights.letters.phrases import TEXT, period
from egide.rights.models import RightsRequest, SearchTask


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _retention(row: ActivityDataCategory, language: str) -> str:
    text = TEXT[language]
    parts = []
    if row.retention_duration is not None:
        length = period(row.retention_duration, row.retention_unit, language)
        if row.retention_start:
            start = _label(RetentionStart, row.retention_start)
            length = text["period_from"].format(period=length, start=start)
        parts.append(length)
    elif row.retention_criteria.strip():
        parts.append(row.retention_criteria.strip())
    rule = RULE_BY_CODE.get(row.retention_rule)
    if rule is not None:
        parts.append(text["by_rule"].format(label=rule.label, source=rule.source))
    return " – ".join(parts) if parts else text["retention_unknown"]


def _source(row: ActivityDataCategory) -> str:
    source = _label(DataSource, row.source) if row.source else ""
    if row.source_detail:
        return f"{source} ({row.source_detail})" if source else row.source_detail
    return source


def _recipient(row: Recipient) -> str:
    kind = _label(RecipientKind, row.kind)
    return f"{row.name} ({kind})" + (f" – {row.detail}" if row.detail else "")


def _transfer(row: Transfer) -> str:
    tool = _label(TransferTool, row.tool) if row.tool else ""
    if row.derogation:
        tool = f"{tool} {_label(Art49Derogation, row.derogation)}".strip()
    return f"{row.country} – {tool}" if tool else row.country


def _activity(activity: ProcessingActivity, language: str) -> Mapping[str, Any]:
    categories = tuple(
        MappingProxyType(
            {
                "label": str(row.category.display_label),
                "retention": _retention(row, language),
                "source": _source(row),
                "health": row.category.is_health or row.category.is_special_category,
            }
        )
        for row in activity.data_categories.all()
    )
    purposes = tuple(
        MappingProxyType({"description": p.description, "basis": _label(LegalBasis, p.legal_basis)})
        for p in activity.purposes.all()
    )
    return MappingProxyType(
        {
            "reference": activity.reference,
            "name": activity.name,
            "purposes": purposes,
            "categories": categories,
            "recipients": tuple(_recipient(r) for r in activity.recipients.all()),
            "transfers": tuple(_transfer(t) for t in activity.transfers.all()),
        }
    )


def _found_activity_ids(request: RightsRequest) -> list[int]:
    if request.pk is None:  # a preview on an unsaved sample request
        return []
    return list(
        SearchTask.objects.filter(
            request=request, status=SearchTaskStatus.FOUND, activity__isnull=False
        ).values_list("activity_id", flat=True)
    )


def live_activities(
    *, organisation: Organisation, only: Iterable[int] | None = None
) -> list[ProcessingActivity]:
    """The organisation's live controller activities (``only``: these ids), with what they record."""
    data = ActivityDataCategory.objects.for_organisation(organisation).select_related("category")
    activities = (
        ProcessingActivity.objects.for_organisation(organisation)
        .filter(record_kind=RecordKind.CONTROLLER, archived_at__isnull=True)
        .exclude(status=ActivityStatus.ARCHIVED)
        .prefetch_related(
            Prefetch("purposes", queryset=Purpose.objects.for_organisation(organisation)),
            Prefetch("data_categories", queryset=data),
            Prefetch("recipients", queryset=Recipient.objects.for_organisation(organisation)),
            Prefetch("transfers", queryset=Transfer.objects.for_organisation(organisation)),
        )
        .order_by("reference")
    )
    if only is not None:
        activities = activities.filter(pk__in=list(only))
    return list(activities)


def register_information(*, request: RightsRequest, language: str) -> Mapping[str, Any]:
    """``register`` in a letter's context: the activities concerned and whether the search narrowed them."""
    found = _found_activity_ids(request)
    activities = live_activities(organisation=request.organisation, only=found if found else None)
    with translation.override(language):
        rows = tuple(_activity(a, language) for a in activities)
    return MappingProxyType(
        {
            "activities": rows,
            "from_search": bool(found),
            "has_transfers": any(a["transfers"] for a in rows),
        }
    )
