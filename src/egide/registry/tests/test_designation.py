"""Is designating a DPO mandatory (GDPR Art. 37(1), WP243), and are the designation's formalities done?"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from egide.registry.checks import RULES, Severity, compliance_score
from egide.registry.designation import (
    OTHER_CARE_PROVIDERS,
    designation_findings,
    dpo_designation_required,
)
from egide.registry.facts import DpoDesignationFacts, OrganisationKind, OrganisationProfile
from egide.registry.reference_data import LargeScaleThresholds

Kind = OrganisationKind


def profile(kind: OrganisationKind, public: bool = False, **changes) -> OrganisationProfile:
    return OrganisationProfile(kind=kind, public_body=public, **changes)


@pytest.mark.parametrize(
    ("organisation", "required", "codes"),
    [
        (profile(Kind.HOSPITAL, public=True), True, ("PUBLIC_BODY", "HEALTH_ESTABLISHMENT")),
        (profile(Kind.CLINIC), True, ("HEALTH_ESTABLISHMENT",)),
        (profile(Kind.OTHER, public=True), True, ("PUBLIC_BODY",)),
        (profile(Kind.OTHER, large_scale_monitoring=True), True, ("LARGE_SCALE_MONITORING",)),
        (profile(Kind.LABORATORY, patient_volume=10_000), True, ("LARGE_SCALE_HEALTH_DATA",)),
        (profile(Kind.LABORATORY, patient_volume=9_999), False,
         ("BELOW_LARGE_SCALE_THRESHOLD", "RECOMMENDED")),
        (profile(Kind.MEDICO_SOCIAL, public=True, patient_volume=80), True, ("PUBLIC_BODY",)),
        (profile(Kind.PRACTICE, patient_volume=1_800), False, ("INDIVIDUAL_PRACTICE", "RECOMMENDED")),
        (profile(Kind.PRACTICE, patient_volume=14_000), True, ("LARGE_SCALE_HEALTH_DATA",)),
        (profile(Kind.PHARMACY), False, ("PATIENT_VOLUME_UNKNOWN", "RECOMMENDED")),
        (profile(Kind.OTHER, staff_count=40), False, ("NO_MANDATORY_GROUND", "RECOMMENDED")),
    ],
    ids=[
        "public-hospital", "private-clinic", "public-body", "monitoring", "lab-at-threshold",
        "lab-below-threshold", "public-ehpad", "individual-practice", "group-practice-above-threshold",
        "volume-unknown", "not-a-care-provider",
    ],
)  # fmt: skip
def test_designation_is_mandatory_for_the_right_reasons(organisation, required, codes):
    assessment = dpo_designation_required(organisation)
    assert assessment.required is required
    assert assessment.recommended is True
    assert assessment.codes == codes
    assert all(r.mandatory is required for r in assessment.reasons if r.code != "RECOMMENDED")


def test_reasons_cite_the_article_and_wp243():
    public_hospital = dpo_designation_required(profile(Kind.HOSPITAL, public=True))
    references = [r.legal_reference for r in public_hospital.reasons]
    assert references == ["GDPR Art. 37(1)(a)", "GDPR Art. 37(1)(c); WP243 rev.01 section 2.1.3"]
    practice = dpo_designation_required(profile(Kind.PRACTICE, patient_volume=900))
    assert practice.reasons[0].legal_reference == "WP243 rev.01 section 2.1.3"
    assert "900 patients" in practice.reasons[0].message()


def test_the_large_scale_threshold_is_configurable():
    lab = profile(Kind.LABORATORY, patient_volume=6_000)
    assert dpo_designation_required(lab).required is False
    lower = LargeScaleThresholds(patients_in_one_system=5_000, source="local policy")
    assessment = dpo_designation_required(lab, thresholds=lower)
    assert assessment.required is True
    message = assessment.reasons[0].message()
    assert "6000 patients" in message
    assert "5000 patients (local policy)" in message


def test_reason_messages_render_and_translate():
    for organisation in (
        profile(Kind.HOSPITAL, public=True, large_scale_monitoring=True),
        profile(Kind.LABORATORY, patient_volume=20_000),
        profile(Kind.LABORATORY, patient_volume=20),
        profile(Kind.PHARMACY),
        profile(Kind.PRACTICE, patient_volume=20),
        profile(Kind.OTHER),
    ):
        for reason in dpo_designation_required(organisation).reasons:
            assert "%(" not in reason.message()
            assert reason.message(lambda text: f"<{text}>").startswith("<")


@given(
    st.sampled_from(sorted(OTHER_CARE_PROVIDERS - {Kind.PRACTICE})),
    st.integers(min_value=0, max_value=1_000_000),
    st.integers(min_value=1, max_value=100_000),
)
def test_care_providers_need_a_dpo_exactly_from_the_threshold(kind, volume, threshold):
    thresholds = LargeScaleThresholds(patients_in_one_system=threshold)
    organisation = profile(kind, patient_volume=volume)
    assessment = dpo_designation_required(organisation, thresholds=thresholds)
    assert assessment.required is (volume >= threshold)


def test_profile_from_the_organisation_record():
    public = OrganisationProfile.from_record(
        kind="hospital", legal_status="public", patient_volume=90_000
    )
    assert public == OrganisationProfile(Kind.HOSPITAL, public_body=True, patient_volume=90_000)
    espic = OrganisationProfile.from_record(kind="clinic", legal_status="private_non_profit")
    assert espic.public_body is False
    with pytest.raises(ValueError, match="spa"):
        OrganisationProfile.from_record(kind="spa", legal_status="private")


def test_organisation_kinds_match_the_accounts_choices():
    from egide.accounts.choices import LegalStatus
    from egide.accounts.choices import OrganisationKind as StoredKind

    assert {k.value for k in Kind} == set(StoredKind.values)
    assert "public" in LegalStatus.values


# --- Findings on the designation record ----------------------------------------------------------------

PUBLIC_HOSPITAL = profile(Kind.HOSPITAL, public=True)
PRACTICE = profile(Kind.PRACTICE, patient_volume=1_000)
COMPLETE = DpoDesignationFacts(
    designated=True, declared_to_cnil_on=date(2024, 3, 1), contact_published=True
)


def ids(findings) -> list[str]:
    return [f.rule_id for f in findings]


def test_a_mandatory_dpo_that_is_not_designated_is_flagged():
    assert ids(designation_findings(PUBLIC_HOSPITAL, None)) == ["DPO_DESIGNATION_MISSING"]
    not_designated = DpoDesignationFacts(designated=False)
    findings = designation_findings(PUBLIC_HOSPITAL, not_designated)
    assert ids(findings) == ["DPO_DESIGNATION_MISSING"]
    assert findings[0].activity_ref is None
    assert findings[0].severity is Severity.CRITICAL
    assert compliance_score(findings, 40) < 100


def test_an_optional_dpo_that_is_not_designated_is_not_flagged():
    assert designation_findings(PRACTICE, None) == []
    assert designation_findings(PRACTICE, DpoDesignationFacts(designated=False)) == []


def test_a_complete_designation_has_no_finding():
    assert designation_findings(PUBLIC_HOSPITAL, COMPLETE) == []


@pytest.mark.parametrize(
    "organisation", [PUBLIC_HOSPITAL, PRACTICE], ids=["mandatory", "voluntary"]
)
def test_designation_formalities_are_flagged_even_for_a_voluntary_dpo(organisation):
    undeclared = DpoDesignationFacts(designated=True, contact_published=True)
    assert ids(designation_findings(organisation, undeclared)) == ["DPO_NOT_DECLARED_TO_CNIL"]
    unpublished = DpoDesignationFacts(designated=True, declared_to_cnil_on=date(2024, 3, 1))
    assert ids(designation_findings(organisation, unpublished)) == ["DPO_CONTACT_NOT_PUBLISHED"]


def test_designation_rules_are_registered_with_their_article():
    assert RULES["DPO_DESIGNATION_MISSING"].legal_reference == "GDPR Art. 37(1)"
    assert RULES["DPO_NOT_DECLARED_TO_CNIL"].legal_reference == "GDPR Art. 37(7)"
    finding = designation_findings(PUBLIC_HOSPITAL, None)[0]
    assert finding.as_dict()["activity"] is None
    assert "mandatory" in finding.message()
