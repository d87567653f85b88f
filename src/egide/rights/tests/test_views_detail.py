"""One request's page: what each role sees, deadlines, next actions from the workflow, documents' privacy."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from egide.core.clock import FrozenClock
from egide.rights.choices import RequestStatus
from egide.rights.tests.factories import (
    IdentityDocumentFactory,
    IssuedDocumentFactory,
    RequestPauseFactory,
    RightsRequestFactory,
    SearchTaskFactory,
    TimelineEntryFactory,
)
from egide.rights.views import _common

pytestmark = pytest.mark.django_db

ROLES = ["dpo", "dpo_assistant", "manager", "contributor", "auditor"]


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock())


def _url(rr, name="rights:detail"):
    return reverse(name, kwargs={"org": rr.organisation.slug, "request_id": rr.pk})


def _action_slugs(response):
    return [item["action"].slug for item in response.context["actions"]]


@pytest.mark.parametrize("role", ROLES)
def test_every_member_sees_the_request(login, member_factory, organisation, role):
    rr = RightsRequestFactory(organisation=organisation, requester_last_name="Dupont")
    TimelineEntryFactory(request=rr, message="Called the patient back")
    response = login(member_factory(role)).get(_url(rr))
    assert response.status_code == 200
    body = response.content.decode()
    assert rr.reference in body
    assert "Dupont" in body
    assert "Called the patient back" in body


def test_another_organisations_request_is_not_found(login, dpo, other_organisation, organisation):
    rr = RightsRequestFactory(organisation=other_organisation)
    url = reverse("rights:detail", kwargs={"org": organisation.slug, "request_id": rr.pk})
    assert login(dpo).get(url).status_code == 404


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (RequestStatus.RECEIVED, ["start", "ask-proof", "refuse", "withdraw"]),
        (
            RequestStatus.VERIFYING_IDENTITY,
            ["confirm-identity", "identity-not-established", "refuse", "withdraw"],
        ),
        (
            RequestStatus.IN_PROGRESS,
            ["ask-proof", "extend", "answer", "partially-refuse", "refuse", "withdraw"],
        ),
        (RequestStatus.ANSWERED, ["close"]),
        (RequestStatus.CLOSED, []),
    ],
)
def test_only_the_actions_the_workflow_allows_are_offered(
    login, dpo, organisation, status, expected
):
    rr = RightsRequestFactory(organisation=organisation, status=status)
    assert _action_slugs(login(dpo).get(_url(rr))) == expected


@pytest.mark.parametrize("role", ["manager", "auditor"])
def test_readers_are_offered_no_action(login, member_factory, organisation, role):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = login(member_factory(role)).get(_url(rr))
    assert _action_slugs(response) == []
    assert response.context["task_form"] is None
    assert 'action="' + reverse("rights:note", args=[organisation.slug, rr.pk]) not in (
        response.content.decode()
    )


def test_contributors_act_only_on_requests_assigned_to_them(login, member_factory, organisation):
    contributor = member_factory("contributor")
    theirs = RightsRequestFactory(
        organisation=organisation, status=RequestStatus.IN_PROGRESS, assigned_to=contributor
    )
    others = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    client = login(contributor)
    assert "answer" in _action_slugs(client.get(_url(theirs)))
    response = client.get(_url(others))
    assert _action_slugs(response) == []
    assert "Only the DPO team" in response.content.decode()
    assert response.context["can_assign"] is False


def test_deadlines_show_the_governing_one_and_the_medical_record_ones(login, dpo, organisation):
    rr = RightsRequestFactory(
        organisation=organisation, status=RequestStatus.IN_PROGRESS, includes_medical_record=True
    )
    response = login(dpo).get(_url(rr))
    rows = response.context["deadlines"]
    governing = [row for row in rows if row.governing]
    assert [row.day for row in governing] == [rr.medical_record_due_on]
    assert governing[0].source == "CSP L.1111-7"
    assert rr.medical_record_due_on < rr.due_on
    assert {row.day for row in rows} >= {rr.due_on, rr.medical_record_not_before}
    body = response.content.decode()
    assert "governing deadline" in body
    assert "Medical record: at most 8 days" in body


def test_paused_days_are_shown(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    RequestPauseFactory(request=rr, started_on=date(2026, 1, 5), ended_on=date(2026, 1, 9))
    response = login(dpo).get(_url(rr))
    assert response.context["paused_days"] == 4
    assert "4 days" in response.content.decode()


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant"])
def test_the_dpo_team_sees_identity_documents(login, member_factory, organisation, role):
    rr = RightsRequestFactory(organisation=organisation)
    document = IdentityDocumentFactory(request=rr, original_name="cni-dupont.pdf")
    body = login(member_factory(role)).get(_url(rr)).content.decode()
    assert "cni-dupont.pdf" in body
    assert reverse("rights:document", args=[organisation.slug, document.pk]) in body


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_others_see_only_how_many_documents_there_are(login, member_factory, organisation, role):
    rr = RightsRequestFactory(organisation=organisation)
    document = IdentityDocumentFactory(request=rr, original_name="cni-dupont.pdf")
    IdentityDocumentFactory(request=rr, original_name="livret-famille.pdf")
    body = login(member_factory(role)).get(_url(rr)).content.decode()
    assert "cni-dupont.pdf" not in body
    assert "livret-famille.pdf" not in body
    assert reverse("rights:document", args=[organisation.slug, document.pk]) not in body
    assert "2 documents, visible to the DPO team." in body


def test_tasks_and_issued_letters_are_listed(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    SearchTaskFactory(request=rr, label="Search the patient file (DPI)")
    letter = IssuedDocumentFactory(request=rr, title="Accusé de réception")
    body = login(dpo).get(_url(rr)).content.decode()
    assert "Search the patient file (DPI)" in body
    assert "Accusé de réception" in body
    assert reverse("rights:issued_document", args=[organisation.slug, letter.pk]) in body
