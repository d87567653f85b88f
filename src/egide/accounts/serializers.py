"""API shapes of users, organisations and members. Output only, or input validated before a service."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egide.accounts.models import ApiToken, Membership, Organisation, User
from egide.accounts.roles import Role


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]
        read_only_fields = fields


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation's profile, with the caller's effective role there (``context["roles"]``)."""

    group: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )
    role = serializers.SerializerMethodField(
        help_text=_("Your role here (your token's, with a token).")
    )

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "legal_name",
            "kind",
            "legal_status",
            "siren",
            "siret",
            "finess",
            "address_line",
            "postal_code",
            "city",
            "country",
            "staff_count",
            "patient_volume",
            "bed_count",
            "group",
            "is_group_support",
            "uses_alsace_moselle_calendar",
            "role",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices, allow_null=True))
    def get_role(self, organisation: Organisation) -> str | None:
        roles: dict[int, str] = self.context.get("roles", {})
        return roles.get(organisation.pk)


class MyMembershipSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    organisation_name = serializers.CharField(source="organisation.legal_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_name", "role", "expires_at"]
        read_only_fields = fields


class TokenSummarySerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = ApiToken
        fields = ["name", "prefix", "organisation", "role", "expires_at"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    """The caller: who they are, where they are a member, and the token they use (if any)."""

    user = UserSummarySerializer()
    memberships = MyMembershipSerializer(many=True)
    token = TokenSummarySerializer(allow_null=True)


class MemberSerializer(serializers.ModelSerializer):
    """A member, as read through ``organisation_members_list`` (which annotates ``mfa_enrolled``)."""

    user = UserSummarySerializer(read_only=True)
    mfa_enrolled = serializers.BooleanField(
        read_only=True, help_text=_("Whether the member confirmed a TOTP authenticator.")
    )

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "expires_at", "mfa_enrolled", "created_at"]
        read_only_fields = fields


class MemberCreateSerializer(serializers.Serializer):
    """Add someone by email: an existing user, or a new one (created without a password)."""

    email = serializers.EmailField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices)
    expires_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text=_("Required for auditors.")
    )

    def validate_email(self, value: str) -> str:
        return value.strip().lower()


class MemberUpdateSerializer(serializers.Serializer):
    """Change a member's role or end of access; fields left out keep their value."""

    role = serializers.ChoiceField(choices=Role.choices, required=False)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError(_("Give a role or an end of access to change."))
        return attrs
