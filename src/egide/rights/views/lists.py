"""The register of requests (filters, search, pages) and the organisation's dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.http import HttpRequest, HttpResponse

from egide.accounts.roles import Perm
from egide.core.htmx import render_page_or_partial
from egide.core.views import org_view
from egide.rights.choices import OPEN_STATUSES
from egide.rights.deadlines import days_left
from egide.rights.forms import RequestFilterForm
from egide.rights.forms.filters import OPEN
from egide.rights.models import RightsRequest
from egide.rights.selectors import paused_q, rights_requests_for
from egide.rights.stats import rights_dashboard
from egide.rights.views import _common
from egide.rights.views._common import (
    STATUS_BADGE,
    can,
    deadline_badge,
    organisation_of,
    user_of,
)

PAGE_SIZE = 25


@dataclass(frozen=True)
class RequestRow:
    request: RightsRequest
    today: date

    @property
    def running(self) -> bool:
        """The clock runs: an open request not waiting for a proof."""
        return self.request.status in OPEN_STATUSES and not getattr(self.request, "paused", False)

    @property
    def paused(self) -> bool:
        return self.request.status in OPEN_STATUSES and bool(getattr(self.request, "paused", False))

    @property
    def days_left(self) -> int | None:
        due = self.request.governing_due_on
        if due is None or not self.running:
            return None
        return days_left(due, today=self.today)

    @property
    def overdue_days(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0

    @property
    def deadline_badge(self) -> str:
        return deadline_badge(self.request.governing_due_on, today=self.today, running=self.running)

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.request.status, "")


def filtered_requests(request: HttpRequest, form: RequestFilterForm) -> QuerySet[RightsRequest]:
    """The organisation's requests as the (valid) filters narrow them, with ``paused`` annotated."""
    organisation = organisation_of(request)
    filters = form.filters()
    status = filters.get("status")
    requests = rights_requests_for(
        organisation=organisation,
        status=None if status == OPEN else status,
        right=filters.get("right"),
        assigned_to=user_of(request) if filters.get("mine") else None,
        overdue=filters.get("overdue"),
        q=filters.get("q", ""),
        today=_common.today(),
    )
    if status == OPEN:
        requests = requests.filter(status__in=OPEN_STATUSES)
    return requests.annotate(paused=ExpressionWrapper(paused_q(), output_field=BooleanField()))


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


@org_view(Perm.VIEW)
def request_list_view(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = RequestFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    requests = filtered_requests(request, form)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    today = _common.today()
    context = {
        "organisation": organisation,
        "form": form,
        "page": page,
        "rows": [RequestRow(r, today) for r in page.object_list],
        "can_create": can(request, Perm.EDIT),
        "can_manage": can(request, Perm.MANAGE_ORGANISATION),
        "export_query": _without_page(request),
    }
    response = render_page_or_partial(
        request, "rights/request_list.html", context, partial="request-table"
    )
    htmx = getattr(request, "htmx", None)
    if not valid and not (htmx and not htmx.boosted):
        response.status_code = 400
    return response


@org_view(Perm.VIEW)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Open requests by deadline, time to answer and requests answered late (GDPR Art. 12(3))."""
    organisation = organisation_of(request)
    context: dict[str, Any] = {
        "organisation": organisation,
        "dashboard": rights_dashboard(organisation=organisation, today=_common.today()),
    }
    return render_page_or_partial(request, "rights/dashboard.html", context, partial="dashboard")
