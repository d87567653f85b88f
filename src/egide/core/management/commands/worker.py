"""``egide worker``: run background tasks and periodic sweeps.

The loop is django-tasks-db's :class:`Worker` (claiming a task under a lock, running it, recording the
result, graceful SIGTERM/SIGINT: the running task finishes, a second signal aborts it), plus two things
on every loop: a heartbeat row (read by ``/readyz`` and the jobs page) and the sweep scheduler.
Run several workers for more throughput; each task runs once, each sweep slot is claimed once.
"""

from __future__ import annotations

import logging
import random
import signal
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import (
    Worker,
    valid_interval,
    valid_max_tasks,
)
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.jobs import worker_heartbeat_beat
from egide.core.sweeps import SweepScheduler
from egide.core.tasks import DEFAULT_TASK_BACKEND_ALIAS, load_task_modules, task_backends

logger = logging.getLogger("egide.tasks")

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class EgideWorker(Worker):
    """django-tasks-db's worker with a heartbeat and the sweep scheduler on every loop."""

    def __init__(self, *, clock: Clock = SYSTEM_CLOCK, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.clock = clock
        self.started_at = clock.now()
        self.scheduler = SweepScheduler(clock=clock)

    def tick(self) -> None:
        """Heartbeat, then claim due sweeps. A locked SQLite database is skipped until next loop."""
        try:
            worker_heartbeat_beat(
                worker_id=self.worker_id, started_at=self.started_at, now=self.clock.now()
            )
            self.scheduler.run_due()
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise
            logger.debug("Database locked: heartbeat and sweeps skipped this loop")

    def claim_next(self) -> tuple[DBTaskResult | None, bool]:
        """Lock and claim the next ready task (same query as the parent's loop).
        Returns (task or None, whether the queue could be read)."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                return None, False
        return task_result, True

    def run(self) -> None:
        logger.info("Starting worker %s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval and not self.batch:
            time.sleep(random.random())  # noqa: S311  (spread workers started together)
        while self.running:
            close_old_connections()
            self.tick()
            task_result, read = self.claim_next()
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and read and task_result is None:
                logger.info("Worker %s: nothing left to run, exiting", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Worker %s ran %d tasks, exiting", self.worker_id, self._run_tasks)
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)


class Command(BaseCommand):
    help = (
        "Run background tasks and periodic sweeps (Ctrl+C or SIGTERM stops after the current task)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue",
            default="default",
            help="Queues to process, comma-separated; '*' for all (default: %(default)s).",
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds to wait when there is nothing to do (default: %(default)s).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Claim due sweeps, run every task ready now, then exit.",
        )
        parser.add_argument(
            "--max-tasks",
            type=valid_max_tasks,
            default=None,
            help="Exit after running this many tasks.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queue_names = [name.strip() for name in options["queue"].split(",") if name.strip()]
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "The worker needs the database task backend (TASKS['default'])", returncode=2
            )
        unknown = sorted(set(queue_names) - backend.queues - {"*"})
        if not queue_names or (backend.queues and unknown):
            raise CommandError(
                f"Unknown queue(s): {', '.join(unknown) or '(none given)'}; "
                f"configured: {', '.join(sorted(backend.queues))}",
                returncode=2,
            )
        load_task_modules()
        self._configure_logging(options["verbosity"])
        worker = EgideWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=True,
            max_tasks=options["max_tasks"],
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        previous = {signum: signal.getsignal(signum) for signum in HANDLED_SIGNALS}
        for signum in HANDLED_SIGNALS:
            signal.signal(signum, worker.shutdown)
        try:
            worker.run()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _configure_logging(self, verbosity: int) -> None:
        level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("egide.tasks", "django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
