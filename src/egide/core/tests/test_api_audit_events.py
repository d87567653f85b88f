"""The audit trail endpoint: the organisation's events only, newest first, filtered, paginated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from egide.accounts.models import Membership
from egide.accounts.services import api_token_create
from egide.core.audit import audit_record
from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent

EVENTS = "/api/v1/o/chu-test/audit-events/"
T0 = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def client_for(user, organisation) -> APIClient:
    role = Membership.objects.get(user=user, organisation=organisation).role
    _, key = api_token_create(actor=user, organisation=organisation, name="t", role=role)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def trail(organisation, other_organisation, dpo):
    """Three events in A one hour apart (after the token event), one in B."""
    clock = FrozenClock(T0)
    for action, object_type in [
        ("record.create", "registry.record"),
        ("record.update", "registry.record"),
        ("membership.grant", "accounts.membership"),
    ]:
        audit_record(
            actor=dpo,
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id="1",
            clock=clock,
        )
        clock.advance(timedelta(hours=1))
    audit_record(actor=dpo, organisation=other_organisation, action="record.create", clock=clock)
    return organisation


def actions(response) -> list[str]:
    return [event["action"] for event in response.json()["results"]]


def test_list_is_newest_first_and_only_this_organisation(trail, dpo):
    client = client_for(dpo, trail)
    response = client.get(EVENTS)
    assert response.status_code == 200
    assert actions(response)[1:] == ["membership.grant", "record.update", "record.create"]
    assert actions(response)[0] == "api_token.create"
    ids = {event["id"] for event in response.json()["results"]}
    assert ids == set(AuditEvent.objects.filter(organisation=trail).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=record.update", ["record.update"]),
        ("object_type=registry.record", ["record.update", "record.create"]),
        ("since=2026-01-15T10:00:00Z&until=2026-01-15T11:00:00Z", ["record.update"]),
        ("since=2026-01-15T10:00:00Z&object_type=registry.record", ["record.update"]),
        ("until=2026-01-15T09:00:00Z", []),
    ],
)
def test_filters(trail, dpo, query, expected):
    response = client_for(dpo, trail).get(f"{EVENTS}?{query}")
    assert response.status_code == 200
    assert actions(response) == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("since=yesterday", "since"),
        ("until=2026-13-45T00:00:00Z", "until"),
        ("since=2026-01-15T11:00:00Z&until=2026-01-15T10:00:00Z", "until"),
    ],
)
def test_bad_filters_are_a_400(trail, dpo, query, field):
    response = client_for(dpo, trail).get(f"{EVENTS}?{query}")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_retrieve_one_event_and_not_another_organisations(trail, dpo, other_organisation):
    client = client_for(dpo, trail)
    mine = AuditEvent.objects.filter(organisation=trail, action="record.update").get()
    response = client.get(f"{EVENTS}{mine.pk}/")
    assert response.status_code == 200
    assert response.json()["hash"] == mine.hash
    assert response.json()["actor"] == dpo.pk
    theirs = AuditEvent.objects.filter(organisation=other_organisation).get()
    assert client.get(f"{EVENTS}{theirs.pk}/").status_code == 404


def test_pagination_page_size_and_its_cap(trail, dpo):
    client = client_for(dpo, trail)
    first = client.get(f"{EVENTS}?page_size=2").json()
    assert first["count"] == 4
    assert len(first["results"]) == 2
    assert first["next"].endswith("page=2&page_size=2")
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert second["next"] is None
    assert client.get(f"{EVENTS}?page=9").status_code == 404
    from egide.core.api_defaults import Pagination

    assert Pagination.max_page_size == 500


@pytest.mark.parametrize("role", ["contributor"])
def test_roles_without_audit_access_are_refused(trail, member_factory, role):
    response = client_for(member_factory(role), trail).get(EVENTS)
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant", "manager", "auditor"])
def test_roles_with_audit_access_read_it(trail, member_factory, role):
    assert client_for(member_factory(role), trail).get(EVENTS).status_code == 200


def test_the_trail_cannot_be_written(trail, dpo):
    client = client_for(dpo, trail)
    before = AuditEvent.objects.count()
    event = AuditEvent.objects.filter(organisation=trail).first()
    assert client.post(EVENTS, {"action": "forged"}, format="json").status_code == 403
    assert client.delete(f"{EVENTS}{event.pk}/").status_code == 403
    assert AuditEvent.objects.count() == before
