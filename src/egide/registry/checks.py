"""Compliance checks of the register: the rules an activity is evaluated against, and the entry point.

Import from here: ``evaluate(activities, ctx)``, ``compliance_score(findings, activity_count)``,
``count_by_severity(findings)``, :class:`CheckContext`, :class:`Finding`, :data:`RULES`. Importing this
module registers every rule (those of :mod:`egide.registry.checks_recipients` and the DPO designation
rules of :mod:`egide.registry.designation` included). The
engine and its translation approach are described in :mod:`egide.registry.rule_engine`; the rules are
documented in ``docs/compliance-checks.md``. Plain functions over facts: no Django, no database, and
time comes from ``ctx.today``.
"""

from __future__ import annotations

# Imported to register their rules: recipients and transfers; the DPO designation record.
from egide.registry import checks_recipients, designation  # noqa: F401
from egide.registry.facts import ActivityFacts, LegalBasis
from egide.registry.facts import gettext_noop as _
from egide.registry.rule_engine import (
    ACTIVITY_CHECKS,
    RULES,
    CheckContext,
    Finding,
    Phrase,
    Rule,
    Severity,
    activity_rule,
    compliance_score,
    count_by_severity,
    evaluate,
    finding,
)

__all__ = [
    "ACTIVITY_CHECKS",
    "RULES",
    "CheckContext",
    "Finding",
    "Phrase",
    "Rule",
    "Severity",
    "compliance_score",
    "count_by_severity",
    "evaluate",
]


@activity_rule(
    "PURPOSE_MISSING", Severity.HIGH, _("GDPR Art. 5(1)(b), Art. 30(1)(b)"),
    title=_("No purpose recorded"),
    message=_("The activity records no purpose."),
    fix=_("Record the main purpose and any sub-purposes, each with its legal basis."),
)  # fmt: skip
def rule_purpose_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [] if activity.purposes else [finding("PURPOSE_MISSING", activity)]


@activity_rule(
    "LEGAL_BASIS_MISSING", Severity.HIGH, _("GDPR Art. 6(1)"),
    title=_("Purpose without a legal basis"),
    message=_("The purpose \"%(purpose)s\" has no Art. 6(1) legal basis."),
    fix=_("Choose the Art. 6(1) basis of this purpose (for a public hospital's care: public task)."),
)  # fmt: skip
def rule_legal_basis_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding("LEGAL_BASIS_MISSING", activity, purpose=p.name)
        for p in activity.purposes
        if p.legal_basis is None
    ]


@activity_rule(
    "DATA_CATEGORY_MISSING", Severity.HIGH, _("GDPR Art. 30(1)(c)"),
    title=_("No personal data category recorded"),
    message=_("The activity records no category of personal data."),
    fix=_("Record the categories of personal data processed, marking special categories."),
)  # fmt: skip
def rule_data_category_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [] if activity.data_categories else [finding("DATA_CATEGORY_MISSING", activity)]


@activity_rule(
    "ART9_CONDITION_MISSING", Severity.CRITICAL, _("GDPR Art. 9(1)-(2)"),
    title=_("Special-category data without an Art. 9(2) condition"),
    message=_("\"%(category)s\" is special-category data but no purpose records an Art. 9(2) condition."),
    fix=_("Record the Art. 9(2) condition on the purpose that needs this data (for care: Art. 9(2)(h))."),
)  # fmt: skip
def rule_art9_condition_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    if any(p.art9_condition for p in activity.purposes):
        return []
    return [
        finding("ART9_CONDITION_MISSING", activity, category=c.name)
        for c in activity.special_categories
    ]


@activity_rule(
    "RETENTION_MISSING", Severity.MEDIUM, _("GDPR Art. 5(1)(e), Art. 30(1)(f)"),
    title=_("Retention missing"),
    message=_("\"%(category)s\" has no positive retention duration and no retention criteria."),
    fix=_("Record how long this data is kept (duration and start event) or the criteria that set it."),
)  # fmt: skip
def rule_retention_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding("RETENTION_MISSING", activity, category=c.name)
        for c in activity.data_categories
        if (c.retention_days is None or c.retention_days <= 0) and not c.retention_criteria.strip()
    ]


def _below_minimum(
    activity: ActivityFacts, ctx: CheckContext, rule_id: str, binding: bool
) -> list[Finding]:
    found = []
    for c in activity.data_categories:
        minimum = ctx.minimum_retention.get(c.retention_rule)
        if minimum is None or minimum.binding is not binding or c.retention_days is None:
            continue
        if 0 < c.retention_days < minimum.days:
            found.append(
                finding(
                    rule_id, activity, category=c.name, days=c.retention_days,
                    minimum_days=minimum.days, source=minimum.source,
                )
            )  # fmt: skip
    return found


@activity_rule(
    "RETENTION_BELOW_LEGAL_MINIMUM", Severity.HIGH,
    _("The retention rule's legal minimum (e.g. CSP R.1112-7); GDPR Art. 17(3)(b)"),
    title=_("Retention shorter than the legal minimum"),
    message=_("\"%(category)s\" is kept %(days)s days, less than the minimum of %(minimum_days)s days set by %(source)s."),
    fix=_("Keep this data at least %(minimum_days)s days from its start event (%(source)s)."),
)  # fmt: skip
def rule_retention_below_legal_minimum(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return _below_minimum(activity, ctx, "RETENTION_BELOW_LEGAL_MINIMUM", binding=True)


@activity_rule(
    "RETENTION_BELOW_RECOMMENDED", Severity.LOW, _("CNIL referential 2020-081"),
    title=_("Retention shorter than the CNIL referential"),
    message=_("\"%(category)s\" is kept %(days)s days, less than the %(minimum_days)s days indicated by %(source)s."),
    fix=_("Align the retention with %(source)s or record why it differs."),
)  # fmt: skip
def rule_retention_below_recommended(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return _below_minimum(activity, ctx, "RETENTION_BELOW_RECOMMENDED", binding=False)


@activity_rule(
    "LEGITIMATE_INTEREST_PUBLIC_BODY", Severity.MEDIUM, _("GDPR Art. 6(1), second subparagraph"),
    title=_("Legitimate interest used by a public body"),
    message=_("The purpose \"%(purpose)s\" relies on legitimate interests, which a public body cannot use for its tasks."),
    fix=_("Use the public task basis (Art. 6(1)(e)) or a legal obligation, unless this purpose falls outside your public tasks."),
)  # fmt: skip
def rule_legitimate_interest_public_body(
    activity: ActivityFacts, ctx: CheckContext
) -> list[Finding]:
    if not ctx.organisation.public_body:
        return []
    return [
        finding("LEGITIMATE_INTEREST_PUBLIC_BODY", activity, purpose=p.name)
        for p in activity.purposes
        if p.legal_basis is LegalBasis.LEGITIMATE_INTERESTS
    ]


@activity_rule(
    "PORTABILITY_BASIS_INCOMPATIBLE", Severity.LOW, _("GDPR Art. 20(1)(a)"),
    title=_("Portability promised on an incompatible basis"),
    message=_("The purpose \"%(purpose)s\" promises data portability, but portability applies only to consent or contract."),
    fix=_("Withdraw the portability promise from the information notice, or correct the legal basis."),
)  # fmt: skip
def rule_portability_basis_incompatible(
    activity: ActivityFacts, ctx: CheckContext
) -> list[Finding]:
    return [
        finding("PORTABILITY_BASIS_INCOMPATIBLE", activity, purpose=p.name)
        for p in activity.purposes
        if p.portability_promised
        and p.legal_basis is not None
        and p.legal_basis not in {LegalBasis.CONSENT, LegalBasis.CONTRACT}
    ]


@activity_rule(
    "DPIA_LIKELY_REQUIRED", Severity.MEDIUM, _("GDPR Art. 35(1), 35(3)(b); WP248 rev.01 criteria 4, 5, 7"),
    title=_("DPIA likely required"),
    message=_("Screening hint (until the DPIA screening exists): special-category data with WP248 criteria %(criteria)s met (4 sensitive data, 5 large scale, 7 vulnerable data subjects)."),
    fix=_("Carry out a DPIA before the processing, or record in writing, with the DPO's opinion, why none is needed."),
)  # fmt: skip
def rule_dpia_likely_required(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    if activity.dpia_reference or not activity.special_categories:
        return []
    count = activity.data_subject_count
    large = activity.large_scale or (
        count is not None and count >= ctx.thresholds.patients_in_one_system
    )
    criteria = ["4"] + (["5"] if large else []) + (["7"] if activity.vulnerable_subjects else [])
    if len(criteria) < 2:
        return []
    return [finding("DPIA_LIKELY_REQUIRED", activity, criteria=", ".join(criteria))]


@activity_rule(
    "REVIEW_DATE_PASSED", Severity.LOW, _("GDPR Art. 24(1), Art. 5(2)"),
    title=_("Review date passed"),
    message=_("The activity was due for review on %(review_date)s."),
    fix=_("Review the activity with its owner and set the next review date."),
)  # fmt: skip
def rule_review_date_passed(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    due = activity.review_date
    if due is None or due >= ctx.today:
        return []
    return [finding("REVIEW_DATE_PASSED", activity, review_date=due.isoformat())]


@activity_rule(
    "SECURITY_MEASURES_MISSING", Severity.MEDIUM, _("GDPR Art. 30(1)(g), Art. 32"),
    title=_("No security measures recorded"),
    message=_("The activity records no security measure."),
    fix=_("Record the measures in place (access control, traceability, encryption, backup...)."),
)  # fmt: skip
def rule_security_measures_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [] if activity.security_measures else [finding("SECURITY_MEASURES_MISSING", activity)]
