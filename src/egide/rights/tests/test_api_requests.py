"""The rights API: listing, recording (staff and a hospital's patient portal, with the Idempotency-Key),
reading and tenancy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from egide.core.clock import FrozenClock
from egide.registry.tests.api_client import events_since, fields_of, last_event_id, token_client
from egide.rights.api.base import RightsViewSet
from egide.rights.choices import Channel, IdentityStatus, RequestStatus, Right
from egide.rights.models import RightsRequest
from egide.rights.tests.factories import TODAY, RightsRequestFactory


def rights_url(organisation: Any, *parts: Any) -> str:
    path = "/".join(str(part) for part in parts)
    return f"/api/v1/o/{organisation.slug}/rights/{path}/"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    clock = FrozenClock()  # 2026-01-15 09:00 UTC, the factories' day of receipt
    monkeypatch.setattr(RightsViewSet, "clock", clock)
    return clock


STAFF_RECORDING = {
    "right": Right.ACCESS,
    "requester_first_name": "Jeanne",
    "requester_last_name": "Martin",
    "requester_email": "jeanne@example.net",
    "channel": Channel.PAPER,
    "received_on": "2026-01-12",
}


def test_staff_record_a_paper_request_with_its_receipt_date(organisation, dpo):
    response = token_client(dpo, organisation).post(
        rights_url(organisation, "requests"), STAFF_RECORDING, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["channel"], body["received_on"]) == (
        RequestStatus.RECEIVED,
        Channel.PAPER,
        "2026-01-12",
    )
    assert body["deadlines"]["due_on"] == "2026-02-12"
    assert body["links"]["timeline"].endswith(f"/rights/requests/{body['id']}/timeline/")
    assert RightsRequest.objects.for_organisation(organisation).get().reference == body["reference"]


def test_a_patient_portal_files_through_the_api_received_today_identity_not_checked(
    organisation, dpo
):
    data = {**STAFF_RECORDING, "channel": Channel.API}
    del data["received_on"]
    response = token_client(dpo, organisation).post(
        rights_url(organisation, "requests"), data, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["identity_status"], body["received_on"]) == (
        RequestStatus.RECEIVED,
        IdentityStatus.NOT_CHECKED,
        TODAY.isoformat(),
    )


def test_the_same_idempotency_key_files_one_request(organisation, dpo):
    client = token_client(dpo, organisation)
    data = {**STAFF_RECORDING, "channel": Channel.API}
    del data["received_on"]
    first = client.post(
        rights_url(organisation, "requests"), data, format="json", HTTP_IDEMPOTENCY_KEY="portal-42"
    )
    since = last_event_id()
    again = client.post(
        rights_url(organisation, "requests"), data, format="json", HTTP_IDEMPOTENCY_KEY="portal-42"
    )
    other = client.post(
        rights_url(organisation, "requests"), data, format="json", HTTP_IDEMPOTENCY_KEY="portal-43"
    )
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"] != other.json()["id"]
    assert RightsRequest.objects.for_organisation(organisation).count() == 2
    assert [action for action, _ in events_since(since)] == ["rights_request.record"]


def test_a_bad_idempotency_key_is_refused(organisation, dpo):
    response = token_client(dpo, organisation).post(
        rights_url(organisation, "requests"),
        STAFF_RECORDING,
        format="json",
        HTTP_IDEMPOTENCY_KEY="x" * 61,
    )
    assert "Idempotency-Key" in fields_of(response)
    assert not RightsRequest.objects.for_organisation(organisation).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"received_on": None}, "received_on", "Give the date the request was received."),
        ({"received_on": "2026-01-16"}, "received_on", "cannot be in the future"),
        ({"channel": Channel.PORTAL}, "channel", "is not a valid choice"),
        ({"right": "nothing"}, "right", "is not a valid choice"),
        (
            {"medical_record_older_than_5_years": True},
            "medical_record_older_than_5_years",
            "medical record",
        ),
    ],
)
def test_invalid_recordings_answer_400_by_field_and_write_nothing(
    organisation, dpo, change, field, message
):
    data = {**STAFF_RECORDING, **change}
    data = {k: v for k, v in data.items() if v is not None}
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = client.post(rights_url(organisation, "requests"), data, format="json")
    fields = fields_of(response)
    assert message in " ".join(fields[field])
    assert not RightsRequest.objects.for_organisation(organisation).exists()
    assert events_since(since) == []


def test_a_contributor_handles_what_they_record(organisation, member_factory):
    contributor = member_factory("contributor")
    response = token_client(contributor, organisation).post(
        rights_url(organisation, "requests"), STAFF_RECORDING, format="json"
    )
    assert response.status_code == 201
    assert response.json()["assigned_to"]["id"] == contributor.pk


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_read_but_record_nothing(organisation, member_factory, role):
    reader = member_factory(role)
    request = RightsRequestFactory(organisation=organisation)
    client = token_client(reader, organisation)
    assert client.get(rights_url(organisation, "requests", request.pk)).status_code == 200
    since = last_event_id()
    refused = client.post(rights_url(organisation, "requests"), STAFF_RECORDING, format="json")
    assert refused.status_code == 403
    assert RightsRequest.objects.for_organisation(organisation).count() == 1
    assert events_since(since) == []


def test_list_filters_and_orders_by_deadline(organisation, dpo, member_factory):
    assistant = member_factory("dpo_assistant")
    late = RightsRequestFactory(
        organisation=organisation, received_on=TODAY - timedelta(days=60), right=Right.ERASURE
    )
    soon = RightsRequestFactory(organisation=organisation, assigned_to=assistant)
    closed = RightsRequestFactory(organisation=organisation, status=RequestStatus.CLOSED)
    client = token_client(dpo, organisation)

    def ids(**query: Any) -> list[int]:
        response = client.get(rights_url(organisation, "requests"), query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [late.pk, soon.pk, closed.pk]
    assert ids(ordering="-deadline")[-1] == late.pk
    assert ids(overdue="true") == [late.pk]
    assert ids(right=Right.ERASURE) == [late.pk]
    assert ids(status=RequestStatus.CLOSED) == [closed.pk]
    assert ids(assigned_to=assistant.pk) == [soon.pk]
    assert set(ids(received_after=TODAY.isoformat())) == {soon.pk, closed.pk}
    assert ids(received_before=(TODAY - timedelta(days=1)).isoformat()) == [late.pk]
    bad = client.get(rights_url(organisation, "requests"), {"received_after": "2026-02-30"})
    assert "received_after" in fields_of(bad)


def test_another_organisations_token_and_requests_are_not_found(
    organisation, other_organisation, dpo, outsider
):
    ours = RightsRequestFactory(organisation=organisation)
    theirs = RightsRequestFactory(organisation=other_organisation)
    client = token_client(dpo, organisation)
    assert client.get(rights_url(organisation, "requests", theirs.pk)).status_code == 404
    assert client.post(rights_url(organisation, "requests", theirs.pk, "start")).status_code == 404
    outsider_client = token_client(outsider, other_organisation)
    since = last_event_id()
    assert outsider_client.get(rights_url(organisation, "requests", ours.pk)).status_code == 404
    assert outsider_client.get(rights_url(organisation, "requests")).status_code == 404
    refused = outsider_client.post(rights_url(organisation, "requests", ours.pk, "start"))
    assert refused.status_code == 404
    ours.refresh_from_db()
    assert ours.status == RequestStatus.RECEIVED
    assert events_since(since) == []


def test_retrieve_shows_deadlines_identity_and_assignee(organisation, dpo):
    request = RightsRequestFactory(
        organisation=organisation, includes_medical_record=True, assigned_to=dpo
    )
    body = (
        token_client(dpo, organisation).get(rights_url(organisation, "requests", request.pk)).json()
    )
    assert body["deadlines"]["medical_record_not_before"] == (TODAY + timedelta(days=2)).isoformat()
    assert body["deadlines"]["governing_due_on"] == date(2026, 1, 23).isoformat()
    assert body["identity_status"] == IdentityStatus.EMAIL_CONFIRMED
    assert body["assigned_to"]["email"] == dpo.email
