"""Proofs of identity: checked uploads (refusals store nothing), DPO-team-only reads, audited views,
deletion on confirmation and on schedule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from egide.core.models import AuditEvent
from egide.rights.choices import (
    DocumentKind,
    IdentityStatus,
    LetterKind,
    RefusalGround,
    RequestStatus,
    TimelineKind,
)
from egide.rights.models import IdentityDocument, RightsSettings
from egide.rights.services import (
    PORTAL_ACTOR,
    RightsError,
    identity_document_read,
    identity_document_upload,
    identity_documents_purge,
    rights_request_ask_proof,
    rights_request_confirm_identity,
    rights_request_identity_not_established,
)
from egide.rights.tests import services_support
from egide.rights.tests.factories import (
    PDF_BYTES,
    IdentityDocumentFactory,
    RightsRequestFactory,
    jpeg_bytes,
    png_bytes,
)
from egide.rights.uploads import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.django_db
clock = services_support.clock
letters = services_support.letters
S = RequestStatus


def documents():  # noqa: ANN201
    return IdentityDocument.objects.all_organisations_unscoped()


def upload(request, clock, filename="id.pdf", content=PDF_BYTES, actor=PORTAL_ACTOR):  # noqa: ANN001, ANN201
    return identity_document_upload(
        actor=actor,
        request=request,
        kind=DocumentKind.IDENTITY,
        filename=filename,
        content=content,
        clock=clock,
    )


@pytest.mark.parametrize(
    ("filename", "content", "content_type"),
    [
        ("carte.PDF", PDF_BYTES, "application/pdf"),
        ("photo.jpg", None, "image/jpeg"),
        ("scan.png", None, "image/png"),
    ],
)
def test_upload_accepts_pdf_jpeg_png(filename, content, content_type, organisation, clock):
    content = content or (jpeg_bytes() if content_type == "image/jpeg" else png_bytes())
    request = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    document = upload(request, clock, filename=f"C:\\Users\\me\\{filename}", content=content)
    assert document.original_name == filename
    assert document.content_type == content_type
    assert document.size == len(content)
    stored = documents().get()
    assert bytes(stored.content) == content
    assert request.timeline.get().kind == TimelineKind.DOCUMENT_UPLOADED
    assert AuditEvent.objects.filter(action="rights_identity_document.upload").count() == 1


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        (
            "id.pdf",
            b"MZ\x90\x00 this is a program",
            "This file is not a PDF, although its name ends in .pdf.",
        ),
        ("id.pdf", b"%PDF-1.7 truncated, no trailer", "This file is not a PDF"),
        ("id.pdf", "png", "This file is not a PDF"),
        ("id.jpg", "png", "not a JPEG image"),
        ("id.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "damaged"),
        ("id.exe", PDF_BYTES, "Only PDF, JPEG and PNG"),
        ("id", PDF_BYTES, "Only PDF, JPEG and PNG"),
        ("id.pdf", b"", "empty"),
        ("id.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES + b"%%EOF", "too large"),
    ],
)
def test_refused_uploads_store_nothing(filename, content, message, organisation, clock):
    if content == "png":
        content = png_bytes()
    request = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    with pytest.raises(RightsError) as caught:
        upload(request, clock, filename=filename, content=content)
    assert message in caught.value.messages[0]
    assert documents().count() == 0
    assert AuditEvent.objects.count() == 0
    assert not request.timeline.exists()


def test_upload_refused_on_a_closed_request_and_beyond_the_limit(organisation, clock):
    closed = RightsRequestFactory(organisation=organisation, status=S.ANSWERED)
    with pytest.raises(RightsError, match="no longer accepts"):
        upload(closed, clock)
    request = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    for _ in range(10):
        upload(request, clock)
    with pytest.raises(RightsError, match="no more"):
        upload(request, clock)
    assert documents().count() == 10


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant"])
def test_dpo_team_reads_and_every_read_is_audited(role, organisation, member_factory, clock):
    reader = member_factory(role)
    request = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    document = upload(request, clock)
    assert identity_document_read(actor=reader, document=document, clock=clock) == PDF_BYTES
    assert identity_document_read(actor=reader, document=document, clock=clock) == PDF_BYTES
    views = AuditEvent.objects.filter(action="rights_identity_document.view")
    assert views.count() == 2
    assert set(views.values_list("actor_id", flat=True)) == {reader.pk}
    assert request.timeline.filter(kind=TimelineKind.DOCUMENT_VIEWED).count() == 2


@pytest.mark.parametrize("role", ["contributor", "manager", "auditor"])
def test_others_cannot_read(role, organisation, member_factory, outsider, clock):
    request = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    document = upload(request, clock)
    for actor in (member_factory(role), outsider, PORTAL_ACTOR):
        with pytest.raises(PermissionDenied):
            identity_document_read(actor=actor, document=document, clock=clock)
    assert not AuditEvent.objects.filter(action="rights_identity_document.view").exists()


def test_confirmation_deletes_at_once_by_default(organisation, dpo, clock, letters):
    request = RightsRequestFactory(organisation=organisation)
    rights_request_ask_proof(actor=dpo, request=request, reason="Doubt.", clock=clock)
    document = upload(request, clock)
    rights_request_confirm_identity(actor=dpo, request=request, clock=clock)
    assert request.status == S.IN_PROGRESS
    assert request.identity_status == IdentityStatus.CONFIRMED
    document.refresh_from_db()
    assert document.content is None
    assert document.deleted_at == clock.now()
    assert request.timeline.filter(kind=TimelineKind.DOCUMENT_DELETED).count() == 1
    assert AuditEvent.objects.filter(action="rights_identity_document.delete").count() == 1
    with pytest.raises(RightsError, match="deleted"):
        identity_document_read(actor=dpo, document=document, clock=clock)


def test_deletion_on_schedule(organisation, other_organisation, dpo, clock, letters):
    RightsSettings.objects.create(organisation=organisation, identity_document_retention_days=7)
    request = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    document = upload(request, clock)
    elsewhere = IdentityDocumentFactory(
        request=RightsRequestFactory(organisation=other_organisation),
        delete_after=clock.now() + timedelta(days=3),
    )
    rights_request_confirm_identity(actor=dpo, request=request, clock=clock)
    document.refresh_from_db()
    assert document.delete_after == clock.now() + timedelta(days=7)
    assert bytes(document.content) == PDF_BYTES
    clock.advance(timedelta(days=3))
    assert identity_documents_purge(clock=clock) == 1  # the other organisation's
    document.refresh_from_db()
    assert document.deleted_at is None
    clock.advance(timedelta(days=4))
    assert identity_documents_purge(clock=clock) == 1
    assert identity_documents_purge(clock=clock) == 0
    document.refresh_from_db()
    elsewhere.refresh_from_db()
    assert document.content is None
    assert document.deleted_at == clock.now()
    assert elsewhere.content is None
    assert document.original_name
    assert document.sha256


def test_identity_not_established_refuses(organisation, dpo, clock, letters):
    RightsSettings.objects.create(organisation=organisation, identity_document_retention_days=30)
    request = RightsRequestFactory(organisation=organisation)
    rights_request_ask_proof(actor=dpo, request=request, reason="Doubt.", clock=clock)
    upload(request, clock)
    clock.advance(timedelta(days=4))
    rights_request_identity_not_established(
        actor=dpo, request=request, reason="The document does not match.", clock=clock
    )
    assert request.status == S.REFUSED
    assert request.refusal_ground == RefusalGround.IDENTITY_NOT_ESTABLISHED
    assert request.identity_status == IdentityStatus.NOT_ESTABLISHED
    assert request.pauses.get().ended_on is not None
    assert letters.kinds == [LetterKind.PROOF_REQUEST, LetterKind.REFUSAL]
    assert documents().get().delete_after == clock.now() + timedelta(days=30)


def test_receiving_the_proof_restarts_the_clock_before_the_check(organisation, dpo, clock, letters):
    """Paused from the request for proof to its receipt: the days the DPO team takes to check it count."""
    request = RightsRequestFactory(organisation=organisation)  # received 2026-01-15, due 2026-02-16
    due_before = request.due_on
    rights_request_ask_proof(actor=dpo, request=request, reason="Doubt.", clock=clock)
    clock.advance(timedelta(days=10))
    upload(request, clock)
    request.refresh_from_db()
    pause = request.pauses.get()
    assert (pause.ended_on - pause.started_on).days == 10
    assert request.due_on > due_before
    shifted_due = request.due_on
    assert request.timeline.filter(kind=TimelineKind.CLOCK_RESUMED).count() == 1
    clock.advance(timedelta(days=5))  # the check itself: the clock runs
    rights_request_confirm_identity(actor=dpo, request=request, clock=clock)
    request.refresh_from_db()
    assert request.due_on == shifted_due
    assert request.timeline.filter(kind=TimelineKind.CLOCK_RESUMED).count() == 1
