"""``egide serve``: serve the web application, optionally with a worker, until Ctrl+C or SIGTERM.

Production mode runs gunicorn (``egide.config.wsgi:application``, 2 to 4 processes, access log on
stdout); ``--dev`` runs Django's auto-reloading development server. ``--with-worker`` starts
``egide worker`` next to it. Both run as child processes of this one, which forwards SIGINT/SIGTERM to
them and, when one of them stops, stops the other. Before serving, the database must be migrated.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM)
STOP_TIMEOUT_SECONDS = 20.0


def valid_port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise ArgumentTypeError("the port must be between 1 and 65535")
    return port


def valid_workers(value: str) -> int:
    count = int(value)
    if not 1 <= count <= 32:
        raise ArgumentTypeError("between 1 and 32 web processes")
    return count


def _gunicorn_has_control_socket() -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(setting.name == "control_socket" for setting in KNOWN_SETTINGS)


def default_web_processes() -> int:
    """2 to 4 gunicorn processes, following the CPUs available."""
    return max(2, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class ServePlan:
    """What ``serve`` will start: the web server, perhaps a worker, and the URL to print."""

    web: list[str]
    worker: list[str] | None
    url: str
    collect_static: bool


def _bind_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def build_plan(
    *,
    host: str,
    port: int,
    dev: bool,
    with_worker: bool,
    web_processes: int | None = None,
    python: str = sys.executable,
    static_root_empty: bool = False,
    whitenoise_finders: bool = False,
) -> ServePlan:
    address = f"{_bind_host(host)}:{port}"
    egide = [python, "-m", "egide.cli"]
    if dev:
        web = [*egide, "runserver", address]
    else:
        web = [
            python, "-m", "gunicorn", "egide.config.wsgi:application",
            "--bind", address,
            "--workers", str(web_processes or default_web_processes()),
            "--access-logfile", "-",
            "--error-logfile", "-",
            "--graceful-timeout", "20",
        ]  # fmt: skip
        if _gunicorn_has_control_socket():
            web.append("--no-control-socket")  # unused; several instances would share its path
    shown = "localhost" if host in {"0.0.0.0", "::", "[::]"} else _bind_host(host)  # noqa: S104
    return ServePlan(
        web=web,
        worker=[*egide, "worker"] if with_worker else None,
        url=f"http://{shown}:{port}/",
        collect_static=not dev and not whitenoise_finders and static_root_empty,
    )


class Process(Protocol):
    def poll(self) -> int | None: ...
    def wait(self, timeout: float | None = None) -> int: ...
    def send_signal(self, sig: int) -> None: ...
    def kill(self) -> None: ...


def start_process(argv: Sequence[str]) -> Process:
    # Own process group: a terminal's Ctrl+C reaches only us, and we forward it once.
    return subprocess.Popen(argv, process_group=0)  # noqa: S603


def stop_all(processes: Sequence[Process], sig: int = signal.SIGTERM) -> None:
    """Signal every running child, wait for them (bounded), kill the ones that do not stop."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(sig)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def supervise(
    plan: ServePlan,
    *,
    start: Callable[[Sequence[str]], Process] = start_process,
    poll_seconds: float = 0.5,
) -> int:
    """Start the plan's processes; forward SIGINT/SIGTERM; when one exits, stop the rest. Returns the
    exit code of the web server (or of the worker if it stopped first with an error)."""
    processes: list[Process] = []
    stopping: list[int] = []

    def forward(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)
        for process in processes:
            if process.poll() is None:
                process.send_signal(signum)

    previous = {signum: signal.getsignal(signum) for signum in FORWARDED_SIGNALS}
    for signum in FORWARDED_SIGNALS:
        signal.signal(signum, forward)
    try:
        if plan.worker:
            processes.append(start(plan.worker))
        web = start(plan.web)
        processes.append(web)
        while all(process.poll() is None for process in processes):
            time.sleep(poll_seconds)
        stop_all(processes, stopping[-1] if stopping else signal.SIGTERM)
        codes = [process.wait() for process in processes]
    except BaseException:
        stop_all(processes)
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    web_code = codes[-1]
    if stopping:
        return 0
    return web_code or next((code for code in codes if code), 0)


def pending_migrations() -> int:
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def static_root_is_empty() -> bool:
    root = Path(settings.STATIC_ROOT)
    return not root.is_dir() or not any(root.iterdir())


class Command(BaseCommand):
    help = (
        "Serve Egide (gunicorn; --dev for the auto-reloading server; --with-worker adds a worker)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=valid_port, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--with-worker", action="store_true", help="Also run `egide worker` (one process)."
        )
        parser.add_argument(
            "--dev", action="store_true", help="Django's auto-reloading server (development)."
        )
        parser.add_argument(
            "--workers",
            type=valid_workers,
            default=None,
            dest="web_processes",
            help="gunicorn processes (default: 2 to 4 following the CPUs).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["host"].strip():
            raise CommandError("--host must not be empty", returncode=2)
        self.check_database()
        plan = build_plan(
            host=options["host"],
            port=options["port"],
            dev=options["dev"],
            with_worker=options["with_worker"],
            web_processes=options["web_processes"],
            static_root_empty=static_root_is_empty(),
            whitenoise_finders=bool(getattr(settings, "WHITENOISE_USE_FINDERS", False)),
        )
        if plan.collect_static:
            self.stdout.write(f"Collecting static files into {settings.STATIC_ROOT}...")
            call_command("collectstatic", interactive=False, verbosity=0)
        mode = "development server" if options["dev"] else "gunicorn"
        extra = " with a background worker" if plan.worker else ""
        self.stdout.write(self.style.SUCCESS(f"Egide is starting at {plan.url} ({mode}{extra})."))
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        code = supervise(plan)
        if code:
            raise CommandError(f"the server stopped with exit code {code}", returncode=code)

    def check_database(self) -> None:
        try:
            pending = pending_migrations()
        except DatabaseError as exc:
            raise CommandError(f"Cannot reach the database: {exc}", returncode=2) from exc
        if pending:
            raise CommandError(
                f"The database is not up to date ({pending} migration(s) not applied). "
                "Run `egide migrate` first.",
                returncode=2,
            )
