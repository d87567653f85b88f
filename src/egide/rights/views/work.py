"""The work on a request around its workflow: assignment, internal notes and the systems to search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.rights import services as s
from egide.rights.forms import (
    AssignForm,
    NoteForm,
    TaskAddForm,
    TaskCompleteForm,
    add_service_errors,
)
from egide.rights.models import RightsRequest, SearchTask
from egide.rights.views import _common
from egide.rights.views._common import (
    can,
    may_work,
    organisation_of,
    request_or_404,
    user_of,
    workable_request_or_404,
)


def _back(request: HttpRequest, rr: RightsRequest, anchor: str = "") -> HttpResponse:
    response = redirect("rights:detail", org=organisation_of(request).slug, request_id=rr.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _failed(
    request: HttpRequest, rr: RightsRequest, form: forms.Form, *, title: Any
) -> HttpResponse:
    """The form again with its errors (400): the service wrote nothing."""
    context = {
        "organisation": organisation_of(request),
        "rights_request": rr,
        "form": form,
        "title": title,
        "action_url": request.path,
    }
    return render(request, "rights/work_form.html", context, status=400)


def _run(
    request: HttpRequest,
    rr: RightsRequest,
    form: forms.Form,
    call: Any,
    *,
    title: Any,
    done: Any,
    anchor: str,
) -> HttpResponse:
    if not form.is_valid():
        return _failed(request, rr, form, title=title)
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _failed(request, request_or_404(request, rr.pk), form, title=title)
    messages.success(request, done)
    return _back(request, rr, anchor)


@org_view(Perm.VIEW, Perm.EDIT_ALL)
@require_POST
def assign_view(request: HttpRequest, request_id: int) -> HttpResponse:
    """The DPO team hands a request to a member who may work on it (or to nobody)."""
    rr = request_or_404(request, request_id)
    form = AssignForm(request.POST, organisation=organisation_of(request))
    return _run(
        request,
        rr,
        form,
        lambda data: s.rights_request_assign(
            actor=user_of(request), request=rr, assignee=data["assignee"], clock=_common.clock()
        ),
        title=_("Assign"),
        done=_("Assignment saved."),
        anchor="assignment",
    )


@org_view(Perm.VIEW, Perm.EDIT)
@require_POST
def note_view(request: HttpRequest, request_id: int) -> HttpResponse:
    rr = workable_request_or_404(request, request_id)
    return _run(
        request,
        rr,
        NoteForm(request.POST),
        lambda data: s.rights_request_note(
            actor=user_of(request), request=rr, text=data["text"], clock=_common.clock()
        ),
        title=_("Internal note"),
        done=_("Note added."),
        anchor="timeline",
    )


@org_view(Perm.VIEW, Perm.EDIT)
@require_POST
def task_add_view(request: HttpRequest, request_id: int) -> HttpResponse:
    rr = workable_request_or_404(request, request_id)
    form = TaskAddForm(request.POST, organisation=organisation_of(request))
    return _run(
        request,
        rr,
        form,
        lambda data: s.search_task_add(
            actor=user_of(request), request=rr, clock=_common.clock(), **data
        ),
        title=_("Add a system to search"),
        done=_("Search task added."),
        anchor="tasks",
    )


@org_view(Perm.VIEW, Perm.EDIT)
@require_POST
def tasks_suggest_view(request: HttpRequest, request_id: int) -> HttpResponse:
    """One task per live processing activity and system of the register not already listed."""
    rr = workable_request_or_404(request, request_id)
    try:
        added = s.search_tasks_suggest(actor=user_of(request), request=rr, clock=_common.clock())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if added:
            messages.success(
                request,
                _("%(count)s search tasks suggested from the register.") % {"count": len(added)},
            )
        else:
            messages.info(request, _("The register suggests nothing more to search."))
    return _back(request, rr, "tasks")


def _task_or_404(request: HttpRequest, task_id: int) -> SearchTask:
    try:
        return (
            SearchTask.objects.for_organisation(organisation_of(request))
            .select_related("request")
            .get(pk=task_id)
        )
    except SearchTask.DoesNotExist:
        raise Http404("No such search task") from None


def may_complete(request: HttpRequest, task: SearchTask) -> bool:
    """Whoever works on the request, and the member the task is assigned to."""
    if may_work(request, task.request):
        return True
    return can(request, Perm.EDIT) and task.assigned_to_id == request.user.pk


@org_view(Perm.VIEW, Perm.EDIT)
@require_POST
def task_complete_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_or_404(request, task_id)
    if not may_complete(request, task):
        raise PermissionDenied
    return _run(
        request,
        task.request,
        TaskCompleteForm(request.POST),
        lambda data: s.search_task_complete(
            actor=user_of(request), task=task, clock=_common.clock(), **data
        ),
        title=_("Complete the search task “%(label)s”") % {"label": task.label},
        done=_("Search task completed."),
        anchor="tasks",
    )


@org_view(Perm.VIEW, Perm.EDIT)
@require_POST
def status_link_renew_view(request: HttpRequest, request_id: int) -> HttpResponse:
    """Revoke the requester's status links and email them a new one."""
    rr = workable_request_or_404(request, request_id)
    return _run(
        request,
        rr,
        forms.Form(request.POST),
        lambda _data: s.rights_status_link_renew(
            actor=user_of(request), request=rr, clock=_common.clock()
        ),
        title=_("Send a new status link"),
        done=_("A new link was emailed to the requester; the links sent before no longer work."),
        anchor="letters",
    )
