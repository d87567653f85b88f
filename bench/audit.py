"""Audit trail: how fast events are appended (one transaction each, as services do) and how fast
`egide audit verify` walks a chain. Writes bench/results/audit.json."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, write_result  # noqa: E402

EVENTS = 5_000


def main() -> None:
    database = django_setup()
    from django.db import transaction

    from egide.accounts.models import Organisation
    from egide.core.audit import Actor, audit_record, audit_verify

    organisation = Organisation.objects.create(
        slug="bench", legal_name="Bench", kind="hospital", legal_status="public"
    )
    actor = Actor.system("bench")
    latencies = []
    started = time.perf_counter()
    for index in range(EVENTS):
        t0 = time.perf_counter()
        with transaction.atomic():
            audit_record(
                actor=actor,
                organisation=organisation,
                action="bench.write",
                object_type="bench.item",
                object_id=str(index),
                object_repr=f"item {index}",
                before={"value": index - 1},
                after={"value": index},
            )
        latencies.append(time.perf_counter() - t0)
    append_seconds = time.perf_counter() - started

    t0 = time.perf_counter()
    breaks = audit_verify(organisation=organisation)
    verify_seconds = time.perf_counter() - t0
    assert not breaks, breaks

    latencies.sort()
    write_result(
        "audit",
        {
            "database": database,
            "events": EVENTS,
            "append_events_per_second": round(EVENTS / append_seconds, 1),
            "append_median_ms": round(statistics.median(latencies) * 1000, 3),
            "append_p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000, 3),
            "verify_seconds": round(verify_seconds, 3),
            "verify_events_per_second": round(EVENTS / verify_seconds, 1),
        },
    )


if __name__ == "__main__":
    main()
