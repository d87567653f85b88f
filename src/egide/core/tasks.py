"""Background work: tasks that retry, enqueued when the caller's transaction commits; the sweep registry.

Domain apps declare tasks in their ``tasks.py`` and import everything from here::

    from egide.core.tasks import egide_task, enqueue_on_commit, register_sweep

    @egide_task(retries=3, backoff_seconds=60)
    def rights_request_send_receipt(request_id: int) -> None: ...

    enqueue_on_commit(rights_request_send_receipt, request.pk)   # inside the service's transaction

    register_sweep("rights.deadline_reminders", send_deadline_reminders, every=timedelta(hours=1))

The rules for a task:

- it takes ids (ints, strings), never model instances: arguments are stored as JSON and the row may
  have changed (or gone) by the time the task runs, so the task reloads what it needs;
- it is idempotent: it may run more than once (a retry after a failure half-way, two workers racing a
  manual retry), so it checks the state before acting ("already sent? stop");
- it is enqueued with :func:`enqueue_on_commit`, so a rolled-back write enqueues nothing and the worker
  never sees an id that does not exist yet.

The names mirror Django 6's ``django.tasks`` (``task``, ``Task``, ``TaskResult``, ``TaskResultStatus``,
``TaskContext``, ``task_backends``): on Django 6 the import below becomes ``from django.tasks import ...``.
django-tasks 0.12 has no enqueue-on-commit backend option, hence :func:`enqueue_on_commit`.

Periodic sweeps (:func:`register_sweep`) are claimed by the workers: see :mod:`egide.core.sweeps`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django_tasks import (
    DEFAULT_TASK_BACKEND_ALIAS,
    DEFAULT_TASK_QUEUE_NAME,
    TaskContext,
    TaskResult,
    TaskResultStatus,
    task,
    task_backends,
)
from django_tasks.base import Task
from django_tasks.utils import normalize_json

from egide.core.clock import SYSTEM_CLOCK

__all__ = [
    "ATTEMPT_KWARG",
    "DEFAULT_TASK_BACKEND_ALIAS",
    "DEFAULT_TASK_QUEUE_NAME",
    "Sweep",
    "Task",
    "TaskContext",
    "TaskResult",
    "TaskResultStatus",
    "egide_task",
    "enqueue_on_commit",
    "register_sweep",
    "registered_sweeps",
    "task",
    "task_backends",
]

logger = logging.getLogger("egide.tasks")

P = ParamSpec("P")
T = TypeVar("T")

# The attempt number travels with the task's keyword arguments (the task function never sees it).
ATTEMPT_KWARG = "egide_attempt"


def retry_delay(*, attempt: int, backoff_seconds: float) -> timedelta:
    """Exponential backoff: ``backoff_seconds`` after the first failure, then twice as long each time."""
    return timedelta(seconds=backoff_seconds * 2 ** (attempt - 1))


def egide_task(
    *,
    retries: int = 3,
    backoff_seconds: float = 30,
    priority: int = 0,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
    backend: str = DEFAULT_TASK_BACKEND_ALIAS,
) -> Callable[[Callable[P, T]], Task[P, T]]:
    """Declare a task that is retried on failure.

    When the function raises, the same task is enqueued again with the same arguments, attempt + 1
    and ``run_after`` = now + backoff (when the backend supports deferral), then the exception is
    re-raised so the failed attempt is recorded as FAILED. After ``retries`` retries (``retries + 1``
    attempts) it gives up and logs an error. Retries go to the task's declared queue and priority.
    """
    if retries < 0 or backoff_seconds < 0:
        raise ValueError("retries and backoff_seconds must be zero or more")

    def decorate(func: Callable[P, T]) -> Task[P, T]:
        declared: list[Task[Any, Any]] = []

        def run(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except Exception:
                _retry_or_give_up(declared[0], args, kwargs, attempt, retries, backoff_seconds)
                raise

        # The stored task path is "module.qualname": it must resolve to the Task bound to that name.
        run.__module__ = func.__module__
        run.__name__ = func.__name__
        run.__qualname__ = func.__qualname__
        run.__doc__ = func.__doc__
        run.egide_retries = retries  # type: ignore[attr-defined]
        declared_task = task(priority=priority, queue_name=queue_name, backend=backend)(run)
        declared.append(declared_task)
        return cast(Task[P, T], declared_task)

    return decorate


def _retry_or_give_up(
    declared: Task[Any, Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    attempt: int,
    retries: int,
    backoff_seconds: float,
) -> None:
    attempts = retries + 1
    if attempt >= attempts:
        logger.error(
            "Task %s failed on attempt %d of %d: giving up", declared.module_path, attempt, attempts
        )
        return
    delay = retry_delay(attempt=attempt, backoff_seconds=backoff_seconds)
    again = declared
    if declared.get_backend().supports_defer and delay:
        again = declared.using(run_after=SYSTEM_CLOCK.now() + delay)
    try:  # at once: the worker runs tasks outside any transaction (the task's own rolled back)
        again.enqueue(*args, **{**kwargs, ATTEMPT_KWARG: attempt + 1})
    except Exception:
        logger.exception("Task %s failed and its retry could not be enqueued", declared.module_path)
        return
    logger.warning(
        "Task %s failed on attempt %d of %d: retrying in %s",
        declared.module_path,
        attempt,
        attempts,
        delay,
    )


def enqueue_on_commit(task: Task[P, Any], *args: P.args, **kwargs: P.kwargs) -> None:
    """Enqueue ``task`` when the current transaction commits (at once outside a transaction).

    Arguments are checked now (JSON: ids, strings, numbers) so a mistake fails at the call site."""
    normalize_json(args)
    normalize_json(kwargs)
    task.get_backend().validate_task(task)
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


# --- Sweep registry ----------------------------------------------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MIN_SWEEP_PERIOD = timedelta(minutes=1)
SWEEP_NAME_MAX_LENGTH = 100  # SweepRun.name


@dataclass(frozen=True)
class Sweep:
    """A task taking no arguments, enqueued once per ``every`` by whichever worker claims the slot."""

    name: str
    task: Task[Any, Any]
    every: timedelta

    def slot_for(self, now: datetime) -> datetime:
        """Start of the slot holding ``now``: slot = floor((now - epoch) / every), epoch in UTC."""
        return EPOCH + ((now - EPOCH) // self.every) * self.every


_SWEEPS: dict[str, Sweep] = {}


def register_sweep(name: str, task: Task[Any, Any], *, every: timedelta) -> Sweep:
    """Declare a periodic sweep (in the app's ``tasks.py``). Registering the same sweep again (module
    re-import) is harmless; reusing a name for another task or period is a configuration error."""
    if not isinstance(task, Task):
        raise ImproperlyConfigured(f"sweep {name!r}: {task!r} is not a task (use @egide_task)")
    if every < MIN_SWEEP_PERIOD:
        raise ImproperlyConfigured(f"sweep {name!r}: the period must be at least one minute")
    if not name or len(name) > SWEEP_NAME_MAX_LENGTH:
        raise ImproperlyConfigured(f"sweep name {name!r} must have 1 to 100 characters")
    existing = _SWEEPS.get(name)
    if existing is not None and (
        existing.task.module_path != task.module_path or existing.every != every
    ):
        raise ImproperlyConfigured(
            f"sweep {name!r} is already registered with another task or period"
        )
    sweep = Sweep(name=name, task=task, every=every)
    _SWEEPS[name] = sweep
    return sweep


def unregister_sweep(name: str) -> None:
    """Remove a sweep from the registry (tests that register their own)."""
    _SWEEPS.pop(name, None)


def registered_sweeps() -> list[Sweep]:
    return sorted(_SWEEPS.values(), key=lambda sweep: sweep.name)


def load_task_modules() -> None:
    """Import every installed app's ``tasks`` module (where tasks and sweeps are declared) and the
    platform sweeps."""
    autodiscover_modules("tasks")
    import egide.core.sweeps  # noqa: F401  (registers the platform sweeps)
