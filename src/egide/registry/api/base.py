"""What every endpoint of the register's API shares: the organisation in the serializers' context,
input validation (400 with the fields), and the rule that contributors change only what they own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from egide.accounts.roles import Perm, role_has
from egide.core.api import OrganisationScopedViewSet
from egide.registry.models import ProcessingActivity


class RegistryViewSet(OrganisationScopedViewSet):
    """An organisation endpoint of the register. Detail routes take an integer id."""

    lookup_value_converter = "int"

    @property
    def edits_all(self) -> bool:
        return role_has(self.role, Perm.EDIT_ALL)

    def require_may_change(self, activity: ProcessingActivity) -> None:
        """Contributors change only the activities they own (403, nothing written); the DPO and
        assistants change all."""
        if not self.edits_all and activity.owner_id != self.user.pk:
            raise exceptions.PermissionDenied(_("You may change only the activities you own."))

    def owner_rule(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        """Contributors own what they create and cannot hand an activity to someone else."""
        if self.edits_all:
            return fields
        if creating and fields.get("owner") is None:
            fields["owner"] = self.user
        if "owner" in fields and fields["owner"] != self.user:
            raise serializers.ValidationError(
                {"owner": [_("You may only name yourself as the owner.")]}
            )
        return fields
