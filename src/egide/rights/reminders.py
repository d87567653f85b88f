"""Deadline reminders and overdue flags of rights requests, sent by the worker's hourly sweep.

The rules (GDPR Art. 12(3): one month, extendable by two months if the person is told so within the first
month; CSP L.1111-7: eight days, or two months, for the medical record):

- Only requests whose clock runs are looked at: an open status (``OPEN_STATUSES``) and not paused. A request
  in ``verifying_identity`` with an open :class:`~egide.rights.models.RequestPause` is waiting for a proof:
  its clock stands still (GDPR Art. 12(6), CSP R.1111-1), so no reminder and no overdue flag.
- The deadlines that matter are the governing one (``governing_due_on``: the earlier of the GDPR and
  medical-record deadlines) and, while the request is not extended, the first GDPR deadline (``due_on``):
  an extension must be notified before it (Art. 12(3)), so the team is reminded of it too.
- For each deadline and each offset of ``RightsSettings.reminder_days`` (default 7 and 2), a reminder is
  due from the day ``deadline - offset`` (Europe/Paris dates). Each is sent once: a
  :class:`~egide.rights.models.ReminderSent` row keyed on (request, deadline, days before) is the
  idempotency key, so a sweep running twice, or two workers racing, send nothing more.
- **Catching up.** After downtime several reminders of a deadline may be due at once (the worker was
  stopped 8 days before a deadline and restarts 1 day before it): only the most urgent one (the smallest
  offset reached) is sent; the less urgent ones are skipped for good, never sent later.
- Once the governing deadline has passed (the day after it), the request is flagged overdue once:
  ``overdue_since`` set, an ``overdue`` timeline entry, one notice (a ``days_before = -1`` row) and an
  audit event ``rights_request.overdue``.
- A deadline that moves (recomputed after a pause, or an extension) is a new deadline: its reminders are
  sent afresh.

Emails go out through the task :func:`egide.rights.sweeps.send_deadline_reminder`, enqueued when the
reminder's transaction commits (retried on failure, never sent for a rolled-back row).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from egide.accounts.models import Organisation
from egide.core.audit import Actor, audit_record
from egide.core.clock import PARIS, SYSTEM_CLOCK, Clock
from egide.core.tasks import enqueue_on_commit
from egide.rights.choices import OPEN_STATUSES, RequestStatus, TimelineKind
from egide.rights.models import (
    ReminderSent,
    RightsRequest,
    RightsSettings,
    TimelineEntry,
)
from egide.rights.models.requests import default_reminder_days
from egide.rights.selectors import paused_q

logger = logging.getLogger("egide.rights")

REMINDER_ACTOR = Actor.system("rights-reminders")
# The ``days_before`` of the overdue notice's ReminderSent row.
OVERDUE_NOTICE = -1


def paris_today(clock: Clock) -> date:
    return clock.now().astimezone(PARIS).date()


# --- Pure rules -------------------------------------------------------------------------------


def watched_deadlines(
    *, governing_due_on: date | None, due_on: date | None, extended: bool
) -> list[date]:
    """The deadlines a request is reminded of: the governing one and, before any extension, the first
    GDPR deadline (an extension must be notified before it, GDPR Art. 12(3))."""
    deadlines = [d for d in (governing_due_on, None if extended else due_on) if d is not None]
    return sorted(set(deadlines))


def reminder_due(
    *, deadline: date, today: date, offsets: Iterable[int], sent: Iterable[int]
) -> int | None:
    """The offset (days before ``deadline``) whose reminder should go out ``today``, or None.

    Only the most urgent offset reached counts (catching up sends one reminder, not all of them); it is not
    sent when it, or a more urgent reminder, was already sent. Nothing once the deadline has passed."""
    if today > deadline:
        return None
    reached = [o for o in sorted(set(offsets)) if o >= 0 and today >= deadline - timedelta(days=o)]
    if not reached:
        return None
    most_urgent = reached[0]
    if any(0 <= d <= most_urgent for d in sent):
        return None
    return most_urgent


def reminder_offsets(value: object) -> list[int]:
    """The organisation's ``reminder_days`` as clean offsets (bad entries ignored)."""
    if not isinstance(value, list | tuple):
        return default_reminder_days()
    return sorted(
        {int(v) for v in value if isinstance(v, int) and not isinstance(v, bool) and v >= 0}
    )


# --- The sweep --------------------------------------------------------------------------------


@dataclass
class ReminderSummary:
    reminders: int = 0
    overdue: int = 0


def running_requests(*, organisation: Organisation) -> QuerySet[RightsRequest]:
    """Open requests whose clock runs (not paused), with a deadline."""
    return (
        RightsRequest.objects.for_organisation(organisation)
        .filter(status__in=OPEN_STATUSES, governing_due_on__isnull=False)
        .exclude(paused_q())
    )


def rights_reminders_send(
    *, organisation: Organisation, clock: Clock = SYSTEM_CLOCK
) -> ReminderSummary:
    """Send the reminders due today and flag the requests newly overdue in ``organisation``. Idempotent."""
    today = paris_today(clock)
    settings = RightsSettings.objects.for_organisation(organisation).first()
    offsets = reminder_offsets(settings.reminder_days if settings else default_reminder_days())
    horizon = today + timedelta(days=max(offsets, default=0))
    # governing_due_on <= due_on whenever due_on is watched, so one bound on it finds every candidate.
    candidates = (
        running_requests(organisation=organisation)
        .filter(governing_due_on__lte=horizon)
        .prefetch_related("reminders")
        .order_by("governing_due_on", "pk")
    )
    summary = ReminderSummary()
    for request in candidates:
        sent: dict[date, set[int]] = {}
        for row in request.reminders.all():
            sent.setdefault(row.deadline, set()).add(row.days_before)
        governing = request.governing_due_on
        assert governing is not None  # filtered above
        if today > governing:
            if OVERDUE_NOTICE not in sent.get(governing, set()) and _overdue_flag(
                request, governing, today, clock
            ):
                summary.overdue += 1
        extended = request.extended_at is not None or request.status == RequestStatus.EXTENDED
        for deadline in watched_deadlines(
            governing_due_on=governing, due_on=request.due_on, extended=extended
        ):
            offset = reminder_due(
                deadline=deadline, today=today, offsets=offsets, sent=sent.get(deadline, ())
            )
            if offset is not None and _reminder_record(request, deadline, offset, today, clock):
                summary.reminders += 1
    return summary


def _claim(
    request: RightsRequest, deadline: date, days_before: int, clock: Clock
) -> ReminderSent | None:
    """Insert the idempotency row; None when another run already did (inside the caller's atomic block)."""
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(
                organisation_id=request.organisation_id,
                request=request,
                deadline=deadline,
                days_before=days_before,
                sent_at=clock.now(),
            )
    except IntegrityError:
        return None


def _reminder_record(
    request: RightsRequest, deadline: date, days_before: int, today: date, clock: Clock
) -> bool:
    from egide.rights.sweeps import send_deadline_reminder

    with transaction.atomic():
        if _claim(request, deadline, days_before, clock) is None:
            return False
        days_left = (deadline - today).days
        message = ngettext(
            "Reminder: the deadline of %(deadline)s is in %(days)d day.",
            "Reminder: the deadline of %(deadline)s is in %(days)d days.",
            days_left,
        ) % {"deadline": date_format(deadline, "DATE_FORMAT"), "days": days_left}
        if days_left == 0:
            message = _("Reminder: the deadline is today (%(deadline)s).") % {
                "deadline": date_format(deadline, "DATE_FORMAT")
            }
        _timeline(request, TimelineKind.REMINDER_SENT, message, clock, deadline, days_before)
        audit_record(
            actor=REMINDER_ACTOR,
            organisation=request.organisation,
            action="rights_request.reminder",
            obj=request,
            after={"deadline": deadline, "days_before": days_before},
            source="worker",
            clock=clock,
        )
        enqueue_on_commit(send_deadline_reminder, request.pk, deadline.isoformat(), days_before)
    return True


def _overdue_flag(request: RightsRequest, deadline: date, today: date, clock: Clock) -> bool:
    from egide.rights.sweeps import send_deadline_reminder

    with transaction.atomic():
        if _claim(request, deadline, OVERDUE_NOTICE, clock) is None:
            return False
        before = {"overdue_since": request.overdue_since}
        if request.overdue_since is None or request.overdue_since <= deadline:
            request.overdue_since = deadline + timedelta(days=1)
            RightsRequest.objects.filter(
                organisation_id=request.organisation_id, pk=request.pk
            ).update(overdue_since=request.overdue_since)
        message = _("The deadline of %(deadline)s has passed without an answer.") % {
            "deadline": date_format(deadline, "DATE_FORMAT")
        }
        _timeline(request, TimelineKind.OVERDUE, message, clock, deadline, OVERDUE_NOTICE)
        audit_record(
            actor=REMINDER_ACTOR,
            organisation=request.organisation,
            action="rights_request.overdue",
            obj=request,
            before=before,
            after={"overdue_since": request.overdue_since, "deadline": deadline},
            source="worker",
            clock=clock,
        )
        enqueue_on_commit(send_deadline_reminder, request.pk, deadline.isoformat(), OVERDUE_NOTICE)
    logger.info("Rights request %s is overdue since %s", request.pk, request.overdue_since)
    return True


def _timeline(
    request: RightsRequest,
    kind: str,
    message: str,
    clock: Clock,
    deadline: date,
    days_before: int,
) -> None:
    TimelineEntry.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        at=clock.now(),
        kind=kind,
        actor_label=REMINDER_ACTOR.label,
        message=message,
        data={"deadline": deadline.isoformat(), "days_before": days_before},
    )


def organisations_with_open_requests() -> Sequence[Organisation]:
    """The organisations having at least one open request (one query; platform sweep)."""
    ids = (
        RightsRequest.objects.all_organisations_unscoped()  # sweep: every organisation
        .filter(status__in=OPEN_STATUSES)
        .values("organisation_id")
    )
    return list(Organisation.objects.filter(pk__in=ids).order_by("pk"))
