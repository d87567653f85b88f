"""The adapter from the register's rows to the rule engine's facts: each mapping a rule depends on, and
the constant number of queries for a whole organisation."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from egide.accounts.choices import LegalStatus, OrganisationKind
from egide.registry.checks import Phrase
from egide.registry.choices import (
    ActivityStatus,
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
)
from egide.registry.compliance import (
    compliance_evaluate_now,
    organisation_facts,
    organisation_profile,
)
from egide.registry.services import data_categories_ensure
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    ActivitySecurityMeasureFactory,
    DataCategoryFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)


def complete_activity(organisation, **fields):
    """An activity every activity rule is happy with: the near case of each test below."""
    activity = ProcessingActivityFactory(
        organisation=organisation, review_on=date(2026, 6, 1), **fields
    )
    PurposeFactory(
        activity=activity,
        is_main=True,
        legal_basis=LegalBasis.PUBLIC_TASK,
        special_category_condition=SpecialCategoryCondition.HEALTH_CARE,
    )
    ActivityDataCategoryFactory(
        activity=activity,
        category=DataCategoryFactory(organisation=organisation, is_health=True),
        retention_duration=20,
        retention_unit=RetentionUnit.YEARS,
        retention_start=RetentionStart.LAST_STAY,
        retention_rule="medical_record_hospital",
    )
    ActivitySecurityMeasureFactory(activity=activity)
    return activity


def findings_of(activity, today=TODAY):
    found = compliance_evaluate_now(organisation=activity.organisation, today=today)
    return [f for f in found if f.activity_ref == activity.reference]


def rules_of(activity, today=TODAY):
    return sorted({f.rule_id for f in findings_of(activity, today)})


def facts_of(activity):
    (facts,) = [
        f
        for f in organisation_facts(organisation=activity.organisation)
        if f.ref == activity.reference
    ]
    return facts


def test_the_complete_activity_breaks_no_rule(organisation):
    activity = complete_activity(organisation)
    assert rules_of(activity) == []
    facts = facts_of(activity)
    assert facts.name == activity.name
    assert facts.review_date == date(2026, 6, 1)


def test_purpose_basis_and_missing_basis(organisation):
    activity = complete_activity(organisation)
    PurposeFactory(activity=activity, description="Statistics", legal_basis="")
    purposes = {p.name: p for p in facts_of(activity).purposes}
    assert purposes["Statistics"].legal_basis is None
    assert rules_of(activity) == ["LEGAL_BASIS_MISSING"]


def test_no_purpose_at_all(organisation):
    activity = complete_activity(organisation)
    activity.purposes.all().delete()
    assert "PURPOSE_MISSING" in rules_of(activity)


@pytest.mark.parametrize(
    ("legal_status", "expected"),
    [(LegalStatus.PUBLIC, ["LEGITIMATE_INTEREST_PUBLIC_BODY"]), (LegalStatus.PRIVATE, [])],
)
def test_legitimate_interests_and_the_public_body(organisation, legal_status, expected):
    organisation.legal_status = legal_status
    organisation.save()
    activity = complete_activity(organisation)
    PurposeFactory(activity=activity, legal_basis=LegalBasis.LEGITIMATE_INTERESTS)
    assert rules_of(activity) == expected


def test_art9_condition_maps_from_the_purposes(organisation):
    activity = complete_activity(organisation)
    (purpose,) = activity.purposes.all()
    assert facts_of(activity).purposes[0].art9_condition == "health_care"
    purpose.special_category_condition = ""
    purpose.save()
    assert facts_of(activity).purposes[0].art9_condition is None
    assert rules_of(activity) == ["ART9_CONDITION_MISSING"]


def test_portability_promise(organisation):
    activity = complete_activity(organisation)
    PurposeFactory(activity=activity, legal_basis=LegalBasis.CONSENT, portability_promised=True)
    assert rules_of(activity) == []
    PurposeFactory(activity=activity, legal_basis=LegalBasis.PUBLIC_TASK, portability_promised=True)
    assert rules_of(activity) == ["PORTABILITY_BASIS_INCOMPATIBLE"]


@pytest.mark.parametrize(
    ("flags", "special"),
    [
        ({"is_health": True}, True),
        ({"is_special_category": True}, True),
        ({}, False),
    ],
)
def test_special_category_flags(organisation, flags, special):
    activity = ProcessingActivityFactory(organisation=organisation)
    PurposeFactory(activity=activity)  # no Art. 9(2) condition
    ActivityDataCategoryFactory(
        activity=activity, category=DataCategoryFactory(organisation=organisation, **flags)
    )
    (category,) = facts_of(activity).data_categories
    assert category.is_special is special
    assert ("ART9_CONDITION_MISSING" in rules_of(activity)) is special


def test_a_subcategory_of_health_data_is_health_data(organisation):
    parent = DataCategoryFactory(organisation=organisation, is_health=True)
    child = DataCategoryFactory(organisation=organisation, parent=parent)
    activity = ProcessingActivityFactory(organisation=organisation)
    PurposeFactory(activity=activity)
    ActivityDataCategoryFactory(activity=activity, category=child)
    assert facts_of(activity).data_categories[0].health
    assert "ART9_CONDITION_MISSING" in rules_of(activity)


@pytest.mark.parametrize(
    ("duration", "unit", "criteria", "days", "rule"),
    [
        (20, RetentionUnit.YEARS, "", 7300, None),
        (239, RetentionUnit.MONTHS, "", 7170, "RETENTION_BELOW_LEGAL_MINIMUM"),
        (None, "", "", None, "RETENTION_MISSING"),
        (0, RetentionUnit.DAYS, "", 0, "RETENTION_MISSING"),
        (None, "", "Until the patient asks", None, None),
        (5, "", "", None, "RETENTION_MISSING"),
    ],
)
def test_retention_in_days_and_criteria(organisation, duration, unit, criteria, days, rule):
    activity = complete_activity(organisation)
    row = activity.data_categories.get()
    row.retention_duration, row.retention_unit, row.retention_criteria = duration, unit, criteria
    row.save()
    (category,) = facts_of(activity).data_categories
    assert category.retention_days == days
    assert category.retention_rule == "medical_record_hospital"
    assert category.retention_start_event == RetentionStart.LAST_STAY
    assert rules_of(activity) == ([rule] if rule else [])


def test_built_in_categories_are_named_by_their_source_label_whatever_the_language(organisation):
    categories = data_categories_ensure(organisation=organisation)
    activity = ProcessingActivityFactory(organisation=organisation)
    PurposeFactory(activity=activity)
    ActivityDataCategoryFactory(activity=activity, category=categories["health.medical_record"])
    with translation.override("fr"):
        (finding,) = [f for f in findings_of(activity) if f.rule_id == "ART9_CONDITION_MISSING"]
    category = finding.params["category"]
    assert isinstance(category, Phrase)
    assert category == "Medical record (diagnoses, reports, care notes)"


def test_an_organisations_own_category_keeps_its_label(organisation):
    activity = complete_activity(organisation)
    (category,) = facts_of(activity).data_categories
    assert category.name == activity.data_categories.get().category.label
    assert not isinstance(category.name, Phrase)


def test_security_measures(organisation):
    activity = complete_activity(organisation)
    assert facts_of(activity).security_measures == {"access_control"}
    activity.security_measures.all().delete()
    assert rules_of(activity) == ["SECURITY_MEASURES_MISSING"]


def test_review_date(organisation):
    activity = complete_activity(organisation)
    assert rules_of(activity, today=date(2026, 6, 1)) == []
    assert rules_of(activity, today=date(2026, 6, 2)) == ["REVIEW_DATE_PASSED"]


def test_large_scale_count_and_vulnerable_subjects_feed_the_dpia_hint(organisation):
    activity = complete_activity(organisation, data_subject_count=50_000)
    facts = facts_of(activity)
    assert (facts.large_scale, facts.data_subject_count, facts.vulnerable_subjects) == (
        False,
        50_000,
        False,
    )
    assert rules_of(activity) == ["DPIA_LIKELY_REQUIRED"]
    small = complete_activity(organisation, data_subject_count=10)
    assert rules_of(small) == []
    vulnerable = complete_activity(organisation, vulnerable_subjects=True)
    assert rules_of(vulnerable) == ["DPIA_LIKELY_REQUIRED"]
    ticked = complete_activity(organisation, large_scale=True)
    assert rules_of(ticked) == ["DPIA_LIKELY_REQUIRED"]


def test_archived_activities_are_not_evaluated(organisation):
    activity = ProcessingActivityFactory(organisation=organisation, status=ActivityStatus.ARCHIVED)
    assert findings_of(activity) == []
    assert organisation_facts(organisation=organisation) == []


def test_a_processor_record_is_checked_only_on_what_it_records(organisation):
    record = ProcessingActivityFactory(
        organisation=organisation, record_kind=RecordKind.PROCESSOR, review_on=date(2025, 1, 1)
    )
    TransferFactory(activity=record, tool="")
    assert rules_of(record) == [
        "REVIEW_DATE_PASSED",
        "SECURITY_MEASURES_MISSING",
        "TRANSFER_TOOL_MISSING",
    ]


@pytest.mark.parametrize(
    ("kind", "status", "volume", "public"),
    [
        (OrganisationKind.HOSPITAL, LegalStatus.PUBLIC, None, True),
        (OrganisationKind.LABORATORY, LegalStatus.PRIVATE, 20_000, False),
    ],
)
def test_organisation_profile(organisation, kind, status, volume, public):
    organisation.kind, organisation.legal_status, organisation.patient_volume = kind, status, volume
    organisation.staff_count = 120
    profile = organisation_profile(organisation)
    assert (profile.kind, profile.public_body, profile.patient_volume, profile.staff_count) == (
        kind,
        public,
        volume,
        120,
    )


def test_facts_of_a_whole_organisation_cost_the_same_queries_whatever_its_size(
    organisation, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            activity = complete_activity(organisation)
            vendor = VendorFactory(organisation=organisation, hosts_health_data=True)
            recipient = RecipientFactory(
                activity=activity, kind=RecipientKind.PROCESSOR, vendor=vendor
            )
            TransferFactory(activity=activity, recipient=recipient, vendor=vendor)

    add(1)
    with django_assert_num_queries(6):
        assert len(organisation_facts(organisation=organisation)) == 1
    add(9)
    with django_assert_num_queries(6):
        assert len(organisation_facts(organisation=organisation)) == 10
