"""What the register's forms share: widgets, member choices, and service errors shown on the form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from egide.accounts.models import Organisation, User
from egide.accounts.selectors import organisation_members_list
from egide.core.forms import (
    DATE_INPUT,
    SHORT_TEXT,
    MemberChoiceField,
    add_service_errors,
)


def members_queryset(organisation: Organisation) -> QuerySet[User]:
    """The people who may own an activity: the organisation's members (not revoked)."""
    members = organisation_members_list(organisation=organisation)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name", "email")


def choices_with_blank(blank: Any, choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", blank), *choices]


__all__ = [
    "DATE_INPUT",
    "MemberChoiceField",
    "SHORT_TEXT",
    "add_service_errors",
    "choices_with_blank",
    "members_queryset",
]
