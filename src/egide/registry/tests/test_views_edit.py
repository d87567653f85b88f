"""Creating an activity (blank or from a template), editing its main fields, who may do it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.models import AuditEvent
from egide.core.testing import db_snapshot, snapshot_changes
from egide.registry.choices import ActivityStatus, RecordKind
from egide.registry.models import ProcessingActivity
from egide.registry.tests.factories import (
    DataSubjectCategoryFactory,
    InformationSystemFactory,
    ProcessingActivityFactory,
)

pytestmark = pytest.mark.django_db


def _create_url(organisation):
    return reverse("registry:activity_create", kwargs={"org": organisation.slug})


def _edit_url(activity):
    return reverse(
        "registry:activity_edit",
        kwargs={"org": activity.organisation.slug, "activity_id": activity.pk},
    )


def _activities(organisation):
    return ProcessingActivity.objects.for_organisation(organisation)


def _main_fields(activity, **changes):
    data = {
        "reference": activity.reference,
        "name": activity.name,
        "description": activity.description,
        "record_kind": activity.record_kind,
        "review_on": "",
        "representative": "",
        "data_subject_count": "",
    }
    data.update(changes)
    return data


def test_the_create_page_offers_the_template_library(login, dpo, organisation):
    response = login(dpo).get(_create_url(organisation) + "?template=cctv")
    assert response.status_code == 200
    options = {o["code"]: o for o in response.context["options"]}
    assert {"patient_administration", "cctv", "payroll"} <= set(options)
    assert options["cctv"]["checked"]
    assert options["patient_administration"]["suggested"]  # the organisation is a hospital


def test_create_a_blank_activity(login, dpo, organisation):
    response = login(dpo).post(
        _create_url(organisation),
        {"template": "", "name": "Visitor badges", "record_kind": RecordKind.CONTROLLER},
    )
    activity = _activities(organisation).get()
    assert response.status_code == 302
    assert response["Location"] == _edit_url(activity)
    assert (activity.name, activity.reference, activity.status) == (
        "Visitor badges",
        "T-001",
        ActivityStatus.DRAFT,
    )
    assert activity.owner is None  # the DPO chose nobody
    actions = set(
        AuditEvent.objects.for_organisation(organisation).values_list("action", flat=True)
    )
    assert "processing_activity.create" in actions


def test_create_from_a_template_fills_the_activity(login, dpo, organisation):
    response = login(dpo).post(
        _create_url(organisation), {"template": "cctv", "name": "", "record_kind": "controller"}
    )
    assert response.status_code == 302
    activity = _activities(organisation).get()
    assert activity.template_code == "cctv"
    assert activity.purposes.exists()
    assert activity.data_categories.exists()
    assert activity.security_measures.exists()


def test_a_contributor_owns_what_they_create(login, member_factory, organisation):
    contributor = member_factory("contributor")
    response = login(contributor).get(_create_url(organisation))
    assert "owner" not in response.context["form"].fields
    login(contributor).post(
        _create_url(organisation), {"name": "Satisfaction survey", "record_kind": "controller"}
    )
    assert _activities(organisation).get().owner == contributor


def test_create_without_a_name_or_template_shows_the_error_and_writes_nothing(
    login, dpo, organisation
):
    client = login(dpo)
    before = db_snapshot()
    response = client.post(_create_url(organisation), {"name": "", "record_kind": "controller"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert snapshot_changes(before, db_snapshot()) == []


def test_a_taken_reference_is_refused_on_its_field(login, dpo, organisation):
    ProcessingActivityFactory(organisation=organisation, reference="T-007")
    response = login(dpo).post(
        _create_url(organisation),
        {"name": "Another", "reference": "T-007", "record_kind": "controller"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert _activities(organisation).count() == 1


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_cannot_create(login, member_factory, organisation, role):
    client = login(member_factory(role))
    assert client.get(_create_url(organisation)).status_code == 403
    response = client.post(_create_url(organisation), {"name": "X", "record_kind": "controller"})
    assert response.status_code == 403
    assert not _activities(organisation).exists()


def test_edit_the_main_fields_data_subjects_and_systems(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation, name="Old name")
    subjects = DataSubjectCategoryFactory(organisation=organisation)
    system = InformationSystemFactory(organisation=organisation)
    data = _main_fields(
        activity,
        name="New name",
        review_on="2026-06-30",
        large_scale="on",
        data_subjects=[subjects.pk],
        systems=[system.pk],
    )
    response = login(dpo).post(_edit_url(activity), data)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.name == "New name"
    assert str(activity.review_on) == "2026-06-30"
    assert activity.large_scale
    assert list(activity.data_subjects.all()) == [subjects]
    assert list(activity.systems.all()) == [system]
    event = AuditEvent.objects.for_organisation(organisation).get(
        action="processing_activity.update"
    )
    assert event.before["name"] == "Old name"
    assert event.after["name"] == "New name"


def test_invalid_edit_shows_errors_per_field_and_writes_nothing(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation, name="Kept")
    client = login(dpo)
    before = db_snapshot()
    response = client.post(
        _edit_url(activity), _main_fields(activity, name="", data_subject_count="-3")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "data_subject_count"}
    assert snapshot_changes(before, db_snapshot()) == []


def test_the_edit_page_shows_a_section_per_list(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    response = login(dpo).get(_edit_url(activity))
    keys = [section.key for section in response.context["sections"]]
    assert keys == [
        "purposes",
        "data_categories",
        "recipients",
        "transfers",
        "security_measures",
        "joint_controllers",
    ]
    processor = ProcessingActivityFactory(
        organisation=organisation, record_kind=RecordKind.PROCESSOR
    )
    keys = [s.key for s in login(dpo).get(_edit_url(processor)).context["sections"]]
    assert keys == ["controllers_served", "transfers", "security_measures"]


def test_a_contributor_edits_only_their_own_activities(login, member_factory, organisation):
    contributor = member_factory("contributor")
    own = ProcessingActivityFactory(organisation=organisation, owner=contributor, name="Mine")
    other = ProcessingActivityFactory(organisation=organisation, name="Not mine")
    client = login(contributor)
    assert client.get(_edit_url(own)).status_code == 200
    assert "owner" not in client.get(_edit_url(own)).context["form"].fields
    assert client.get(_edit_url(other)).status_code == 403
    before = db_snapshot()
    response = client.post(_edit_url(other), _main_fields(other, name="Taken over"))
    assert response.status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []
    response = client.post(_edit_url(own), _main_fields(own, name="Still mine"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "Still mine"


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_cannot_edit(login, member_factory, organisation, role):
    activity = ProcessingActivityFactory(organisation=organisation, name="Kept")
    client = login(member_factory(role))
    assert client.get(_edit_url(activity)).status_code == 403
    before = db_snapshot()
    assert client.post(_edit_url(activity), _main_fields(activity, name="X")).status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []


def test_the_assistant_edits_any_activity_and_chooses_its_owner(
    login, member_factory, organisation
):
    assistant = member_factory("dpo_assistant")
    contributor = member_factory("contributor")
    activity = ProcessingActivityFactory(organisation=organisation)
    response = login(assistant).post(
        _edit_url(activity), _main_fields(activity, owner=contributor.pk)
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.owner == contributor


def test_an_owner_from_another_organisation_is_refused(
    login, dpo, organisation, other_organisation, member_factory
):
    stranger = member_factory("dpo", org=other_organisation)
    activity = ProcessingActivityFactory(organisation=organisation)
    response = login(dpo).post(_edit_url(activity), _main_fields(activity, owner=stranger.pk))
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.owner is None
