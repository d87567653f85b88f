"""Rights requests across the portfolio: one row per organisation the user can see (open requests by
deadline, median time to answer and late answers over the last 365 days)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from egide.accounts.roles import Perm, role_has
from egide.accounts.selectors import memberships_active_list
from egide.core.views import user_view
from egide.rights.stats import rights_portfolio_rows
from egide.rights.views import _common


@user_view
def portfolio_view(request: HttpRequest) -> HttpResponse:
    memberships = [
        membership
        for membership in memberships_active_list(
            user=_common.user_of(request), now=_common.clock().now()
        ).select_related("organisation")
        if role_has(membership.role, Perm.VIEW)
    ]
    rows = rights_portfolio_rows(
        organisations=[m.organisation for m in memberships], today=_common.today()
    )
    totals = {
        key: sum(getattr(row, key) for row in rows)
        for key in ("open", "overdue", "due_soon", "paused", "answered", "answered_late")
    }
    return render(request, "rights/portfolio.html", {"rows": rows, "totals": totals})
