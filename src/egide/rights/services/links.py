"""The requester's status link: renewing it revokes every link given so far and emails a fresh one."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import User
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.tasks import enqueue_on_commit
from egide.rights.choices import RequestStatus, TimelineKind
from egide.rights.models import RightsRequest
from egide.rights.services._common import RightsError, lock_request, sync_instance, timeline_add


def rights_status_link_renew(
    *, actor: Actor | User, request: RightsRequest, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """Revoke the status links given so far (a link forwarded or lost, a mailbox shared) and email the
    requester a new one (GDPR Art. 32). Needs the requester's email address and a confirmed request."""
    if not request.requester_email:
        raise RightsError(
            _("The requester gave no email address: hand them the new link another way."),
            code="no_email",
        )
    if request.status == RequestStatus.AWAITING_CONFIRMATION:
        raise RightsError(
            _("The requester has not confirmed their email address yet."), code="unconfirmed"
        )
    with transaction.atomic():
        locked = lock_request(request)
        before = {"status_link_version": locked.status_link_version}
        locked.status_link_version += 1
        locked.save(update_fields=["status_link_version", "updated_at"])
        timeline_add(
            request=locked,
            kind=TimelineKind.STATUS_LINK_RENEWED,
            actor=actor,
            clock=clock,
            visible_to_requester=True,
        )
        audit_record(
            actor=actor,
            organisation=locked.organisation,
            action="rights_request.status_link_renew",
            obj=locked,
            before=before,
            after={"status_link_version": locked.status_link_version},
            clock=clock,
        )
        from egide.rights.tasks import send_status_link

        enqueue_on_commit(send_status_link, locked.pk)
    sync_instance(request, locked)
    return request
