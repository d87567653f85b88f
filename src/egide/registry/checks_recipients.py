"""Compliance checks on recipients: processors (GDPR Art. 28), health data hosting (CSP L.1111-8) and
transfers outside the EEA (GDPR Chapter V). Registered in the engine on import by
:mod:`egide.registry.checks`.
"""

from __future__ import annotations

from datetime import timedelta

from egide.registry import reference_data as ref
from egide.registry.facts import (
    SAFEGUARD_TOOLS,
    ActivityFacts,
    Art28Clause,
    RecipientFacts,
    TransferFacts,
    TransferTool,
)
from egide.registry.facts import gettext_noop as _
from egide.registry.rule_engine import (
    CheckContext,
    Finding,
    Phrase,
    Severity,
    activity_rule,
    finding,
)


@activity_rule(
    "TRANSFER_TOOL_MISSING", Severity.HIGH, _("GDPR Art. 44-46"),
    title=_("Transfer outside the EEA without a transfer tool"),
    message=_("The transfer to %(country)s (%(recipient)s) is outside the EEA and records no transfer tool."),
    fix=_("Record the Chapter V tool: adequacy, standard contractual clauses, BCR or an Art. 49 derogation."),
)  # fmt: skip
def rule_transfer_tool_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding("TRANSFER_TOOL_MISSING", activity, country=ref.normalise_country(t.country), recipient=t.recipient)
        for t in activity.transfers
        if t.tool is None and not ref.is_eea(t.country, ctx.eea)
    ]  # fmt: skip


@activity_rule(
    "TRANSFER_ADEQUACY_MISSING", Severity.HIGH, _("GDPR Art. 45"),
    title=_("Transfer relying on adequacy to a country without an adequacy decision"),
    message=_("The transfer to %(country)s (%(recipient)s) relies on adequacy, but no adequacy decision covers this country."),
    fix=_("Use standard contractual clauses with a transfer impact assessment, BCR or an Art. 49 derogation."),
)  # fmt: skip
def rule_transfer_adequacy_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding("TRANSFER_ADEQUACY_MISSING", activity, country=country, recipient=t.recipient)
        for t, country, decision in _adequacy_transfers(activity, ctx)
        if decision is None
    ]


@activity_rule(
    "TRANSFER_ADEQUACY_SCOPE", Severity.HIGH, _("GDPR Art. 45"),
    title=_("Transfer outside the scope of the adequacy decision"),
    message=_("The transfer to %(country)s (%(recipient)s) relies on %(decision)s, which only covers %(scope)s."),
    fix=_("Check the recipient's certification, or use standard contractual clauses with a transfer impact assessment."),
)  # fmt: skip
def rule_transfer_adequacy_scope(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding(
            "TRANSFER_ADEQUACY_SCOPE",
            activity,
            country=country,
            recipient=t.recipient,
            decision=decision.decision,
            scope=Phrase(decision.scope),
        )  # fmt: skip
        for t, country, decision in _adequacy_transfers(activity, ctx)
        if decision is not None and not decision.covers(t.recipient_frameworks)
    ]


def _adequacy_transfers(
    activity: ActivityFacts, ctx: CheckContext
) -> list[tuple[TransferFacts, str, ref.AdequacyDecision | None]]:
    """Transfers outside the EEA that rely on adequacy, with their country and decision (if any)."""
    return [
        (t, country, ctx.adequacy.get(country))
        for t in activity.transfers
        if t.tool is TransferTool.ADEQUACY
        and not ref.is_eea(country := ref.normalise_country(t.country), ctx.eea)
    ]


@activity_rule(
    "TRANSFER_IMPACT_ASSESSMENT_MISSING", Severity.LOW,
    _("GDPR Art. 46(1); CJEU C-311/18 (Schrems II); EDPB Recommendations 01/2020"),
    title=_("Transfer without a transfer impact assessment"),
    message=_("The transfer to %(country)s (%(recipient)s) relies on %(tool)s without a transfer impact assessment."),
    fix=_("Assess the destination's law and practice and record the supplementary measures."),
)  # fmt: skip
def rule_transfer_impact_assessment_missing(
    activity: ActivityFacts, ctx: CheckContext
) -> list[Finding]:
    return [
        finding(
            "TRANSFER_IMPACT_ASSESSMENT_MISSING",
            activity,
            country=ref.normalise_country(t.country),
            recipient=t.recipient,
            tool=Phrase(t.tool.label),
        )  # fmt: skip
        for t in activity.transfers
        if t.tool in SAFEGUARD_TOOLS
        and not t.impact_assessment_done
        and not ref.is_eea(t.country, ctx.eea)
    ]


@activity_rule(
    "PROCESSOR_CONTRACT_MISSING", Severity.HIGH, _("GDPR Art. 28(3)"),
    title=_("Processor without an Art. 28 contract"),
    message=_("The processor \"%(recipient)s\" has no Art. 28 contract recorded."),
    fix=_("Sign a data processing agreement with the processor and attach it."),
)  # fmt: skip
def rule_processor_contract_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding("PROCESSOR_CONTRACT_MISSING", activity, recipient=r.name)
        for r in activity.recipients
        if r.is_processor and not r.has_contract
    ]


@activity_rule(
    "ART28_CLAUSES_MISSING", Severity.MEDIUM, _("GDPR Art. 28(3)(a)-(h)"),
    title=_("Processor contract missing Art. 28(3) clauses"),
    message=_("The contract with \"%(recipient)s\" lacks the Art. 28(3) clauses %(clauses)s."),
    fix=_("Amend the contract to include the missing clauses."),
)  # fmt: skip
def rule_art28_clauses_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    found = []
    for r in activity.recipients:
        if r.is_processor and r.has_contract and r.art28_clauses is not None:
            missing = [c for c in Art28Clause if c not in r.art28_clauses]
            if missing:
                letters = ", ".join(f"({c.value})" for c in missing)
                found.append(
                    finding("ART28_CLAUSES_MISSING", activity, recipient=r.name, clauses=letters)
                )
    return found


def _health_hosts(activity: ActivityFacts) -> list[RecipientFacts]:
    return [r for r in activity.recipients if r.is_processor and r.hosts_health_data]


@activity_rule(
    "HDS_CERTIFICATE_MISSING", Severity.HIGH, _("CSP L.1111-8"),
    title=_("Health data host without HDS certificate"),
    message=_("\"%(recipient)s\" hosts health data but has no HDS certificate recorded."),
    fix=_("Obtain the host's HDS certificate covering the activities it performs, or change host."),
)  # fmt: skip
def rule_hds_certificate_missing(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding("HDS_CERTIFICATE_MISSING", activity, recipient=r.name)
        for r in _health_hosts(activity)
        if r.hds_certificate_expires_on is None
    ]


@activity_rule(
    "HDS_CERTIFICATE_EXPIRED", Severity.HIGH, _("CSP L.1111-8"),
    title=_("Health data host with an expired HDS certificate"),
    message=_("The HDS certificate of \"%(recipient)s\" expired on %(expired_on)s."),
    fix=_("Obtain the renewed certificate from the host, or move the data to a certified host."),
)  # fmt: skip
def rule_hds_certificate_expired(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    return [
        finding("HDS_CERTIFICATE_EXPIRED", activity, recipient=r.name, expired_on=r.hds_certificate_expires_on.isoformat())
        for r in _health_hosts(activity)
        if r.hds_certificate_expires_on is not None and r.hds_certificate_expires_on < ctx.today
    ]  # fmt: skip


@activity_rule(
    "HDS_CERTIFICATE_EXPIRING", Severity.LOW, _("CSP L.1111-8"),
    title=_("HDS certificate expiring soon"),
    message=_("The HDS certificate of \"%(recipient)s\" expires on %(expires_on)s."),
    fix=_("Ask the host for its renewal audit schedule before the certificate expires."),
)  # fmt: skip
def rule_hds_certificate_expiring(activity: ActivityFacts, ctx: CheckContext) -> list[Finding]:
    horizon = ctx.today + timedelta(days=ctx.hds_expiry_warning_days)
    return [
        finding("HDS_CERTIFICATE_EXPIRING", activity, recipient=r.name, expires_on=r.hds_certificate_expires_on.isoformat())
        for r in _health_hosts(activity)
        if r.hds_certificate_expires_on is not None and ctx.today <= r.hds_certificate_expires_on <= horizon
    ]  # fmt: skip
