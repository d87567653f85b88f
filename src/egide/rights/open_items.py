"""Open items of rights requests, counted for the portfolio (see egide.core.portfolio): one query each for
every organisation of the portfolio."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.portfolio import register_open_items
from egide.rights.choices import OPEN_STATUSES
from egide.rights.models import RightsRequest
from egide.rights.reminders import paris_today
from egide.rights.selectors import overdue_q


def _counts(organisation_ids: Sequence[int], condition: Q) -> dict[int, int]:
    rows = (
        RightsRequest.objects.all_organisations_unscoped()  # the portfolio's organisations only
        .filter(condition, organisation_id__in=list(organisation_ids))
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["organisation_id"]: row["n"] for row in rows}


def rights_requests_open_count(organisation_ids: Sequence[int]) -> dict[int, int]:
    """Requests received and not answered yet (paused ones included)."""
    return _counts(organisation_ids, Q(status__in=OPEN_STATUSES))


def rights_requests_overdue_count(
    organisation_ids: Sequence[int], *, clock: Clock = SYSTEM_CLOCK
) -> dict[int, int]:
    """Open requests whose governing deadline has passed (Europe/Paris date), the paused ones left out:
    their clock stands still (GDPR Art. 12(6))."""
    today = paris_today(clock)
    return _counts(organisation_ids, overdue_q(today))


register_open_items(
    "rights_requests_open",
    _("Rights requests open"),
    rights_requests_open_count,
    url_name="rights:list",
)
register_open_items(
    "rights_requests_overdue",
    _("Rights requests overdue"),
    rights_requests_overdue_count,
    url_name="rights:list",
)
