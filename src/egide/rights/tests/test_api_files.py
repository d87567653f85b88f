"""The rights API's files and work: search tasks, letters issued, identity documents (the DPO team only,
every view audited, content checked on upload) and the deadline calculator."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from egide.core.clock import FrozenClock
from egide.registry.tests.api_client import events_since, fields_of, last_event_id, token_client
from egide.registry.tests.factories import InformationSystemFactory
from egide.rights.api.base import RightsViewSet
from egide.rights.choices import DocumentKind, RequestStatus, SearchTaskStatus
from egide.rights.models import IdentityDocument
from egide.rights.tests.factories import (
    PDF_BYTES,
    IdentityDocumentFactory,
    IssuedDocumentFactory,
    RightsRequestFactory,
    SearchTaskFactory,
    png_bytes,
)


def rights_url(organisation: Any, *parts: Any) -> str:
    path = "/".join(str(part) for part in parts)
    return f"/api/v1/o/{organisation.slug}/rights/{path}/"


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    clock = FrozenClock()
    monkeypatch.setattr(RightsViewSet, "clock", clock)
    return clock


def test_tasks_are_added_listed_and_completed(organisation, dpo):
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    system = InformationSystemFactory(organisation=organisation, name="DPI")
    client = token_client(dpo, organisation)
    added = client.post(
        rights_url(organisation, "requests", request.pk, "tasks"),
        {"system": system.pk, "assigned_to": dpo.pk},
        format="json",
    )
    assert added.status_code == 201, added.content
    task_id = added.json()["id"]
    listed = client.get(rights_url(organisation, "requests", request.pk, "tasks")).json()
    assert [t["id"] for t in listed["results"]] == [task_id]
    done = client.post(
        rights_url(organisation, "tasks", task_id, "complete"),
        {"status": SearchTaskStatus.FOUND, "result": "Stays of 2019 and 2023."},
        format="json",
    )
    assert done.json()["status"] == SearchTaskStatus.FOUND
    assert done.json()["done_by"]["id"] == dpo.pk
    todo = client.post(
        rights_url(organisation, "tasks", task_id, "complete"), {"status": "todo"}, format="json"
    )
    assert "status" in fields_of(todo)


def test_a_task_names_only_this_organisations_systems(organisation, other_organisation, dpo):
    request = RightsRequestFactory(organisation=organisation)
    foreign = InformationSystemFactory(organisation=other_organisation)
    response = token_client(dpo, organisation).post(
        rights_url(organisation, "requests", request.pk, "tasks"),
        {"system": foreign.pk},
        format="json",
    )
    assert "Unknown id" in fields_of(response)["system"][0]


def test_a_contributor_completes_a_task_assigned_to_them(organisation, dpo, member_factory):
    contributor = member_factory("contributor")
    request = RightsRequestFactory(organisation=organisation, assigned_to=dpo)
    theirs = SearchTaskFactory(request=request, assigned_to=contributor)
    others = SearchTaskFactory(request=request)
    client = token_client(contributor, organisation)
    body = {"status": SearchTaskStatus.NO_DATA}
    refused = client.post(rights_url(organisation, "tasks", others.pk, "complete"), body)
    assert refused.status_code == 403
    allowed = client.post(rights_url(organisation, "tasks", theirs.pk, "complete"), body)
    assert allowed.status_code == 200


def test_letters_are_listed_and_their_download_is_audited(organisation, member_factory):
    manager = member_factory("manager")
    letter = IssuedDocumentFactory(request=RightsRequestFactory(organisation=organisation))
    client = token_client(manager, organisation)
    listed = client.get(rights_url(organisation, "requests", letter.request_id, "documents"))
    assert listed.json()["results"][0]["content_url"].endswith(f"/documents/{letter.pk}/content/")
    since = last_event_id()
    response = client.get(rights_url(organisation, "documents", letter.pk, "content"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == PDF_BYTES
    assert "attachment" in response["Content-Disposition"]
    assert [actor for _, actor in events_since(since)] == [manager.pk]


def upload(client: Any, organisation: Any, request: Any, name: str, content: bytes) -> Any:
    return client.post(
        rights_url(organisation, "requests", request.pk, "identity-documents"),
        {"kind": DocumentKind.IDENTITY, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_the_dpo_team_uploads_lists_and_reads_identity_documents(organisation, member_factory):
    assistant = member_factory("dpo_assistant")
    request = RightsRequestFactory(
        organisation=organisation, status=RequestStatus.VERIFYING_IDENTITY
    )
    client = token_client(assistant, organisation)
    uploaded = upload(client, organisation, request, "carte.png", png_bytes())
    assert uploaded.status_code == 201, uploaded.content
    document_id = uploaded.json()["id"]
    listed = client.get(rights_url(organisation, "requests", request.pk, "identity-documents"))
    assert [d["id"] for d in listed.json()["results"]] == [document_id]
    since = last_event_id()
    content = client.get(rights_url(organisation, "identity-documents", document_id, "content"))
    assert (content.status_code, content["Content-Type"]) == (200, "image/png")
    assert content.content == png_bytes()
    assert events_since(since) != []


def test_a_renamed_file_is_refused_with_a_clear_message_and_nothing_stored(organisation, dpo):
    request = RightsRequestFactory(
        organisation=organisation, status=RequestStatus.VERIFYING_IDENTITY
    )
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = upload(client, organisation, request, "passport.pdf", b"MZ\x90\x00 not a pdf at all")
    assert fields_of(response)["file"]
    assert not IdentityDocument.objects.for_organisation(organisation).exists()
    assert events_since(since) == []


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_identity_documents_are_refused_outside_the_dpo_team(organisation, member_factory, role):
    member = member_factory(role)
    document = IdentityDocumentFactory(
        request=RightsRequestFactory(organisation=organisation, assigned_to=member)
    )
    client = token_client(member, organisation)
    since = last_event_id()
    for url in (
        rights_url(organisation, "identity-documents", document.pk, "content"),
        rights_url(organisation, "requests", document.request_id, "identity-documents"),
    ):
        assert client.get(url).status_code == 403
    assert upload(client, organisation, document.request, "id.pdf", PDF_BYTES).status_code == 403
    assert IdentityDocument.objects.for_organisation(organisation).count() == 1
    assert events_since(since) == []


def test_a_dpo_with_a_manager_token_cannot_read_identity_documents(organisation, dpo):
    document = IdentityDocumentFactory(request=RightsRequestFactory(organisation=organisation))
    client = token_client(dpo, organisation, role="manager")
    response = client.get(rights_url(organisation, "identity-documents", document.pk, "content"))
    assert response.status_code == 403


def test_another_organisations_documents_are_not_found(organisation, other_organisation, dpo):
    theirs = RightsRequestFactory(organisation=other_organisation)
    letter = IssuedDocumentFactory(request=theirs)
    proof = IdentityDocumentFactory(request=theirs)
    client = token_client(dpo, organisation)
    since = last_event_id()
    assert (
        client.get(rights_url(organisation, "documents", letter.pk, "content")).status_code == 404
    )
    proof_url = rights_url(organisation, "identity-documents", proof.pk, "content")
    assert client.get(proof_url).status_code == 404
    assert events_since(since) == []


def test_a_deleted_identity_document_is_gone(organisation, dpo, frozen):
    document = IdentityDocumentFactory(
        request=RightsRequestFactory(organisation=organisation),
        content=None,
        deleted_at=frozen.now(),
    )
    client = token_client(dpo, organisation)
    response = client.get(rights_url(organisation, "identity-documents", document.pk, "content"))
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "This document was deleted."


def test_deadline_calculator_uses_the_organisations_calendar(organisation, member_factory):
    client = token_client(member_factory("auditor"), organisation)
    plain = client.get(rights_url(organisation, "deadline"), {"received": "2026-01-31"}).json()
    assert plain == {
        "calendar": "fr",
        "received": "2026-01-31",
        "due": "2026-03-02",  # 28 February 2026 is a Saturday
        "extended_due": "2026-04-30",
        "paused_days": 0,
    }
    medical = client.get(
        rights_url(organisation, "deadline"), {"received": "2026-01-15", "medical_record": "true"}
    ).json()
    assert (medical["medical_record_due"], medical["governing_due"]) == ("2026-01-23", "2026-01-23")
    organisation.uses_alsace_moselle_calendar = True
    organisation.save()
    boxing_day = client.get(rights_url(organisation, "deadline"), {"received": "2025-11-26"}).json()
    assert (boxing_day["calendar"], boxing_day["due"]) == ("fr-alsace-moselle", "2025-12-29")


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"received": "2026-02-30"}, "received"),
        ({}, "received"),
        ({"received": "2026-01-15", "older_than_5_years": "true"}, "older_than_5_years"),
    ],
)
def test_deadline_calculator_explains_bad_input(organisation, dpo, query, field):
    response = token_client(dpo, organisation).get(rights_url(organisation, "deadline"), query)
    assert field in fields_of(response)
