"""Template helpers of the register: badge classes, and the compliance panel of the organisation's dashboard."""

from __future__ import annotations

from typing import Any

from django import template

from egide.accounts.models import Organisation
from egide.registry.compliance import compliance_summary_get
from egide.registry.views._common import SEVERITY_BADGE, STATUS_BADGE
from egide.registry.views.activities import summary_counts

register = template.Library()


@register.filter
def severity_badge(severity: str) -> str:
    """The badge class of a finding's severity."""
    return SEVERITY_BADGE.get(severity, "")


@register.filter
def status_badge(status: str) -> str:
    """The badge class of an activity's status."""
    return STATUS_BADGE.get(status, "")


@register.inclusion_tag("registry/_dashboard_panel.html")
def registry_dashboard_panel(organisation: Organisation) -> dict[str, Any]:
    """The register's card on the dashboard: compliance score and findings by severity."""
    summary = compliance_summary_get(organisation=organisation)
    return {"organisation": organisation, "summary": summary, "counts": summary_counts(summary)}
