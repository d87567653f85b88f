"""API shapes of the platform: the one error body, the audit trail and the API root."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egide.core.models import AuditEvent


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Machine-readable reason, e.g. invalid, not_found."))
    message = serializers.CharField(
        help_text=_("Human-readable explanation, in the request's language.")
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # "fields" is also the name of Serializer.fields: it cannot be declared as an attribute.
        fields = super().get_fields()
        fields["fields"] = serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            help_text=_(
                "For invalid input: each invalid field with its messages (empty otherwise)."
            ),
        )
        return fields


class ErrorResponseSerializer(serializers.Serializer):
    """Every 4xx answer of the API: ``{"error": {"code", "message", "fields"}}``."""

    error = ErrorDetailSerializer()


class AuditEventSerializer(serializers.ModelSerializer):
    before = serializers.JSONField(read_only=True, help_text=_("Values before the change."))
    after = serializers.JSONField(read_only=True, help_text=_("Values after the change."))

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "sequence",
            "occurred_at",
            "actor",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
            "source",
            "ip_address",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields


class AuditEventFilterSerializer(serializers.Serializer):
    """Query parameters of the audit events list; all optional, combined with AND."""

    action = serializers.CharField(
        required=False, max_length=100, help_text=_("Exact action, e.g. membership.grant.")
    )
    object_type = serializers.CharField(
        required=False, max_length=100, help_text=_("Exact object type, e.g. accounts.membership.")
    )
    actor = serializers.CharField(
        required=False, max_length=255, help_text=_("Exact actor label (an email address).")
    )
    since = serializers.DateTimeField(
        required=False, help_text=_("Events at or after this instant (ISO 8601).")
    )
    until = serializers.DateTimeField(
        required=False, help_text=_("Events strictly before this instant (ISO 8601).")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and until <= since:
            raise serializers.ValidationError({"until": _("Must be later than since.")})
        return attrs


class ApiEndpointSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField(help_text=_("Path; {org} and {id} are placeholders."))


class ApiRootSerializer(serializers.Serializer):
    version = serializers.CharField()
    endpoints = ApiEndpointSerializer(many=True)
    schema = serializers.CharField()
    docs = serializers.CharField()
