"""Helpers shared by the rights services: the error type, the portal's actor, timeline and audit, locking,
the transition check, deadlines and the clock pause."""

from __future__ import annotations

import importlib
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from egide.accounts.models import User
from egide.core.audit import Actor, audit_record, snapshot
from egide.core.clock import PARIS, Clock
from egide.rights.choices import TRANSITIONS, RequestStatus, TimelineKind
from egide.rights.deadlines import Pause, calendar_for, compute_deadlines
from egide.rights.models import REQUEST_AUDIT_FIELDS, RequestPause, RightsRequest, TimelineEntry

# Writes made by the public portal (no signed-in user) are named, never anonymous.
PORTAL_ACTOR = Actor.system("portal")
# The periodic sweep (deletion of identity documents).
SWEEP_ACTOR = Actor.system("rights.sweep")

# Fields recomputed by :func:`apply_deadlines` (and compared for the DEADLINES_CHANGED entry).
DEADLINE_FIELDS = (
    "due_on",
    "extended_due_on",
    "medical_record_not_before",
    "medical_record_due_on",
    "governing_due_on",
)


class RightsError(ValidationError):
    """A rights service refused its input or a transition; nothing was written.

    Built like a ``ValidationError``: a message, or ``{field: message}`` when a field is at fault."""

    @classmethod
    def on(cls, field: str, message: str, code: str = "invalid") -> RightsError:
        return cls({field: ValidationError(message, code=code)})


def actor_user(actor: Actor | User | None) -> User | None:
    if actor is None:
        return None
    if isinstance(actor, Actor):
        return actor.user
    return actor


def actor_label(actor: Actor | User | None) -> str:
    if actor is None:
        return ""
    if isinstance(actor, Actor):
        return actor.label
    return actor.email


def paris_today(clock: Clock) -> date:
    """Today's date in Europe/Paris: the date of receipt, pauses and deadlines."""
    return clock.now().astimezone(PARIS).date()


def paris_date(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def request_snapshot(request: RightsRequest) -> dict[str, Any]:
    return snapshot(request, REQUEST_AUDIT_FIELDS)


def timeline_add(
    *,
    request: RightsRequest,
    kind: str,
    actor: Actor | User | None,
    clock: Clock,
    message: str = "",
    data: dict[str, Any] | None = None,
    visible_to_requester: bool = False,
) -> TimelineEntry:
    """Append one step to the request's timeline (call inside the service's transaction)."""
    return TimelineEntry.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        at=clock.now(),
        kind=kind,
        actor=actor_user(actor),
        actor_label=actor_label(actor)[:255],
        message=str(message),
        data=data or {},
        visible_to_requester=visible_to_requester,
    )


def audit_request(
    *,
    actor: Actor | User,
    request: RightsRequest,
    verb: str,
    before: dict[str, Any] | None,
    clock: Clock,
) -> None:
    """The audit event ``rights_request.<verb>`` with before/after snapshots of the request."""
    audit_record(
        actor=actor,
        organisation=request.organisation,
        action=f"rights_request.{verb}",
        obj=request,
        before=before,
        after=request_snapshot(request),
        clock=clock,
    )


def lock_request(request: RightsRequest) -> RightsRequest:
    """The request's row, fresh and locked for this transaction (two clerks cannot cross transitions)."""
    return RightsRequest.objects.select_for_update().get(
        organisation_id=request.organisation_id, pk=request.pk
    )


def sync_instance(target: RightsRequest, source: RightsRequest) -> None:
    """Copy the saved state of ``source`` onto the caller's instance ``target``."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    # Cached relations may point at the old values (assignee, duplicate).
    for name in ("assigned_to", "duplicate_of"):
        relation = target._meta.get_field(name)
        if isinstance(relation, models.ForeignKey) and relation.is_cached(target):
            relation.delete_cached_value(target)


def require_transition(request: RightsRequest, target: str) -> None:
    """Refuse a move the workflow does not allow (:data:`egide.rights.choices.TRANSITIONS`)."""
    if target not in TRANSITIONS.get(request.status, frozenset()):
        raise RightsError(
            _("A request that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": RequestStatus(request.status).label,
                "target": RequestStatus(target).label,
            },
            code="forbidden_transition",
        )


def set_status(
    request: RightsRequest,
    target: str,
    *,
    actor: Actor | User,
    clock: Clock,
    visible: bool = True,
    message: str = "",
) -> None:
    """Check and apply a transition and record it in the timeline (the caller saves the request)."""
    require_transition(request, target)
    previous = request.status
    request.status = target
    request.save()
    timeline_add(
        request=request,
        kind=TimelineKind.STATUS_CHANGED,
        actor=actor,
        clock=clock,
        message=message,
        data={"from": previous, "to": target},
        visible_to_requester=visible,
    )


def open_pause(request: RightsRequest) -> RequestPause | None:
    return request.pauses.filter(ended_on__isnull=True).order_by("pk").first()


def pause_clock(
    request: RightsRequest, *, reason: str, actor: Actor | User, clock: Clock
) -> RequestPause:
    """Stop the clock from today (GDPR Art. 12(6), CSP R.1111-1); an already open pause is kept."""
    current = open_pause(request)
    if current is not None:
        return current
    today = paris_today(clock)
    pause = RequestPause.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        started_on=max(today, request.received_on or today),
        reason=reason,
    )
    timeline_add(
        request=request,
        kind=TimelineKind.CLOCK_PAUSED,
        actor=actor,
        clock=clock,
        message=reason,
        data={"paused_on": pause.started_on.isoformat()},
        visible_to_requester=True,
    )
    return pause


def resume_clock(request: RightsRequest, *, actor: Actor | User, clock: Clock) -> bool:
    """End the open pause today and recompute the deadlines; False when the clock was running."""
    current = open_pause(request)
    if current is None:
        return False
    current.ended_on = max(paris_today(clock), current.started_on)
    current.save(update_fields=["ended_on"])
    timeline_add(
        request=request,
        kind=TimelineKind.CLOCK_RESUMED,
        actor=actor,
        clock=clock,
        data={
            "paused_on": current.started_on.isoformat(),
            "resumed_on": current.ended_on.isoformat(),
            "days": (current.ended_on - current.started_on).days,
        },
        visible_to_requester=True,
    )
    apply_deadlines(request, actor=actor, clock=clock)
    return True


def compute_request_deadlines(request: RightsRequest, *, clock: Clock) -> dict[str, date | None]:
    """The deadline fields of ``request`` (not saved): see :func:`apply_deadlines`."""
    if request.received_on is None:
        return dict.fromkeys(DEADLINE_FIELDS)
    pauses = [Pause(p.started_on, p.ended_on) for p in request.pauses.all()]
    medical = request.includes_medical_record
    computed = compute_deadlines(
        received=request.received_on,
        calendar=calendar_for(alsace_moselle=request.organisation.uses_alsace_moselle_calendar),
        pauses=pauses,
        today=max(paris_today(clock), request.received_on),
        medical_record=medical,
        older_than_5_years=medical and request.medical_record_older_than_5_years,
    )
    governing = computed.governing_due
    if request.extended_at is not None:
        # GDPR Art. 12(3) extends the GDPR month only; CSP L.1111-7 knows no extension, so the
        # medical-record deadline, when there is one, still governs if it is earlier.
        governing = computed.extended_due
        if computed.medical_record_due is not None:
            governing = min(governing, computed.medical_record_due)
    return {
        "due_on": computed.due,
        "extended_due_on": computed.extended_due,
        "medical_record_not_before": computed.medical_record_not_before,
        "medical_record_due_on": computed.medical_record_due,
        "governing_due_on": governing,
    }


def apply_deadlines(
    request: RightsRequest, *, actor: Actor | User, clock: Clock, quiet: bool = False
) -> bool:
    """Recompute and save the request's deadlines; a DEADLINES_CHANGED entry when they moved (unless
    ``quiet``: the first computation at receipt). Returns whether they changed."""
    values = compute_request_deadlines(request, clock=clock)
    before = {name: getattr(request, name) for name in DEADLINE_FIELDS}
    if before == values:
        return False
    for name, value in values.items():
        setattr(request, name, value)
    request.save()
    if not quiet:
        timeline_add(
            request=request,
            kind=TimelineKind.DEADLINES_CHANGED,
            actor=actor,
            clock=clock,
            data={
                name: {
                    "from": before[name].isoformat() if before[name] else None,
                    "to": value.isoformat() if value else None,
                }
                for name, value in values.items()
                if before[name] != value
            },
            visible_to_requester=True,
        )
    return True


def issue_letter(
    *,
    actor: Actor | User,
    request: RightsRequest,
    kind: str,
    clock: Clock,
    send: bool = True,
    extra: dict[str, Any] | None = None,
) -> Any:
    """Issue a letter through :func:`egide.rights.services.letters.letter_issue` (imported here, late,
    so this package imports while the letters module is being written)."""
    letters = importlib.import_module("egide.rights.services.letters")
    return letters.letter_issue(
        actor=actor, request=request, kind=kind, clock=clock, send=send, extra=extra
    )
