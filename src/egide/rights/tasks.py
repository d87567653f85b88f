"""Background work of rights requests. Tasks take ids, are idempotent and are enqueued on commit
(``egide.core.tasks.enqueue_on_commit``) by the services. The periodic sweeps (reminders, overdue flags,
deletion of identity documents and of unconfirmed portal requests) are registered in
:mod:`egide.rights.sweeps`, imported at the end of this module so the worker finds them."""

from __future__ import annotations

from egide.core.tasks import egide_task


@egide_task(retries=3, backoff_seconds=60)
def send_confirmation_email(request_id: int) -> bool:
    """Email the portal requester a fresh one-time confirmation link (any earlier link stops working).
    Skipped (False) when the request is gone or already confirmed."""
    from egide.rights.emails import confirmation_email_send

    return confirmation_email_send(request_id=request_id)


@egide_task(retries=3, backoff_seconds=60)
def send_issued_document(document_id: int) -> bool:
    """Email an issued letter to the requester (PDF attached, or a link to the status page for health
    data). Idempotent: a document already emailed is not sent again."""
    from egide.rights.emails import issued_document_email_send

    return issued_document_email_send(document_id=document_id)


@egide_task(retries=3, backoff_seconds=60)
def send_status_link(request_id: int) -> bool:
    """Email the requester the current signed link to their status page (after a renewal)."""
    from egide.rights.emails import status_link_email_send

    return status_link_email_send(request_id=request_id)


from egide.rights import sweeps as _sweeps  # noqa: E402,F401  (registers the periodic sweeps)
