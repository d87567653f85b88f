"""API of accounts: the caller (``me``), their organisations, and an organisation's members.

Thin: reads through selectors, writes through ``egide.accounts.services`` with ``actor=request.user``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egide.accounts import services
from egide.accounts.models import ApiToken, Membership, Organisation
from egide.accounts.roles import Perm
from egide.accounts.selectors import (
    memberships_active_list,
    organisation_members_list,
    organisations_visible_list,
)
from egide.accounts.serializers import (
    MemberCreateSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    MeSerializer,
    OrganisationSerializer,
)
from egide.core.api import OrganisationScopedViewSet, validated
from egide.core.clock import SYSTEM_CLOCK
from egide.core.policies import AUTHENTICATED


def _token_of(request: Request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


def _visible_memberships(request: Request) -> QuerySet[Membership]:
    """The caller's live memberships; a token sees only its own organisation."""
    memberships = memberships_active_list(user=request.user, now=SYSTEM_CLOCK.now())  # type: ignore[arg-type]
    token = _token_of(request)
    if token is not None:
        memberships = memberships.filter(organisation_id=token.organisation_id)
    return memberships


class MeView(APIView):
    """The signed-in user (or the token's owner), their live memberships and the token in use."""

    egide_policy = AUTHENTICATED

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        data = {
            "user": request.user,
            "memberships": list(_visible_memberships(request)),
            "token": _token_of(request),
        }
        return Response(MeSerializer(data).data)


class OrganisationListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The organisations the caller is a live member of (with a token: only the token's organisation)."""

    egide_policy = AUTHENTICATED
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        if getattr(self, "swagger_fake_view", False):
            return Organisation.objects.none()
        organisations = organisations_visible_list(user=self.request.user, now=SYSTEM_CLOCK.now())  # type: ignore[arg-type]
        token = _token_of(self.request)
        if token is not None:
            organisations = organisations.filter(pk=token.organisation_id)
        return organisations.select_related("group")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        token = _token_of(self.request)
        roles = {m.organisation_id: m.role for m in _visible_memberships(self.request)}
        if token is not None:
            roles = {org_id: token.role for org_id in roles}
        context["roles"] = roles
        return context


class OrganisationViewSet(OrganisationScopedViewSet):
    """One organisation's profile. Read-only here; the profile is edited on the organisation's pages."""

    read_permission = Perm.VIEW
    write_permission = None
    serializer_class = OrganisationSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[Organisation]:
        return Organisation.objects.filter(pk=organisation.pk)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        context = {**self.get_serializer_context(), "roles": {self.organisation.pk: self.role}}
        return Response(OrganisationSerializer(self.organisation, context=context).data)


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationScopedViewSet):
    """Members of the organisation: every member may list them; adding, changing and revoking
    access needs the manage-members permission (the DPO). Revoked members are not listed."""

    read_permission = Perm.VIEW
    write_permission = Perm.MANAGE_MEMBERS
    serializer_class = MemberSerializer
    lookup_value_converter = "int"

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[Membership]:
        return organisation_members_list(organisation=organisation)

    def _answer(self, membership: Membership, status_code: int = status.HTTP_200_OK) -> Response:
        # Read back through the selector: the answer shows what a GET would (mfa_enrolled included).
        fresh = self.get_queryset().get(pk=membership.pk)
        return Response(self.get_serializer(fresh).data, status=status_code)

    @extend_schema(request=MemberCreateSerializer, responses={201: MemberSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add someone by email. A person without an account gets one, and an email to choose a
        password. Auditors need an end of access (``expires_at``)."""
        data = validated(MemberCreateSerializer, request.data)
        membership, _invited = services.membership_add(
            actor=request.user,  # type: ignore[arg-type]
            organisation=self.organisation,
            email=data["email"],
            role=data["role"],
            expires_at=data["expires_at"],
            site_url=request.build_absolute_uri("/"),
        )
        return self._answer(membership, status.HTTP_201_CREATED)

    @extend_schema(request=MemberUpdateSerializer, responses=MemberSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the role or the end of access; the last DPO cannot be downgraded."""
        membership = self.get_object()
        data = validated(MemberUpdateSerializer, request.data)
        membership = services.membership_grant(
            actor=request.user,  # type: ignore[arg-type]
            organisation=self.organisation,
            user=membership.user,
            role=data.get("role", membership.role),
            expires_at=data.get("expires_at", membership.expires_at),
        )
        return self._answer(membership)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Revoke the access (and the member's API tokens here); the last DPO cannot be removed."""
        services.membership_revoke(actor=request.user, membership=self.get_object())  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)
