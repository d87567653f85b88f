"""The register's API, the rows an activity records: added through the activity, then changed and
removed at their own address; every write audited, bad input refused with the fields, contributors
limited to the activities they own."""

from __future__ import annotations

import pytest

from egide.registry.models import (
    ActivityDataCategory,
    DataCategory,
    Purpose,
    Recipient,
    Transfer,
)
from egide.registry.tests.api_client import (
    events_since,
    fields_of,
    last_event_id,
    registry_url,
    token_client,
)
from egide.registry.tests.factories import (
    ActivitySecurityMeasureFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    VendorFactory,
)


@pytest.fixture
def activity(organisation, dpo):
    return ProcessingActivityFactory(organisation=organisation, owner=dpo)


def test_purpose_added_changed_and_removed_each_audited(organisation, dpo, activity):
    client = token_client(dpo, organisation)
    since = last_event_id()
    added = client.post(
        registry_url(organisation, "activities", activity.pk, "purposes"),
        {"description": "Prise en charge", "legal_basis": "public_task", "is_main": True},
        format="json",
    )
    assert added.status_code == 201, added.content
    purpose = Purpose.objects.filter(activity=activity).get()
    assert added.json()["id"] == purpose.pk
    changed = client.patch(
        registry_url(organisation, "purposes", purpose.pk),
        {"special_category_condition": "health_care"},
        format="json",
    )
    assert changed.json()["special_category_condition"] == "health_care"
    assert client.get(registry_url(organisation, "purposes", purpose.pk)).status_code == 200
    removed = client.delete(registry_url(organisation, "purposes", purpose.pk))
    assert removed.status_code == 204
    assert not Purpose.objects.filter(activity=activity).exists()
    actions = [action for action, actor in events_since(since) if actor == dpo.pk]
    assert actions == ["purpose.create", "purpose.update", "purpose.delete"]


def test_a_built_in_data_category_is_recorded_by_code(organisation, dpo, activity):
    response = token_client(dpo, organisation).post(
        registry_url(organisation, "activities", activity.pk, "data-categories"),
        {
            "category": "health.medical_record",
            "retention_duration": 20,
            "retention_unit": "years",
            "retention_start": "last_stay",
            "retention_rule": "medical_record_hospital",
            "source": "health_professional",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["category"], body["is_health"], body["retention_duration"]) == (
        "health.medical_record",
        True,
        20,
    )
    row = ActivityDataCategory.objects.filter(activity=activity).get()
    assert row.category.code == "health.medical_record"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"category": "martian.data"}, "category"),
        ({"category": "identity", "retention_duration": 5}, "retention_unit"),
        ({"category": "identity", "retention_rule": "forever"}, "retention_rule"),
        ({"category": "identity", "retention_unit": "weeks"}, "retention_unit"),
    ],
)
def test_a_bad_data_category_writes_nothing_not_even_the_taxonomy(
    organisation, dpo, activity, payload, field
):
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = client.post(
        registry_url(organisation, "activities", activity.pk, "data-categories"),
        payload,
        format="json",
    )
    assert field in fields_of(response)
    assert not DataCategory.objects.for_organisation(organisation).exists()
    assert events_since(since) == []


def test_recipient_and_transfer_name_the_organisations_own_vendor(
    organisation, other_organisation, dpo, activity
):
    vendor = VendorFactory(organisation=organisation, name="Hébergeur")
    foreign = VendorFactory(organisation=other_organisation)
    client = token_client(dpo, organisation)
    refused = client.post(
        registry_url(organisation, "activities", activity.pk, "recipients"),
        {"kind": "processor", "name": "Hébergeur", "vendor": foreign.pk},
        format="json",
    )
    assert fields_of(refused)["vendor"] == [f'Unknown id "{foreign.pk}".']
    added = client.post(
        registry_url(organisation, "activities", activity.pk, "recipients"),
        {"kind": "processor", "name": "Hébergeur", "vendor": vendor.pk},
        format="json",
    )
    assert added.status_code == 201, added.content
    assert added.json()["vendor_name"] == "Hébergeur"
    transfer = client.post(
        registry_url(organisation, "activities", activity.pk, "transfers"),
        {"country": "US", "recipient": added.json()["id"], "vendor": vendor.pk, "tool": "scc_2"},
        format="json",
    )
    assert transfer.status_code == 201, transfer.content
    assert Transfer.objects.filter(activity=activity).get().recipient_id == added.json()["id"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "us"}, "country"),
        ({"country": "US", "derogation": "a"}, "derogation"),
        ({"country": "US", "tool": "derogation"}, "derogation"),
        ({"country": "US", "tia_on": "yesterday"}, "tia_on"),
    ],
)
def test_a_bad_transfer_is_refused_with_its_field(organisation, dpo, activity, payload, field):
    response = token_client(dpo, organisation).post(
        registry_url(organisation, "activities", activity.pk, "transfers"), payload, format="json"
    )
    assert field in fields_of(response)
    assert not Transfer.objects.filter(activity=activity).exists()


def test_a_transfer_names_a_recipient_of_the_same_activity(organisation, dpo, activity):
    elsewhere = RecipientFactory(activity=ProcessingActivityFactory(organisation=organisation))
    response = token_client(dpo, organisation).post(
        registry_url(organisation, "activities", activity.pk, "transfers"),
        {"country": "US", "recipient": elsewhere.pk, "tool": "scc_2"},
        format="json",
    )
    assert "recipient" in fields_of(response)


def test_security_measures_come_from_the_catalogue_and_change_only_in_detail(
    organisation, dpo, activity
):
    client = token_client(dpo, organisation)
    url = registry_url(organisation, "activities", activity.pk, "security-measures")
    assert "measure" in fields_of(client.post(url, {"measure": "magic"}, format="json"))
    added = client.post(url, {"measure": "encryption_at_rest", "detail": "AES"}, format="json")
    assert added.status_code == 201, added.content
    assert added.json()["label"]
    changed = client.patch(
        registry_url(organisation, "security-measures", added.json()["id"]),
        {"detail": "AES-256, keys in an HSM", "measure": "backup"},
        format="json",
    )
    assert changed.json()["measure"] == "encryption_at_rest"
    assert changed.json()["detail"] == "AES-256, keys in an HSM"


def test_joint_controllers_and_controllers_served(organisation, dpo, activity):
    client = token_client(dpo, organisation)
    joint = client.post(
        registry_url(organisation, "activities", activity.pk, "joint-controllers"),
        {"name": "GCS e-santé", "arrangement_summary": "Each answers its requests."},
        format="json",
    )
    served = client.post(
        registry_url(organisation, "activities", activity.pk, "controllers-served"),
        {"name": "Clinique du Parc", "processing_categories": "Biology tests"},
        format="json",
    )
    assert (joint.status_code, served.status_code) == (201, 201)
    record = client.get(registry_url(organisation, "activities", activity.pk)).json()
    assert [j["name"] for j in record["joint_controllers"]] == ["GCS e-santé"]
    assert [c["name"] for c in record["controllers_served"]] == ["Clinique du Parc"]


def test_contributor_changes_rows_of_their_own_activities_only(organisation, dpo, member_factory):
    contributor = member_factory("contributor")
    mine = ProcessingActivityFactory(organisation=organisation, owner=contributor)
    others = ProcessingActivityFactory(organisation=organisation, owner=dpo)
    their_purpose = PurposeFactory(activity=others, description="Kept")
    client = token_client(contributor, organisation)
    since = last_event_id()
    add = client.post(
        registry_url(organisation, "activities", others.pk, "purposes"),
        {"description": "X", "legal_basis": "consent"},
        format="json",
    )
    change = client.patch(
        registry_url(organisation, "purposes", their_purpose.pk), {"description": "Y"}
    )
    remove = client.delete(registry_url(organisation, "purposes", their_purpose.pk))
    assert (add.status_code, change.status_code, remove.status_code) == (403, 403, 403)
    their_purpose.refresh_from_db()
    assert their_purpose.description == "Kept"
    assert Purpose.objects.filter(activity=others).count() == 1
    assert events_since(since) == []
    own = client.post(
        registry_url(organisation, "activities", mine.pk, "purposes"),
        {"description": "Badges", "legal_basis": "legitimate_interests"},
        format="json",
    )
    assert own.status_code == 201


def test_auditor_reads_rows_and_changes_none(organisation, dpo, member_factory, activity):
    auditor = member_factory("auditor")
    measure = ActivitySecurityMeasureFactory(activity=activity, detail="Kept")
    client = token_client(auditor, organisation)
    url = registry_url(organisation, "security-measures", measure.pk)
    assert client.get(url).json()["detail"] == "Kept"
    assert client.patch(url, {"detail": "No"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    measure.refresh_from_db()
    assert measure.detail == "Kept"


def test_rows_of_another_organisation_are_not_found(organisation, other_organisation, dpo):
    theirs = RecipientFactory(activity=ProcessingActivityFactory(organisation=other_organisation))
    client = token_client(dpo, organisation)
    url = registry_url(organisation, "recipients", theirs.pk)
    assert client.get(url).status_code == 404
    assert client.delete(url).status_code == 404
    assert Recipient.objects.filter(pk=theirs.pk, organisation=other_organisation).exists()
