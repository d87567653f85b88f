"""Periodic sweeps of rights requests, claimed hourly by the workers (see :mod:`egide.core.sweeps`).

- ``rights.reminders``: deadline reminders and overdue flags, organisation by organisation
  (:mod:`egide.rights.reminders`); each reminder's email is its own task, enqueued on commit.
- ``rights.identity_documents_purge``: empties the identity documents whose keeping time is over (GDPR
  Art. 5(1)(c), 12(6)); the rule is the service's (``identity_documents_purge``).
- ``rights.unconfirmed_purge``: deletes portal requests whose email was never confirmed within the
  organisation's ``unconfirmed_expiry_hours`` (the request never counted as received), with their
  timeline; audited as one count per organisation.

Every sweep is idempotent: running it twice does nothing more, and a missed slot is caught up by the next.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db import transaction

from egide.accounts.models import Organisation
from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.tasks import egide_task, register_sweep
from egide.rights.choices import RequestStatus
from egide.rights.models import RightsRequest, RightsSettings
from egide.rights.reminders import organisations_with_open_requests, rights_reminders_send

logger = logging.getLogger("egide.tasks")

PURGE_ACTOR = Actor.system("worker")
DEFAULT_UNCONFIRMED_EXPIRY_HOURS = 72  # RightsSettings.unconfirmed_expiry_hours' default


def reminders_send_everywhere(*, clock: Clock = SYSTEM_CLOCK) -> dict[str, int]:
    """Reminders for every organisation with open requests. One organisation failing does not stop the
    others; the error is raised at the end so the task is retried (and the retry sends nothing twice)."""
    totals = {"organisations": 0, "reminders": 0, "overdue": 0}
    failed: Exception | None = None
    for organisation in organisations_with_open_requests():
        try:
            summary = rights_reminders_send(organisation=organisation, clock=clock)
        except Exception as error:
            logger.exception("Rights reminders failed for organisation %s", organisation.pk)
            failed = error
            continue
        totals["organisations"] += 1
        totals["reminders"] += summary.reminders
        totals["overdue"] += summary.overdue
    if failed is not None:
        raise failed
    return totals


def unconfirmed_requests_purge(*, clock: Clock = SYSTEM_CLOCK) -> dict[int, int]:
    """Delete the portal requests left unconfirmed past their organisation's expiry; returns the number
    deleted per organisation id. Their timeline rows go with them (cascade)."""
    now = clock.now()
    waiting = (
        RightsRequest.objects.all_organisations_unscoped().filter(  # sweep: every organisation
            status=RequestStatus.AWAITING_CONFIRMATION
        )
    )
    organisation_ids = set(waiting.values_list("organisation_id", flat=True).distinct())
    if not organisation_ids:
        return {}
    expiry = dict(
        RightsSettings.objects.all_organisations_unscoped()  # the organisations found above
        .filter(organisation_id__in=organisation_ids)
        .values_list("organisation_id", "unconfirmed_expiry_hours")
    )
    deleted: dict[int, int] = {}
    for organisation in Organisation.objects.filter(pk__in=organisation_ids).order_by("pk"):
        hours = expiry.get(organisation.pk, DEFAULT_UNCONFIRMED_EXPIRY_HOURS)
        cutoff = now - timedelta(hours=hours)
        with transaction.atomic():
            expired = RightsRequest.objects.for_organisation(organisation).filter(
                status=RequestStatus.AWAITING_CONFIRMATION, submitted_at__lt=cutoff
            )
            count = expired.count()
            if not count:
                continue
            expired.delete()
            audit_record(
                actor=PURGE_ACTOR,
                organisation=organisation,
                action="rights_request.unconfirmed_purge",
                object_type="rights.rightsrequest",
                after={"deleted": count, "older_than_hours": hours},
                source="worker",
                clock=clock,
            )
        deleted[organisation.pk] = count
    return deleted


@egide_task(retries=3, backoff_seconds=60)
def send_deadline_reminder(request_id: int, deadline: str, days_before: int) -> bool:
    """Email one reminder (``days_before`` >= 0) or overdue notice (-1) recorded by the reminders sweep."""
    from egide.rights.emails import reminder_email_send

    return bool(
        reminder_email_send(
            request_id=request_id, deadline=date.fromisoformat(deadline), days_before=days_before
        )
    )


@egide_task(retries=2, backoff_seconds=300)
def rights_reminders() -> dict[str, int]:
    """Sweep: deadline reminders and overdue flags. Idempotent."""
    return reminders_send_everywhere(clock=SYSTEM_CLOCK)


@egide_task(retries=2, backoff_seconds=300)
def rights_identity_documents_purge() -> int:
    """Sweep: empty the identity documents due for deletion. Idempotent."""
    from egide.rights.services import identity_documents_purge

    return identity_documents_purge(clock=SYSTEM_CLOCK)


@egide_task(retries=2, backoff_seconds=300)
def rights_unconfirmed_purge() -> int:
    """Sweep: delete the portal requests whose email was never confirmed. Idempotent."""
    return sum(unconfirmed_requests_purge(clock=SYSTEM_CLOCK).values())


register_sweep("rights.reminders", rights_reminders, every=timedelta(hours=1))
register_sweep(
    "rights.identity_documents_purge", rights_identity_documents_purge, every=timedelta(hours=1)
)
register_sweep("rights.unconfirmed_purge", rights_unconfirmed_purge, every=timedelta(hours=1))
