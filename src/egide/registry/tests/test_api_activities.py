"""The register's API, activities: list and filters, the full record, create (blank or from a template)
and change, with bad input refused field by field."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from egide.accounts.tests.factories import MembershipFactory
from egide.registry import services
from egide.registry.choices import ActivityStatus, LegalBasis, RecordKind
from egide.registry.compliance import compliance_recompute
from egide.registry.models import DataSubjectCategory, ProcessingActivity
from egide.registry.tests.api_client import (
    events_since,
    fields_of,
    last_event_id,
    registry_url,
    token_client,
)
from egide.registry.tests.factories import (
    InformationSystemFactory,
    ProcessingActivityFactory,
    PurposeFactory,
)


def test_list_shows_live_activities_with_their_bases(organisation, dpo):
    live = ProcessingActivityFactory(organisation=organisation, reference="T-001", owner=dpo)
    PurposeFactory(activity=live, legal_basis=LegalBasis.PUBLIC_TASK)
    PurposeFactory(activity=live, legal_basis=LegalBasis.CONSENT)
    ProcessingActivityFactory(
        organisation=organisation, reference="T-002", status=ActivityStatus.ARCHIVED
    )
    response = token_client(dpo, organisation).get(registry_url(organisation, "activities"))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["reference"] == "T-001"
    assert row["legal_bases"] == ["consent", "public_task"]
    assert row["owner"]["email"] == dpo.email


def test_list_filters_by_status_kind_basis_and_search(organisation, dpo):
    cctv = ProcessingActivityFactory(organisation=organisation, name="Vidéoprotection")
    PurposeFactory(activity=cctv, legal_basis=LegalBasis.LEGITIMATE_INTERESTS)
    ProcessingActivityFactory(
        organisation=organisation, name="Analyses pour cliniques", record_kind=RecordKind.PROCESSOR
    )
    ProcessingActivityFactory(
        organisation=organisation, name="Ancien logiciel", status=ActivityStatus.ARCHIVED
    )
    client = token_client(dpo, organisation)
    url = registry_url(organisation, "activities")

    def names(**params):
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        return [row["name"] for row in response.json()["results"]]

    assert names(search="vidéo") == ["Vidéoprotection"]
    assert names(record_kind="processor") == ["Analyses pour cliniques"]
    assert names(legal_basis="legitimate_interests") == ["Vidéoprotection"]
    assert names(status="archived") == ["Ancien logiciel"]
    assert len(names()) == 2


def test_list_refuses_unknown_filter_values_with_the_fields(organisation, dpo):
    response = token_client(dpo, organisation).get(
        registry_url(organisation, "activities"), {"status": "lost", "owner": "me"}
    )
    assert set(fields_of(response)) == {"status", "owner"}


# The token, the membership, the count, the page with owners, the page's purposes.
EXPECTED_LIST_QUERIES = 5


@pytest.mark.parametrize("count", [5, 50])
def test_list_runs_the_same_queries_for_5_or_50_activities(organisation, dpo, count):
    client = token_client(dpo, organisation)
    url = registry_url(organisation, "activities")
    client.get(url)  # the token's first use is stamped once
    for _ in range(count):
        PurposeFactory(activity=ProcessingActivityFactory(organisation=organisation, owner=dpo))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.json()["count"] == count
    assert len(queries) == EXPECTED_LIST_QUERIES, [q["sql"] for q in queries]


def test_record_from_a_template_is_complete_with_its_controller_and_findings(organisation, dpo):
    services.dpo_designation_set(
        actor=dpo,
        organisation=organisation,
        kind="internal",
        person_name="Claire Martin",
        email="dpo@chu-test.fr",
        designated_on="2024-01-02",
    )
    activity = services.processing_activity_instantiate_template(
        actor=dpo, organisation=organisation, template_code="electronic_patient_record"
    )
    compliance_recompute(organisation=organisation)
    response = token_client(dpo, organisation).get(
        registry_url(organisation, "activities", activity.pk)
    )
    assert response.status_code == 200
    record = response.json()
    assert record["controller"]["name"] == "CHU de Test"
    assert record["controller"]["dpo"]["person_name"] == "Claire Martin"
    assert record["template_code"] == "electronic_patient_record"
    assert record["purposes"]
    assert all(p["legal_basis"] for p in record["purposes"])
    medical = next(d for d in record["data_categories"] if d["category"] == "health.medical_record")
    assert medical["is_health"] is True
    assert (medical["retention_duration"], medical["retention_unit"]) == (20, "years")
    assert all([record["data_subjects"], record["recipients"], record["security_measures"]])
    assert {f["rule_id"] for f in record["findings"]} == {
        f.rule_id for f in activity.compliance_findings.all()
    }
    assert all(f["activity"] == activity.reference for f in record["findings"])


def test_dpo_creates_a_blank_activity_audited_in_their_name(organisation, dpo, member_factory):
    owner = member_factory("contributor")
    since = last_event_id()
    response = token_client(dpo, organisation).post(
        registry_url(organisation, "activities"),
        {"name": "Gestion des plaintes", "owner": owner.pk, "review_on": "2027-01-31"},
        format="json",
    )
    assert response.status_code == 201, response.content
    created = ProcessingActivity.objects.for_organisation(organisation).get()
    assert created.name == "Gestion des plaintes"
    assert created.owner == owner
    assert created.status == ActivityStatus.DRAFT
    assert response.json()["id"] == created.pk
    assert ("processing_activity.create", dpo.pk) in events_since(since)


def test_create_from_a_template(organisation, dpo):
    response = token_client(dpo, organisation).post(
        registry_url(organisation, "activities"),
        {"from_template": "cctv", "reference": "VID-1"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["reference"], body["template_code"]) == ("VID-1", "cctv")
    assert all([body["purposes"], body["data_categories"]])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"from_template": "nope"}, "from_template"),
        ({"name": "X", "record_kind": "both"}, "record_kind"),
        ({"name": "X", "data_subject_count": -1}, "data_subject_count"),
        ({"name": "X", "owner": 999999}, "owner"),
        ({"name": "X", "reference": "x" * 21}, "reference"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(organisation, dpo, payload, field):
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = client.post(registry_url(organisation, "activities"), payload, format="json")
    assert field in fields_of(response)
    assert not ProcessingActivity.objects.for_organisation(organisation).exists()
    assert events_since(since) == []


def test_a_duplicate_reference_is_a_field_error(organisation, dpo):
    ProcessingActivityFactory(organisation=organisation, reference="T-001")
    response = token_client(dpo, organisation).post(
        registry_url(organisation, "activities"),
        {"name": "Doublon", "reference": "T-001"},
        format="json",
    )
    assert response.status_code == 400
    assert ProcessingActivity.objects.for_organisation(organisation).count() == 1


def test_the_owner_must_be_a_member_of_this_organisation(organisation, other_organisation, dpo):
    stranger = MembershipFactory(organisation=other_organisation, role="contributor").user
    response = token_client(dpo, organisation).post(
        registry_url(organisation, "activities"),
        {"name": "X", "owner": stranger.pk},
        format="json",
    )
    assert "owner" in fields_of(response)


def test_contributor_owns_what_they_create_and_cannot_give_it_away(
    organisation, dpo, member_factory
):
    contributor = member_factory("contributor")
    client = token_client(contributor, organisation)
    url = registry_url(organisation, "activities")
    response = client.post(url, {"name": "Registre des badges"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["owner"]["id"] == contributor.pk
    refused = client.post(url, {"name": "Autre", "owner": dpo.pk}, format="json")
    assert "owner" in fields_of(refused)
    assert ProcessingActivity.objects.for_organisation(organisation).count() == 1


def test_partial_update_changes_fields_subjects_and_systems(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation, name="Ancien nom")
    system = InformationSystemFactory(organisation=organisation, name="DPI")
    since = last_event_id()
    response = token_client(dpo, organisation).patch(
        registry_url(organisation, "activities", activity.pk),
        {
            "name": "Dossier patient",
            "large_scale": True,
            "data_subjects": ["patients", "patients"],
            "systems": [system.pk],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Dossier patient"
    assert [s["code"] for s in body["data_subjects"]] == ["patients"]
    assert [s["name"] for s in body["systems"]] == ["DPI"]
    activity.refresh_from_db()
    assert activity.large_scale is True
    actions = [action for action, actor in events_since(since) if actor == dpo.pk]
    assert "processing_activity.update" in actions
    assert "processing_activity.set_data_subjects" in actions
    assert "processing_activity.set_systems" in actions


def test_an_unknown_data_subject_refuses_the_whole_change(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation, name="Avant")
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = client.patch(
        registry_url(organisation, "activities", activity.pk),
        {"name": "Après", "data_subjects": ["patients", "martians"]},
        format="json",
    )
    assert fields_of(response)["data_subjects"] == ["Unknown data subject category martians."]
    activity.refresh_from_db()
    assert activity.name == "Avant"
    assert events_since(since) == []
    assert not DataSubjectCategory.objects.for_organisation(organisation).exists()
