"""Compliance findings wired into the product: evaluation of the register with the rule engine, the
stored findings and summary, and the reads the pages, the API and the CLI use.

Rows become facts in :mod:`egide.registry.compliance_facts` (the adapter, re-exported here). A processor
record (GDPR Art. 30(2)) records no purposes, bases or retention: only the rules on transfers,
sub-processors, hosting, security and review apply to it (:data:`PROCESSOR_RECORD_RULES`). Dates are
today's in Europe/Paris, from the clock.

Stored findings are derived data, rebuilt from the register: :func:`compliance_recompute` writes no audit
event (nothing the DPO recorded changes; the writes that change the register are audited by their
services, and each of them schedules a recompute with :func:`egide.registry.tasks.compliance_schedule`).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from django.db import transaction
from django.db.models import F, QuerySet

from egide.accounts.models import Organisation
from egide.core.clock import PARIS, SYSTEM_CLOCK, Clock
from egide.registry import checks
from egide.registry.choices import RecordKind
from egide.registry.compliance_facts import (
    activities_for_checks,
    activity_facts,
    designation_facts,
    organisation_facts,
    organisation_profile,
)
from egide.registry.designation import designation_findings
from egide.registry.models import (
    ComplianceFinding,
    ComplianceSummary,
    DpoDesignation,
    ProcessingActivity,
)
from egide.registry.rule_engine import Finding, Severity

__all__ = [
    "PROCESSOR_RECORD_RULES",
    "activities_for_checks",
    "activity_facts",
    "compliance_evaluate_now",
    "compliance_findings_for_activity",
    "compliance_findings_list",
    "compliance_recompute",
    "compliance_recompute_activity",
    "compliance_summary_get",
    "designation_facts",
    "organisation_facts",
    "organisation_profile",
]

# The rules that read what a processor record holds (GDPR Art. 30(2)(a)-(d)).
PROCESSOR_RECORD_RULES = frozenset(
    {
        "TRANSFER_TOOL_MISSING",
        "TRANSFER_ADEQUACY_MISSING",
        "TRANSFER_ADEQUACY_SCOPE",
        "TRANSFER_IMPACT_ASSESSMENT_MISSING",
        "PROCESSOR_CONTRACT_MISSING",
        "ART28_CLAUSES_MISSING",
        "HDS_CERTIFICATE_MISSING",
        "HDS_CERTIFICATE_EXPIRED",
        "HDS_CERTIFICATE_EXPIRING",
        "SECURITY_MEASURES_MISSING",
        "REVIEW_DATE_PASSED",
    }
)


# --- Evaluation ----------------------------------------------------------------------------------


def _context(organisation: Organisation, today: date) -> checks.CheckContext:
    return checks.CheckContext(today=today, organisation=organisation_profile(organisation))


def _for_record(ctx: checks.CheckContext, activity: ProcessingActivity) -> checks.CheckContext:
    if activity.record_kind != RecordKind.PROCESSOR:
        return ctx
    disabled = frozenset(checks.ACTIVITY_CHECKS) - PROCESSOR_RECORD_RULES
    return dataclasses.replace(ctx, disabled_rules=ctx.disabled_rules | disabled)


def _activity_findings(activity: ProcessingActivity, ctx: checks.CheckContext) -> list[Finding]:
    return checks.evaluate([activity_facts(activity)], _for_record(ctx, activity))


def _organisation_findings(organisation: Organisation, ctx: checks.CheckContext) -> list[Finding]:
    current = (
        DpoDesignation.objects.for_organisation(organisation).filter(ended_on__isnull=True).first()
    )
    return designation_findings(ctx.organisation, designation_facts(current))


def compliance_evaluate_now(*, organisation: Organisation, today: date) -> list[Finding]:
    """Every finding of ``organisation`` as of ``today``, organisation-level ones first. No writes."""
    ctx = _context(organisation, today)
    found = _organisation_findings(organisation, ctx)
    for activity in activities_for_checks(organisation=organisation):
        found += _activity_findings(activity, ctx)
    return found


def _paris_today(now: datetime) -> date:
    return now.astimezone(PARIS).date()


def _lock(organisation: Organisation) -> None:
    """Serialise recomputes of one organisation (a task and the sweep may race)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _summary_save(
    organisation: Organisation, severities: list[Severity], activity_count: int, now: datetime
) -> ComplianceSummary:
    weighed = [Finding(rule_id="", severity=s, activity_ref=None) for s in severities]
    counts = checks.count_by_severity(weighed)
    summary, _created = ComplianceSummary.objects.for_organisation(organisation).update_or_create(
        organisation=organisation,
        defaults={
            "score": checks.compliance_score(weighed, activity_count),
            **{f"{s.value}_count": n for s, n in counts.items()},
            "activity_count": activity_count,
            "computed_at": now,
        },
    )
    return summary


def compliance_recompute(
    *, organisation: Organisation, clock: Clock = SYSTEM_CLOCK
) -> ComplianceSummary:
    """Evaluate the whole organisation and replace its findings and summary, in one transaction.

    Derived data: no audit event (see the module's docstring). Idempotent."""
    now = clock.now()
    with transaction.atomic():
        _lock(organisation)
        ctx = _context(organisation, _paris_today(now))
        rows = [
            ComplianceFinding.from_finding(f, organisation=organisation, computed_at=now)
            for f in _organisation_findings(organisation, ctx)
        ]
        activities = list(activities_for_checks(organisation=organisation))
        for activity in activities:
            rows += [
                ComplianceFinding.from_finding(
                    f, organisation=organisation, activity=activity, computed_at=now
                )
                for f in _activity_findings(activity, ctx)
            ]
        ComplianceFinding.objects.for_organisation(organisation).delete()
        ComplianceFinding.objects.bulk_create(rows)
        severities = [Severity(r.severity) for r in rows]
        return _summary_save(organisation, severities, len(activities), now)


def compliance_recompute_activity(
    *, activity: ProcessingActivity, clock: Clock = SYSTEM_CLOCK
) -> list[ComplianceFinding]:
    """Replace the findings of one activity (none once archived), then refresh the summary."""
    organisation = activity.organisation
    now = clock.now()
    with transaction.atomic():
        _lock(organisation)
        ctx = _context(organisation, _paris_today(now))
        live = activities_for_checks(organisation=organisation)
        fresh = live.filter(pk=activity.pk).first()
        findings = _activity_findings(fresh, ctx) if fresh is not None else []
        ComplianceFinding.objects.for_organisation(organisation).filter(activity=activity).delete()
        rows = ComplianceFinding.objects.bulk_create(
            ComplianceFinding.from_finding(
                f, organisation=organisation, activity=activity, computed_at=now
            )
            for f in findings
        )
        stored = ComplianceFinding.objects.for_organisation(organisation)
        severities = [Severity(s) for s in stored.values_list("severity", flat=True)]
        _summary_save(organisation, severities, live.count(), now)
    return rows


# --- Reads ---------------------------------------------------------------------------------------


def compliance_summary_get(*, organisation: Organisation) -> ComplianceSummary | None:
    """The organisation's score and counts, None until the first recompute."""
    return ComplianceSummary.objects.for_organisation(organisation).first()


def compliance_findings_list(
    *,
    organisation: Organisation,
    activity: ProcessingActivity | None = None,
    severity: str | None = None,
) -> QuerySet[ComplianceFinding]:
    """Stored findings, most severe first; ``severity`` is a :class:`Severity` value (ValueError else)."""
    findings = ComplianceFinding.objects.for_organisation(organisation).select_related("activity")
    if activity is not None:
        findings = findings.filter(activity=activity)
    if severity:
        findings = findings.filter(severity=Severity(severity).value)
    # Organisation-level findings (no activity) first on every database (PostgreSQL sorts NULLs last).
    return findings.order_by(
        "-severity_rank", F("activity__reference").asc(nulls_first=True), "rule_id", "pk"
    )


def compliance_findings_for_activity(*, activity: ProcessingActivity) -> list[ComplianceFinding]:
    """The stored findings of one activity, most severe first."""
    rows = list(
        ComplianceFinding.objects.filter(activity=activity).order_by(
            "-severity_rank", "rule_id", "pk"
        )
    )
    for row in rows:
        row.activity = activity
    return rows
