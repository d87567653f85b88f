"""Open items of the register, counted for the portfolio (see egide.core.portfolio).

Both counters read the stored compliance results (:mod:`egide.registry.compliance`), one query each for
every organisation of the portfolio.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from egide.core.portfolio import register_open_items
from egide.registry.models import ComplianceFinding, ComplianceSummary

REVIEW_RULE = "REVIEW_DATE_PASSED"


def compliance_urgent_findings_count(organisation_ids: Sequence[int]) -> dict[int, int]:
    """High and critical compliance findings, from each organisation's summary."""
    rows = (
        ComplianceSummary.objects.all_organisations_unscoped()  # the portfolio's organisations only
        .filter(organisation_id__in=list(organisation_ids))
        .values_list("organisation_id", F("critical_count") + F("high_count"))
    )
    return {organisation_id: count for organisation_id, count in rows if count}


def activities_to_review_count(organisation_ids: Sequence[int]) -> dict[int, int]:
    """Live activities whose review date has passed (as of the last recompute)."""
    rows = (
        ComplianceFinding.objects.all_organisations_unscoped()  # the portfolio's organisations only
        .filter(organisation_id__in=list(organisation_ids), rule_id=REVIEW_RULE)
        .values("organisation_id")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    return {row["organisation_id"]: row["n"] for row in rows}


register_open_items(
    "compliance_urgent_findings",
    _("Compliance findings (high and critical)"),
    compliance_urgent_findings_count,
)
register_open_items(
    "activities_to_review",
    _("Processing activities to review"),
    activities_to_review_count,
)
