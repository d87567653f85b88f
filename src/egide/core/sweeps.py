"""The worker's side of periodic work: claiming sweep slots, heartbeats, and the platform's own sweeps.

Time is cut into slots of ``every`` counted from the Unix epoch (UTC): slot = floor(now / every). On every
loop each worker tries to insert a :class:`~egide.core.models.SweepRun` for the current slot of each sweep;
the unique constraint on (name, slot) lets exactly one insert win, even with several workers, and only the
winner enqueues the task (on commit). A slot missed while no worker ran is not replayed: the next slot runs
the sweep, so a sweep looks at "everything due by now", not "what became due in the last period".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult

from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.models import SweepRun, WorkerHeartbeat
from egide.core.tasks import (
    Sweep,
    TaskResultStatus,
    egide_task,
    register_sweep,
    registered_sweeps,
)

logger = logging.getLogger("egide.tasks")


def _enqueue_sweep(sweep: Sweep, run_id: int) -> None:
    try:
        result = sweep.task.enqueue()
    except Exception:
        logger.exception("Sweep %s: slot claimed but its task could not be enqueued", sweep.name)
        return
    SweepRun.objects.filter(pk=run_id).update(task_result_id=str(result.id))
    logger.info("Sweep %s enqueued as task %s", sweep.name, result.id)


class SweepScheduler:
    """Claims due sweep slots. One per worker; it remembers the slots it already saw, so an idle loop
    costs no query until a new slot starts."""

    def __init__(
        self, *, clock: Clock = SYSTEM_CLOCK, sweeps: Iterable[Sweep] | None = None
    ) -> None:
        self.clock = clock
        self._sweeps = list(sweeps) if sweeps is not None else None
        self._seen: dict[str, datetime] = {}

    def sweeps(self) -> list[Sweep]:
        return self._sweeps if self._sweeps is not None else registered_sweeps()

    def run_due(self) -> list[SweepRun]:
        """Claim the current slot of every sweep; return the slots this scheduler won. Each won slot's
        task is enqueued when the claim commits; a slot another worker holds is skipped."""
        now = self.clock.now()
        won: list[SweepRun] = []
        for sweep in self.sweeps():
            slot = sweep.slot_for(now)
            if self._seen.get(sweep.name) == slot:
                continue
            try:
                with transaction.atomic():
                    run = SweepRun.objects.create(name=sweep.name, slot=slot, enqueued_at=now)
                    transaction.on_commit(partial(_enqueue_sweep, sweep, run.pk))
            except IntegrityError:
                logger.debug("Sweep %s slot %s already claimed", sweep.name, slot.isoformat())
            else:
                won.append(run)
            self._seen[sweep.name] = slot
        return won


@dataclass(frozen=True)
class SweepStatus:
    name: str
    task_path: str
    every: timedelta
    last_slot: datetime | None
    last_enqueued_at: datetime | None
    last_task_result_id: str
    last_task_status: str
    next_due: datetime
    due_now: bool

    @property
    def every_label(self) -> str:
        return describe_period(self.every)

    @property
    def last_task_status_label(self) -> str:
        if self.last_task_status not in TaskResultStatus.values:
            return ""
        return str(TaskResultStatus(self.last_task_status).label)


def describe_period(period: timedelta) -> str:
    """The period in the largest whole unit that divides it: 1 day, 6 hours, 15 minutes."""
    seconds = int(period.total_seconds())
    if seconds % 86400 == 0:
        days = seconds // 86400
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    minutes = seconds // 60
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def sweep_statuses(*, now: datetime) -> list[SweepStatus]:
    """Each registered sweep with its last claimed slot, that run's task status and when it is next
    due (three queries whatever the number of sweeps)."""
    sweeps = registered_sweeps()
    latest = dict(
        SweepRun.objects.filter(name__in=[s.name for s in sweeps])
        .values_list("name")
        .annotate(last=Max("slot"))
    )
    runs: dict[str, SweepRun] = {}
    if latest:
        condition = Q()
        for name, slot in latest.items():
            condition |= Q(name=name, slot=slot)
        runs = {run.name: run for run in SweepRun.objects.filter(condition)}
    result_ids = [run.task_result_id for run in runs.values() if run.task_result_id]
    statuses = {
        str(pk): status
        for pk, status in DBTaskResult.objects.filter(id__in=result_ids).values_list("id", "status")
    }
    rows = []
    for sweep in sweeps:
        run = runs.get(sweep.name)
        current = sweep.slot_for(now)
        claimed = run is not None and run.slot >= current
        rows.append(
            SweepStatus(
                name=sweep.name,
                task_path=sweep.task.module_path,
                every=sweep.every,
                last_slot=run.slot if run else None,
                last_enqueued_at=run.enqueued_at if run else None,
                last_task_result_id=run.task_result_id if run else "",
                last_task_status=statuses.get(run.task_result_id, "") if run else "",
                next_due=current + sweep.every if claimed else current,
                due_now=not claimed,
            )
        )
    return rows


# --- The platform's own sweeps -----------------------------------------------------------------

SUCCESSFUL_RESULTS_KEPT = timedelta(days=30)
FAILED_RESULTS_KEPT = timedelta(days=90)
SWEEP_RUNS_KEPT = timedelta(days=90)
HEARTBEATS_KEPT = timedelta(days=1)


def task_results_prune(*, now: datetime, clock: Clock = SYSTEM_CLOCK) -> dict[str, int]:
    """Delete successful task results finished over 30 days ago, failed ones over 90 days ago and
    sweep runs older than 90 days. Audited on the platform chain when something was deleted."""
    with transaction.atomic():
        successful, _ = (
            DBTaskResult.objects.successful()
            .filter(finished_at__lt=now - SUCCESSFUL_RESULTS_KEPT)
            .delete()
        )
        failed, _ = (
            DBTaskResult.objects.failed().filter(finished_at__lt=now - FAILED_RESULTS_KEPT).delete()
        )
        sweep_runs, _ = SweepRun.objects.filter(slot__lt=now - SWEEP_RUNS_KEPT).delete()
        counts = {"successful": successful, "failed": failed, "sweep_runs": sweep_runs}
        if any(counts.values()):
            audit_record(
                actor=Actor.system("worker"),
                organisation=None,
                action="task_results.prune",
                object_type="django_tasks_db.dbtaskresult",
                after=counts,
                source="worker",
                clock=clock,
            )
    return counts


def worker_heartbeats_prune(*, now: datetime) -> int:
    """Forget workers not seen for a day (liveness rows like sessions: not audited)."""
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - HEARTBEATS_KEPT).delete()
    return deleted


@egide_task(retries=2, backoff_seconds=300)
def prune_task_results() -> dict[str, int]:
    """Sweep: keep the task tables small. Idempotent (deleting twice deletes nothing more)."""
    return task_results_prune(now=SYSTEM_CLOCK.now())


@egide_task(retries=2, backoff_seconds=300)
def worker_heartbeat_prune() -> int:
    """Sweep: drop the heartbeats of workers gone for good. Idempotent."""
    return worker_heartbeats_prune(now=SYSTEM_CLOCK.now())


register_sweep("platform.prune_task_results", prune_task_results, every=timedelta(days=1))
register_sweep("platform.worker_heartbeat_prune", worker_heartbeat_prune, every=timedelta(hours=1))


@egide_task(retries=2, backoff_seconds=300)
def prune_rate_limits() -> int:
    """Sweep: forget rate-limit windows older than a day (counters, not records: not audited). Idempotent."""
    from egide.core.ratelimit import ratelimit_prune

    return ratelimit_prune(older_than=timedelta(days=1))


register_sweep("platform.prune_rate_limits", prune_rate_limits, every=timedelta(hours=1))
