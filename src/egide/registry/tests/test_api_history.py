"""The register's API, an activity's history (its audit events and its rows') and the side-by-side diff
of two versions."""

from __future__ import annotations

import pytest

from egide.registry import services
from egide.registry.choices import LegalBasis
from egide.registry.tests.api_client import fields_of, registry_url, token_client
from egide.registry.tests.factories import ProcessingActivityFactory


@pytest.fixture
def changed_activity(organisation, dpo):
    """Created, renamed, then given a purpose: three versions."""
    activity = services.processing_activity_create(
        actor=dpo, organisation=organisation, name="Accueil"
    )
    services.processing_activity_update(actor=dpo, activity=activity, name="Accueil des patients")
    services.purpose_create(
        actor=dpo, activity=activity, description="Admissions", legal_basis=LegalBasis.PUBLIC_TASK
    )
    return activity


def test_history_lists_the_activity_and_its_rows_newest_first(organisation, dpo, changed_activity):
    other = ProcessingActivityFactory(organisation=organisation)
    services.processing_activity_update(actor=dpo, activity=other, name="Not this one")
    response = token_client(dpo, organisation).get(
        registry_url(organisation, "activities", changed_activity.pk, "history")
    )
    assert response.status_code == 200
    events = response.json()["results"]
    assert [e["action"] for e in events] == [
        "purpose.create",
        "processing_activity.update",
        "processing_activity.create",
    ]
    assert events[1]["before"] == {"name": "Accueil"}
    assert events[1]["actor_label"] == dpo.email


@pytest.mark.parametrize(
    ("role", "status"), [("auditor", 200), ("manager", 200), ("contributor", 403)]
)
def test_history_is_for_those_who_read_the_audit_trail(
    organisation, member_factory, changed_activity, role, status
):
    client = token_client(member_factory(role), organisation)
    for step in ("history", "diff"):
        url = registry_url(organisation, "activities", changed_activity.pk, step)
        assert client.get(url).status_code == status


def test_diff_by_default_shows_the_last_change(organisation, dpo, changed_activity):
    response = token_client(dpo, organisation).get(
        registry_url(organisation, "activities", changed_activity.pk, "diff")
    )
    assert response.status_code == 200, response.content
    diff = response.json()
    assert diff["changed"] is True
    purposes = next(s for s in diff["sections"] if s["name"] == "purposes")
    assert [row["status"] for row in purposes["rows"]] == ["added"]
    assert purposes["rows"][0]["right"]["description"] == "Admissions"
    name = next(f for f in diff["fields"] if f["name"] == "name")
    assert name["left"] == name["right"] == "Accueil des patients"


def test_diff_between_two_chosen_versions(organisation, dpo, changed_activity):
    client = token_client(dpo, organisation)
    history = client.get(
        registry_url(organisation, "activities", changed_activity.pk, "history")
    ).json()["results"]
    created, latest = history[-1]["id"], history[0]["id"]
    diff = client.get(
        registry_url(organisation, "activities", changed_activity.pk, "diff"),
        {"from": created, "to": latest},
    ).json()
    assert (diff["from"], diff["to"]) == (created, latest)
    name = next(f for f in diff["fields"] if f["name"] == "name")
    assert (name["left"], name["right"], name["changed"]) == (
        "Accueil",
        "Accueil des patients",
        True,
    )


def test_diff_refuses_events_of_other_activities(organisation, dpo, changed_activity):
    other = services.processing_activity_create(actor=dpo, organisation=organisation, name="B")
    client = token_client(dpo, organisation)
    foreign_event = client.get(
        registry_url(organisation, "activities", other.pk, "history")
    ).json()["results"][0]["id"]
    url = registry_url(organisation, "activities", changed_activity.pk, "diff")
    assert fields_of(client.get(url, {"from": foreign_event}))["from"]
    assert "to" in fields_of(client.get(url, {"to": "latest"}))


def test_diff_of_an_activity_without_recorded_changes_is_a_400(organisation, dpo):
    activity = ProcessingActivityFactory(organisation=organisation)
    response = token_client(dpo, organisation).get(
        registry_url(organisation, "activities", activity.pk, "diff")
    )
    assert "non_field_errors" in fields_of(response)
