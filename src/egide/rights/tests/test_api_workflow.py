"""The rights API's workflow steps through tokens of each role: who may take which step, the 400 messages
of refused steps, and nothing written when a step is refused."""

from __future__ import annotations

from typing import Any

import pytest

from egide.core.clock import FrozenClock
from egide.registry.tests.api_client import events_since, fields_of, last_event_id, token_client
from egide.rights.api.base import RightsViewSet
from egide.rights.choices import (
    IdentityStatus,
    LetterKind,
    RefusalGround,
    RequestStatus,
    TimelineKind,
)
from egide.rights.models import IssuedDocument, RightsRequest
from egide.rights.tests.factories import RightsRequestFactory


def rights_url(organisation: Any, *parts: Any) -> str:
    path = "/".join(str(part) for part in parts)
    return f"/api/v1/o/{organisation.slug}/rights/{path}/"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    clock = FrozenClock()
    monkeypatch.setattr(RightsViewSet, "clock", clock)
    return clock


def step(client: Any, organisation: Any, request: RightsRequest, name: str, **body: Any) -> Any:
    return client.post(rights_url(organisation, "requests", request.pk, name), body, format="json")


def test_a_request_from_receipt_to_closure(organisation, dpo):
    request = RightsRequestFactory(organisation=organisation)
    client = token_client(dpo, organisation)
    assert step(client, organisation, request, "start").json()["status"] == "in_progress"
    assign = step(client, organisation, request, "assign", assignee=dpo.pk)
    assert assign.json()["assigned_to"]["id"] == dpo.pk
    note = step(client, organisation, request, "note", text="Called the records office.")
    assert note.status_code == 201
    assert note.json()["kind"] == TimelineKind.NOTE
    extended = step(client, organisation, request, "extend", reason="Many archives to search.")
    assert extended.json()["status"] == RequestStatus.EXTENDED
    assert extended.json()["deadlines"]["extended"] is True
    answered = step(client, organisation, request, "answer", outcome="Copy sent.", send=False)
    assert answered.json()["status"] == RequestStatus.ANSWERED
    assert step(client, organisation, request, "close").json()["status"] == RequestStatus.CLOSED
    kinds = [
        e["kind"]
        for e in client.get(rights_url(organisation, "requests", request.pk, "timeline")).json()[
            "results"
        ]
    ]
    assert TimelineKind.NOTE in kinds
    assert TimelineKind.EXTENDED in kinds
    letters = client.get(rights_url(organisation, "requests", request.pk, "documents")).json()
    assert [d["letter_kind"] for d in letters["results"]] == [
        LetterKind.EXTENSION_NOTICE,
        LetterKind.ACCESS_ANSWER,
    ]


def test_a_forbidden_transition_answers_400_with_its_message_and_writes_nothing(organisation, dpo):
    request = RightsRequestFactory(organisation=organisation)
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = step(client, organisation, request, "close")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["fields"]
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert events_since(since) == []


def test_a_refusal_as_manifestly_unfounded_needs_a_detailed_reason(organisation, dpo):
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    client = token_client(dpo, organisation)
    since = last_event_id()
    short = step(
        client,
        organisation,
        request,
        "refuse",
        ground=RefusalGround.MANIFESTLY_UNFOUNDED,
        reason="No.",
        send=False,
    )
    assert "GDPR Art. 12(5)" in " ".join(fields_of(short)["reason"])
    assert events_since(since) == []
    assert not IssuedDocument.objects.for_organisation(organisation).exists()
    missing = step(client, organisation, request, "refuse", reason="Some reason")
    assert "ground" in fields_of(missing)
    refused = step(
        client,
        organisation,
        request,
        "refuse",
        ground=RefusalGround.EXCESSIVE,
        reason="Fifth identical request this month, each already answered in full.",
        send=False,
    )
    assert refused.json()["status"] == RequestStatus.REFUSED
    assert refused.json()["refusal_ground"] == RefusalGround.EXCESSIVE


def test_contributors_act_only_on_requests_assigned_to_them(organisation, member_factory):
    contributor = member_factory("contributor")
    colleague = member_factory("contributor")
    theirs = RightsRequestFactory(organisation=organisation, assigned_to=contributor)
    others = RightsRequestFactory(organisation=organisation, assigned_to=colleague)
    client = token_client(contributor, organisation)
    since = last_event_id()
    refused = step(client, organisation, others, "start")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert step(client, organisation, others, "note", text="Hello").status_code == 403
    others.refresh_from_db()
    assert others.status == RequestStatus.RECEIVED
    assert events_since(since) == []
    assert step(client, organisation, theirs, "start").status_code == 200
    handing_over = step(client, organisation, theirs, "assign", assignee=colleague.pk)
    assert "yourself" in " ".join(fields_of(handing_over)["assignee"])


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_take_no_step(organisation, member_factory, role):
    reader = member_factory(role)
    request = RightsRequestFactory(organisation=organisation, assigned_to=reader)
    client = token_client(reader, organisation)
    since = last_event_id()
    for name in ("start", "close", "withdraw", "status-link"):
        assert step(client, organisation, request, name).status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert events_since(since) == []


def test_identity_decisions_belong_to_the_dpo_team(organisation, member_factory):
    contributor = member_factory("contributor")
    assistant = member_factory("dpo_assistant")
    request = RightsRequestFactory(organisation=organisation, assigned_to=contributor)
    contributor_client = token_client(contributor, organisation)
    asked = step(contributor_client, organisation, request, "ask-proof", reason="Doubt on name.")
    assert asked.json()["status"] == RequestStatus.VERIFYING_IDENTITY
    assert asked.json()["identity_status"] == IdentityStatus.PROOF_REQUESTED
    assert step(contributor_client, organisation, request, "confirm-identity").status_code == 403
    confirmed = step(
        token_client(assistant, organisation), organisation, request, "confirm-identity"
    )
    assert confirmed.json()["identity_status"] == IdentityStatus.CONFIRMED
    assert confirmed.json()["status"] == RequestStatus.IN_PROGRESS


def test_a_reason_is_required_to_ask_for_proof(organisation, dpo):
    request = RightsRequestFactory(organisation=organisation)
    response = step(token_client(dpo, organisation), organisation, request, "ask-proof")
    assert fields_of(response)["reason"] == ["This field is required."]


def test_status_link_is_a_signed_portal_url_for_this_request(organisation, dpo):
    from egide.rights.status_links import request_for_status_token

    request = RightsRequestFactory(organisation=organisation)
    body = step(token_client(dpo, organisation), organisation, request, "status-link").json()
    assert body["url"].startswith("http://testserver/")
    assert body["url"].endswith(f"/p/{organisation.slug}/status/{body['token']}/")
    assert request_for_status_token(organisation=organisation, token=body["token"]) == request
