"""Background work of the register: keeping the stored compliance findings up to date.

Every write service of the register ends with ``compliance_schedule(organisation)``: when its transaction
commits, :func:`recompute_compliance` is enqueued once for the organisation (however many writes the
transaction made), and a rolled-back write enqueues nothing. A daily sweep recomputes every organisation,
since findings change with time alone (review dates pass, HDS certificates expire) and with the
organisation's profile.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction

from egide.accounts.models import Organisation
from egide.core.clock import SYSTEM_CLOCK
from egide.core.tasks import egide_task, register_sweep
from egide.registry.compliance import compliance_recompute

logger = logging.getLogger("egide.tasks")


@egide_task(retries=3, backoff_seconds=60)
def recompute_compliance(organisation_id: int) -> dict[str, int] | None:
    """Rebuild the organisation's findings and score. Idempotent: a second run rebuilds the same rows;
    an organisation deleted meanwhile is skipped."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        logger.info("Compliance recompute skipped: organisation %s is gone", organisation_id)
        return None
    summary = compliance_recompute(organisation=organisation, clock=SYSTEM_CLOCK)
    return {"score": summary.score, "findings": summary.finding_count}


@egide_task(retries=2, backoff_seconds=300)
def recompute_compliance_everywhere() -> int:
    """Sweep: one recompute task per organisation (a failure retries that organisation alone)."""
    organisation_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    for organisation_id in organisation_ids:
        recompute_compliance.enqueue(organisation_id)
    return len(organisation_ids)


register_sweep(
    "registry.recompute_compliance", recompute_compliance_everywhere, every=timedelta(days=1)
)


class _RecomputeOnCommit:
    """The on-commit callback; it carries the organisation so a transaction schedules it once."""

    def __init__(self, organisation_id: int) -> None:
        self.organisation_id = organisation_id

    def __call__(self) -> None:
        recompute_compliance.enqueue(self.organisation_id)


def compliance_schedule(organisation: Organisation) -> None:
    """Recompute ``organisation``'s findings once the current transaction commits (at once outside one).

    Called at the end of the register's write services. A callback already waiting in this transaction
    for the same organisation is enough: a rolled-back savepoint drops its callbacks, so a later write
    schedules again. An enqueue failure after the commit is logged, not raised (the write stands and the
    daily sweep catches up)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(callback, _RecomputeOnCommit) and callback.organisation_id == organisation.pk
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_RecomputeOnCommit(organisation.pk), robust=True)
