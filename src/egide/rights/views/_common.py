"""What the rights pages share: the request's organisation and member, the clock, the request of the
URL, and who may work on it (the DPO team on every request, contributors on those assigned to them)."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from egide.accounts.models import Organisation, User
from egide.accounts.roles import Perm, role_has
from egide.core.clock import PARIS, SYSTEM_CLOCK, Clock
from egide.rights.choices import RequestStatus
from egide.rights.models import RightsRequest
from egide.rights.permissions import may_handle_identity_documents
from egide.rights.selectors import rights_request_get

# The pages' clock: tests replace it with a FrozenClock (``monkeypatch.setattr(_common, "CLOCK", ...)``).
CLOCK: Clock = SYSTEM_CLOCK

# Amber when the deadline is this close (days left).
SOON_DAYS = 7

STATUS_BADGE: dict[str, str] = {
    RequestStatus.AWAITING_CONFIRMATION: "",
    RequestStatus.RECEIVED: "warn",
    RequestStatus.VERIFYING_IDENTITY: "warn",
    RequestStatus.IN_PROGRESS: "",
    RequestStatus.EXTENDED: "warn",
    RequestStatus.ANSWERED: "ok",
    RequestStatus.PARTIALLY_REFUSED: "ok",
    RequestStatus.REFUSED: "ok",
    RequestStatus.WITHDRAWN: "",
    RequestStatus.CLOSED: "",
}


def clock() -> Clock:
    return CLOCK


def today() -> date:
    """Today in Europe/Paris: deadlines are calendar days in France."""
    return CLOCK.now().astimezone(PARIS).date()


def organisation_of(request: HttpRequest) -> Organisation:
    return cast(Organisation, request.organisation)  # type: ignore[attr-defined]


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def role_of(request: HttpRequest) -> str:
    return str(request.membership.role)  # type: ignore[attr-defined]


def can(request: HttpRequest, perm: Perm) -> bool:
    return role_has(role_of(request), perm)


def sees_identity_documents(request: HttpRequest) -> bool:
    return may_handle_identity_documents(role_of(request))


def may_work(request: HttpRequest, rights_request: RightsRequest) -> bool:
    """The DPO team works on every request; contributors only on those assigned to them."""
    if can(request, Perm.EDIT_ALL):
        return True
    return can(request, Perm.EDIT) and rights_request.assigned_to_id == request.user.pk


def request_or_404(request: HttpRequest, request_id: int) -> RightsRequest:
    """The request of the URL, in the member's organisation only (404 otherwise)."""
    return rights_request_get(organisation=organisation_of(request), pk=request_id)


def workable_request_or_404(request: HttpRequest, request_id: int) -> RightsRequest:
    """The request of the URL, when the member may work on it (403 otherwise)."""
    rights_request = request_or_404(request, request_id)
    if not may_work(request, rights_request):
        raise PermissionDenied
    return rights_request


def deadline_badge(due: date | None, *, today: date, running: bool) -> str:
    """Red once the deadline passed, amber within a week, while the clock runs."""
    if due is None or not running:
        return ""
    left = (due - today).days
    if left < 0:
        return "danger"
    if left <= SOON_DAYS:
        return "warn"
    return ""
