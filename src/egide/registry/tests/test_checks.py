"""The compliance rule engine: each rule flags its case and leaves the near case alone. No database."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egide.registry.checks import (
    ACTIVITY_CHECKS,
    RULES,
    CheckContext,
    Finding,
    Severity,
    compliance_score,
    count_by_severity,
    evaluate,
)
from egide.registry.facts import (
    ActivityFacts,
    AdequacyFramework,
    Art9Condition,
    Art28Clause,
    DataCategoryFacts,
    LegalBasis,
    OrganisationKind,
    OrganisationProfile,
    PurposeFacts,
    RecipientFacts,
    RecipientRole,
    TransferFacts,
    TransferTool,
)

TODAY = date(2026, 1, 15)
YEAR = 365
PUBLIC_HOSPITAL = OrganisationProfile(kind=OrganisationKind.HOSPITAL, public_body=True)
PRIVATE_CLINIC = OrganisationProfile(kind=OrganisationKind.CLINIC, public_body=False)
CTX = CheckContext(today=TODAY, organisation=PUBLIC_HOSPITAL)

CARE = PurposeFacts("Patient care", LegalBasis.PUBLIC_TASK, Art9Condition.HEALTH_CARE)
IDENTITY = DataCategoryFacts("Identity", retention_days=20 * YEAR)
RECORD = DataCategoryFacts(
    "Medical record",
    special_category=True,
    health=True,
    retention_days=20 * YEAR,
    retention_rule="medical_record_hospital",
)
CLEAN = ActivityFacts(
    ref="A-001",
    name="Electronic patient record",
    purposes=(CARE,),
    data_categories=(IDENTITY, RECORD),
    security_measures=frozenset({"access_control", "traceability"}),
    review_date=date(2026, 6, 1),
)


def with_category(**changes) -> ActivityFacts:
    return replace(CLEAN, data_categories=(IDENTITY, replace(RECORD, **changes)))


def with_purpose(**changes) -> ActivityFacts:
    return replace(CLEAN, purposes=(replace(CARE, **changes),))


def with_transfer(country: str, tool: TransferTool | None, **changes) -> ActivityFacts:
    return replace(CLEAN, transfers=(TransferFacts(country, tool, recipient="Vendor", **changes),))


def with_vendor(**changes) -> ActivityFacts:
    vendor = RecipientFacts("Host", RecipientRole.PROCESSOR, has_contract=True)
    return replace(CLEAN, recipients=(replace(vendor, **changes),))


def rule_ids(activity: ActivityFacts, ctx: CheckContext = CTX) -> set[str]:
    return {f.rule_id for f in evaluate([activity], ctx)}


def test_a_complete_activity_has_no_finding():
    assert evaluate([CLEAN], CTX) == []


ALL_CLAUSES = frozenset(Art28Clause)
# (rule, activity it must flag in a public hospital, near activity it must not flag in `near_organisation`)
CASES = [
    ("PURPOSE_MISSING", replace(CLEAN, purposes=()), CLEAN, PUBLIC_HOSPITAL),
    ("LEGAL_BASIS_MISSING", with_purpose(legal_basis=None), CLEAN, PUBLIC_HOSPITAL),
    ("DATA_CATEGORY_MISSING", replace(CLEAN, data_categories=()), CLEAN, PUBLIC_HOSPITAL),
    ("ART9_CONDITION_MISSING", with_purpose(art9_condition=None),
     replace(CLEAN, purposes=(replace(CARE, art9_condition=None), CARE)), PUBLIC_HOSPITAL),
    ("ART9_CONDITION_MISSING", with_purpose(art9_condition=None),
     replace(with_purpose(art9_condition=None), data_categories=(IDENTITY,)), PUBLIC_HOSPITAL),
    ("RETENTION_MISSING", with_category(retention_days=None, retention_rule=""),
     with_category(retention_days=None, retention_criteria="Until the end of the dispute", retention_rule=""), PUBLIC_HOSPITAL),
    ("RETENTION_MISSING", with_category(retention_days=0, retention_rule=""),
     with_category(retention_days=1, retention_rule=""), PUBLIC_HOSPITAL),
    ("RETENTION_MISSING", with_category(retention_days=-30, retention_criteria="  "),
     with_category(retention_days=-30, retention_criteria="Court order"), PUBLIC_HOSPITAL),
    ("RETENTION_BELOW_LEGAL_MINIMUM", with_category(retention_days=19 * YEAR),
     with_category(retention_days=20 * YEAR), PUBLIC_HOSPITAL),
    ("RETENTION_BELOW_LEGAL_MINIMUM", with_category(retention_days=29 * YEAR, retention_rule="transfusion_record"),
     with_category(retention_days=30 * YEAR, retention_rule="transfusion_record"), PUBLIC_HOSPITAL),
    ("RETENTION_BELOW_LEGAL_MINIMUM", with_category(retention_days=24 * YEAR, retention_rule="clinical_trial_master_file"),
     with_category(retention_days=25 * YEAR, retention_rule="clinical_trial_master_file"), PUBLIC_HOSPITAL),
    ("RETENTION_BELOW_LEGAL_MINIMUM", with_category(retention_days=19 * YEAR),
     with_category(retention_days=19 * YEAR, retention_rule="no_such_rule"), PUBLIC_HOSPITAL),
    ("RETENTION_BELOW_RECOMMENDED", with_category(retention_days=15 * YEAR, retention_rule="private_practice_record"),
     with_category(retention_days=20 * YEAR, retention_rule="private_practice_record"), PUBLIC_HOSPITAL),
    ("TRANSFER_TOOL_MISSING", with_transfer("US", None), with_transfer("DE", None), PUBLIC_HOSPITAL),
    ("TRANSFER_TOOL_MISSING", with_transfer("ma", None), with_transfer("el", None), PUBLIC_HOSPITAL),
    ("TRANSFER_TOOL_MISSING", with_transfer("CN", None), with_transfer("RE", None), PUBLIC_HOSPITAL),
    ("TRANSFER_TOOL_MISSING", with_transfer("US", None),
     with_transfer("US", TransferTool.SCC_MODULE_2, impact_assessment_done=True), PUBLIC_HOSPITAL),
    ("TRANSFER_ADEQUACY_MISSING", with_transfer("IN", TransferTool.ADEQUACY),
     with_transfer("CH", TransferTool.ADEQUACY), PUBLIC_HOSPITAL),
    ("TRANSFER_ADEQUACY_SCOPE", with_transfer("US", TransferTool.ADEQUACY),
     with_transfer("US", TransferTool.ADEQUACY, recipient_frameworks=frozenset({AdequacyFramework.DPF})), PUBLIC_HOSPITAL),
    ("TRANSFER_ADEQUACY_SCOPE", with_transfer("CA", TransferTool.ADEQUACY, recipient_frameworks=frozenset({AdequacyFramework.DPF})),
     with_transfer("CA", TransferTool.ADEQUACY, recipient_frameworks=frozenset({AdequacyFramework.PIPEDA})), PUBLIC_HOSPITAL),
    ("TRANSFER_IMPACT_ASSESSMENT_MISSING", with_transfer("US", TransferTool.SCC_MODULE_2),
     with_transfer("US", TransferTool.SCC_MODULE_2, impact_assessment_done=True), PUBLIC_HOSPITAL),
    ("TRANSFER_IMPACT_ASSESSMENT_MISSING", with_transfer("IN", TransferTool.BCR),
     with_transfer("GB", TransferTool.ADEQUACY), PUBLIC_HOSPITAL),
    ("PROCESSOR_CONTRACT_MISSING", with_vendor(has_contract=False), with_vendor(has_contract=True), PUBLIC_HOSPITAL),
    ("PROCESSOR_CONTRACT_MISSING", with_vendor(role=RecipientRole.SUB_PROCESSOR, has_contract=False),
     with_vendor(role=RecipientRole.INTERNAL_SERVICE, has_contract=False), PUBLIC_HOSPITAL),
    ("ART28_CLAUSES_MISSING", with_vendor(art28_clauses=ALL_CLAUSES - {Art28Clause.AUDITS}),
     with_vendor(art28_clauses=ALL_CLAUSES), PUBLIC_HOSPITAL),
    ("ART28_CLAUSES_MISSING", with_vendor(art28_clauses=frozenset()), with_vendor(art28_clauses=None), PUBLIC_HOSPITAL),
    ("HDS_CERTIFICATE_MISSING", with_vendor(hosts_health_data=True),
     with_vendor(hosts_health_data=True, hds_certificate_expires_on=date(2028, 1, 1)), PUBLIC_HOSPITAL),
    ("HDS_CERTIFICATE_MISSING", with_vendor(hosts_health_data=True),
     with_vendor(hosts_health_data=False), PUBLIC_HOSPITAL),
    ("HDS_CERTIFICATE_EXPIRED", with_vendor(hosts_health_data=True, hds_certificate_expires_on=TODAY - timedelta(days=1)),
     with_vendor(hosts_health_data=True, hds_certificate_expires_on=TODAY), PUBLIC_HOSPITAL),
    ("HDS_CERTIFICATE_EXPIRING", with_vendor(hosts_health_data=True, hds_certificate_expires_on=TODAY + timedelta(days=90)),
     with_vendor(hosts_health_data=True, hds_certificate_expires_on=TODAY + timedelta(days=91)), PUBLIC_HOSPITAL),
    ("LEGITIMATE_INTEREST_PUBLIC_BODY", with_purpose(legal_basis=LegalBasis.LEGITIMATE_INTERESTS),
     with_purpose(legal_basis=LegalBasis.PUBLIC_TASK), PUBLIC_HOSPITAL),
    ("LEGITIMATE_INTEREST_PUBLIC_BODY", with_purpose(legal_basis=LegalBasis.LEGITIMATE_INTERESTS),
     with_purpose(legal_basis=LegalBasis.LEGITIMATE_INTERESTS), PRIVATE_CLINIC),
    ("PORTABILITY_BASIS_INCOMPATIBLE", with_purpose(portability_promised=True),
     with_purpose(portability_promised=True, legal_basis=LegalBasis.CONSENT), PUBLIC_HOSPITAL),
    ("PORTABILITY_BASIS_INCOMPATIBLE", with_purpose(portability_promised=True, legal_basis=LegalBasis.LEGAL_OBLIGATION),
     with_purpose(portability_promised=True, legal_basis=LegalBasis.CONTRACT), PUBLIC_HOSPITAL),
    ("DPIA_LIKELY_REQUIRED", replace(CLEAN, large_scale=True), CLEAN, PUBLIC_HOSPITAL),
    ("DPIA_LIKELY_REQUIRED", replace(CLEAN, vulnerable_subjects=True),
     replace(CLEAN, vulnerable_subjects=True, data_categories=(IDENTITY,)), PUBLIC_HOSPITAL),
    ("DPIA_LIKELY_REQUIRED", replace(CLEAN, data_subject_count=10_000),
     replace(CLEAN, data_subject_count=9_999), PUBLIC_HOSPITAL),
    ("DPIA_LIKELY_REQUIRED", replace(CLEAN, large_scale=True),
     replace(CLEAN, large_scale=True, dpia_reference="DPIA-2025-04"), PUBLIC_HOSPITAL),
    ("REVIEW_DATE_PASSED", replace(CLEAN, review_date=TODAY - timedelta(days=1)),
     replace(CLEAN, review_date=TODAY), PUBLIC_HOSPITAL),
    ("SECURITY_MEASURES_MISSING", replace(CLEAN, security_measures=frozenset()), CLEAN, PUBLIC_HOSPITAL),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule_id", "flagged", "near", "near_organisation"),
    CASES,
    ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)],
)
def test_rule_flags_its_case_and_not_the_near_case(rule_id, flagged, near, near_organisation):
    assert rule_id in rule_ids(flagged, CTX)
    assert rule_id not in rule_ids(near, replace(CTX, organisation=near_organisation))


def test_every_activity_rule_has_a_flag_and_near_case():
    assert {case[0] for case in CASES} == set(ACTIVITY_CHECKS)


def test_rules_are_named_after_their_id_and_fully_described():
    for rule_id, check in ACTIVITY_CHECKS.items():
        assert check.__name__ == f"rule_{rule_id.lower()}"
    for rule in RULES.values():
        assert rule.id.isupper()
        assert rule.legal_reference
        assert rule.title
        assert rule.message
        assert rule.fix


def _worst_activity() -> ActivityFacts:
    return replace(
        CLEAN,
        purposes=(
            PurposeFacts("Marketing", LegalBasis.LEGITIMATE_INTERESTS, portability_promised=True),
        ),
        data_categories=(replace(RECORD, retention_days=3 * YEAR), DataCategoryFacts("Notes")),
        transfers=(
            TransferFacts("US", TransferTool.ADEQUACY, recipient="Cloud Inc"),
            TransferFacts("IN", TransferTool.ADEQUACY, recipient="Offshore Ltd"),
            TransferFacts("BR", None, recipient="Support"),
            TransferFacts("BR", TransferTool.SCC_MODULE_3, recipient="Backup"),
        ),
        recipients=(
            RecipientFacts("Hoster", RecipientRole.PROCESSOR, hosts_health_data=True),
            RecipientFacts(
                "Old host",
                RecipientRole.SUB_PROCESSOR,
                has_contract=True,
                art28_clauses=frozenset({Art28Clause.CONFIDENTIALITY}),
                hosts_health_data=True,
                hds_certificate_expires_on=date(2025, 12, 31),
            ),
        ),
        security_measures=frozenset(),
        large_scale=True,
        vulnerable_subjects=True,
        review_date=date(2025, 1, 1),
    )


def test_findings_render_their_message_fix_and_reference():
    findings = evaluate([_worst_activity()], CTX)
    assert len({f.rule_id for f in findings}) >= 15
    for f in findings:
        assert "%(" not in f.message()
        assert "%(" not in f.fix()
        assert f.legal_reference() == RULES[f.rule_id].legal_reference
    by_rule = {f.rule_id: f for f in findings}
    assert "Medical record" in by_rule["RETENTION_BELOW_LEGAL_MINIMUM"].message()
    assert "7300 days" in by_rule["RETENTION_BELOW_LEGAL_MINIMUM"].message()
    assert "CSP R.1112-7" in by_rule["RETENTION_BELOW_LEGAL_MINIMUM"].message()
    assert "(a), (c), (d), (e), (f), (g), (h)" in by_rule["ART28_CLAUSES_MISSING"].message()
    assert "2025-12-31" in by_rule["HDS_CERTIFICATE_EXPIRED"].message()
    assert "4, 5, 7" in by_rule["DPIA_LIKELY_REQUIRED"].message()
    assert "Screening hint" in by_rule["DPIA_LIKELY_REQUIRED"].message()


def test_messages_and_parameters_go_through_the_translator():
    finding = next(
        f for f in evaluate([with_transfer("US", TransferTool.ADEQUACY)], CTX)
        if f.rule_id == "TRANSFER_ADEQUACY_SCOPE"
    )  # fmt: skip

    def translate(text: str) -> str:
        return f"<{text}>"

    message = finding.message(translate)
    assert message.startswith("<The transfer to US (Vendor) relies on Commission Implementing")
    assert "<organisations certified under the EU-US Data Privacy Framework>" in message
    assert finding.legal_reference(translate) == "<GDPR Art. 45>"
    assert Severity.HIGH.label(translate) == "<High>"


def test_finding_as_dict_is_the_cli_json_shape():
    finding = evaluate([replace(CLEAN, security_measures=frozenset())], CTX)[0]
    data = json.loads(json.dumps(finding.as_dict()))
    assert data == {
        "activity": "A-001",
        "activity_name": "Electronic patient record",
        "rule_id": "SECURITY_MEASURES_MISSING",
        "severity": "medium",
        "article": "GDPR Art. 30(1)(g), Art. 32",
        "message": "The activity records no security measure.",
        "fix": "Record the measures in place (access control, traceability, encryption, backup...).",
    }


def test_evaluate_keeps_activity_order_and_puts_the_most_severe_first():
    second = replace(_worst_activity(), ref="A-002")
    findings = evaluate([replace(CLEAN, review_date=date(2025, 1, 1)), second], CTX)
    assert findings[0].activity_ref == "A-001"
    assert findings[0].rule_id == "REVIEW_DATE_PASSED"
    ranks = [f.severity.rank for f in findings[1:]]
    assert ranks == sorted(ranks, reverse=True)
    assert findings[1].severity is Severity.CRITICAL


def test_disabled_rules_are_not_run():
    activity = replace(CLEAN, review_date=date(2025, 1, 1), security_measures=frozenset())
    ctx = replace(CTX, disabled_rules=frozenset({"REVIEW_DATE_PASSED"}))
    assert rule_ids(activity, ctx) == {"SECURITY_MEASURES_MISSING"}


def test_reference_data_comes_from_the_context():
    moved = with_transfer("US", TransferTool.ADEQUACY)
    assert "TRANSFER_ADEQUACY_MISSING" in rule_ids(moved, replace(CTX, adequacy={}))
    stricter = replace(CTX, hds_expiry_warning_days=200)
    assert "HDS_CERTIFICATE_EXPIRING" in rule_ids(
        with_vendor(hosts_health_data=True, hds_certificate_expires_on=TODAY + timedelta(days=150)),
        stricter,
    )


@given(st.integers(min_value=1, max_value=40 * YEAR))
def test_medical_record_retention_is_flagged_exactly_below_twenty_years(days):
    flagged = "RETENTION_BELOW_LEGAL_MINIMUM" in rule_ids(with_category(retention_days=days))
    assert flagged == (days < 20 * YEAR)


def test_the_engine_imports_no_django():
    code = (
        "import sys, egide.registry.checks, egide.registry.designation\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "[]"


# --- Score ---------------------------------------------------------------------------------------------

severities = st.lists(st.sampled_from(list(Severity)), max_size=60)


def _findings(levels: list[Severity]) -> list[Finding]:
    return [Finding(rule_id="REVIEW_DATE_PASSED", severity=s, activity_ref="A") for s in levels]


def test_score_is_100_without_weighed_findings_and_counts_every_severity():
    assert compliance_score([], 0) == 100
    assert compliance_score(_findings([Severity.INFO] * 5), 3) == 100
    assert compliance_score(_findings([Severity.LOW]), 1) == 95
    assert compliance_score(_findings([Severity.CRITICAL] * 2), 1) == 0
    assert compliance_score(_findings([Severity.CRITICAL] * 2), 40) == 97
    counts = count_by_severity(_findings([Severity.HIGH, Severity.HIGH, Severity.LOW]))
    assert counts == {
        Severity.INFO: 0,
        Severity.LOW: 1,
        Severity.MEDIUM: 0,
        Severity.HIGH: 2,
        Severity.CRITICAL: 0,
    }


@given(severities, st.sampled_from(list(Severity)), st.integers(min_value=0, max_value=200))
def test_adding_a_finding_never_raises_the_score(levels, extra, activity_count):
    before = compliance_score(_findings(levels), activity_count)
    after = compliance_score(_findings([*levels, extra]), activity_count)
    assert 0 <= after <= before <= 100


@given(severities, st.integers(min_value=1, max_value=200))
def test_the_same_findings_weigh_less_in_a_larger_register(levels, activity_count):
    findings = _findings(levels)
    assert compliance_score(findings, activity_count + 1) >= compliance_score(
        findings, activity_count
    )
    assert sum(count_by_severity(findings).values()) == len(levels)


def test_every_rule_is_documented():
    doc = (Path(__file__).resolve().parents[4] / "docs" / "compliance-checks.md").read_text()
    rows = {
        line.split("|")[1].strip(" `"): line.split("|")[2].strip()
        for line in doc.splitlines()
        if line.startswith("| `")
    }
    assert rows == {rule.id: rule.severity.value for rule in RULES.values()}
