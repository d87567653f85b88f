"""A request's workflow actions from the pages: who may act, what the workflow refuses, nothing half-done."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.rights.choices import (
    IdentityStatus,
    RefusalGround,
    RequestStatus,
    Right,
)
from egide.rights.models import IssuedDocument, RequestPause, RightsRequest, TimelineEntry
from egide.rights.tests.factories import RightsRequestFactory
from egide.rights.views import _common

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock())


def _url(rr, name):
    return reverse(name, kwargs={"org": rr.organisation.slug, "request_id": rr.pk})


def _fresh(rr):
    return RightsRequest.objects.for_organisation(rr.organisation).get(pk=rr.pk)


def _state(rr):
    """What an action may change: the request's fields, its timeline, letters, pauses and the audit trail."""
    fresh = _fresh(rr)
    return (
        fresh.status,
        fresh.identity_status,
        fresh.governing_due_on,
        fresh.outcome,
        fresh.refusal_reason,
        TimelineEntry.objects.filter(request=rr).count(),
        IssuedDocument.objects.filter(request=rr).count(),
        RequestPause.objects.filter(request=rr).count(),
        AuditEvent.objects.filter(organisation=rr.organisation).count(),
    )


def test_start_moves_a_received_request_in_progress(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation)
    response = login(dpo).post(_url(rr, "rights:start"))
    assert response.status_code == 302
    assert response["Location"] == _url(rr, "rights:detail")
    assert _fresh(rr).status == RequestStatus.IN_PROGRESS


def test_a_move_the_workflow_forbids_shows_the_error_and_changes_nothing(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.ANSWERED)
    before = _state(rr)
    response = login(dpo).post(_url(rr, "rights:answer"), {"outcome": "Here is your data."})
    assert response.status_code == 400
    assert "not possible while the request is" in response.content.decode()
    assert _state(rr) == before


def test_a_refusal_the_service_rejects_is_shown_on_the_form(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    before = _state(rr)
    response = login(dpo).post(
        _url(rr, "rights:refuse"),
        {"ground": RefusalGround.MANIFESTLY_UNFOUNDED, "reason": "Too short"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert _state(rr) == before


def test_ask_proof_then_confirm_identity(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    client = login(dpo)
    response = client.post(
        _url(rr, "rights:ask_proof"), {"reason": "The names differ from our records."}
    )
    assert response.status_code == 302
    fresh = _fresh(rr)
    assert fresh.status == RequestStatus.VERIFYING_IDENTITY
    assert fresh.identity_status == IdentityStatus.PROOF_REQUESTED
    assert RequestPause.objects.filter(request=rr, ended_on__isnull=True).count() == 1
    assert client.post(_url(rr, "rights:confirm_identity")).status_code == 302
    fresh = _fresh(rr)
    assert fresh.status == RequestStatus.IN_PROGRESS
    assert fresh.identity_status == IdentityStatus.CONFIRMED


def test_answer_previews_the_letter_then_answers(login, dpo, organisation):
    rr = RightsRequestFactory(
        organisation=organisation, status=RequestStatus.IN_PROGRESS, right=Right.RECTIFICATION
    )
    client = login(dpo)
    before = _state(rr)
    data = {"outcome": "Your address was corrected in our files.", "send": ""}
    preview = client.post(_url(rr, "rights:answer"), {**data, "preview": "1"})
    assert preview.status_code == 200
    assert "Your address was corrected in our files." in preview.context["preview"].body
    assert _state(rr) == before  # a preview writes nothing
    assert client.post(_url(rr, "rights:answer"), data).status_code == 302
    fresh = _fresh(rr)
    assert fresh.status == RequestStatus.ANSWERED
    assert fresh.outcome == data["outcome"]
    assert IssuedDocument.objects.filter(request=rr).count() == 1


def test_refuse_with_ground_and_reason(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    reason = "Same request answered on 2 January, nothing changed since then in our files."
    response = login(dpo).post(
        _url(rr, "rights:refuse"), {"ground": RefusalGround.EXCESSIVE, "reason": reason}
    )
    assert response.status_code == 302
    fresh = _fresh(rr)
    assert (fresh.status, fresh.refusal_ground, fresh.refusal_reason) == (
        RequestStatus.REFUSED,
        RefusalGround.EXCESSIVE,
        reason,
    )


def test_extend_withdraw_and_close(login, dpo, organisation):
    client = login(dpo)
    extended = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = client.post(
        _url(extended, "rights:extend"), {"reason": "Records in three departments to gather."}
    )
    assert response.status_code == 302
    assert _fresh(extended).status == RequestStatus.EXTENDED
    withdrawn = RightsRequestFactory(organisation=organisation)
    assert client.post(_url(withdrawn, "rights:withdraw"), {"reason": ""}).status_code == 302
    assert _fresh(withdrawn).status == RequestStatus.WITHDRAWN
    assert client.post(_url(withdrawn, "rights:close")).status_code == 302
    assert _fresh(withdrawn).status == RequestStatus.CLOSED


def test_an_invalid_form_answers_400(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    before = _state(rr)
    response = login(dpo).post(_url(rr, "rights:extend"), {"reason": ""})
    assert response.status_code == 400
    assert _state(rr) == before


def test_the_action_page_shows_its_form(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = login(dpo).get(_url(rr, "rights:answer"))
    assert response.status_code == 200
    assert "Preview the letter" in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_cannot_act(login, member_factory, organisation, role):
    rr = RightsRequestFactory(organisation=organisation)
    before = _state(rr)
    client = login(member_factory(role))
    assert client.post(_url(rr, "rights:start")).status_code == 403
    assert client.post(_url(rr, "rights:note"), {"text": "Hello"}).status_code == 403
    assert _state(rr) == before


def test_contributors_act_only_on_requests_assigned_to_them(login, member_factory, organisation):
    contributor = member_factory("contributor")
    others = RightsRequestFactory(organisation=organisation)
    before = _state(others)
    client = login(contributor)
    assert client.post(_url(others, "rights:start")).status_code == 403
    assert client.post(_url(others, "rights:note"), {"text": "Hello"}).status_code == 403
    assert _state(others) == before
    theirs = RightsRequestFactory(organisation=organisation, assigned_to=contributor)
    assert client.post(_url(theirs, "rights:start")).status_code == 302
    assert _fresh(theirs).status == RequestStatus.IN_PROGRESS


def test_outsiders_get_404_and_nothing_changes(login, outsider, organisation):
    rr = RightsRequestFactory(organisation=organisation)
    before = _state(rr)
    assert login(outsider).post(_url(rr, "rights:start")).status_code == 404
    assert _state(rr) == before
