"""The life of a received request: start, assignment, notes, extension, answer, refusal, withdrawal and
closure. Each service locks the request's row, checks the transition (``choices.TRANSITIONS``), writes,
records a timeline entry and an audit event, in one transaction; it raises RightsError and writes nothing
when the move is not allowed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Membership, User
from egide.accounts.roles import Perm, role_has
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.rights.choices import (
    GROUNDS_NEEDING_DETAILED_REASON,
    REFUSAL_SOURCE,
    LetterKind,
    RefusalGround,
    RequestStatus,
    Right,
    TimelineKind,
)
from egide.rights.models import RightsRequest, TimelineEntry
from egide.rights.services._common import (
    RightsError,
    apply_deadlines,
    audit_request,
    issue_letter,
    lock_request,
    paris_date,
    paris_today,
    request_snapshot,
    require_transition,
    resume_clock,
    set_status,
    sync_instance,
    timeline_add,
)

# GDPR Art. 12(5): refusing as manifestly unfounded or excessive, the controller bears the burden of
# proof: the recorded reason must say why, at some length.
DETAILED_REASON_MIN_LENGTH = 20
S = RequestStatus


def _decided(request: RightsRequest, *, clock: Clock) -> None:
    """Stamp the answer: answered late when the Europe/Paris date is after the governing deadline."""
    now = clock.now()
    request.answered_at = now
    request.answered_late = bool(
        request.governing_due_on and paris_date(now) > request.governing_due_on
    )


def rights_request_start(
    *, actor: Actor | User, request: RightsRequest, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """RECEIVED -> IN_PROGRESS."""
    with transaction.atomic():
        locked = lock_request(request)
        if locked.status != S.RECEIVED:
            # From VERIFYING_IDENTITY the way on is rights_request_confirm_identity.
            require_transition(locked, S.IN_PROGRESS)
            raise RightsError(
                _("Only a request just received can be started; confirm the identity first."),
                code="forbidden_transition",
            )
        before = request_snapshot(locked)
        set_status(locked, S.IN_PROGRESS, actor=actor, clock=clock)
        audit_request(actor=actor, request=locked, verb="start", before=before, clock=clock)
    sync_instance(request, locked)
    return request


def rights_request_assign(
    *,
    actor: Actor | User,
    request: RightsRequest,
    assignee: User | None,
    clock: Clock = SYSTEM_CLOCK,
) -> RightsRequest:
    """Give the request to a member who may edit (Perm.EDIT), or to nobody (``None``)."""
    if request.status == S.CLOSED:
        raise RightsError(_("A closed request cannot be reassigned."), code="closed")
    if assignee is not None:
        now = clock.now()
        membership = (
            Membership.objects.filter(
                organisation_id=request.organisation_id, user=assignee, revoked_at__isnull=True
            )
            .exclude(expires_at__lte=now)
            .first()
        )
        if membership is None or not role_has(membership.role, Perm.EDIT):
            raise RightsError.on(
                "assignee", _("Choose a member of the organisation who may edit requests.")
            )
    with transaction.atomic():
        locked = lock_request(request)
        before = request_snapshot(locked)
        locked.assigned_to = assignee
        locked.save()
        timeline_add(
            request=locked,
            kind=TimelineKind.ASSIGNED,
            actor=actor,
            clock=clock,
            data={"assignee": assignee.pk if assignee else None},
            message=(assignee.email if assignee else ""),
        )
        audit_request(actor=actor, request=locked, verb="assign", before=before, clock=clock)
    sync_instance(request, locked)
    return request


def rights_request_note(
    *, actor: Actor | User, request: RightsRequest, text: str, clock: Clock = SYSTEM_CLOCK
) -> TimelineEntry:
    """An internal note (never shown to the requester)."""
    text = text.strip()
    if not text:
        raise RightsError.on("text", _("Write the note."))
    with transaction.atomic():
        entry = timeline_add(
            request=request, kind=TimelineKind.NOTE, actor=actor, clock=clock, message=text
        )
        audit_record(
            actor=actor,
            organisation=request.organisation,
            action="rights_request.note",
            obj=request,
            after={"timeline_entry": entry.pk},
            clock=clock,
        )
    return entry


def rights_request_extend(
    *, actor: Actor | User, request: RightsRequest, reason: str, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """Extend the GDPR deadline to three months from receipt (GDPR Art. 12(3)): only once, only before
    the first deadline has passed (Europe/Paris), with a reason, told to the requester by the
    EXTENSION_NOTICE letter.

    CSP L.1111-7 has no extension: for a request for the medical record only the GDPR clock is extended;
    ``medical_record_due_on`` is kept and ``governing_due_on`` becomes the earlier of the extended GDPR
    deadline and the medical-record deadline."""
    reason = reason.strip()
    if not reason:
        raise RightsError.on(
            "reason", _("Give the reason for the extension: it is sent to the requester.")
        )
    with transaction.atomic():
        locked = lock_request(request)
        require_extendable(locked, clock=clock)
        before = request_snapshot(locked)
        locked.extended_at = clock.now()
        locked.extension_reason = reason
        set_status(locked, S.EXTENDED, actor=actor, clock=clock)
        timeline_add(
            request=locked,
            kind=TimelineKind.EXTENDED,
            actor=actor,
            clock=clock,
            message=reason,
            visible_to_requester=True,
        )
        apply_deadlines(locked, actor=actor, clock=clock)
        audit_request(actor=actor, request=locked, verb="extend", before=before, clock=clock)
        issue_letter(
            actor=actor,
            request=locked,
            kind=LetterKind.EXTENSION_NOTICE,
            clock=clock,
            extra={"reason": reason},
        )
    sync_instance(request, locked)
    return request


def require_extendable(request: RightsRequest, *, clock: Clock) -> None:
    if request.extended_at is not None:
        raise RightsError(_("This request was already extended."), code="already_extended")
    if request.due_on is None or paris_today(clock) > request.due_on:
        raise RightsError(
            _(
                "The first deadline has passed: the extension had to be notified within one month "
                "of receipt (GDPR Art. 12(3))."
            ),
            code="too_late_to_extend",
        )
    require_transition(request, S.EXTENDED)


def rights_request_answer(
    *,
    actor: Actor | User,
    request: RightsRequest,
    outcome: str,
    clock: Clock = SYSTEM_CLOCK,
    send: bool = True,
) -> RightsRequest:
    """-> ANSWERED, with the ACCESS_ANSWER letter for access (ANSWER otherwise). A medical record is not
    communicated before the 48-hour reflection period (CSP L.1111-7)."""
    outcome = outcome.strip()
    if not outcome:
        raise RightsError.on("outcome", _("Say what was done for the requester."))
    with transaction.atomic():
        locked = lock_request(request)
        if (
            locked.medical_record_not_before
            and paris_today(clock) < locked.medical_record_not_before
        ):
            raise RightsError(
                _(
                    "The medical record cannot be communicated before %(date)s: the law gives a "
                    "48-hour reflection period (CSP L.1111-7)."
                )
                % {"date": locked.medical_record_not_before.isoformat()},
                code="reflection_period",
            )
        before = request_snapshot(locked)
        locked.outcome = outcome
        _decided(locked, clock=clock)
        set_status(locked, S.ANSWERED, actor=actor, clock=clock)
        audit_request(actor=actor, request=locked, verb="answer", before=before, clock=clock)
        kind = LetterKind.ACCESS_ANSWER if locked.right == Right.ACCESS else LetterKind.ANSWER
        issue_letter(actor=actor, request=locked, kind=kind, clock=clock, send=send)
    sync_instance(request, locked)
    return request


def check_refusal(ground: str, reason: str) -> str:
    reason = reason.strip()
    if ground not in RefusalGround.values:
        raise RightsError.on("ground", _("Choose the ground for the refusal."))
    if not reason:
        raise RightsError.on(
            "reason", _("Give the reasons for the refusal: they are sent to the requester.")
        )
    if ground in GROUNDS_NEEDING_DETAILED_REASON and len(reason) < DETAILED_REASON_MIN_LENGTH:
        raise RightsError.on(
            "reason",
            _(
                "Explain in detail why the request is manifestly unfounded or excessive: the "
                "organisation must be able to prove it (GDPR Art. 12(5))."
            ),
        )
    return reason


def refuse_locked(
    locked: RightsRequest,
    *,
    actor: Actor | User,
    ground: str,
    reason: str,
    partial: bool,
    clock: Clock,
    send: bool,
) -> None:
    """Refuse ``locked`` (already locked and checked): status, pause closed, timeline, letter."""
    target = S.PARTIALLY_REFUSED if partial else S.REFUSED
    require_transition(locked, target)
    resume_clock(locked, actor=actor, clock=clock)
    locked.refusal_ground = ground
    locked.refusal_reason = reason
    _decided(locked, clock=clock)
    set_status(
        locked,
        target,
        actor=actor,
        clock=clock,
        message=reason,
    )
    kind = (
        LetterKind.ERASURE_RETENTION_REFUSAL
        if partial and locked.right == Right.ERASURE and ground == RefusalGround.LEGAL_RETENTION
        else LetterKind.REFUSAL
    )
    issue_letter(
        actor=actor,
        request=locked,
        kind=kind,
        clock=clock,
        send=send,
        extra={"ground": ground, "source": REFUSAL_SOURCE.get(ground, ""), "reason": reason},
    )


def rights_request_refuse(
    *,
    actor: Actor | User,
    request: RightsRequest,
    ground: str,
    reason: str,
    partial: bool = False,
    clock: Clock = SYSTEM_CLOCK,
    send: bool = True,
) -> RightsRequest:
    """-> REFUSED (or PARTIALLY_REFUSED), with a recorded reason (GDPR Art. 12(4): the reasons and the
    right to complain to the CNIL are told to the requester in the REFUSAL letter; a partial refusal of
    an erasure for a legal retention gets the ERASURE_RETENTION_REFUSAL letter)."""
    reason = check_refusal(ground, reason)
    with transaction.atomic():
        locked = lock_request(request)
        before = request_snapshot(locked)
        refuse_locked(
            locked,
            actor=actor,
            ground=ground,
            reason=reason,
            partial=partial,
            clock=clock,
            send=send,
        )
        audit_request(actor=actor, request=locked, verb="refuse", before=before, clock=clock)
    sync_instance(request, locked)
    return request


def rights_request_withdraw(
    *, actor: Actor | User, request: RightsRequest, reason: str = "", clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """The requester withdrew the request (-> WITHDRAWN; a running pause ends)."""
    with transaction.atomic():
        locked = lock_request(request)
        require_transition(locked, S.WITHDRAWN)
        before = request_snapshot(locked)
        resume_clock(locked, actor=actor, clock=clock)
        set_status(locked, S.WITHDRAWN, actor=actor, clock=clock, message=reason.strip())
        audit_request(actor=actor, request=locked, verb="withdraw", before=before, clock=clock)
    sync_instance(request, locked)
    return request


def rights_request_close(
    *, actor: Actor | User, request: RightsRequest, clock: Clock = SYSTEM_CLOCK
) -> RightsRequest:
    """A decided or withdrawn request is filed away (-> CLOSED)."""
    with transaction.atomic():
        locked = lock_request(request)
        before = request_snapshot(locked)
        locked.closed_at = clock.now()
        set_status(locked, S.CLOSED, actor=actor, clock=clock)
        audit_request(actor=actor, request=locked, verb="close", before=before, clock=clock)
    sync_instance(request, locked)
    return request
