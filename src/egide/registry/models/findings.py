"""Stored compliance findings and each organisation's compliance summary.

Derived data: :func:`egide.registry.compliance.compliance_recompute` rebuilds them from the register with
the rule engine (:mod:`egide.registry.checks`), so pages, the API and the portfolio read rows instead of
evaluating every rule on every request. A finding keeps the rule id and its parameters, never a rendered
sentence: the message is rendered in the reader's language when it is read.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from egide.core.tenancy import TenantModel
from egide.registry.checks import RULES, Finding, Phrase, Severity
from egide.registry.models.activities import ProcessingActivity


class FindingSeverity(models.TextChoices):
    """The engine's severities (:class:`egide.registry.checks.Severity`), with translated labels."""

    INFO = Severity.INFO.value, _("Info")
    LOW = Severity.LOW.value, _("Low")
    MEDIUM = Severity.MEDIUM.value, _("Medium")
    HIGH = Severity.HIGH.value, _("High")
    CRITICAL = Severity.CRITICAL.value, _("Critical")


class ComplianceFinding(TenantModel):
    """One rule broken by one activity, or by the organisation itself (``activity`` empty: DPO rules)."""

    activity = models.ForeignKey(
        ProcessingActivity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="compliance_findings",
        verbose_name=_("processing activity"),
    )
    rule_id = models.CharField(_("rule"), max_length=64)
    severity = models.CharField(_("severity"), max_length=10, choices=FindingSeverity.choices)
    severity_rank = models.PositiveSmallIntegerField(
        _("severity rank")
    )  # for ordering: 4 = critical
    legal_reference = models.CharField(_("legal reference"), max_length=255)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Keys of ``params`` whose values are English source phrases, translated when rendered.
    phrase_params = models.JSONField(_("translated parameters"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("compliance finding")
        verbose_name_plural = _("compliance findings")
        ordering = ["-severity_rank", "activity__reference", "rule_id", "pk"]
        indexes = [
            models.Index(fields=["organisation", "severity_rank"]),
            models.Index(fields=["organisation", "rule_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.severity})"

    @classmethod
    def from_finding(cls, finding: Finding, **fields: Any) -> ComplianceFinding:
        """An unsaved row for ``finding`` (``fields``: organisation, activity, computed_at)."""
        return cls(
            rule_id=finding.rule_id,
            severity=finding.severity.value,
            severity_rank=finding.severity.rank,
            legal_reference=finding.rule.legal_reference,
            params=dict(finding.params),
            phrase_params=sorted(k for k, v in finding.params.items() if isinstance(v, Phrase)),
            **fields,
        )

    def as_finding(self) -> Finding:
        """The engine's finding back, parameters that are phrases included (needs the activity loaded)."""
        phrases = set(self.phrase_params)
        activity = self.activity
        return Finding(
            rule_id=self.rule_id,
            severity=Severity(self.severity),
            activity_ref=activity.reference if activity is not None else None,
            activity_name=activity.name if activity is not None else "",
            params={k: Phrase(v) if k in phrases else v for k, v in self.params.items()},
        )

    @property
    def known_rule(self) -> bool:
        """False for a row left by a rule since removed (until the next recompute replaces it)."""
        return self.rule_id in RULES

    def title(self) -> str:
        return gettext(RULES[self.rule_id].title) if self.known_rule else self.rule_id

    def message(self) -> str:
        """The finding in the reader's language."""
        return self.as_finding().message(gettext) if self.known_rule else self.rule_id

    def fix(self) -> str:
        """The suggested fix in the reader's language."""
        return self.as_finding().fix(gettext) if self.known_rule else ""

    def article(self) -> str:
        """The legal reference in the reader's language."""
        return gettext(self.legal_reference)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``egide registry check --json`` (activity reference, rule id, severity,
        article, message, fix), the same as the engine's :meth:`Finding.as_dict`."""
        return {
            "activity": self.activity.reference if self.activity is not None else None,
            "activity_name": self.activity.name if self.activity is not None else "",
            "rule_id": self.rule_id,
            "severity": self.severity,
            "article": self.article(),
            "message": self.message(),
            "fix": self.fix(),
        }


class ComplianceSummary(TenantModel):
    """The organisation's score (0-100) and counts by severity, as of the last recompute."""

    score = models.PositiveSmallIntegerField(_("compliance score"))
    critical_count = models.PositiveIntegerField(_("critical findings"), default=0)
    high_count = models.PositiveIntegerField(_("high findings"), default=0)
    medium_count = models.PositiveIntegerField(_("medium findings"), default=0)
    low_count = models.PositiveIntegerField(_("low findings"), default=0)
    info_count = models.PositiveIntegerField(_("informative findings"), default=0)
    activity_count = models.PositiveIntegerField(_("activities evaluated"), default=0)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("compliance summary")
        verbose_name_plural = _("compliance summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], name="registry_compliance_one_summary"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}/100"

    @property
    def counts(self) -> dict[Severity, int]:
        """Findings by severity, most severe first."""
        return {s: getattr(self, f"{s.value}_count") for s in reversed(Severity)}

    @property
    def urgent_count(self) -> int:
        """High and critical findings: what the portfolio shows."""
        return self.critical_count + self.high_count

    @property
    def finding_count(self) -> int:
        return sum(self.counts.values())
