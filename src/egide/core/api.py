"""API bases: organisation-scoped viewsets that cannot be bypassed, and the schema conventions.

Every organisation endpoint (``/api/v1/o/<org>/...``) subclasses :class:`OrganisationScopedViewSet`.
Endpoints outside any organisation (``/api/v1/me/``) declare ``egide_policy = AUTHENTICATED``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, viewsets
from rest_framework.request import Request

from egide.accounts.roles import Perm, role_has, role_within
from egide.core.policies import SAFE_METHODS, Policy, organisation_policy

if TYPE_CHECKING:
    from egide.accounts.models import User


class OrganisationScopedViewSet(viewsets.GenericViewSet):
    """Base of every organisation API endpoint (``/api/v1/o/<org>/...``).

    It resolves the organisation from the URL for the authenticated user (an API token only reaches its
    own organisation, with the token's role capped by the owner's live membership), checks the permission of
    the action, and filters every queryset by that organisation. Subclasses implement
    :meth:`get_organisation_queryset` and may not override ``get_queryset``, ``initial`` or ``get_object``.
    After ``initial`` the view has ``organisation``, ``membership`` and ``role`` (the effective role: the
    token's when a token is used).
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
                raise exceptions.PermissionDenied(
                    _("This token's role exceeds its owner's current role.")
                )
            role = token.role
        perm = self._required_perm(request)
        if perm is None or not role_has(role, perm):
            raise exceptions.PermissionDenied()
        self.organisation = membership.organisation
        self.membership = membership
        self.role = role

    def get_serializer_context(self) -> dict[str, Any]:
        """Serializers get the organisation of the URL (to scope the ids they accept)."""
        context = super().get_serializer_context()
        context["organisation"] = getattr(self, "organisation", None)
        return context

    @property
    def user(self) -> User:
        """The signed-in user (or the API token's owner)."""
        user: User = self.request.user  # type: ignore[assignment]
        return user

    def validated_input(
        self, serializer_class: type[serializers.Serializer], data: Any, *, partial: bool = False
    ) -> dict[str, Any]:
        """``data`` validated by ``serializer_class`` (with this view's context); invalid input answers
        400 with the fields."""
        serializer = serializer_class(
            data=data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            # Schema generation only: no request, no organisation; the model is all it reads.
            model = self.get_serializer_class().Meta.model  # type: ignore[attr-defined]
            return model._default_manager.none()
        return self.get_organisation_queryset(self.organisation)


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """Validate request input with ``serializer_class``; invalid input answers 400 with the fields."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- OpenAPI conventions -------------------------------------------------------------------------

ERROR_RESPONSES = {
    "400": _("The request is not valid; error.fields lists each invalid field."),
    "401": _("No valid credentials: sign in, or send Authorization: Token <key>."),
    "403": _("Your role, or your token's, does not allow this."),
    "404": _(
        "Not found, or not visible to you: organisations you are not a member of look the same."
    ),
}

_VERSION_PREFIX = re.compile(r"^/api/v\d+/")


class ApiSchema(AutoSchema):
    """drf-spectacular's schema with Egide's conventions: every operation documents the error body for
    400, 401, 403 and 404, and is tagged by the resource it serves (``members``, ``audit-events``)."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        from egide.core.serializers import ErrorResponseSerializer

        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, description in ERROR_RESPONSES.items():
            if code not in responses:
                response = OpenApiResponse(ErrorResponseSerializer, description=str(description))
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses

    def _resource_segments(self) -> list[str]:
        """``/api/v1/o/{org}/members/{id}/`` -> ``["members"]``; the organisation itself -> ``[]``."""
        path = _VERSION_PREFIX.sub("", self.path)
        segments = [s for s in path.split("/") if s and not s.startswith("{")]
        return segments[1:] if segments[:1] == ["o"] else segments

    def get_tags(self) -> list[str]:
        segments = self._resource_segments()
        if not segments:
            return ["organisations" if "{org}" in self.path else "api"]
        return [segments[0]]

    def get_operation_id(self) -> str:
        """``members_list``, ``members_partial_update``, ``audit_events_retrieve``, ``organisation_retrieve``."""
        if self.method == "GET" and self._is_list_view():
            action = "list"
        else:
            action = self.method_mapping[self.method.lower()]
        segments = self._resource_segments()
        if not segments:
            segments = ["organisation" if "{org}" in self.path else "api"]
        return "_".join([*(s.replace("-", "_") for s in segments), action])


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Token <key>`` (egide.accounts.api_auth) in the schema."""

    target_class = "egide.accounts.api_auth.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(_("A personal API token, sent as: Token <key>.")),
        }
