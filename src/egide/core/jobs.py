"""The operators' view of background work: worker heartbeats, task results for the jobs page, and
the retry of a failed task (audited on the platform chain)."""

from __future__ import annotations

import dataclasses
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import models, transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult, get_date_max

from egide.core.audit import Actor, audit_record
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.models import AuditEvent, WorkerHeartbeat
from egide.core.tasks import ATTEMPT_KWARG, TaskResultStatus, enqueue_on_commit

# --- Worker heartbeats -------------------------------------------------------------------------


def worker_heartbeat_beat(*, worker_id: str, started_at: datetime, now: datetime) -> None:
    """Record that worker ``worker_id`` is alive (one UPDATE; an INSERT the first time)."""
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        return
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname=socket.gethostname()[:255],
        pid=os.getpid(),
        started_at=started_at,
        seen_at=now,
    )


def worker_heartbeat_is_fresh(*, now: datetime, stale_after: timedelta) -> bool:
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - stale_after).exists()


@dataclass(frozen=True)
class WorkerStatus:
    heartbeat: WorkerHeartbeat
    live: bool


def worker_statuses(*, now: datetime, stale_after: timedelta) -> list[WorkerStatus]:
    """Known workers, most recently seen first; ``live`` when seen within ``stale_after``."""
    return [
        WorkerStatus(heartbeat=beat, live=beat.seen_at >= now - stale_after)
        for beat in WorkerHeartbeat.objects.order_by("-seen_at")[:50]
    ]


# --- Task results: the jobs page's reads and the operator's retry --------------------------------

RETRY_ACTION = "task.retry"
_RESULT_FIELDS = (
    "id", "status", "task_path", "queue_name", "enqueued_at", "started_at", "finished_at",
    "run_after", "args_kwargs", "exception_class_path", "traceback",
)  # fmt: skip


@dataclass(frozen=True)
class JobRow:
    id: str
    task_path: str
    task_name: str
    queue_name: str
    status: str
    enqueued_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    run_after: datetime | None
    attempt: int
    max_attempts: int | None
    error_class: str
    error_message: str
    retried: bool

    @property
    def status_label(self) -> str:
        return str(TaskResultStatus(self.status).label)

    @property
    def can_retry(self) -> bool:
        return self.status == TaskResultStatus.FAILED and not self.retried

    @property
    def retries_automatically(self) -> bool:
        return (
            self.status == TaskResultStatus.FAILED
            and self.max_attempts is not None
            and self.attempt < self.max_attempts
        )


@lru_cache(maxsize=512)
def _declared_attempts(task_path: str) -> int | None:
    """How many attempts the task's declaration allows (None: not an egide_task, or gone)."""
    try:
        declared = import_string(task_path)
    except ImportError:
        return None
    retries = getattr(getattr(declared, "func", None), "egide_retries", None)
    return None if retries is None else retries + 1


def _error_message(traceback: str, exception_class_path: str) -> str:
    """The exception's message: the traceback's last line without its "module.Class: " prefix."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    head, sep, rest = lines[-1].partition(": ")
    if sep and exception_class_path.endswith(head.rsplit(".", 1)[-1]):
        return rest[:500]
    return lines[-1][:500]


def _job_row(result: DBTaskResult, retried: set[str]) -> JobRow:
    kwargs = (result.args_kwargs or {}).get("kwargs", {})
    message = _error_message(result.traceback or "", result.exception_class_path)
    return JobRow(
        id=str(result.id),
        task_path=result.task_path,
        task_name=result.task_path.rsplit(".", 1)[-1],
        queue_name=result.queue_name,
        status=result.status,
        enqueued_at=result.enqueued_at,
        started_at=result.started_at,
        finished_at=result.finished_at,
        run_after=None if result.run_after == get_date_max() else result.run_after,
        attempt=int(kwargs.get(ATTEMPT_KWARG, 1)),
        max_attempts=_declared_attempts(result.task_path),
        error_class=result.exception_class_path,
        error_message=message,
        retried=str(result.id) in retried,
    )


def _retried_ids(ids: list[str]) -> set[str]:
    return set(
        AuditEvent.objects.filter(
            organisation=None, action=RETRY_ACTION, object_id__in=ids
        ).values_list("object_id", flat=True)
    )


def task_results_recent(*, status: str = "", limit: int = 100) -> list[JobRow]:
    """The latest task results (newest first), optionally of one status (two queries)."""
    results = DBTaskResult.objects.only(*_RESULT_FIELDS).order_by("-enqueued_at")
    if status:
        results = results.filter(status=status)
    rows = list(results[:limit])
    retried = _retried_ids([str(row.id) for row in rows])
    return [_job_row(row, retried) for row in rows]


def task_results_count_by_status() -> dict[str, int]:
    """Number of task results per status, every status present (zeros included)."""
    counts = dict.fromkeys(TaskResultStatus.values, 0)
    for status, count in (
        DBTaskResult.objects.order_by().values_list("status").annotate(n=models.Count("id"))
    ):
        counts[status] = count
    return counts


class TaskRetryError(ValueError):
    """The task result cannot be retried (unknown, not failed, already retried, task gone)."""


def task_result_retry(
    *, actor: Any, result_id: str, ip_address: str | None = None, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Enqueue a failed task again with the same arguments and a fresh retry budget (on commit).
    Audited on the platform chain; a failed result is retried by hand at most once."""
    with transaction.atomic():
        try:
            result = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
        except ValidationError:
            result = None
        if result is None:
            raise TaskRetryError(_("There is no such task result."))
        if result.status != TaskResultStatus.FAILED:
            raise TaskRetryError(_("Only a failed task can be retried."))
        if _retried_ids([str(result.id)]):
            raise TaskRetryError(_("This task has already been retried."))
        try:
            again = dataclasses.replace(result.task, run_after=None)
        except (ImportError, SuspiciousOperation) as exc:
            raise TaskRetryError(_("This task no longer exists in the code.")) from exc
        args = result.args_kwargs["args"]
        kwargs = {k: v for k, v in result.args_kwargs["kwargs"].items() if k != ATTEMPT_KWARG}
        audit_record(
            actor=actor if isinstance(actor, Actor) else Actor.of(actor),
            organisation=None,
            action=RETRY_ACTION,
            object_type="django_tasks_db.dbtaskresult",
            object_id=str(result.id),
            object_repr=result.task_path[-255:],
            before={"status": result.status},
            after={"task": result.task_path, "queue": result.queue_name},
            source="web",
            ip_address=ip_address,
            clock=clock,
        )
        enqueue_on_commit(again, *args, **kwargs)
