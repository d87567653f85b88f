"""The compliance rule engine: severities, rules, findings, evaluation and score. No Django.

A rule is a plain function ``rule_<id>(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]``
registered with :func:`activity_rule` (its stable id, severity, legal reference, title, message and
suggested fix). The rules themselves live in :mod:`egide.registry.checks` (the public entry point) and
:mod:`egide.registry.checks_recipients`. Time is injected: rules read ``ctx.today``, never the clock.

Translation: titles, messages and fixes are English source strings marked with ``gettext_noop`` (so
``makemessages`` extracts them) and formatted with ``%(name)s`` parameters. A finding stores the rule id
and its parameters only; the Django layer renders it in the reader's language with
``finding.message(gettext)``, while ``finding.message()`` gives the English text (tests, logs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from egide.registry import reference_data as ref
from egide.registry.facts import ActivityFacts, OrganisationProfile
from egide.registry.facts import gettext_noop as _

Translate = Callable[[str], str]


def _same(text: str) -> str:
    return text


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    def label(self, translate: Translate = _same) -> str:
        return translate(SEVERITY_LABELS[self])


SEVERITY_LABELS = {
    Severity.INFO: _("Info"),
    Severity.LOW: _("Low"),
    Severity.MEDIUM: _("Medium"),
    Severity.HIGH: _("High"),
    Severity.CRITICAL: _("Critical"),
}


class Phrase(str):
    """A finding parameter that is itself an English source string, translated when rendered."""

    __slots__ = ()


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    legal_reference: str
    title: str
    message: str
    fix: str


@dataclass(frozen=True)
class Finding:
    """One rule broken by one activity (``activity_ref`` is None for organisation-level findings)."""

    rule_id: str
    severity: Severity
    activity_ref: str | None
    activity_name: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @property
    def rule(self) -> Rule:
        return RULES[self.rule_id]

    def message(self, translate: Translate = _same) -> str:
        return translate(self.rule.message) % self._params(translate)

    def fix(self, translate: Translate = _same) -> str:
        return translate(self.rule.fix) % self._params(translate)

    def _params(self, translate: Translate) -> dict[str, Any]:
        return {k: translate(v) if isinstance(v, Phrase) else v for k, v in self.params.items()}

    def legal_reference(self, translate: Translate = _same) -> str:
        return translate(self.rule.legal_reference)

    def as_dict(self, translate: Translate = _same) -> dict[str, Any]:
        """The JSON shape of ``egide registry check --json``."""
        return {
            "activity": self.activity_ref,
            "activity_name": self.activity_name,
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "article": self.legal_reference(translate),
            "message": self.message(translate),
            "fix": self.fix(translate),
        }


@dataclass(frozen=True)
class CheckContext:
    """What the rules know besides the activity: today's date, the organisation, reference data."""

    today: date
    organisation: OrganisationProfile
    eea: frozenset[str] = ref.EEA_COUNTRIES
    adequacy: Mapping[str, ref.AdequacyDecision] = field(
        default_factory=lambda: ref.ADEQUACY_DECISIONS
    )
    minimum_retention: Mapping[str, ref.RetentionMinimum] = field(
        default_factory=lambda: ref.LEGAL_MINIMUM_RETENTION
    )
    thresholds: ref.LargeScaleThresholds = ref.LARGE_SCALE_THRESHOLDS
    hds_expiry_warning_days: int = ref.HDS_EXPIRY_WARNING_DAYS
    disabled_rules: frozenset[str] = frozenset()


ActivityCheck = Callable[[ActivityFacts, CheckContext], list[Finding]]
RULES: dict[str, Rule] = {}
ACTIVITY_CHECKS: dict[str, ActivityCheck] = {}


def declare(
    rule_id: str, severity: Severity, reference: str, *, title: str, message: str, fix: str
) -> Rule:
    """Register a rule's description (organisation-level rules are declared by their module)."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} declared twice")
    RULES[rule_id] = Rule(rule_id, severity, reference, title, message, fix)
    return RULES[rule_id]


def activity_rule(
    rule_id: str, severity: Severity, reference: str, *, title: str, message: str, fix: str
) -> Callable[[ActivityCheck], ActivityCheck]:
    def register(check: ActivityCheck) -> ActivityCheck:
        declare(rule_id, severity, reference, title=title, message=message, fix=fix)
        ACTIVITY_CHECKS[rule_id] = check
        return check

    return register


def finding(rule_id: str, activity: ActivityFacts | None, **params: Any) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=RULES[rule_id].severity,
        activity_ref=activity.ref if activity else None,
        activity_name=activity.name if activity else "",
        params=params,
    )


def evaluate(activities: Iterable[ActivityFacts], ctx: CheckContext) -> list[Finding]:
    """Every finding of every enabled rule, activity by activity, most severe first within each.

    Import :mod:`egide.registry.checks` (not this module alone) so that every rule is registered.
    """
    results: list[Finding] = []
    for activity in activities:
        found = [
            f
            for rule_id, check in ACTIVITY_CHECKS.items()
            if rule_id not in ctx.disabled_rules
            for f in check(activity, ctx)
        ]
        results.extend(sorted(found, key=lambda f: (-f.severity.rank, f.rule_id)))
    return results


SEVERITY_WEIGHTS = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 3,
    Severity.HIGH: 6,
    Severity.CRITICAL: 10,
}
PENALTY_BUDGET_PER_ACTIVITY = (
    20  # weight an activity may lose before its share of the score is gone
)


def compliance_score(findings: Iterable[Finding], activity_count: int) -> int:
    """100 with no weighed finding, lowered by each finding's weight over the register's budget.

    Adding a finding never raises the score; info findings do not lower it.
    """
    penalty = sum(SEVERITY_WEIGHTS[f.severity] for f in findings)
    budget = PENALTY_BUDGET_PER_ACTIVITY * max(activity_count, 1)
    return max(0, 100 - -(-100 * penalty // budget))  # ceiling: any penalty shows


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for f in findings:
        counts[f.severity] += 1
    return counts
