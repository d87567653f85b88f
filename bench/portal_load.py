"""Load test of the patient portal (issue 4): 1,000 concurrent submissions, each stored exactly once, and the
rate limit holding against one abusive client. A real server on loopback, a bounded run (< 3 minutes).

What it does:

1. a scratch database (SQLite file in a temp dir, or $BENCH_DATABASE_URL, e.g.
   postgres://postgres@127.0.0.1:5432/egide_bench, recreated), migrated; a few organisations with the portal
   open. Submissions are spread over ``ceil(1000 / 200)`` organisations because each organisation accepts
   at most ``SUBMIT_PER_ORGANISATION`` (300) filings an hour, the ceiling against a botnet;
2. gunicorn (``egide.config.wsgi``, gthread workers) on 127.0.0.1 with ``EGIDE_TRUSTED_PROXY_HOPS=1``: each
   simulated client sends its own ``X-Forwarded-For`` address, as behind one reverse proxy;
3. 1,000 clients, each from its own address, all at once (a thread each, released together): GET the form
   (CSRF cookie and token, one-time ``submission_key``), then POST it; one client in ten POSTs the same form
   a second time (a double click, a retried request) and must get the same answer, and no second row;
4. meanwhile one abusive client POSTs ``ABUSE_POSTS`` forms with fresh keys from a single address;
5. then, in the database: exactly 1,000 requests from the clients, one per submission key, none duplicated;
   the abusive client stored at most the per-address limit (``SUBMIT_PER_ADDRESS_SHORT``: 5 per 10-minute
   window, times the windows its run touched) and got 429s.

Measures requests per second (every HTTP request of the run, and submissions) and median/p95 latency of the
GETs and the POSTs. Writes bench/results/portal_load-<sqlite|postgres>.json; exits 1 when a check fails.
"""

from __future__ import annotations

import http.client
import math
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, write_result  # noqa: E402

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "1000"))
RETRY_EVERY = 10  # one client in ten POSTs its form twice
ABUSE_POSTS = int(os.environ.get("BENCH_ABUSE_POSTS", "60"))
PER_ORGANISATION = 200  # below the organisation's hourly ceiling (300)
WEB_WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", str(max(2, min(8, os.cpu_count() or 2)))))
WEB_THREADS = 8
TIMEOUT_SECONDS = 150
RUN_DEADLINE_SECONDS = 160
BASELINE_SUBMISSIONS = 10  # one client alone first: the latency without queueing
ABUSER_ADDRESS = "203.0.113.66"

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def _ensure_postgres_database() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def client_address(n: int) -> str:
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


@dataclass
class Timings:
    gets: list[float] = field(default_factory=list)
    posts: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int) -> None:
        with self.lock:
            (self.gets if kind == "GET" else self.posts).append(seconds * 1000)
            label = f"{kind} {status}"
            self.statuses[label] = self.statuses.get(label, 0) + 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


class Client:
    """One browser: its own connection, cookie and address."""

    def __init__(self, port: int, address: str, timings: Timings) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
        self.address = address
        self.timings = timings
        self.cookie = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-For": self.address, "Accept-Language": "fr", "Host": "127.0.0.1"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        self.timings.add(method, time.perf_counter() - started, response.status)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("csrftoken="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text

    def form(self, path: str) -> tuple[str, str]:
        status, page = self.request("GET", path)
        token, key = TOKEN.search(page), KEY.search(page)
        if status != 200 or not token or not key:
            raise RuntimeError(f"GET {path}: {status}, no form")
        return token.group(1), key.group(1)

    def close(self) -> None:
        self.connection.close()


def form_body(token: str, key: str, n: int) -> str:
    return urlencode(
        {
            "csrfmiddlewaretoken": token,
            "submission_key": key,
            "right": "access",
            "requester_capacity": "self",
            "requester_first_name": "Camille",
            "requester_last_name": f"Patient {n}",
            "requester_email": f"patient{n}@example.net",
            "description": "Copie de mon dossier, séjour de mars.",
            "electronic_answer": "on",
            "notice_acknowledged": "on",
            "website": "",
        }
    )


def run_client(n: int, port: int, slug: str, timings: Timings, start: threading.Event) -> None:
    client = Client(port, client_address(n), timings)
    path = f"/p/{slug}/"
    start.wait()
    try:
        token, key = client.form(path)
        body = form_body(token, key, n)
        status, _ = client.request("POST", path, body)
        if status != 302:
            timings.error(f"client {n}: POST answered {status}")
        if n % RETRY_EVERY == 0:
            again, _ = client.request("POST", path, body)  # the same key: the same request
            if again != 302:
                timings.error(f"client {n}: second POST answered {again}")
    except Exception as error:  # noqa: BLE001 - counted and reported
        timings.error(f"client {n}: {error!r}")
    finally:
        client.close()


def run_abuser(port: int, slug: str, timings: Timings, start: threading.Event) -> dict[str, int]:
    client = Client(port, ABUSER_ADDRESS, timings)
    path = f"/p/{slug}/"
    outcome: dict[str, int] = {}
    start.wait()
    try:
        token, _ = client.form(path)
        for _ in range(ABUSE_POSTS):
            key = secrets.token_urlsafe(32)  # a fresh form each time
            status, _ = client.request("POST", path, form_body(token, key, 999_999))
            outcome[str(status)] = outcome.get(str(status), 0) + 1
    except Exception as error:  # noqa: BLE001
        timings.error(f"abuser: {error!r}")
    finally:
        client.close()
    return outcome


def run_baseline(port: int, slug: str) -> dict[str, float]:
    """GET + POST one after the other, nobody else on the server: the unloaded latency."""
    timings = Timings()
    for n in range(BASELINE_SUBMISSIONS):
        client = Client(port, f"192.0.2.{n + 1}", timings)
        try:
            token, key = client.form(f"/p/{slug}/")
            client.request("POST", f"/p/{slug}/", form_body(token, key, 500_000 + n))
        finally:
            client.close()
    return {
        "get_median_ms": round(statistics.median(timings.gets), 1),
        "post_median_ms": round(statistics.median(timings.posts), 1),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(len(ordered) * share) - 1)], 1) if ordered else 0.0


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "EGIDE_TRUSTED_PROXY_HOPS": "1", "EGIDE_DEBUG": "0"}
    argv = [
        sys.executable, "-m", "gunicorn", "egide.config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(WEB_WORKERS), "--threads", str(WEB_THREADS), "--worker-class", "gthread",
        "--backlog", "2048", "--timeout", "60", "--error-logfile", str(log),
    ]  # fmt: skip
    output = log.with_suffix(".out").open("wb")  # Django's own error log (500s) goes to stderr
    server = subprocess.Popen(  # noqa: S603
        argv, env=env, stdout=output, stderr=subprocess.STDOUT, process_group=0
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: see {log}")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def build_organisations(count: int) -> list[str]:
    from egide.accounts.models import Organisation

    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"ch-load-{n}",
            legal_name=f"Centre hospitalier de charge {n}",
            kind="hospital",
            legal_status="public",
            city="Tours",
        )
        for n in range(count)
    )
    return [o.slug for o in organisations]  # the last one takes the unloaded baseline


def verify(slugs: list[str], abuse_started: float, abuse_ended: float) -> dict[str, object]:
    from django.db.models import Count

    from egide.accounts.models import Organisation
    from egide.rights.models import RightsRequest
    from egide.rights.portal.throttle import SUBMIT_PER_ADDRESS_SHORT

    stored = RightsRequest.objects.all_organisations_unscoped().filter(  # bench: every organisation
        organisation__in=Organisation.objects.filter(slug__in=slugs)
    )
    clients = stored.exclude(requester_email="patient999999@example.net")
    duplicated = (
        stored.values("organisation_id", "submission_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    per_client = clients.values("requester_email").annotate(n=Count("pk")).filter(n__gt=1).count()
    window = SUBMIT_PER_ADDRESS_SHORT.window.total_seconds()
    windows = int(abuse_ended // window) - int(abuse_started // window) + 1
    return {
        "stored_from_clients": clients.count(),
        "distinct_submission_keys": clients.values("submission_key").distinct().count(),
        "clients_stored_more_than_once": per_client,
        "duplicated_submission_keys": duplicated,
        "stored_from_abuser": stored.filter(requester_email="patient999999@example.net").count(),
        "abuser_allowed_at_most": SUBMIT_PER_ADDRESS_SHORT.limit * windows,
    }


def main() -> None:
    _ensure_postgres_database()
    database = django_setup()
    *slugs, baseline_slug = build_organisations(math.ceil(CLIENTS / PER_ORGANISATION) + 1)
    from django.db import connections

    connections.close_all()  # the server processes open their own

    port = _free_port()
    log = Path(os.environ["EGIDE_VAR_DIR"]) / "gunicorn.log"
    server = start_server(port, log)
    try:
        baseline = run_baseline(port, baseline_slug)
    except Exception:
        stop_server(server)
        raise
    timings = Timings()
    start = threading.Event()
    abuse: dict[str, int] = {}
    try:
        threads = [
            threading.Thread(
                target=run_client, args=(n, port, slugs[n * len(slugs) // CLIENTS], timings, start)
            )
            for n in range(CLIENTS)
        ]

        def abuser() -> None:
            abuse.update(run_abuser(port, slugs[0], timings, start))

        threads.append(threading.Thread(target=abuser))
        for thread in threads:
            thread.start()
        started = time.time()
        t0 = time.perf_counter()
        start.set()
        for thread in threads:
            thread.join(timeout=max(1.0, RUN_DEADLINE_SECONDS - (time.perf_counter() - t0)))
        wall = time.perf_counter() - t0
        ended = time.time()
        unfinished = sum(thread.is_alive() for thread in threads)
    finally:
        stop_server(server)

    checks = verify(slugs, started, ended)
    requests_total = len(timings.gets) + len(timings.posts)
    submissions = CLIENTS + ABUSE_POSTS
    ok = (
        unfinished == 0
        and not timings.errors
        and checks["stored_from_clients"] == CLIENTS
        and checks["distinct_submission_keys"] == CLIENTS
        and checks["duplicated_submission_keys"] == 0
        and checks["clients_stored_more_than_once"] == 0
        and 0 < int(checks["stored_from_abuser"]) <= int(checks["abuser_allowed_at_most"])  # type: ignore[call-overload]
        and abuse.get("429", 0) > 0
    )
    result = {
        "database": database,
        "clients": CLIENTS,
        "organisations": len(slugs),
        "second_posts": len(range(0, CLIENTS, RETRY_EVERY)),
        "abusive_posts": ABUSE_POSTS,
        "server": f"gunicorn gthread, {WEB_WORKERS} workers x {WEB_THREADS} threads",
        "wall_seconds": round(wall, 2),
        "http_requests": requests_total,
        "requests_per_second": round(requests_total / wall, 1),
        "submissions_per_second": round(submissions / wall, 1),
        "unloaded": baseline,
        "get_ms": {
            "median": round(statistics.median(timings.gets), 1) if timings.gets else None,
            "p95": percentile(timings.gets, 0.95),
        },
        "post_ms": {
            "median": round(statistics.median(timings.posts), 1) if timings.posts else None,
            "p95": percentile(timings.posts, 0.95),
        },
        "statuses": dict(sorted(timings.statuses.items())),
        "abuser_statuses": abuse,
        "errors": timings.errors[:20],
        "error_count": len(timings.errors),
        "unfinished_clients": unfinished,
        **checks,
        "passed": ok,
    }
    write_result(f"portal_load-{database}", result)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
