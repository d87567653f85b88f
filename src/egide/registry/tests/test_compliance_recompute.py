"""Stored findings and summary: recomputing replaces them, per organisation or per activity; the reads
the pages, the API and the CLI use; evaluating now writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry import services
from egide.registry.checks import Severity, compliance_score
from egide.registry.choices import ActivityStatus, SpecialCategoryCondition
from egide.registry.compliance import (
    compliance_evaluate_now,
    compliance_findings_for_activity,
    compliance_findings_list,
    compliance_recompute,
    compliance_recompute_activity,
    compliance_summary_get,
)
from egide.registry.models import ComplianceFinding, ComplianceSummary
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    DataCategoryFactory,
    DpoDesignationFactory,
    ProcessingActivityFactory,
    PurposeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    return FrozenClock()


def health_activity(organisation, **fields):
    """An activity with health data and no Art. 9(2) condition (critical) and no security measure."""
    activity = ProcessingActivityFactory(organisation=organisation, **fields)
    PurposeFactory(activity=activity)
    ActivityDataCategoryFactory(
        activity=activity, category=DataCategoryFactory(organisation=organisation, is_health=True)
    )
    return activity


def stored(organisation):
    return sorted(
        (
            (f.activity.reference if f.activity else None, f.rule_id)
            for f in ComplianceFinding.objects.for_organisation(organisation).select_related(
                "activity"
            )
        ),
        key=lambda pair: (pair[0] or "", pair[1]),
    )


def test_recompute_stores_each_finding_and_the_summary(organisation, clock):
    activity = health_activity(organisation, reference="T-001")
    summary = compliance_recompute(organisation=organisation, clock=clock)
    assert stored(organisation) == [
        (None, "DPO_DESIGNATION_MISSING"),
        ("T-001", "ART9_CONDITION_MISSING"),
        ("T-001", "SECURITY_MEASURES_MISSING"),
    ]
    expected = compliance_evaluate_now(organisation=organisation, today=date(2026, 1, 15))
    assert summary.score == compliance_score(expected, 1) == 0
    assert (summary.critical_count, summary.medium_count, summary.activity_count) == (2, 1, 1)
    assert summary.computed_at == clock.now()
    art9 = ComplianceFinding.objects.for_organisation(organisation).get(
        rule_id="ART9_CONDITION_MISSING"
    )
    assert art9.activity == activity
    assert (art9.severity, art9.severity_rank) == ("critical", Severity.CRITICAL.rank)
    assert art9.legal_reference == "GDPR Art. 9(1)-(2)"
    assert art9.params == {"category": activity.data_categories.get().category.label}
    assert art9.computed_at == clock.now()


def test_recompute_writes_no_audit_event_since_findings_are_derived(organisation, clock):
    health_activity(organisation)
    compliance_recompute(organisation=organisation, clock=clock)
    assert not AuditEvent.objects.filter(organisation=organisation).exists()


def test_a_fixed_gap_disappears_at_the_next_recompute(organisation, dpo, clock):
    activity = health_activity(organisation, reference="T-001")
    compliance_recompute(organisation=organisation, clock=clock)
    services.purpose_update(
        actor=dpo,
        purpose=activity.purposes.get(),
        clock=clock,
        special_category_condition=SpecialCategoryCondition.HEALTH_CARE,
    )
    services.activity_security_measure_add(
        actor=dpo, activity=activity, measure="access_control", clock=clock
    )
    DpoDesignationFactory(
        organisation=organisation,
        declared_to_cnil_on=date(2024, 2, 1),
        published_contact_email="dpo@example.org",
    )
    summary = compliance_recompute(organisation=organisation, clock=clock)
    assert stored(organisation) == []
    assert (summary.score, summary.finding_count) == (100, 0)
    assert ComplianceSummary.objects.for_organisation(organisation).count() == 1


def test_recompute_is_idempotent_and_leaves_other_organisations_alone(
    organisation, other_organisation, clock
):
    health_activity(organisation)
    health_activity(other_organisation)
    compliance_recompute(organisation=other_organisation, clock=clock)
    theirs = stored(other_organisation)
    compliance_recompute(organisation=organisation, clock=clock)
    first = stored(organisation)
    compliance_recompute(organisation=organisation, clock=clock)
    assert stored(organisation) == first
    assert stored(other_organisation) == theirs


def test_today_is_the_paris_date(organisation):
    ProcessingActivityFactory(organisation=organisation, review_on=date(2026, 1, 15))
    late_evening_utc = FrozenClock(datetime(2026, 1, 15, 23, 30, tzinfo=UTC))  # 00:30 in Paris
    compliance_recompute(organisation=organisation, clock=late_evening_utc)
    assert "REVIEW_DATE_PASSED" in {r for _ref, r in stored(organisation)}


def test_recompute_one_activity_replaces_its_findings_and_refreshes_the_summary(
    organisation, clock
):
    first = health_activity(organisation, reference="T-001")
    health_activity(organisation, reference="T-002")
    compliance_recompute(organisation=organisation, clock=clock)
    first.purposes.update(special_category_condition=SpecialCategoryCondition.HEALTH_CARE)

    rows = compliance_recompute_activity(activity=first, clock=clock)

    assert [r.rule_id for r in rows] == ["SECURITY_MEASURES_MISSING"]
    assert stored(organisation) == [
        (None, "DPO_DESIGNATION_MISSING"),
        ("T-001", "SECURITY_MEASURES_MISSING"),
        ("T-002", "ART9_CONDITION_MISSING"),
        ("T-002", "SECURITY_MEASURES_MISSING"),
    ]
    summary = compliance_summary_get(organisation=organisation)
    assert (summary.critical_count, summary.medium_count, summary.activity_count) == (2, 2, 2)
    assert summary.score == 35  # weight 26 of a budget of 40: 100 - 65


def test_an_archived_activity_loses_its_findings(organisation, clock):
    activity = health_activity(organisation)
    compliance_recompute(organisation=organisation, clock=clock)
    activity.status = ActivityStatus.ARCHIVED
    activity.save()
    assert compliance_recompute_activity(activity=activity, clock=clock) == []
    assert stored(organisation) == [(None, "DPO_DESIGNATION_MISSING")]
    assert compliance_summary_get(organisation=organisation).activity_count == 0


def test_evaluating_now_writes_nothing_and_puts_organisation_findings_first(organisation):
    health_activity(organisation, reference="T-001")
    found = compliance_evaluate_now(organisation=organisation, today=date(2026, 1, 15))
    assert [(f.activity_ref, f.rule_id) for f in found] == [
        (None, "DPO_DESIGNATION_MISSING"),
        ("T-001", "ART9_CONDITION_MISSING"),
        ("T-001", "SECURITY_MEASURES_MISSING"),
    ]
    assert not ComplianceFinding.objects.for_organisation(organisation).exists()
    assert compliance_summary_get(organisation=organisation) is None


def test_findings_list_filters_and_orders_most_severe_first(
    organisation, other_organisation, clock
):
    first = health_activity(organisation, reference="T-001")
    health_activity(organisation, reference="T-002")
    foreign = health_activity(other_organisation, reference="T-001")
    compliance_recompute(organisation=organisation, clock=clock)
    compliance_recompute(organisation=other_organisation, clock=clock)

    listed = compliance_findings_list(organisation=organisation)
    assert [(f.activity.reference if f.activity else None, f.severity) for f in listed] == [
        (None, "critical"),
        ("T-001", "critical"),
        ("T-002", "critical"),
        ("T-001", "medium"),
        ("T-002", "medium"),
    ]
    assert {
        f.rule_id for f in compliance_findings_list(organisation=organisation, activity=first)
    } == {
        "ART9_CONDITION_MISSING",
        "SECURITY_MEASURES_MISSING",
    }
    medium = compliance_findings_list(organisation=organisation, severity="medium")
    assert [f.rule_id for f in medium] == ["SECURITY_MEASURES_MISSING"] * 2
    assert not compliance_findings_list(organisation=organisation, activity=foreign).exists()
    with pytest.raises(ValueError, match="severe"):
        compliance_findings_list(organisation=organisation, severity="severe")


def test_findings_for_one_activity(organisation, clock, django_assert_num_queries):
    activity = health_activity(organisation)
    compliance_recompute(organisation=organisation, clock=clock)
    with django_assert_num_queries(1):
        rows = compliance_findings_for_activity(activity=activity)
        assert [(r.rule_id, r.activity.name) for r in rows] == [
            ("ART9_CONDITION_MISSING", activity.name),
            ("SECURITY_MEASURES_MISSING", activity.name),
        ]


def test_the_summary_is_none_before_the_first_recompute(organisation):
    assert compliance_summary_get(organisation=organisation) is None
