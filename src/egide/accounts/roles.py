"""Roles and what each may do. The one table every page, API endpoint and test reads.

A user holds one role per organisation (through a membership); an API token carries a role no higher
than its owner's. ``docs/roles.md`` shows the same table for people.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DPO = "dpo", _("DPO")
    DPO_ASSISTANT = "dpo_assistant", _("DPO assistant")
    MANAGER = "manager", _("Manager (controller's representative)")
    CONTRIBUTOR = "contributor", _("Contributor")
    AUDITOR = "auditor", _("Auditor (read-only, time-boxed)")


class Perm(StrEnum):
    """Capabilities checked by views, API endpoints and services."""

    VIEW = "view"  # read the organisation's records
    EDIT = "edit"  # create and change records (contributors: only items assigned to them)
    EDIT_ALL = "edit_all"  # change any record, whoever it is assigned to
    VALIDATE = "validate"  # validate on behalf of the controller
    MANAGE_MEMBERS = "manage_members"  # invite, change roles, revoke access
    MANAGE_ORGANISATION = "manage_organisation"  # edit the organisation profile
    VIEW_AUDIT = "view_audit"  # read and export the audit trail


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.DPO: frozenset(Perm),
    Role.DPO_ASSISTANT: frozenset(
        {Perm.VIEW, Perm.EDIT, Perm.EDIT_ALL, Perm.MANAGE_ORGANISATION, Perm.VIEW_AUDIT}
    ),
    Role.MANAGER: frozenset({Perm.VIEW, Perm.VALIDATE, Perm.VIEW_AUDIT}),
    Role.CONTRIBUTOR: frozenset({Perm.VIEW, Perm.EDIT}),
    Role.AUDITOR: frozenset({Perm.VIEW, Perm.VIEW_AUDIT}),
}

# Roles whose holders must enrol a TOTP device before reaching any organisation page.
MFA_REQUIRED_ROLES = frozenset({Role.DPO, Role.DPO_ASSISTANT, Role.MANAGER})

# Ordering used to cap an API token's role at its owner's.
ROLE_RANK = {
    Role.AUDITOR: 1,
    Role.CONTRIBUTOR: 2,
    Role.MANAGER: 3,
    Role.DPO_ASSISTANT: 4,
    Role.DPO: 5,
}


def role_has(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMISSIONS.get(role, frozenset())


def role_within(role: str, ceiling: str) -> bool:
    """Whether every permission of ``role`` is also held by ``ceiling``."""
    return ROLE_PERMISSIONS[role] <= ROLE_PERMISSIONS[ceiling]
