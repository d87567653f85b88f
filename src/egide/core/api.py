"""API bases: organisation-scoped viewsets that cannot be bypassed."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, viewsets
from rest_framework.request import Request

from egide.accounts.roles import Perm, role_has, role_within
from egide.core.policies import SAFE_METHODS, Policy, organisation_policy


class OrganisationScopedViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Base of every organisation API endpoint (``/api/v1/o/<org>/...``).

    It resolves the organisation from the URL for the authenticated user (an API token only reaches its
    own organisation, with the token's role capped by the owner's live membership), checks the permission of
    the action, and filters every queryset by that organisation. Subclasses implement
    :meth:`get_organisation_queryset` and may not override ``get_queryset`` or ``initial``.
    """

    read_permission: ClassVar[Perm] = Perm.VIEW
    write_permission: ClassVar[Perm | None] = Perm.EDIT
    action_permissions: ClassVar[dict[str, Perm]] = {}

    _sealed = ("get_queryset", "initial", "get_object")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls._sealed:
            if name in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} overrides {name}(): organisation scoping lives in "
                    "OrganisationScopedViewSet; implement get_organisation_queryset() instead"
                )

    @classmethod
    def egide_policy_for(cls, action: str | None) -> Policy:
        perm = cls.action_permissions.get(action or "")
        if perm is not None:
            return organisation_policy(perm, perm)
        return organisation_policy(cls.read_permission, cls.write_permission)

    def get_organisation_queryset(self, organisation: Any) -> QuerySet[Any]:
        raise TypeError(f"{type(self).__name__} must implement get_organisation_queryset()")

    def _required_perm(self, request: Request) -> Perm | None:
        policy = self.egide_policy_for(getattr(self, "action", None))
        return policy.read if request.method in SAFE_METHODS else policy.write

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:  # noqa: D102
        super().initial(request, *args, **kwargs)
        from egide.accounts.models import ApiToken
        from egide.core.views import attach_organisation

        try:
            attach_organisation(request._request, self.kwargs["org"])
        except Http404 as exc:
            raise exceptions.NotFound() from exc
        membership = request._request.membership  # type: ignore[attr-defined]
        role = membership.role
        token = request.auth
        if isinstance(token, ApiToken):
            if token.organisation_id != membership.organisation_id:
                raise exceptions.NotFound()
            if not role_within(token.role, membership.role):
                raise exceptions.PermissionDenied("This token's role exceeds its owner's current role.")
            role = token.role
        perm = self._required_perm(request)
        if perm is None or not role_has(role, perm):
            raise exceptions.PermissionDenied()
        self.organisation = membership.organisation
        self.membership = membership
        self.role = role

    def get_queryset(self) -> QuerySet[Any]:
        return self.get_organisation_queryset(self.organisation)
