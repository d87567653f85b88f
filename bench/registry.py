"""Portfolio and register list at scale: 200 organisations x 100 processing activities, one DPO member of
all of them. Measures the median and p95 server time of the portfolio page and of one organisation's
register list (Django test client, full middleware stack, MFA passed) and their query counts.
Targets (issue 3): median under 150 ms and a bounded number of queries. Run on PostgreSQL with
BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/egide_bench (created if missing).
Writes bench/results/registry.json."""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, write_result  # noqa: E402

ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "200"))
ACTIVITIES = int(os.environ.get("BENCH_ACTIVITIES", "100"))
RUNS = 30
TARGET_MS = 150.0


def _ensure_postgres_database() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build(now: datetime):  # bulk_create: the benchmark's data, not the product's writes
    from egide.accounts.models import Membership, Organisation, User
    from egide.registry.compliance import compliance_recompute
    from egide.registry.models import ProcessingActivity, Purpose

    user = User.objects.create_user(email="bench@example.org", password="bench-password-123456")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"org-{n:03d}",
            legal_name=f"Centre hospitalier {n:03d}",
            kind="hospital",
            legal_status="public",
            city="Lyon",
        )
        for n in range(ORGANISATIONS)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=o, role="dpo") for o in organisations
    )
    for organisation in organisations:
        activities = ProcessingActivity.objects.bulk_create(
            ProcessingActivity(
                organisation=organisation,
                reference=f"T-{n:03d}",
                name=f"Processing activity {n}",
                status=("draft", "in_review", "validated")[n % 3],
                created_at=now,
                updated_at=now,
            )
            for n in range(ACTIVITIES)
        )
        Purpose.objects.bulk_create(
            Purpose(
                organisation=organisation,
                activity=a,
                description="Patient care",
                is_main=True,
                legal_basis="public_task",
                position=0,
            )
            for a in activities
        )
        compliance_recompute(organisation=organisation)
    return user, organisations


def measure(client, url: str) -> dict[str, float | int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (templates, translations)
    timings = []
    queries = 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "queries": queries,
    }


def main() -> None:
    _ensure_postgres_database()
    database = django_setup()
    from django.test import Client

    from egide.accounts.middleware import MFA_SESSION_KEY

    t0 = time.perf_counter()
    user, organisations = build(datetime.now(tz=UTC))
    build_seconds = time.perf_counter() - t0

    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = True
    session.save()

    portfolio = measure(client, "/portfolio/")
    register = measure(client, f"/o/{organisations[0].slug}/registry/")
    result = {
        "database": database,
        "organisations": ORGANISATIONS,
        "activities_per_organisation": ACTIVITIES,
        "build_seconds": round(build_seconds, 1),
        "runs": RUNS,
        "target_median_ms": TARGET_MS,
        "portfolio": portfolio,
        "register_list": register,
        "within_target": portfolio["median_ms"] < TARGET_MS and register["median_ms"] < TARGET_MS,
    }
    write_result("registry", result)
    if not result["within_target"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
