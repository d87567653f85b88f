"""What the rights forms share: widgets, member choices, and service errors shown on the form."""

from __future__ import annotations

from django.db.models import QuerySet

from egide.accounts.models import Organisation, User
from egide.accounts.roles import ROLE_PERMISSIONS, Perm, role_has
from egide.accounts.selectors import organisation_members_list
from egide.core.forms import (
    DATE_INPUT,
    SHORT_TEXT,
    MemberChoiceField,
    add_service_errors,
)


def members_with(organisation: Organisation, perm: Perm) -> QuerySet[User]:
    """The organisation's members (not revoked) whose role holds ``perm``."""
    roles = [role for role in ROLE_PERMISSIONS if role_has(role, perm)]
    members = organisation_members_list(organisation=organisation).filter(role__in=roles)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name", "email")


__all__ = [
    "DATE_INPUT",
    "MemberChoiceField",
    "SHORT_TEXT",
    "add_service_errors",
    "members_with",
]
