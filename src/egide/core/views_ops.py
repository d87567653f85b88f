"""Operations: the liveness and readiness probes, and the platform operators' jobs page."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from egide.core.clock import SYSTEM_CLOCK
from egide.core.htmx import render_page_or_partial
from egide.core.jobs import (
    TaskRetryError,
    task_result_retry,
    task_results_count_by_status,
    task_results_recent,
    worker_heartbeat_is_fresh,
    worker_statuses,
)
from egide.core.policies import PUBLIC, declare
from egide.core.sweeps import sweep_statuses
from egide.core.tasks import TaskResultStatus, load_task_modules
from egide.core.views import staff_view

JOBS_SHOWN = 100


def _heartbeat_stale_after() -> timedelta:
    return timedelta(seconds=settings.EGIDE_WORKER_HEARTBEAT_STALE_SECONDS)


@declare(PUBLIC)
@never_cache
@require_safe
def healthz_view(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches nothing else (no database)."""
    return JsonResponse({"status": "ok"})


@declare(PUBLIC)
@never_cache
@require_safe
def readyz_view(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers ``SELECT 1`` and a worker's heartbeat is fresh."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
        checks["worker"] = "unknown"
    else:
        fresh = worker_heartbeat_is_fresh(
            now=SYSTEM_CLOCK.now(), stale_after=_heartbeat_stale_after()
        )
        checks["worker"] = "ok" if fresh else "stale"
    if all(value == "ok" for value in checks.values()):
        return JsonResponse({"status": "ready", "checks": checks})
    return JsonResponse({"status": "unavailable", "checks": checks}, status=503)


STATUS_CHOICES = [("", _("All statuses")), *TaskResultStatus.choices]


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)


class TaskRetryForm(forms.Form):
    result_id = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES, widget=forms.HiddenInput)


def _jobs_page(
    request: HttpRequest,
    *,
    filters: JobFilterForm,
    retry_form: TaskRetryForm | None = None,
    status_code: int = 200,
) -> HttpResponse:
    load_task_modules()
    now = SYSTEM_CLOCK.now()
    status = filters.cleaned_data.get("status", "") if filters.is_valid() else ""
    counts = task_results_count_by_status()
    context = {
        "filters": filters,
        "status": status,
        "retry_form": retry_form,
        "counts": [(value, label, counts[value]) for value, label in TaskResultStatus.choices],
        "jobs": task_results_recent(status=status, limit=JOBS_SHOWN),
        "jobs_shown": JOBS_SHOWN,
        "sweeps": sweep_statuses(now=now),
        "workers": worker_statuses(now=now, stale_after=_heartbeat_stale_after()),
        "now": now,
    }
    response = render_page_or_partial(request, "core/jobs.html", context, partial="results")
    response.status_code = status_code
    return response


@staff_view
def jobs_view(request: HttpRequest) -> HttpResponse:
    """Recent task results with their status counts, sweeps and workers; POST retries a failed task."""
    if request.method == "POST":
        return _retry(request)
    if request.method not in {"GET", "HEAD"}:
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    filters = JobFilterForm(request.GET or None)
    invalid = filters.is_bound and not filters.is_valid()
    return _jobs_page(request, filters=filters, status_code=400 if invalid else 200)


def _retry(request: HttpRequest) -> HttpResponse:
    form = TaskRetryForm(request.POST)
    if form.is_valid():
        try:
            task_result_retry(
                actor=request.user,
                result_id=str(form.cleaned_data["result_id"]),
                ip_address=request.META.get("REMOTE_ADDR") or None,
            )
        except TaskRetryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The task was queued again."))
            url = reverse("core:jobs")
            if form.cleaned_data["status"]:
                url += "?" + urlencode({"status": form.cleaned_data["status"]})
            return redirect(url)
    return _jobs_page(request, filters=JobFilterForm(), retry_form=form, status_code=400)
