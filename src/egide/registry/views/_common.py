"""What the register's views share: the request's organisation, member and permissions, the activity of
the URL, and who may change it."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from egide.accounts.models import Organisation, User
from egide.accounts.roles import Perm, role_has
from egide.registry.choices import ActivityStatus
from egide.registry.models import ProcessingActivity
from egide.registry.selectors import processing_activity_detail

# CSS classes of the badges (egide.css): severities of findings, statuses of activities.
SEVERITY_BADGE: dict[str, str] = {
    "critical": "danger",
    "high": "danger",
    "medium": "warn",
    "low": "",
    "info": "",
}
STATUS_BADGE: dict[str, str] = {
    ActivityStatus.DRAFT: "",
    ActivityStatus.IN_REVIEW: "warn",
    ActivityStatus.VALIDATED: "ok",
    ActivityStatus.ARCHIVED: "",
}


def organisation_of(request: HttpRequest) -> Organisation:
    return cast(Organisation, request.organisation)  # type: ignore[attr-defined]


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def can(request: HttpRequest, perm: Perm) -> bool:
    return role_has(request.membership.role, perm)  # type: ignore[attr-defined]


def may_edit(request: HttpRequest, activity: ProcessingActivity) -> bool:
    """The DPO and assistants change any activity; contributors only those they own."""
    if can(request, Perm.EDIT_ALL):
        return True
    return can(request, Perm.EDIT) and activity.owner_id == request.user.pk


def activity_or_404(request: HttpRequest, activity_id: int) -> ProcessingActivity:
    """The activity of the URL with everything it records, in the request's organisation only."""
    try:
        return processing_activity_detail(organisation=organisation_of(request), pk=activity_id)
    except ProcessingActivity.DoesNotExist:
        raise Http404("No such processing activity") from None


def editable_activity_or_404(request: HttpRequest, activity_id: int) -> ProcessingActivity:
    """The activity of the URL, when the member may change it (403 otherwise)."""
    activity = activity_or_404(request, activity_id)
    if not may_edit(request, activity):
        raise PermissionDenied
    return activity


def is_htmx(request: HttpRequest) -> bool:
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted
