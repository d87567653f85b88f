"""Write services on activities: creation, update, the status workflow, what an activity records.
Every write leaves one audit event with before/after; refusals leave nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from egide.core.audit import audit_verify
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry import services
from egide.registry.choices import (
    ActivityStatus,
    LegalBasis,
    RecipientKind,
    SpecialCategoryCondition,
)
from egide.registry.models import ActivityDataCategory, Purpose, Recipient, Transfer
from egide.registry.selectors import (
    vendor_activities_list,
)
from egide.registry.tests.factories import (
    DataCategoryFactory,
    DataSubjectCategoryFactory,
    InformationSystemFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    return FrozenClock()


def events(organisation, action):
    return list(
        AuditEvent.objects.filter(organisation=organisation, action=action).order_by("sequence")
    )


def test_create_numbers_activities_and_records_the_creation(organisation, dpo, clock):
    first = services.processing_activity_create(
        actor=dpo, organisation=organisation, name="Payroll", clock=clock
    )
    second = services.processing_activity_create(
        actor=dpo, organisation=organisation, name="CCTV", clock=clock, owner=dpo, large_scale=True
    )
    assert (first.reference, second.reference) == ("T-001", "T-002")
    assert first.status == ActivityStatus.DRAFT
    assert first.created_at == clock.now()
    (event, _second) = events(organisation, "processing_activity.create")
    assert event.after["name"] == "Payroll"
    assert event.after["reference"] == "T-001"
    assert event.before is None
    assert event.actor == dpo
    assert audit_verify(organisation=organisation) == []


def test_create_refuses_bad_input_and_an_owner_outside_the_organisation(
    organisation, dpo, outsider
):
    with pytest.raises(ValidationError):
        services.processing_activity_create(actor=dpo, organisation=organisation, name="")
    with pytest.raises(ValidationError) as caught:
        services.processing_activity_create(
            actor=dpo, organisation=organisation, name="x", owner=outsider
        )
    assert "owner" in caught.value.message_dict
    with pytest.raises(ValueError, match="status"):
        services.processing_activity_create(
            actor=dpo, organisation=organisation, name="x", status="validated"
        )
    assert not events(organisation, "processing_activity.create")


def test_update_records_only_what_changed(organisation, dpo, clock):
    activity = ProcessingActivityFactory(
        organisation=organisation, name="Old name", description="Same"
    )
    clock.advance(timedelta(days=1))
    services.processing_activity_update(
        actor=dpo,
        activity=activity,
        clock=clock,
        name="New name",
        description="Same",
        review_on=date(2027, 1, 1),
    )
    (event,) = events(organisation, "processing_activity.update")
    assert event.before == {"name": "Old name", "review_on": None}
    assert event.after == {"name": "New name", "review_on": "2027-01-01"}
    assert activity.updated_at == clock.now()
    services.processing_activity_update(actor=dpo, activity=activity, name="New name")
    assert len(events(organisation, "processing_activity.update")) == 1


def test_invalid_update_leaves_the_activity_untouched(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation, name="Kept")
    with pytest.raises(ValidationError):
        services.processing_activity_update(actor=dpo, activity=activity, name="")
    assert activity.name == "Kept"
    activity.refresh_from_db()
    assert activity.name == "Kept"
    assert not events(organisation, "processing_activity.update")


def test_the_status_workflow(organisation, dpo, clock):
    activity = ProcessingActivityFactory(organisation=organisation)
    services.processing_activity_submit_for_review(actor=dpo, activity=activity, clock=clock)
    services.processing_activity_validate(actor=dpo, activity=activity, clock=clock)
    assert activity.status == ActivityStatus.VALIDATED
    assert (activity.validated_by, activity.validated_at) == (dpo, clock.now())
    with pytest.raises(ValidationError):
        services.processing_activity_submit_for_review(actor=dpo, activity=activity)
    services.processing_activity_archive(actor=dpo, activity=activity, clock=clock)
    assert activity.status == ActivityStatus.ARCHIVED
    assert activity.archived_at == clock.now()
    with pytest.raises(ValidationError):
        services.processing_activity_validate(actor=dpo, activity=activity)
    services.processing_activity_restore(actor=dpo, activity=activity, clock=clock)
    assert activity.status == ActivityStatus.DRAFT
    assert activity.archived_at is None
    (archive,) = events(organisation, "processing_activity.archive")
    assert archive.before["status"] == "validated"
    assert archive.after["status"] == "archived"
    assert [
        e.action.split(".")[1] for e in AuditEvent.objects.filter(organisation=organisation)
    ] == [
        "submit",
        "validate",
        "archive",
        "restore",
    ]


def test_purposes_are_created_updated_and_deleted_with_audit(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation)
    purpose = services.purpose_create(
        actor=dpo,
        activity=activity,
        description="Care",
        is_main=True,
        legal_basis=LegalBasis.PUBLIC_TASK,
        special_category_condition=SpecialCategoryCondition.HEALTH_CARE,
    )
    with pytest.raises(ValidationError):
        services.purpose_create(
            actor=dpo,
            activity=activity,
            description="Second main",
            is_main=True,
            legal_basis=LegalBasis.CONSENT,
        )
    services.purpose_update(actor=dpo, purpose=purpose, legal_basis=LegalBasis.LEGAL_OBLIGATION)
    (update,) = events(organisation, "purpose.update")
    assert update.before == {"legal_basis": "public_task"}
    assert update.after == {"legal_basis": "legal_obligation"}
    services.purpose_delete(actor=dpo, purpose=purpose)
    (delete,) = events(organisation, "purpose.delete")
    assert delete.before["description"] == "Care"
    assert delete.after is None
    assert not Purpose.objects.filter(activity=activity).exists()


def test_data_categories_with_retention(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation)
    categories = services.data_categories_ensure(organisation=organisation)
    row = services.activity_data_category_add(
        actor=dpo,
        activity=activity,
        category=categories["health.medical_record"],
        retention_duration=20,
        retention_unit="years",
        retention_start="last_stay",
        retention_rule="medical_record_hospital",
        source="health_professional",
    )
    (event,) = events(organisation, "activity_data_category.create")
    assert event.after["retention_rule"] == "medical_record_hospital"
    assert event.after["activity"] == activity.pk
    services.activity_data_category_update(actor=dpo, data_category=row, retention_duration=25)
    assert events(organisation, "activity_data_category.update")[0].after == {
        "retention_duration": 25
    }
    services.activity_data_category_remove(actor=dpo, data_category=row)
    assert not ActivityDataCategory.objects.filter(activity=activity).exists()


def test_other_details_are_recorded(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation)
    vendor = VendorFactory(organisation=organisation)
    recipient = services.recipient_add(
        actor=dpo,
        activity=activity,
        kind=RecipientKind.PROCESSOR,
        name="EDC provider",
        vendor=vendor,
    )
    services.transfer_add(
        actor=dpo, activity=activity, country="US", recipient=recipient, vendor=vendor, tool="scc_2"
    )
    services.activity_security_measure_add(
        actor=dpo, activity=activity, measure="pseudonymisation", detail="SHA-256 keyed"
    )
    services.joint_controller_add(
        actor=dpo, activity=activity, name="University", arrangement_summary="Shared roles"
    )
    services.controller_served_add(
        actor=dpo, activity=activity, name="Clinic", processing_categories="Tests"
    )
    with pytest.raises(ValidationError):
        services.activity_security_measure_add(actor=dpo, activity=activity, measure="magic")
    assert list(vendor_activities_list(vendor=vendor)) == [activity]
    actions = {e.action for e in AuditEvent.objects.filter(organisation=organisation)}
    assert {
        "recipient.create",
        "transfer.create",
        "security_measure.create",
        "joint_controller.create",
        "controller_served.create",
    } <= actions


def test_links_to_another_organisation_are_refused_and_nothing_is_written(
    organisation, other_organisation, dpo
):
    activity = ProcessingActivityFactory(organisation=organisation)
    foreign_vendor = VendorFactory(organisation=other_organisation)
    foreign_category = DataCategoryFactory(organisation=other_organisation)
    foreign_system = InformationSystemFactory(organisation=other_organisation)
    foreign_subjects = DataSubjectCategoryFactory(organisation=other_organisation)
    own_vendor = VendorFactory(organisation=organisation)
    before = AuditEvent.objects.count()

    attempts = [
        lambda: services.activity_data_category_add(
            actor=dpo, activity=activity, category=foreign_category
        ),
        lambda: services.recipient_add(
            actor=dpo,
            activity=activity,
            kind=RecipientKind.PROCESSOR,
            name="x",
            vendor=foreign_vendor,
        ),
        lambda: services.transfer_add(
            actor=dpo, activity=activity, country="US", vendor=foreign_vendor
        ),
        lambda: services.processing_activity_set_systems(
            actor=dpo, activity=activity, systems=[foreign_system]
        ),
        lambda: services.processing_activity_set_data_subjects(
            actor=dpo, activity=activity, categories=[foreign_subjects]
        ),
        lambda: services.information_system_create(
            actor=dpo, organisation=organisation, name="PACS", vendor=foreign_vendor
        ),
        lambda: services.vendor_set_sub_processors(
            actor=dpo, vendor=own_vendor, sub_processors=[foreign_vendor]
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()

    assert AuditEvent.objects.count() == before
    assert not ActivityDataCategory.objects.filter(activity=activity).exists()
    assert not Recipient.objects.filter(activity=activity).exists()
    assert not Transfer.objects.filter(activity=activity).exists()
    assert not activity.systems.exists()
    assert not activity.data_subjects.exists()
    assert not own_vendor.sub_processors.exists()


def test_systems_and_data_subjects_are_set_with_audit(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation)
    system = InformationSystemFactory(organisation=organisation)
    subjects = services.data_subject_categories_ensure(organisation=organisation)
    services.processing_activity_set_systems(actor=dpo, activity=activity, systems=[system])
    services.processing_activity_set_data_subjects(
        actor=dpo, activity=activity, categories=[subjects["patients"], subjects["relatives"]]
    )
    (event,) = events(organisation, "processing_activity.set_data_subjects")
    assert event.before == {"data_subjects": []}
    assert event.after == {"data_subjects": ["patients", "relatives"]}
    assert list(activity.systems.all()) == [system]


def test_detail_writes_touch_the_activity(organisation, dpo, clock):
    activity = ProcessingActivityFactory(organisation=organisation)
    purpose = PurposeFactory(activity=activity)
    clock.advance(timedelta(hours=3))
    services.purpose_update(actor=dpo, purpose=purpose, description="Reworded", clock=clock)
    activity.refresh_from_db()
    assert activity.updated_at == clock.now()
