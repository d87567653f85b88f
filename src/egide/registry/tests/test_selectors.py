"""Reads of the register: filters, scoping, and a bounded number of queries for an activity's detail."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egide.core.audit import Actor
from egide.registry import selectors, services
from egide.registry.choices import ActivityStatus
from egide.registry.models import ProcessingActivity
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    InformationSystemFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db
ACTOR = Actor.system("test")


def test_list_filters_and_hides_archived_unless_asked(organisation, other_organisation):
    payroll = ProcessingActivityFactory(
        organisation=organisation, reference="T-002", name="Payroll"
    )
    cctv = ProcessingActivityFactory(organisation=organisation, reference="T-001", name="CCTV")
    old = ProcessingActivityFactory(
        organisation=organisation, reference="T-003", name="Old", status=ActivityStatus.ARCHIVED
    )
    ProcessingActivityFactory(organisation=other_organisation, name="Payroll elsewhere")

    assert list(selectors.processing_activities_list(organisation=organisation)) == [cctv, payroll]
    assert list(selectors.processing_activities_list(organisation=organisation, search="payr")) == [
        payroll
    ]
    assert list(
        selectors.processing_activities_list(organisation=organisation, status="archived")
    ) == [old]
    assert (
        selectors.processing_activities_list(
            organisation=organisation, include_archived=True
        ).count()
        == 3
    )
    with pytest.raises(ProcessingActivity.DoesNotExist):
        selectors.processing_activity_get(organisation=other_organisation, pk=payroll.pk)


def test_next_reference_skips_other_formats(organisation):
    assert selectors.processing_activity_next_reference(organisation=organisation) == "T-001"
    ProcessingActivityFactory(organisation=organisation, reference="T-009")
    ProcessingActivityFactory(organisation=organisation, reference="IMPORT-77")
    assert selectors.processing_activity_next_reference(organisation=organisation) == "T-010"


def _rich_activity(organisation, rows):
    activity = ProcessingActivityFactory(organisation=organisation)
    vendor = VendorFactory(organisation=organisation)
    for _ in range(rows):
        PurposeFactory(activity=activity)
        ActivityDataCategoryFactory(activity=activity)
        recipient = RecipientFactory(activity=activity, vendor=vendor)
        TransferFactory(activity=activity, recipient=recipient, vendor=vendor)
        activity.systems.add(InformationSystemFactory(organisation=organisation, vendor=vendor))
    return activity


def test_detail_costs_the_same_number_of_queries_whatever_the_size(organisation):
    small = _rich_activity(organisation, 1)
    big = _rich_activity(organisation, 6)
    counts = []
    for activity in (small, big):
        with CaptureQueriesContext(connection) as queries:
            detail = selectors.processing_activity_detail(organisation=organisation, pk=activity.pk)
            names = [str(row.category) for row in detail.data_categories.all()]
            names += [f"{t.vendor.name} {t.recipient.name}" for t in detail.transfers.all()]
            names += [str(system.vendor) for system in detail.systems.all()]
        assert names
        counts.append(len(queries))
    # The activity, then one query per list it records (and per vendor or recipient they name).
    assert counts[0] == counts[1] == 14


def test_vendor_links_and_group_copies(organisation):
    vendor = VendorFactory(organisation=organisation)
    activity = ProcessingActivityFactory(organisation=organisation)
    RecipientFactory(activity=activity, vendor=vendor)
    TransferFactory(activity=activity, vendor=vendor)
    assert list(selectors.vendor_activities_list(vendor=vendor)) == [activity]
    assert list(selectors.vendors_list(organisation=organisation, role="processor")) == [vendor]
    assert selectors.processing_activity_group_copies(activity=activity) == []
    services.data_categories_ensure(organisation=organisation, actor=ACTOR)
    assert selectors.data_categories_list(organisation=organisation).count() > 30
