"""The register's portfolio counters: one query each, whatever the number of organisations."""

from __future__ import annotations

from datetime import date

import pytest

from egide.accounts.tests.factories import OrganisationFactory
from egide.core.clock import FrozenClock
from egide.core.portfolio import open_item_counters, open_items_by_organisation
from egide.registry.compliance import compliance_recompute
from egide.registry.open_items import activities_to_review_count, compliance_urgent_findings_count
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    DataCategoryFactory,
    DpoDesignationFactory,
    ProcessingActivityFactory,
    PurposeFactory,
)

pytestmark = pytest.mark.django_db

LAST_YEAR = date(2025, 1, 1)


def organisation_with(*, health_gaps: int, overdue: int, designated: bool = True):
    """An organisation whose recompute finds ``health_gaps`` critical findings (plus the DPO's, when
    not designated) and ``overdue`` activities past their review date."""
    organisation = OrganisationFactory()
    if designated:
        DpoDesignationFactory(
            organisation=organisation,
            declared_to_cnil_on=date(2024, 2, 1),
            published_contact_email="dpo@example.org",
        )
    for _ in range(health_gaps):
        activity = ProcessingActivityFactory(organisation=organisation)
        PurposeFactory(activity=activity)
        ActivityDataCategoryFactory(
            activity=activity,
            category=DataCategoryFactory(organisation=organisation, is_health=True),
        )
    for _ in range(overdue):
        ProcessingActivityFactory(organisation=organisation, review_on=LAST_YEAR)
    compliance_recompute(organisation=organisation, clock=FrozenClock())
    return organisation


def test_counters_read_the_stored_results(organisation):
    gaps = organisation_with(health_gaps=2, overdue=1)
    undesignated = organisation_with(health_gaps=0, overdue=0, designated=False)
    clean = organisation_with(health_gaps=0, overdue=0)
    never_computed = organisation
    ids = [gaps.pk, undesignated.pk, clean.pk, never_computed.pk]
    # 2 critical (Art. 9) + 2 high (no purpose, no data category on the overdue activity).
    assert compliance_urgent_findings_count(ids) == {gaps.pk: 4, undesignated.pk: 1}
    assert activities_to_review_count(ids) == {gaps.pk: 1}


def test_each_counter_costs_one_query_whatever_the_number_of_organisations(
    django_assert_num_queries,
):
    few = [organisation_with(health_gaps=1, overdue=1).pk]
    many = few + [organisation_with(health_gaps=1, overdue=2).pk for _ in range(5)]
    for count in (compliance_urgent_findings_count, activities_to_review_count):
        with django_assert_num_queries(1):
            count(few)
        with django_assert_num_queries(1):
            values = count(many)
        assert len(values) == 6
    assert activities_to_review_count(many)[many[-1]] == 2


def test_the_counters_are_registered_for_the_portfolio():
    organisation = organisation_with(health_gaps=1, overdue=0)
    keys = [c.key for c in open_item_counters()]
    assert {"compliance_urgent_findings", "activities_to_review"} <= set(keys)
    items = {
        i.counter.key: i.value
        for i in open_items_by_organisation([organisation.pk])[organisation.pk]
    }
    assert (items["compliance_urgent_findings"], items["activities_to_review"]) == (1, 0)
