"""``egide worker``: the django-tasks-db loop with heartbeats and sweeps, run for real in --batch mode."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult

from egide.core import sweeps
from egide.core.clock import FrozenClock
from egide.core.management.commands.worker import EgideWorker
from egide.core.models import SweepRun, WorkerHeartbeat
from egide.core.tasks import ATTEMPT_KWARG, TaskResultStatus, egide_task

DONE: list[int] = []


@egide_task()
def mark_done(record_id: int) -> int:
    DONE.append(record_id)
    return record_id + 1


@egide_task(retries=2, backoff_seconds=0)
def keeps_failing(record_id: int) -> None:
    raise ValueError(f"record {record_id} is broken")


@pytest.fixture
def platform_sweeps_only(monkeypatch):
    """Run the worker with the platform's sweeps only (other apps' sweeps have their own tests)."""
    from egide.core.tasks import load_task_modules, registered_sweeps

    load_task_modules()
    chosen = [s for s in registered_sweeps() if s.name.startswith("platform.")]
    monkeypatch.setattr(sweeps, "registered_sweeps", lambda: chosen)
    return chosen


def _worker(**overrides) -> EgideWorker:
    options = {
        "queue_names": ["default"],
        "interval": 0,
        "batch": True,
        "backend_name": "default",
        "startup_delay": False,
        "max_tasks": None,
        "worker_id": "test-worker",
        "excluded_queue_names": [],
    }
    options.update(overrides)
    return EgideWorker(**options)


@pytest.mark.django_db(transaction=True)
def test_batch_runs_a_queued_task_end_to_end(platform_sweeps_only):
    DONE.clear()
    queued = mark_done.enqueue(41)
    previous_handler = signal.getsignal(signal.SIGTERM)

    call_command("worker", "--batch", "--interval", "0", verbosity=0)

    result = DBTaskResult.objects.get(id=queued.id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 42
    assert DONE == [41]
    (beat,) = WorkerHeartbeat.objects.all()
    assert result.worker_ids == [beat.worker_id]
    # The platform sweeps were claimed and their tasks ran in the same batch.
    assert set(SweepRun.objects.values_list("name", flat=True)) == {
        s.name for s in platform_sweeps_only
    }
    for run in SweepRun.objects.all():
        assert DBTaskResult.objects.get(id=run.task_result_id).status == TaskResultStatus.SUCCESSFUL
    assert signal.getsignal(signal.SIGTERM) == previous_handler


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_retried_by_the_worker_then_given_up(platform_sweeps_only):
    keeps_failing.enqueue(9)

    call_command("worker", "--batch", "--interval", "0", verbosity=0)

    attempts = DBTaskResult.objects.filter(task_path__endswith=".keeps_failing").order_by(
        "enqueued_at"
    )
    assert [r.status for r in attempts] == [TaskResultStatus.FAILED] * 3
    assert [r.args_kwargs["kwargs"].get(ATTEMPT_KWARG, 1) for r in attempts] == [1, 2, 3]
    assert all(r.args_kwargs["args"] == [9] for r in attempts)
    assert attempts[0].exception_class_path == "builtins.ValueError"


@pytest.mark.django_db(transaction=True)
def test_max_tasks_stops_after_that_many(platform_sweeps_only, monkeypatch):
    monkeypatch.setattr(sweeps, "registered_sweeps", lambda: [])
    DONE.clear()
    mark_done.enqueue(1)
    mark_done.enqueue(2)

    call_command("worker", "--max-tasks", "1", "--interval", "0", verbosity=0)

    assert len(DONE) == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db
def test_heartbeat_is_written_on_every_loop_with_the_injected_clock():
    clock = FrozenClock(datetime(2026, 2, 1, 8, 0, tzinfo=UTC))
    worker = EgideWorker(
        clock=clock,
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="beating",
        excluded_queue_names=[],
    )
    worker.scheduler = sweeps.SweepScheduler(clock=clock, sweeps=[])
    worker.tick()
    clock.advance(timedelta(seconds=5))
    worker.tick()
    beat = WorkerHeartbeat.objects.get()
    assert beat.worker_id == "beating"
    assert beat.started_at == datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    assert beat.seen_at == datetime(2026, 2, 1, 8, 0, 5, tzinfo=UTC)


@pytest.mark.django_db
def test_sigterm_during_a_task_lets_it_finish_then_stops():
    DONE.clear()
    mark_done.enqueue(5)
    worker = _worker(batch=False)
    worker.scheduler = sweeps.SweepScheduler(sweeps=[])
    worker.running_task = True  # as if a task were running when the signal came
    worker.shutdown(signal.SIGTERM, None)
    assert worker.running is False
    worker.run()  # returns at once: no new task is started
    assert DONE == []


def test_sigterm_while_idle_exits_cleanly():
    worker = _worker(batch=False)
    with pytest.raises(SystemExit) as exit_info:
        worker.shutdown(signal.SIGTERM, None)
    assert exit_info.value.code == 0


@pytest.mark.django_db
def test_unknown_queue_is_refused_with_exit_code_2():
    with pytest.raises(CommandError, match="Unknown queue") as error:
        call_command("worker", "--batch", "--queue", "nope")
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_bad_interval_is_refused():
    with pytest.raises(CommandError, match="interval"):
        call_command("worker", "--batch", "--interval", "-1")
