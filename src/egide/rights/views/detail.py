"""Everything about one request: parties, deadlines, status and next actions, work, documents, timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.rights.choices import (
    MEDICAL_RECORD_ARTICLE,
    OPEN_STATUSES,
    REFUSAL_SOURCE,
    RIGHT_ARTICLE,
    SearchTaskStatus,
)
from egide.rights.deadlines import Pause, days_left, paused_days
from egide.rights.forms import AssignForm, NoteForm, TaskAddForm, TaskCompleteForm
from egide.rights.models import RightsRequest
from egide.rights.selectors import timeline_for
from egide.rights.views import _common
from egide.rights.views._common import (
    STATUS_BADGE,
    can,
    deadline_badge,
    may_work,
    organisation_of,
    request_or_404,
    sees_identity_documents,
)
from egide.rights.views.actions import available_actions
from egide.rights.views.work import may_complete


@dataclass(frozen=True)
class Deadline:
    label: Promise
    day: date | None
    source: str
    governing: bool = False
    badge: str = ""
    days_left: int | None = None


def deadlines(rr: RightsRequest, *, today: date, paused: bool) -> list[Deadline]:
    """The request's deadlines, the governing one flagged (the earlier of GDPR and CSP: both apply)."""
    running = rr.status in OPEN_STATUSES and not paused
    governing = rr.governing_due_on

    def row(label: Promise, day: date | None, source: str) -> Deadline:
        is_governing = day is not None and day == governing
        return Deadline(
            label,
            day,
            source,
            governing=is_governing,
            badge=deadline_badge(day, today=today, running=running) if is_governing else "",
            days_left=days_left(day, today=today) if is_governing and running and day else None,
        )

    rows = [
        row(_("GDPR deadline (one month)"), rr.due_on, "GDPR Art. 12(3)"),
    ]
    if rr.extended_at:
        rows.append(
            row(_("Extended deadline (three months)"), rr.extended_due_on, "GDPR Art. 12(3)")
        )
    if rr.includes_medical_record:
        rows.append(
            row(
                _("Medical record: not before (48 hours)"),
                rr.medical_record_not_before,
                "CSP L.1111-7",
            )
        )
        rows.append(
            row(
                _("Medical record: at most 2 months (over 5 years old)")
                if rr.medical_record_older_than_5_years
                else _("Medical record: at most 8 days"),
                rr.medical_record_due_on,
                MEDICAL_RECORD_ARTICLE,
            )
        )
    return rows


def _tasks(request: HttpRequest, rr: RightsRequest) -> list[dict[str, Any]]:
    tasks = rr.search_tasks.select_related("activity", "system", "assigned_to", "done_by")
    return [
        {
            "task": task,
            "form": TaskCompleteForm(auto_id=f"task{task.pk}-%s")
            if task.status == SearchTaskStatus.TODO and may_complete(request, task)
            else None,
        }
        for task in tasks
    ]


def request_context(request: HttpRequest, rr: RightsRequest) -> dict[str, Any]:
    organisation = organisation_of(request)
    today = _common.today()
    pauses = list(rr.pauses.all())
    open_pause = any(p.ended_on is None for p in pauses)
    working = may_work(request, rr)
    sees_documents = sees_identity_documents(request)
    identity_documents = list(rr.identity_documents.defer("content")) if sees_documents else []
    return {
        "organisation": organisation,
        "rights_request": rr,
        "status_badge": STATUS_BADGE.get(rr.status, ""),
        "article": RIGHT_ARTICLE.get(rr.right, ""),
        "refusal_source": REFUSAL_SOURCE.get(rr.refusal_ground, ""),
        "deadlines": deadlines(rr, today=today, paused=open_pause),
        "paused": open_pause and rr.status in OPEN_STATUSES,
        "paused_days": paused_days([Pause(p.started_on, p.ended_on) for p in pauses], today=today),
        "pauses": pauses,
        "may_work": working,
        "actions": [
            {"action": action, "form": action.form_class(auto_id=f"{action.slug}-%s")}
            for action in (available_actions(rr) if working else [])
        ],
        "can_assign": can(request, Perm.EDIT_ALL) and rr.status in OPEN_STATUSES,
        "assign_form": AssignForm(
            organisation=organisation, initial={"assignee": rr.assigned_to_id}
        ),
        "note_form": NoteForm(),
        "task_form": TaskAddForm(organisation=organisation) if working else None,
        "tasks": _tasks(request, rr),
        "sees_documents": sees_documents,
        "identity_documents": identity_documents,
        "identity_document_count": len(identity_documents)
        if sees_documents
        else rr.identity_documents.count(),
        "issued_documents": list(rr.issued_documents.defer("content").all()),
        "timeline": timeline_for(request=rr, include_internal=True),
    }


@org_view(Perm.VIEW)
def request_detail_view(request: HttpRequest, request_id: int) -> HttpResponse:
    rr = request_or_404(request, request_id)
    return render(request, "rights/request_detail.html", request_context(request, rr))
