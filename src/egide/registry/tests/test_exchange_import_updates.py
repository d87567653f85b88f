"""Importing a register: activities matched by reference, provided lists replaced and the rest kept,
the status workflow, dry runs, headers in either language, all or nothing when a service refuses."""

from __future__ import annotations

from datetime import date

import pytest

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry.choices import ActivityStatus, LegalBasis, RecipientKind, TransferTool
from egide.registry.exchange.columns import PURPOSES
from egide.registry.models import ProcessingActivity, Purpose, Transfer
from egide.registry.tests.exchange_files import csv_zip, located, run, snapshot, untouched
from egide.registry.tests.factories import (
    ActivitySecurityMeasureFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    return FrozenClock()


def test_dry_run_says_what_would_change_and_writes_nothing(organisation, clock):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", name="Same")
    PurposeFactory(
        activity__organisation=organisation, activity__reference="T-002", activity__name="Old"
    )
    before = snapshot(organisation)
    content = "reference,name\nT-001,Same\nT-002,New name\nT-003,Brand new\n"

    report = run(organisation, content, "csv", clock, dry_run=True)

    assert report.ok
    assert not report.written
    assert [(c.reference, c.action, c.changes) for c in report.changes] == [
        ("T-001", "unchanged", ()),
        ("T-002", "update", ("name",)),
        ("T-003", "create", ()),
    ]
    untouched(organisation, *before)


def test_an_update_replaces_provided_lists_and_keeps_the_rest(organisation, clock):
    activity = ProcessingActivityFactory(
        organisation=organisation, reference="T-001", name="Care", description="Kept description"
    )
    PurposeFactory(activity=activity, description="Old purpose", is_main=True)
    ActivitySecurityMeasureFactory(activity=activity, measure="backup")
    other = ProcessingActivityFactory(organisation=organisation, reference="T-002")
    PurposeFactory(activity=other, description="Not in the file")
    content = csv_zip(
        activities="reference,name,status\nT-001,Care and follow-up,validated\n",
        purposes="activity,description,legal_basis,is_main\nT-001,New purpose,public_task,yes\n"
        "T-001,Second,consent,\n",
    )

    report = run(organisation, content, "csv", clock)

    assert report.written
    assert report.changes[0].changes == ("name", "status", "purposes")
    activity.refresh_from_db()
    assert (activity.name, activity.description, activity.status) == (
        "Care and follow-up", "Kept description", ActivityStatus.VALIDATED
    )  # fmt: skip
    assert [(p.description, p.is_main, p.position) for p in activity.purposes.all()] == [
        ("New purpose", True, 0),
        ("Second", False, 1),
    ]
    assert [m.measure for m in activity.security_measures.all()] == ["backup"]  # no sheet: kept
    assert [p.description for p in other.purposes.all()] == ["Not in the file"]
    actions = AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True)
    assert {"purpose.delete", "purpose.create", "processing_activity.validate"} <= set(actions)
    assert list(actions)[-1] == "registry.import"


def test_an_activity_without_rows_in_a_provided_sheet_ends_with_an_empty_list(organisation, clock):
    activity = ProcessingActivityFactory(organisation=organisation, reference="T-001")
    PurposeFactory(activity=activity)
    content = csv_zip(activities="reference,name\nT-001,Care\n", purposes="activity,description\n")

    assert run(organisation, content, "csv", clock).written

    assert not Purpose.objects.for_organisation(organisation).exists()


def test_replacing_recipients_keeps_the_transfers_linked_to_them(organisation, clock):
    vendor = VendorFactory(organisation=organisation, name="Cloud")
    activity = ProcessingActivityFactory(organisation=organisation, reference="T-001")
    cloud = RecipientFactory(activity=activity, kind=RecipientKind.PROCESSOR, name="Cloud")
    TransferFactory(activity=activity, recipient=cloud, vendor=vendor, tool=TransferTool.BCR)
    content = csv_zip(
        recipients="activity,kind,name,vendor,detail\nT-001,processor,Cloud,Cloud,Backups\n"
    )

    assert run(organisation, content, "csv", clock).written

    transfer = Transfer.objects.for_organisation(organisation).get()
    assert (transfer.recipient.name, transfer.recipient.detail) == ("Cloud", "Backups")


@pytest.mark.parametrize(
    ("before", "after"),
    [(ActivityStatus.VALIDATED, "draft"), (ActivityStatus.IN_REVIEW, "draft")],
)
def test_an_import_cannot_send_an_activity_back_in_the_workflow(organisation, clock, before, after):
    ProcessingActivityFactory(organisation=organisation, reference="T-001", status=before)
    state = snapshot(organisation)

    report = run(organisation, f"reference,name,status\nT-001,Care,{after}\n", "csv", clock)

    assert located(report) == {("activities", 2, "status")}
    untouched(organisation, *state)


def test_an_archived_activity_is_restored_then_validated(organisation, clock):
    ProcessingActivityFactory(
        organisation=organisation, reference="T-001", name="Care", status=ActivityStatus.ARCHIVED
    )

    report = run(organisation, "reference;status\nT-001;Validated\n", "csv", clock)

    assert report.written
    activity = ProcessingActivity.objects.for_organisation(organisation).get()
    assert activity.status == ActivityStatus.VALIDATED
    assert activity.name == "Care"


def test_a_json_key_left_out_keeps_the_value(organisation, clock):
    ProcessingActivityFactory(
        organisation=organisation, reference="T-001", name="Care", review_on=date(2026, 9, 1)
    )
    report = run(
        organisation, {"activities": [{"reference": "T-001", "large_scale": True}]}, "json", clock
    )

    assert report.changes[0].changes == ("large_scale",)
    activity = ProcessingActivity.objects.for_organisation(organisation).get()
    assert (activity.name, activity.review_on, activity.large_scale) == (
        "Care", date(2026, 9, 1), True
    )  # fmt: skip


def test_headers_may_be_ids_or_labels_in_either_language(organisation, clock):
    from django.utils import translation

    with translation.override("fr"):
        french = [PURPOSES.header(PURPOSES.column(c)) for c in ("activity", "legal_basis")]
    content = csv_zip(
        activities="Reference;NAME\nT-001;Care\n",
        purposes=f"{french[0]};{french[1]};description\nT-001;{LegalBasis.PUBLIC_TASK.label};Care\n",
    )

    report = run(organisation, content, "csv", clock)

    assert report.problems == []
    purpose = Purpose.objects.for_organisation(organisation).get()
    assert purpose.legal_basis == LegalBasis.PUBLIC_TASK


def test_a_refusal_while_writing_rolls_every_write_back(organisation, clock, monkeypatch):
    from django.core.exceptions import ValidationError

    from egide.registry.exchange import writing

    original = writing._ADD["purposes"]

    def refuse_the_second(**kwargs):
        if kwargs["activity"].reference == "T-002":
            raise ValidationError("Refused by the service.")
        return original(**kwargs)

    monkeypatch.setitem(writing._ADD, "purposes", refuse_the_second)
    before = snapshot(organisation)
    content = csv_zip(
        activities="reference,name\nT-001,First\nT-002,Second\n",
        purposes="activity,description,legal_basis\nT-001,Care,public_task\nT-002,Care,public_task\n",
    )

    report = run(organisation, content, "csv", clock)

    assert [(p.sheet, p.row, p.message) for p in report.problems] == [
        ("purposes", 3, "Refused by the service.")
    ]
    assert not report.written
    untouched(organisation, *before)
