"""Identity and standing (GDPR Art. 11(2), 12(6); medical record: CSP R.1111-1; representatives and
heirs: CSP L.1110-4 V, L.1111-7): asking for a proof (the clock stops), receiving documents (checked,
encrypted at rest), reading them (DPO team only, every view audited), confirming identity (the clock
resumes; documents deleted after the organisation's retention) and the sweep that deletes them.

Who may read a document: the service looks up the actor's live membership of the request's organisation
(:func:`egide.accounts.selectors.membership_active_get`) and requires a role passing
:func:`egide.rights.permissions.may_handle_identity_documents` (dpo, dpo_assistant); system actors and
anyone else get ``PermissionDenied``.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import User
from egide.accounts.selectors import membership_active_get
from egide.core.audit import Actor, audit_record, snapshot
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.rights.choices import (
    OPEN_STATUSES,
    DocumentKind,
    IdentityStatus,
    LetterKind,
    RefusalGround,
    RequestStatus,
    TimelineKind,
)
from egide.rights.models import IdentityDocument, RightsRequest
from egide.rights.permissions import may_handle_identity_documents
from egide.rights.selectors import rights_settings_for
from egide.rights.services._common import (
    SWEEP_ACTOR,
    RightsError,
    actor_user,
    audit_request,
    issue_letter,
    lock_request,
    pause_clock,
    request_snapshot,
    require_transition,
    resume_clock,
    set_status,
    sync_instance,
    timeline_add,
)
from egide.rights.uploads import UploadRefused, check_upload

# Documents kept per request at most (a portal cannot be used as a file store).
MAX_DOCUMENTS_PER_REQUEST = 10
DOCUMENT_AUDIT_FIELDS = (
    "request",
    "kind",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "delete_after",
    "deleted_at",
)


def ask_proof_locked(
    request: RightsRequest, *, actor: Actor | User, reason: str, clock: Clock
) -> None:
    """Ask for a proof on a locked request: VERIFYING_IDENTITY, clock paused, PROOF_REQUEST letter."""
    require_transition(request, RequestStatus.VERIFYING_IDENTITY)
    request.identity_status = IdentityStatus.PROOF_REQUESTED
    set_status(request, RequestStatus.VERIFYING_IDENTITY, actor=actor, clock=clock)
    timeline_add(
        request=request,
        kind=TimelineKind.PROOF_REQUESTED,
        actor=actor,
        clock=clock,
        message=reason,
        visible_to_requester=True,
    )
    pause_clock(request, reason=reason, actor=actor, clock=clock)
    issue_letter(
        actor=actor,
        request=request,
        kind=LetterKind.PROOF_REQUEST,
        clock=clock,
        extra={"reason": reason},
    )


def rights_request_ask_proof(
    *, actor: Actor | User, request: RightsRequest, reason: str, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """Ask for a proof of identity or standing on reasonable doubt (GDPR Art. 12(6)): the clock stops
    until the proof is received (the pause is documented in the timeline)."""
    reason = reason.strip()
    if not reason:
        raise RightsError.on(
            "reason", _("Say which proof is needed and why: the requester reads it.")
        )
    with transaction.atomic():
        locked = lock_request(request)
        before = request_snapshot(locked)
        ask_proof_locked(locked, actor=actor, reason=reason, clock=clock)
        audit_request(actor=actor, request=locked, verb="ask_proof", before=before, clock=clock)
    sync_instance(request, locked)
    return request


def identity_document_upload(
    *,
    actor: Actor | User,
    request: RightsRequest,
    kind: str,
    filename: str,
    content: bytes,
    clock: Clock = SYSTEM_CLOCK,
) -> IdentityDocument:
    """Receive a proof (portal: ``actor=PORTAL_ACTOR``). Checked by :mod:`egide.rights.uploads` before
    anything is written; stored encrypted. The RightsError of a refused file is not field-keyed (the
    caller attaches it to its file field).

    Receiving the proof restarts a paused clock: the wait was the requester's, checking the proof is the
    controller's time (GDPR Art. 12(3), 12(6); EDPB Guidelines 01/2022 on the right of access: the time
    limit runs again once the information asked for is received)."""
    if kind not in DocumentKind.values:
        raise RightsError.on("kind", _("Choose the kind of document."))
    try:
        checked = check_upload(filename=filename, content=content)
    except UploadRefused as refused:
        raise RightsError(refused.message, code=refused.code) from None
    with transaction.atomic():
        locked = lock_request(request)
        if locked.status not in OPEN_STATUSES:
            raise RightsError(_("This request no longer accepts documents."), code="closed")
        kept = locked.identity_documents.filter(deleted_at__isnull=True).count()
        if kept >= MAX_DOCUMENTS_PER_REQUEST:
            raise RightsError(
                _("This request already has %(count)d documents; no more can be added.")
                % {"count": kept},
                code="too_many",
            )
        document = IdentityDocument.objects.create(
            organisation_id=locked.organisation_id,
            request=locked,
            kind=kind,
            original_name=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_at=clock.now(),
            uploaded_by=actor_user(actor),
        )
        timeline_add(
            request=locked,
            kind=TimelineKind.DOCUMENT_UPLOADED,
            actor=actor,
            clock=clock,
            message=checked.filename,
            data={"document": document.pk, "kind": kind},
            visible_to_requester=True,
        )
        audit_record(
            actor=actor,
            organisation=locked.organisation,
            action="rights_identity_document.upload",
            obj=document,
            after=snapshot(document, DOCUMENT_AUDIT_FIELDS),
            clock=clock,
        )
        before = request_snapshot(locked)
        if resume_clock(locked, actor=actor, clock=clock):
            audit_request(actor=actor, request=locked, verb="resume", before=before, clock=clock)
    sync_instance(request, locked)
    return document


def require_document_reader(actor: Actor | User, request: RightsRequest, *, clock: Clock) -> User:
    """The DPO team only (dpo, dpo_assistant), with a live membership of the request's organisation."""
    user = actor_user(actor)
    if user is None:
        raise PermissionDenied(_("Identity documents are visible to the DPO team only."))
    membership = membership_active_get(
        user=user, organisation_slug=request.organisation.slug, now=clock.now()
    )
    if membership is None or not may_handle_identity_documents(membership.role):
        raise PermissionDenied(_("Identity documents are visible to the DPO team only."))
    return user


def identity_document_read(
    *, actor: Actor | User, document: IdentityDocument, clock: Clock = SYSTEM_CLOCK
) -> bytes:
    """The plaintext of a document, for the DPO team only (PermissionDenied otherwise). Every read is
    audited (``rights_identity_document.view``) and written in the request's timeline."""
    request = document.request
    require_document_reader(actor, request, clock=clock)
    if document.deleted_at is not None or document.content is None:
        raise RightsError(_("This document was deleted once identity was checked."), code="deleted")
    with transaction.atomic():
        timeline_add(
            request=request,
            kind=TimelineKind.DOCUMENT_VIEWED,
            actor=actor,
            clock=clock,
            message=document.original_name,
            data={"document": document.pk},
        )
        audit_record(
            actor=actor,
            organisation=request.organisation,
            action="rights_identity_document.view",
            obj=document,
            clock=clock,
        )
    return bytes(document.content)


def _delete_document(document: IdentityDocument, *, actor: Actor | User, clock: Clock) -> None:
    before = snapshot(document, DOCUMENT_AUDIT_FIELDS)
    document.content = None
    document.deleted_at = clock.now()
    document.save(update_fields=["content", "deleted_at"])
    timeline_add(
        request=document.request,
        kind=TimelineKind.DOCUMENT_DELETED,
        actor=actor,
        clock=clock,
        message=document.original_name,
        data={"document": document.pk},
    )
    audit_record(
        actor=actor,
        organisation=document.request.organisation,
        action="rights_identity_document.delete",
        obj=document,
        before=before,
        after=snapshot(document, DOCUMENT_AUDIT_FIELDS),
        clock=clock,
    )


def schedule_document_deletion(
    request: RightsRequest, *, actor: Actor | User, clock: Clock
) -> None:
    """Identity checked (either way): the documents go after the organisation's retention, at once
    when it is 0 days (GDPR Art. 5(1)(c), 5(1)(e))."""
    days = rights_settings_for(request.organisation).identity_document_retention_days
    delete_after = clock.now() + timedelta(days=days)
    for document in request.identity_documents.filter(deleted_at__isnull=True):
        if days == 0:
            _delete_document(document, actor=actor, clock=clock)
        elif document.delete_after is None or document.delete_after > delete_after:
            document.delete_after = delete_after
            document.save(update_fields=["delete_after"])


def rights_request_confirm_identity(
    *, actor: Actor | User, request: RightsRequest, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """Identity (and standing) confirmed: the clock resumes and the deadlines are recomputed, the request
    goes IN_PROGRESS (from RECEIVED or VERIFYING_IDENTITY), the documents are scheduled for deletion."""
    with transaction.atomic():
        locked = lock_request(request)
        if locked.status not in OPEN_STATUSES:
            raise RightsError(_("This request is no longer open."), code="closed")
        if locked.identity_status == IdentityStatus.CONFIRMED:
            raise RightsError(_("Identity is already confirmed."), code="already_confirmed")
        before = request_snapshot(locked)
        locked.identity_status = IdentityStatus.CONFIRMED
        locked.identity_confirmed_at = clock.now()
        locked.save()
        timeline_add(
            request=locked,
            kind=TimelineKind.IDENTITY_CONFIRMED,
            actor=actor,
            clock=clock,
            visible_to_requester=True,
        )
        resume_clock(locked, actor=actor, clock=clock)
        if locked.status in (RequestStatus.RECEIVED, RequestStatus.VERIFYING_IDENTITY):
            set_status(locked, RequestStatus.IN_PROGRESS, actor=actor, clock=clock)
        schedule_document_deletion(locked, actor=actor, clock=clock)
        audit_request(
            actor=actor, request=locked, verb="confirm_identity", before=before, clock=clock
        )
    sync_instance(request, locked)
    return request


def rights_request_identity_not_established(
    *, actor: Actor | User, request: RightsRequest, reason: str, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """Identity (or standing) could not be established: the request is refused on that ground (GDPR
    Art. 11(2), 12(6); CSP R.1111-1) with the REFUSAL letter; the documents are scheduled for deletion."""
    from egide.rights.services.workflow import check_refusal, refuse_locked

    reason = check_refusal(RefusalGround.IDENTITY_NOT_ESTABLISHED, reason)
    with transaction.atomic():
        locked = lock_request(request)
        before = request_snapshot(locked)
        require_transition(locked, RequestStatus.REFUSED)
        locked.identity_status = IdentityStatus.NOT_ESTABLISHED
        timeline_add(
            request=locked,
            kind=TimelineKind.IDENTITY_NOT_ESTABLISHED,
            actor=actor,
            clock=clock,
            message=reason,
            visible_to_requester=True,
        )
        refuse_locked(
            locked,
            actor=actor,
            ground=RefusalGround.IDENTITY_NOT_ESTABLISHED,
            reason=reason,
            partial=False,
            clock=clock,
            send=True,
        )
        schedule_document_deletion(locked, actor=actor, clock=clock)
        audit_request(
            actor=actor, request=locked, verb="identity_not_established", before=before, clock=clock
        )
    sync_instance(request, locked)
    return request


def identity_documents_purge(*, clock: Clock = SYSTEM_CLOCK) -> int:
    """Empty every document whose ``delete_after`` has come, in all organisations (the periodic sweep).
    The row stays as a tombstone (name, size, hash, dates) for the timeline. Returns how many."""
    now = clock.now()
    due = list(
        IdentityDocument.objects.all_organisations_unscoped()
        .filter(deleted_at__isnull=True, delete_after__isnull=False, delete_after__lte=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    purged = 0
    for pk in due:
        with transaction.atomic():
            document = (
                IdentityDocument.objects.all_organisations_unscoped()
                .select_for_update(of=("self",))
                .filter(pk=pk, deleted_at__isnull=True)
                .select_related("request", "request__organisation")
                .first()
            )
            if document is None:
                continue
            _delete_document(document, actor=SWEEP_ACTOR, clock=clock)
            purged += 1
    return purged
