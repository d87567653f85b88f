"""Confirming a portal filing: the one-time email link, then receipt (the clock starts, GDPR Art. 12(3)),
the acknowledgement and, where the law asks for it, the proof of identity or standing (CSP R.1111-1)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.rights.choices import (
    CAPACITIES_NEEDING_STANDING_PROOF,
    IdentityStatus,
    LetterKind,
    RequestStatus,
    TimelineKind,
)
from egide.rights.models import RightsRequest
from egide.rights.selectors import rights_settings_for
from egide.rights.services._common import (
    PORTAL_ACTOR,
    RightsError,
    apply_deadlines,
    audit_request,
    issue_letter,
    lock_request,
    paris_date,
    request_snapshot,
    timeline_add,
)
from egide.rights.services.intake import flag_duplicate, token_hash


def confirmation_token_issue(*, request: RightsRequest, clock: Clock = SYSTEM_CLOCK) -> str:
    """A new one-time confirmation token (only its SHA-256 is stored; any earlier token stops working),
    valid for the organisation's ``unconfirmed_expiry_hours``."""
    if request.status != RequestStatus.AWAITING_CONFIRMATION:
        raise RightsError(_("This request's email address is already confirmed."), code="confirmed")
    token = secrets.token_urlsafe(32)
    hours = rights_settings_for(request.organisation).unconfirmed_expiry_hours
    with transaction.atomic():
        locked = lock_request(request)
        locked.confirmation_token_hash = token_hash(token)
        locked.confirmation_expires_at = clock.now() + timedelta(hours=hours)
        locked.save(
            update_fields=["confirmation_token_hash", "confirmation_expires_at", "updated_at"]
        )
    request.confirmation_token_hash = locked.confirmation_token_hash
    request.confirmation_expires_at = locked.confirmation_expires_at
    return token


def needs_proof(request: RightsRequest) -> bool:
    """Proof asked at once: the medical record (CSP R.1111-1, if the organisation asks for it) and the
    standing of a parent, legal representative or heir (CSP L.1110-4 V, L.1111-7)."""
    if request.requester_capacity in CAPACITIES_NEEDING_STANDING_PROOF:
        return True
    return request.includes_medical_record and (
        rights_settings_for(request.organisation).medical_record_requires_proof
    )


def rights_request_confirm_email(
    *, organisation: Organisation, token: str, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """The requester clicked the link: the request is received today (Europe/Paris), deadlines start,
    duplicates are flagged, the acknowledgement is issued and, when a proof is needed, asked at once
    (clock paused). A link already used gives the request back unchanged."""
    digest = token_hash(token.strip())
    found = RightsRequest.objects.filter(
        organisation=organisation, confirmation_token_hash=digest
    ).first()
    if found is None or not token.strip():
        raise RightsError(_("This confirmation link is not valid."), code="invalid_token")
    if found.status != RequestStatus.AWAITING_CONFIRMATION:
        return found
    now = clock.now()
    if found.confirmation_expires_at is None or found.confirmation_expires_at <= now:
        raise RightsError(
            _("This confirmation link has expired. Please file your request again."),
            code="expired_token",
        )
    with transaction.atomic():
        request = lock_request(found)
        if request.status != RequestStatus.AWAITING_CONFIRMATION:
            return request
        before = request_snapshot(request)
        request.status = RequestStatus.RECEIVED
        request.identity_status = IdentityStatus.EMAIL_CONFIRMED
        request.email_confirmed_at = now
        request.received_on = paris_date(now)
        request.save()
        timeline_add(
            request=request,
            kind=TimelineKind.EMAIL_CONFIRMED,
            actor=PORTAL_ACTOR,
            clock=clock,
            visible_to_requester=True,
        )
        apply_deadlines(request, actor=PORTAL_ACTOR, clock=clock, quiet=True)
        flag_duplicate(request, actor=PORTAL_ACTOR, clock=clock)
        audit_request(
            actor=PORTAL_ACTOR, request=request, verb="confirm_email", before=before, clock=clock
        )
        issue_letter(
            actor=PORTAL_ACTOR, request=request, kind=LetterKind.ACKNOWLEDGEMENT, clock=clock
        )
        if needs_proof(request):
            from egide.rights.services.identity import ask_proof_locked

            ask_proof_locked(request, actor=PORTAL_ACTOR, reason=proof_reason(request), clock=clock)
    return request


def proof_reason(request: RightsRequest) -> str:
    if request.requester_capacity in CAPACITIES_NEEDING_STANDING_PROOF:
        return _(
            "You act for someone else: please send a proof of your identity and of your standing "
            "(CSP L.1110-4 V, L.1111-7, R.1111-1)."
        )
    return _(
        "Your request concerns your medical record: please send a proof of your identity "
        "(CSP R.1111-1)."
    )
