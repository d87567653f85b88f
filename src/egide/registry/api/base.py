"""What every endpoint of the register's API shares: the organisation in the serializers' context,
input validation (400 with the fields), and the rule that contributors change only what they own."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers

from egide.accounts.models import User
from egide.accounts.roles import Perm, role_has
from egide.core.api import OrganisationScopedViewSet
from egide.registry.models import ProcessingActivity


class RegistryViewSet(OrganisationScopedViewSet):
    """An organisation endpoint of the register. Detail routes take an integer id."""

    lookup_value_converter = "int"

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["organisation"] = getattr(self, "organisation", None)
        return context

    @property
    def user(self) -> User:
        user: User = self.request.user  # type: ignore[assignment]
        return user

    def validated_input(
        self, serializer_class: type[serializers.Serializer], data: Any, *, partial: bool = False
    ) -> dict[str, Any]:
        """``data`` validated by ``serializer_class``; invalid input answers 400 with the fields."""
        serializer = serializer_class(
            data=data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

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
