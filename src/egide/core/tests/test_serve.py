"""``egide serve``: the process plan, the migration check, supervision, and gunicorn serving for real."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations.recorder import MigrationRecorder

from egide.core.management.commands import serve
from egide.core.management.commands.serve import ServePlan, build_plan, supervise

PY = sys.executable


def test_production_plan_runs_gunicorn_with_an_access_log():
    plan = build_plan(host="0.0.0.0", port=8080, dev=False, with_worker=False)  # noqa: S104
    assert plan.web[:4] == [PY, "-m", "gunicorn", "egide.config.wsgi:application"]
    assert plan.web[plan.web.index("--bind") + 1] == "0.0.0.0:8080"
    assert 2 <= int(plan.web[plan.web.index("--workers") + 1]) <= 4
    assert plan.web[plan.web.index("--access-logfile") + 1] == "-"
    assert plan.worker is None
    assert plan.url == "http://localhost:8080/"


def test_dev_plan_runs_the_development_server_and_a_worker():
    plan = build_plan(host="127.0.0.1", port=8001, dev=True, with_worker=True)
    assert plan.web == [PY, "-m", "egide.cli", "runserver", "127.0.0.1:8001"]
    assert plan.worker == [PY, "-m", "egide.cli", "worker"]
    assert plan.url == "http://127.0.0.1:8001/"
    assert plan.collect_static is False


def test_ipv6_hosts_are_bracketed_and_web_processes_can_be_chosen():
    plan = build_plan(host="::1", port=9000, dev=False, with_worker=False, web_processes=3)
    assert plan.web[plan.web.index("--bind") + 1] == "[::1]:9000"
    assert plan.web[plan.web.index("--workers") + 1] == "3"
    assert plan.url == "http://[::1]:9000/"


@pytest.mark.parametrize(
    ("dev", "finders", "empty", "expected"),
    [
        (False, False, True, True),
        (False, False, False, False),
        (False, True, True, False),
        (True, False, True, False),
    ],
)
def test_static_files_are_collected_only_when_production_serving_needs_them(
    dev, finders, empty, expected
):
    plan = build_plan(
        host="127.0.0.1",
        port=8000,
        dev=dev,
        with_worker=False,
        static_root_empty=empty,
        whitenoise_finders=finders,
    )
    assert plan.collect_static is expected


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--port", "0"], "between 1 and 65535"),
        (["--port", "http"], "not a port"),
        (["--workers", "99"], "between 1 and 32"),
    ],
)
def test_bad_arguments_are_refused(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("serve", *arguments)


@pytest.fixture
def started(monkeypatch):
    """Replace the supervisor: record the plan instead of starting processes."""
    plans: list[ServePlan] = []

    def fake_supervise(plan: ServePlan) -> int:
        plans.append(plan)
        return 0

    monkeypatch.setattr(serve, "supervise", fake_supervise)
    return plans


@pytest.mark.django_db
def test_serve_prints_the_url_then_supervises_the_plan(started, capsys):
    call_command("serve", "--port", "8765", "--with-worker", "--dev")
    (plan,) = started
    assert plan.worker is not None
    assert "http://127.0.0.1:8765/" in capsys.readouterr().out


@pytest.mark.django_db
def test_serve_refuses_an_unmigrated_database_with_exit_code_2(started):
    MigrationRecorder.Migration.objects.filter(app="core").delete()
    with pytest.raises(CommandError, match="egide migrate") as error:
        call_command("serve")
    assert error.value.returncode == 2
    assert started == []


def _sleeper() -> list[str]:
    return [PY, "-c", "import signal; signal.pause()"]  # runs until it is signalled


def test_supervise_stops_the_worker_when_the_web_server_exits():
    children: list[subprocess.Popen] = []

    def start(argv):
        process = subprocess.Popen(argv)  # noqa: S603
        children.append(process)
        return process

    plan = ServePlan(
        web=[PY, "-c", "raise SystemExit(3)"], worker=_sleeper(), url="", collect_static=False
    )
    assert supervise(plan, start=start, poll_seconds=0.05) == 3
    worker, web = children
    assert worker.poll() is not None  # stopped, not left behind
    assert web.returncode == 3


class FakeProcess:
    """Runs until it receives a signal; the first poll of the web process simulates a SIGTERM to us."""

    def __init__(self, on_first_poll=None):
        self.signals: list[int] = []
        self.on_first_poll = on_first_poll

    def poll(self):
        if self.on_first_poll:
            hook, self.on_first_poll = self.on_first_poll, None
            hook()
        return -self.signals[0] if self.signals else None

    def wait(self, timeout=None):
        return self.poll() or 0

    def send_signal(self, sig):
        self.signals.append(sig)

    def kill(self):
        self.signals.append(signal.SIGKILL)


def test_supervise_forwards_sigterm_to_every_child_and_restores_handlers():
    worker = FakeProcess()
    web = FakeProcess(on_first_poll=lambda: signal.raise_signal(signal.SIGTERM))
    processes = iter([worker, web])
    before = signal.getsignal(signal.SIGTERM)
    plan = ServePlan(web=["web"], worker=["worker"], url="", collect_static=False)

    assert supervise(plan, start=lambda argv: next(processes), poll_seconds=0.01) == 0

    assert worker.signals == [signal.SIGTERM]
    assert web.signals == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) == before


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_production_plan_really_serves_healthz(tmp_path):
    port = _free_port()
    plan = build_plan(host="127.0.0.1", port=port, dev=False, with_worker=False, web_processes=1)
    env = {**os.environ, "EGIDE_ENV": "test", "EGIDE_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    process = subprocess.Popen(  # noqa: S603
        plan.web, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        # Gunicorn logs "Listening at" once its socket accepts connections; a request sent then waits
        # in the backlog until a worker takes it. readline() returns "" if the server dies first.
        assert process.stderr is not None
        for line in iter(process.stderr.readline, ""):
            if "Listening at" in line:
                break
        with urllib.request.urlopen(f"{plan.url}healthz", timeout=30) as response:  # noqa: S310
            body = json.load(response)
        assert body == {"status": "ok"}
    finally:
        process.terminate()
        process.wait(timeout=30)
