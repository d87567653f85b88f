"""The search for the person's data: one task per system (or processing activity) of the register."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Membership, User
from egide.core.audit import Actor, audit_record, snapshot
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.registry.choices import ActivityStatus
from egide.registry.models import InformationSystem, ProcessingActivity
from egide.rights.choices import RequestStatus, SearchTaskStatus, TimelineKind
from egide.rights.models import RightsRequest, SearchTask
from egide.rights.services._common import RightsError, timeline_add

TASK_AUDIT_FIELDS = ("request", "activity", "system", "label", "status", "assigned_to", "done_at")
_DONE_STATUSES = (SearchTaskStatus.FOUND, SearchTaskStatus.NO_DATA, SearchTaskStatus.NOT_APPLICABLE)


def _require_workable(request: RightsRequest) -> None:
    if request.status in (RequestStatus.CLOSED, RequestStatus.AWAITING_CONFIRMATION):
        raise RightsError(_("Search tasks cannot be changed on this request."), code="closed")


def _check_same_organisation(request: RightsRequest, *objects: object) -> None:
    for obj in objects:
        if obj is not None and getattr(obj, "organisation_id", None) != request.organisation_id:
            raise RightsError(_("This belongs to another organisation."), code="other_organisation")


def _create(
    request: RightsRequest,
    *,
    actor: Actor | User,
    clock: Clock,
    label: str,
    activity: ProcessingActivity | None = None,
    system: InformationSystem | None = None,
    assigned_to: User | None = None,
) -> SearchTask:
    task = SearchTask.objects.create(
        organisation_id=request.organisation_id,
        request=request,
        label=label[:255],
        activity=activity,
        system=system,
        assigned_to=assigned_to,
    )
    timeline_add(
        request=request,
        kind=TimelineKind.TASK_ADDED,
        actor=actor,
        clock=clock,
        message=task.label,
        data={"task": task.pk},
    )
    audit_record(
        actor=actor,
        organisation=request.organisation,
        action="rights_search_task.add",
        obj=task,
        after=snapshot(task, TASK_AUDIT_FIELDS),
        clock=clock,
    )
    return task


def search_task_add(
    *,
    actor: Actor | User,
    request: RightsRequest,
    label: str = "",
    activity: ProcessingActivity | None = None,
    system: InformationSystem | None = None,
    assigned_to: User | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> SearchTask:
    """A place to search; the label defaults to the system's (or activity's) name."""
    _require_workable(request)
    _check_same_organisation(request, activity, system)
    if (
        assigned_to is not None
        and not Membership.objects.filter(
            organisation_id=request.organisation_id, user=assigned_to, revoked_at__isnull=True
        ).exists()
    ):
        raise RightsError.on("assigned_to", _("Choose a member of the organisation."))
    label = label.strip() or (system.name if system else "") or (activity.name if activity else "")
    if not label:
        raise RightsError.on("label", _("Say where to search."))
    with transaction.atomic():
        return _create(
            request,
            actor=actor,
            clock=clock,
            label=label,
            activity=activity,
            system=system,
            assigned_to=assigned_to,
        )


def search_tasks_suggest(
    *, actor: Actor | User, request: RightsRequest, clock: Clock = SYSTEM_CLOCK
) -> list[SearchTask]:
    """One task per system supporting a live (not archived) activity of the register, and one per live
    activity without a system; places already in the request's tasks are skipped. Returns the new ones."""
    _require_workable(request)
    activities = (
        ProcessingActivity.objects.for_organisation(request.organisation)
        .exclude(status=ActivityStatus.ARCHIVED)
        .prefetch_related("systems")
        .order_by("name", "pk")
    )
    existing = list(request.search_tasks.all())
    seen_systems = {t.system_id for t in existing if t.system_id}
    seen_activities = {t.activity_id for t in existing if t.activity_id}
    created: list[SearchTask] = []
    with transaction.atomic():
        for activity in activities:
            systems = list(activity.systems.all())
            for system in sorted(systems, key=lambda s: s.name):
                if system.pk in seen_systems:
                    continue
                seen_systems.add(system.pk)
                created.append(
                    _create(
                        request,
                        actor=actor,
                        clock=clock,
                        label=system.name,
                        system=system,
                        activity=activity,
                    )
                )
            if not systems and activity.pk not in seen_activities:
                seen_activities.add(activity.pk)
                created.append(
                    _create(
                        request, actor=actor, clock=clock, label=activity.name, activity=activity
                    )
                )
    return created


def search_task_complete(
    *,
    actor: Actor | User,
    task: SearchTask,
    status: str,
    result: str = "",
    clock: Clock = SYSTEM_CLOCK,
) -> SearchTask:
    """Record what the search found (data found, no data held, not applicable)."""
    if status not in _DONE_STATUSES:
        raise RightsError.on("status", _("Choose what the search found."))
    _require_workable(task.request)
    with transaction.atomic():
        before = snapshot(task, TASK_AUDIT_FIELDS)
        task.status = status
        task.result = result.strip()
        task.done_at = clock.now()
        task.done_by = actor.user if isinstance(actor, Actor) else actor
        task.save()
        timeline_add(
            request=task.request,
            kind=TimelineKind.TASK_DONE,
            actor=actor,
            clock=clock,
            message=task.label,
            data={"task": task.pk, "status": status},
        )
        audit_record(
            actor=actor,
            organisation=task.request.organisation,
            action="rights_search_task.complete",
            obj=task,
            before=before,
            after=snapshot(task, TASK_AUDIT_FIELDS),
            clock=clock,
        )
    return task
