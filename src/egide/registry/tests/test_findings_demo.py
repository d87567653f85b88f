"""The demo ends with findings computed: the demo hospital's deliberate gaps, and nothing else."""

from __future__ import annotations

import pytest

from egide.accounts.models import Organisation
from egide.core.clock import FrozenClock
from egide.demo import data
from egide.demo.loader import demo_load
from egide.registry.compliance import compliance_findings_list, compliance_summary_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    demo_load(clock=FrozenClock())
    return {o.slug: o for o in Organisation.objects.all()}


def found(organisation, rule_id):
    """(activity's template, recipient or category) of each finding of ``rule_id``: template names are
    translated when instantiated, template codes are not."""
    return {
        (f.activity.template_code, f.params.get("recipient", f.params.get("category", "")))
        for f in compliance_findings_list(organisation=organisation)
        if f.rule_id == rule_id
    }


def test_every_demo_organisation_has_its_findings_and_score(loaded):
    for organisation in loaded.values():
        summary = compliance_summary_get(organisation=organisation)
        assert summary is not None
        assert 0 <= summary.score < 100
        assert summary.activity_count >= 4
        assert compliance_findings_list(organisation=organisation).count() == summary.finding_count


def test_the_deliberate_gaps_of_the_hospital_are_found(loaded):
    hospital = loaded[data.HOSPITAL]
    (diabetes,) = compliance_findings_list(organisation=hospital).filter(
        rule_id="ART9_CONDITION_MISSING"
    )
    assert diabetes.activity.name == "Téléconsultation en diabétologie"
    assert found(hospital, "RETENTION_MISSING") == {
        ("appointment_booking", "Stays, admissions and medical coding (PMSI)")
    }
    (cohort,) = compliance_findings_list(organisation=hospital).filter(
        rule_id="TRANSFER_TOOL_MISSING"
    )
    assert cohort.activity.name == "Cohorte insuffisance cardiaque (COHORTE-IC)"
    assert (cohort.params["country"], cohort.params["recipient"]) == ("US", "ClinData EDC Inc.")
    assert found(hospital, "PROCESSOR_CONTRACT_MISSING") == {("billing", "Courrier Express")}
    assert found(hospital, "HDS_CERTIFICATE_MISSING") == {("research_cohort", "ClinData EDC Inc.")}
    assert found(hospital, "REVIEW_DATE_PASSED") == {("cctv", "")}
    assert found(hospital, "HDS_CERTIFICATE_EXPIRED") == {("health_data_warehouse", "Nuagis Cloud")}


def test_the_hospital_s_findings_are_its_deliberate_gaps_and_nothing_else(loaded):
    """Besides the DPIA screening hints, every finding at the hospital was put there on purpose: noise
    (a placeholder processor without a vendor, a contract missing a clause...) cannot creep back."""
    findings = compliance_findings_list(organisation=loaded[data.HOSPITAL])
    assert {
        (f.rule_id, f.activity.name if f.activity else "")
        for f in findings
        if f.rule_id != "DPIA_LIKELY_REQUIRED"
    } == {
        ("ART9_CONDITION_MISSING", "Téléconsultation en diabétologie"),
        ("RETENTION_MISSING", "Appointment booking"),
        ("TRANSFER_TOOL_MISSING", "Cohorte insuffisance cardiaque (COHORTE-IC)"),
        ("PROCESSOR_CONTRACT_MISSING", "Patient billing and recovery"),
        ("REVIEW_DATE_PASSED", "Video protection"),
        ("HDS_CERTIFICATE_EXPIRED", "Health data warehouse"),
        ("HDS_CERTIFICATE_MISSING", "Cohorte insuffisance cardiaque (COHORTE-IC)"),
    }
    assert findings.exclude(rule_id="DPIA_LIKELY_REQUIRED").count() == 7  # one finding per gap


def test_the_other_organisations_have_no_activity_finding_but_dpia_hints(loaded):
    for slug in (data.CLINIC, data.NURSING_HOME, data.LABORATORY):
        findings = compliance_findings_list(organisation=loaded[slug])
        assert {f.rule_id for f in findings if f.activity} <= {"DPIA_LIKELY_REQUIRED"}


def test_the_dpo_records_left_incomplete_are_found(loaded):
    nursing_home = loaded[data.NURSING_HOME]
    laboratory = loaded[data.LABORATORY]
    assert [
        f.rule_id for f in compliance_findings_list(organisation=nursing_home) if not f.activity
    ] == ["DPO_NOT_DECLARED_TO_CNIL"]
    assert [
        f.rule_id for f in compliance_findings_list(organisation=laboratory) if not f.activity
    ] == ["DPO_CONTACT_NOT_PUBLISHED"]
