"""The record of processing activities: the list (filters, search, sort, pages) and one activity's sheet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from egide.accounts.roles import Perm
from egide.core.htmx import render_page_or_partial
from egide.core.views import org_view
from egide.registry.choices import ActivityStatus
from egide.registry.compliance import (
    compliance_findings_for_activity,
    compliance_findings_list,
    compliance_summary_get,
)
from egide.registry.forms import ActivityFilterForm
from egide.registry.library import TEMPLATE_BY_CODE
from egide.registry.models import FindingSeverity, ProcessingActivity
from egide.registry.retention import RULE_BY_CODE
from egide.registry.selectors import (
    dpo_designation_current,
    processing_activities_search,
    processing_activity_group_copies,
)
from egide.registry.taxonomy import SECURITY_FAMILIES, SECURITY_MEASURE_BY_CODE
from egide.registry.views._common import (
    SEVERITY_BADGE,
    STATUS_BADGE,
    activity_or_404,
    can,
    may_edit,
    organisation_of,
)
from egide.registry.views._display import field_label
from egide.registry.views._lists import SECTION_BY_KEY

PAGE_SIZE = 25
# Most severe first, as columns and badges show them.
SEVERITIES = [value for value, _label in reversed(FindingSeverity.choices)]
SEVERITY_LABELS = dict(FindingSeverity.choices)


@dataclass(frozen=True)
class SeverityCount:
    severity: str
    count: int

    @property
    def label(self) -> Any:
        return SEVERITY_LABELS[self.severity]

    @property
    def badge(self) -> str:
        return SEVERITY_BADGE[self.severity]


@dataclass
class ActivityRow:
    activity: ProcessingActivity
    findings: list[SeverityCount] = field(default_factory=list)

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(ActivityStatus(self.activity.status), "")

    @property
    def template_name(self) -> Any:
        template = TEMPLATE_BY_CODE.get(self.activity.template_code)
        return template.name if template else ""


def _finding_counts(organisation: Any, activity_ids: list[int]) -> dict[int, list[SeverityCount]]:
    """Findings by severity for each activity of the page, in one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        compliance_findings_list(organisation=organisation)
        .filter(activity_id__in=activity_ids)
        .order_by()
        .values("activity_id", "severity")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["activity_id"]][row["severity"]] = row["n"]
    return {
        pk: [SeverityCount(s, by[s]) for s in SEVERITIES if by.get(s)] for pk, by in counts.items()
    }


def summary_counts(summary: Any) -> list[SeverityCount]:
    if summary is None:
        return []
    return [SeverityCount(s, getattr(summary, f"{s}_count")) for s in SEVERITIES]


@org_view(Perm.VIEW)
def activity_list_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = ActivityFilterForm(request.GET or None, organisation=organisation)
    valid = not form.is_bound or form.is_valid()
    activities = processing_activities_search(organisation=organisation, filters=form.filters())
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = _finding_counts(organisation, [a.pk for a in page.object_list])
    summary = compliance_summary_get(organisation=organisation)
    context = {
        "organisation": organisation,
        "form": form,
        "page": page,
        "rows": [ActivityRow(a, counts.get(a.pk, [])) for a in page.object_list],
        "summary": summary,
        "summary_counts": summary_counts(summary),
        "organisation_findings": compliance_findings_list(organisation=organisation)
        .filter(activity__isnull=True)
        .count(),
        "can_create": can(request, Perm.EDIT),
    }
    response = render_page_or_partial(
        request, "registry/activity_list.html", context, partial="activity-table"
    )
    if not valid:
        response.status_code = 400
    return response


def _data_rows(activity: ProcessingActivity) -> list[dict[str, Any]]:
    rows = []
    for row in activity.data_categories.all():
        rule = RULE_BY_CODE.get(row.retention_rule)
        rows.append({"row": row, "rule": rule})
    return rows


def _measures_by_family(activity: ProcessingActivity) -> list[tuple[Any, list[Any]]]:
    families: dict[str, list[Any]] = defaultdict(list)
    for measure in activity.security_measures.all():
        definition = SECURITY_MEASURE_BY_CODE.get(measure.measure)
        families[definition.family if definition else "other"].append(measure)
    return [(SECURITY_FAMILIES.get(key, key), items) for key, items in families.items()]


def overridden_label(name: str) -> Any:
    """What a group copy overrides: a list of the activity (its title) or one of its fields."""
    section = SECTION_BY_KEY.get(name)
    return section.title if section is not None else field_label(name)


@org_view(Perm.VIEW)
def activity_detail_view(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The activity laid out like the CNIL register sheet (GDPR Art. 30), with its findings."""
    organisation = organisation_of(request)
    activity = activity_or_404(request, activity_id)
    status = ActivityStatus(activity.status)
    context = {
        "organisation": organisation,
        "activity": activity,
        "status_badge": STATUS_BADGE.get(status, ""),
        "template": TEMPLATE_BY_CODE.get(activity.template_code),
        "dpo": dpo_designation_current(organisation=organisation),
        "findings": compliance_findings_for_activity(activity=activity),
        "data_rows": _data_rows(activity),
        "measures": _measures_by_family(activity),
        "source": activity.shared_from,
        "overridden": [overridden_label(name) for name in activity.overridden_fields],
        "source_organisation": (
            activity.shared_from.organisation if activity.shared_from is not None else None
        ),
        "group_copies": [
            {
                "organisation": copy.organisation,
                "reference": copy.reference,
                "status": ActivityStatus(copy.status).label,
                "overridden": [overridden_label(name) for name in copy.overridden_fields],
            }
            for copy in (
                processing_activity_group_copies(activity=activity)
                if organisation.is_group_support
                else []
            )
        ],
        "can_edit": may_edit(request, activity),
        "can_validate": can(request, Perm.VALIDATE),
        "may_submit": status == ActivityStatus.DRAFT,
        "may_validate": status in (ActivityStatus.DRAFT, ActivityStatus.IN_REVIEW),
        "may_archive": status != ActivityStatus.ARCHIVED,
        "may_restore": status == ActivityStatus.ARCHIVED,
    }
    return render(request, "registry/activity_detail.html", context)
