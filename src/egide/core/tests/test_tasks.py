"""Tasks that retry, enqueue on commit, the sweep registry and scheduler, the platform sweeps."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import translation
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import strategies as st

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent, SweepRun, WorkerHeartbeat
from egide.core.sweeps import (
    SweepScheduler,
    describe_period,
    sweep_statuses,
    task_results_prune,
    worker_heartbeats_prune,
)
from egide.core.tasks import (
    ATTEMPT_KWARG,
    EPOCH,
    Sweep,
    TaskResultStatus,
    egide_task,
    enqueue_on_commit,
    load_task_modules,
    register_sweep,
    registered_sweeps,
    retry_delay,
    unregister_sweep,
)

CALLS: list[int] = []


@egide_task(retries=2, backoff_seconds=60)
def always_fails(record_id: int) -> None:
    raise RuntimeError(f"cannot handle {record_id}")


@egide_task()
def remember(record_id: int) -> int:
    CALLS.append(record_id)
    return record_id * 2


@egide_task()
def sweep_probe() -> str:
    return "swept"


def _queued(task_path_end: str) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path__endswith=task_path_end).order_by("enqueued_at")
    )


@pytest.mark.django_db
def test_failure_reenqueues_same_arguments_with_next_attempt_then_gives_up(caplog):
    caplog.set_level(logging.WARNING, logger="egide.tasks")
    before = datetime.now(tz=UTC)

    with pytest.raises(RuntimeError, match="cannot handle 7"):
        always_fails.call(7)
    (retry,) = _queued(".always_fails")
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs == {"args": [7], "kwargs": {ATTEMPT_KWARG: 2}}
    assert (
        before + timedelta(seconds=60)
        <= retry.run_after
        <= datetime.now(tz=UTC) + timedelta(seconds=60)
    )

    with pytest.raises(RuntimeError):
        always_fails.call(7, **{ATTEMPT_KWARG: 2})
    second = _queued(".always_fails")[1]
    assert second.args_kwargs["kwargs"] == {ATTEMPT_KWARG: 3}
    assert second.run_after >= before + timedelta(seconds=120)  # backoff doubles

    with pytest.raises(RuntimeError):
        always_fails.call(7, **{ATTEMPT_KWARG: 3})
    assert len(_queued(".always_fails")) == 2  # third attempt of three: no further retry
    assert "failed on attempt 3 of 3: giving up" in caplog.text


@pytest.mark.django_db
def test_success_returns_the_value_and_enqueues_nothing():
    assert remember.call(4) == 8
    assert remember.name == "remember"
    assert remember.module_path == f"{__name__}.remember"
    assert not DBTaskResult.objects.exists()


def test_retry_delay_is_exponential():
    assert [retry_delay(attempt=n, backoff_seconds=30) for n in (1, 2, 3)] == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
    ]


def test_egide_task_rejects_negative_settings():
    with pytest.raises(ValueError, match="zero or more"):
        egide_task(retries=-1)


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            enqueue_on_commit(remember, 3)
            assert not DBTaskResult.objects.exists()
    assert len(callbacks) == 1
    (queued,) = _queued(".remember")
    assert queued.args_kwargs == {"args": [3], "kwargs": {}}


def _enqueue_then_fail() -> None:
    with transaction.atomic():
        enqueue_on_commit(remember, 1)
        raise ZeroDivisionError


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_enqueues_nothing():
    with pytest.raises(ZeroDivisionError):
        _enqueue_then_fail()
    assert not DBTaskResult.objects.exists()

    with transaction.atomic():
        enqueue_on_commit(remember, 2)
    assert [row.args_kwargs["args"] for row in DBTaskResult.objects.all()] == [[2]]


@pytest.mark.django_db
def test_enqueue_on_commit_refuses_non_json_arguments_at_the_call_site(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(TypeError):
        enqueue_on_commit(remember, object())  # type: ignore[arg-type]
    assert callbacks == []


# hypothesis takes naive bounds and attaches the zone itself.
NAIVE_2000, NAIVE_2100 = datetime(2000, 1, 1), datetime(2100, 1, 1)  # noqa: DTZ001


@given(
    now=st.datetimes(min_value=NAIVE_2000, max_value=NAIVE_2100, timezones=st.just(UTC)),
    minutes=st.integers(min_value=1, max_value=60 * 24 * 7),
)
def test_slot_is_the_period_holding_now(now, minutes):
    sweep = Sweep(name="s", task=sweep_probe, every=timedelta(minutes=minutes))
    slot = sweep.slot_for(now)
    assert slot <= now < slot + sweep.every
    assert (slot - EPOCH) % sweep.every == timedelta(0)


def test_register_sweep_validates_and_is_idempotent():
    try:
        first = register_sweep("test.probe", sweep_probe, every=timedelta(hours=1))
        assert register_sweep("test.probe", sweep_probe, every=timedelta(hours=1)) == first
        with pytest.raises(ImproperlyConfigured, match="already registered"):
            register_sweep("test.probe", sweep_probe, every=timedelta(hours=2))
        with pytest.raises(ImproperlyConfigured, match="already registered"):
            register_sweep("test.probe", remember, every=timedelta(hours=1))
    finally:
        unregister_sweep("test.probe")
    with pytest.raises(ImproperlyConfigured, match="at least one minute"):
        register_sweep("test.fast", sweep_probe, every=timedelta(seconds=10))
    with pytest.raises(ImproperlyConfigured, match="not a task"):
        register_sweep("test.plain", print, every=timedelta(hours=1))  # type: ignore[arg-type]
    assert "test.probe" not in {sweep.name for sweep in registered_sweeps()}


def test_platform_sweeps_are_registered_by_loading_task_modules():
    load_task_modules()
    names = {sweep.name for sweep in registered_sweeps()}
    assert {"platform.prune_task_results", "platform.worker_heartbeat_prune"} <= names


@pytest.mark.django_db
def test_a_sweep_slot_is_claimed_once_by_two_schedulers(django_capture_on_commit_callbacks):
    sweep = Sweep(name="test.probe", task=sweep_probe, every=timedelta(hours=1))
    clock = FrozenClock(datetime(2026, 3, 2, 10, 20, tzinfo=UTC))
    first = SweepScheduler(clock=clock, sweeps=[sweep])
    second = SweepScheduler(clock=clock, sweeps=[sweep])

    with django_capture_on_commit_callbacks(execute=True):
        won = first.run_due()
        lost = second.run_due()
    assert [(run.name, run.slot) for run in won] == [
        ("test.probe", datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    ]
    assert lost == []
    (run,) = SweepRun.objects.all()
    (queued,) = _queued(".sweep_probe")
    assert run.task_result_id == str(queued.id)

    clock.advance(timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert len(second.run_due()) == 1
        assert first.run_due() == []
    assert SweepRun.objects.count() == 2
    assert len(_queued(".sweep_probe")) == 2


@pytest.mark.django_db
def test_an_idle_scheduler_costs_no_query_within_a_slot(django_assert_num_queries):
    sweep = Sweep(name="test.probe", task=sweep_probe, every=timedelta(hours=1))
    clock = FrozenClock(datetime(2026, 3, 2, 10, 20, tzinfo=UTC))
    scheduler = SweepScheduler(clock=clock, sweeps=[sweep])
    scheduler.run_due()
    clock.advance(timedelta(minutes=30))
    with django_assert_num_queries(0):
        assert scheduler.run_due() == []


@pytest.mark.django_db
def test_sweep_statuses_show_last_run_and_next_due(django_capture_on_commit_callbacks):
    load_task_modules()
    clock = FrozenClock(datetime(2026, 3, 2, 10, 20, tzinfo=UTC))
    before = {s.name: s for s in sweep_statuses(now=clock.now())}
    prune = before["platform.prune_task_results"]
    assert prune.due_now
    assert prune.last_slot is None
    assert prune.every == timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        SweepScheduler(clock=clock).run_due()
    after = {s.name: s for s in sweep_statuses(now=clock.now())}
    prune = after["platform.prune_task_results"]
    assert not prune.due_now
    assert prune.last_slot == datetime(2026, 3, 2, tzinfo=UTC)
    assert prune.next_due == datetime(2026, 3, 3, tzinfo=UTC)
    assert prune.last_task_status == TaskResultStatus.READY
    assert after["platform.worker_heartbeat_prune"].next_due == datetime(2026, 3, 2, 11, tzinfo=UTC)


def test_describe_period():
    with translation.override("en"):
        assert describe_period(timedelta(days=2)) == "2 days"
        assert describe_period(timedelta(hours=6)) == "6 hours"
        assert describe_period(timedelta(minutes=90)) == "90 minutes"


def _result(status: str, finished_at: datetime | None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=f"{__name__}.remember",
        backend_name="default",
        status=status,
        finished_at=finished_at,
    )


@pytest.mark.django_db
def test_prune_keeps_recent_results_and_failures_longer():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    old_success = _result(TaskResultStatus.SUCCESSFUL, now - timedelta(days=31))
    recent_success = _result(TaskResultStatus.SUCCESSFUL, now - timedelta(days=29))
    failure_60_days = _result(TaskResultStatus.FAILED, now - timedelta(days=60))
    failure_91_days = _result(TaskResultStatus.FAILED, now - timedelta(days=91))
    waiting = _result(TaskResultStatus.READY, None)
    SweepRun.objects.create(name="x", slot=now - timedelta(days=100), enqueued_at=now)

    counts = task_results_prune(now=now, clock=FrozenClock(now))

    assert counts == {"successful": 1, "failed": 1, "sweep_runs": 1}
    remaining = set(DBTaskResult.objects.values_list("id", flat=True))
    assert remaining == {recent_success.id, failure_60_days.id, waiting.id}
    assert old_success.id not in remaining
    assert failure_91_days.id not in remaining
    event = AuditEvent.objects.get(action="task_results.prune")
    assert event.organisation is None
    assert event.actor_label == "system:worker"
    assert event.after == counts

    assert task_results_prune(now=now) == {"successful": 0, "failed": 0, "sweep_runs": 0}
    assert AuditEvent.objects.filter(action="task_results.prune").count() == 1


@pytest.mark.django_db
def test_heartbeat_prune_forgets_workers_gone_for_a_day():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    for worker_id, seen in (
        ("gone", now - timedelta(days=2)),
        ("recent", now - timedelta(hours=2)),
    ):
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, hostname="h", pid=1, started_at=seen, seen_at=seen
        )
    assert worker_heartbeats_prune(now=now) == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]
