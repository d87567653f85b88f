"""The register's API, who may do what on activities: contributors only on what they own, readers
read, managers validate; tokens and sessions reach only their own organisation."""

from __future__ import annotations

import pytest

from egide.accounts.tests.factories import MembershipFactory
from egide.registry.choices import ActivityStatus
from egide.registry.models import ProcessingActivity
from egide.registry.tests.api_client import (
    events_since,
    fields_of,
    last_event_id,
    registry_url,
    token_client,
)
from egide.registry.tests.factories import ProcessingActivityFactory


def test_contributor_edits_only_activities_they_own(organisation, dpo, member_factory):
    contributor = member_factory("contributor")
    theirs = ProcessingActivityFactory(organisation=organisation, owner=contributor, name="A")
    others = ProcessingActivityFactory(organisation=organisation, owner=dpo, name="B")
    client = token_client(contributor, organisation)
    since = last_event_id()
    refused = client.patch(
        registry_url(organisation, "activities", others.pk), {"name": "Changed"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    submit = client.post(registry_url(organisation, "activities", others.pk, "submit"))
    assert submit.status_code == 403
    others.refresh_from_db()
    assert (others.name, others.status) == ("B", ActivityStatus.DRAFT)
    assert events_since(since) == []
    allowed = client.patch(
        registry_url(organisation, "activities", theirs.pk), {"name": "Changed"}, format="json"
    )
    assert allowed.status_code == 200


def test_assistant_edits_every_activity(organisation, dpo, member_factory):
    assistant = member_factory("dpo_assistant")
    activity = ProcessingActivityFactory(organisation=organisation, owner=dpo)
    response = token_client(assistant, organisation).patch(
        registry_url(organisation, "activities", activity.pk), {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["auditor", "manager"])
def test_readers_read_and_write_nothing(organisation, member_factory, role):
    reader = member_factory(role)
    activity = ProcessingActivityFactory(organisation=organisation, owner=reader, name="Same")
    client = token_client(reader, organisation)
    assert client.get(registry_url(organisation, "activities", activity.pk)).status_code == 200
    since = last_event_id()
    create = client.post(registry_url(organisation, "activities"), {"name": "X"}, format="json")
    change = client.patch(
        registry_url(organisation, "activities", activity.pk), {"name": "Y"}, format="json"
    )
    assert (create.status_code, change.status_code) == (403, 403)
    assert ProcessingActivity.objects.for_organisation(organisation).get().name == "Same"
    assert events_since(since) == []


def test_status_workflow_by_role(organisation, dpo, member_factory):
    contributor, manager = member_factory("contributor"), member_factory("manager")
    assistant = member_factory("dpo_assistant")
    activity = ProcessingActivityFactory(organisation=organisation, owner=contributor)

    def post(user, step):
        return token_client(user, organisation).post(
            registry_url(organisation, "activities", activity.pk, step)
        )

    assert post(contributor, "submit").json()["status"] == "in_review"
    assert post(contributor, "validate").status_code == 403
    assert post(assistant, "validate").status_code == 403
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_REVIEW
    validated = post(manager, "validate")
    assert validated.status_code == 200
    assert validated.json()["validated_by"]["id"] == manager.pk
    assert post(dpo, "archive").json()["status"] == "archived"
    assert post(dpo, "restore").json()["status"] == "draft"


def test_a_step_the_status_does_not_allow_is_a_400(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation)
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = client.post(registry_url(organisation, "activities", activity.pk, "restore"))
    assert "non_field_errors" in fields_of(response)
    assert events_since(since) == []


def test_a_token_reaches_only_its_own_organisation(organisation, other_organisation, dpo):
    MembershipFactory(user=dpo, organisation=other_organisation, role="dpo")
    theirs = ProcessingActivityFactory(organisation=other_organisation, name="Autre")
    client = token_client(dpo, organisation)
    assert client.get(registry_url(other_organisation, "activities")).status_code == 404
    response = client.patch(
        registry_url(other_organisation, "activities", theirs.pk), {"name": "X"}, format="json"
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Autre"


def test_another_organisations_activity_is_not_found(organisation, other_organisation, dpo):
    theirs = ProcessingActivityFactory(organisation=other_organisation)
    client = token_client(dpo, organisation)
    response = client.get(registry_url(organisation, "activities", theirs.pk))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_outsider_gets_404_and_changes_nothing(organisation, outsider, other_organisation):
    activity = ProcessingActivityFactory(organisation=organisation, name="Secret")
    client = token_client(outsider, other_organisation)
    since = last_event_id()
    response = client.patch(
        registry_url(organisation, "activities", activity.pk), {"name": "X"}, format="json"
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert activity.name == "Secret"
    assert events_since(since) == []


def test_session_users_reach_the_api_too(organisation, dpo, client, login):
    ProcessingActivityFactory(organisation=organisation)
    login(dpo)
    response = client.get(registry_url(organisation, "activities"))
    assert response.status_code == 200
    assert response.json()["count"] == 1
