"""Open items of the accounts area, counted for the portfolio (see egide.core.portfolio)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from egide.accounts.models import Membership
from egide.accounts.roles import MFA_REQUIRED_ROLES, Role
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.core.portfolio import register_open_items

AUDITOR_ACCESS_WARNING = timedelta(days=14)


def _per_organisation(memberships: QuerySet[Membership]) -> dict[int, int]:
    rows = memberships.values("organisation_id").annotate(n=Count("pk")).order_by()
    return {row["organisation_id"]: row["n"] for row in rows}


def auditor_accesses_ending_count(
    organisation_ids: Sequence[int], *, clock: Clock = SYSTEM_CLOCK
) -> dict[int, int]:
    """Auditors whose access ends within 14 days, to extend or let lapse knowingly."""
    now = clock.now()
    return _per_organisation(
        Membership.objects.filter(
            organisation_id__in=organisation_ids,
            role=Role.AUDITOR,
            revoked_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + AUDITOR_ACCESS_WARNING,
        )
    )


def members_without_mfa_count(
    organisation_ids: Sequence[int], *, clock: Clock = SYSTEM_CLOCK
) -> dict[int, int]:
    """Live members whose role requires two-factor authentication and who have not enrolled yet."""
    now = clock.now()
    return _per_organisation(
        Membership.objects.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            Q(user__totp_device__isnull=True) | Q(user__totp_device__confirmed_at__isnull=True),
            organisation_id__in=organisation_ids,
            role__in=MFA_REQUIRED_ROLES,
            revoked_at__isnull=True,
        )
    )


register_open_items(
    "auditor_access_ending",
    _("Auditor accesses ending within 14 days"),
    auditor_accesses_ending_count,
    url_name="accounts:members",
)
register_open_items(
    "members_without_mfa",
    _("Members without two-factor authentication"),
    members_without_mfa_count,
    url_name="accounts:members",
)
