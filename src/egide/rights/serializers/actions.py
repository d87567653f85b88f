"""Inputs of the workflow's steps (``POST requests/{id}/<step>/``) and the shapes they answer with."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egide.registry.serializers.fields import MemberIdField
from egide.rights.choices import RefusalGround, TimelineKind
from egide.rights.models import TimelineEntry

REASON_MAX = 5000


class AssignSerializer(serializers.Serializer):
    assignee = MemberIdField(
        allow_null=True,
        help_text=_("The user id of a member who may handle requests (edit), or null to unassign."),
    )


class NoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=REASON_MAX, help_text=_("An internal note."))


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX, help_text=_("Told to the requester in the letter.")
    )


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=REASON_MAX, required=False, allow_blank=True, default=""
    )


class AnswerSerializer(serializers.Serializer):
    outcome = serializers.CharField(
        max_length=REASON_MAX, help_text=_("What was done, quoted in the answer letter.")
    )
    send = serializers.BooleanField(
        required=False, default=True, help_text=_("Email the letter to the requester.")
    )


class RefuseSerializer(serializers.Serializer):
    ground = serializers.ChoiceField(choices=RefusalGround.choices)
    reason = serializers.CharField(
        max_length=REASON_MAX,
        help_text=_(
            "The reasons, told to the requester (at least 20 characters for a manifestly "
            "unfounded or excessive request, GDPR Art. 12(5))."
        ),
    )
    partial = serializers.BooleanField(  # type: ignore[assignment]
        required=False, default=False, help_text=_("Refuse part of the request only.")
    )
    send = serializers.BooleanField(required=False, default=True)


class TimelineEntrySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=TimelineKind.choices, read_only=True)

    class Meta:
        model = TimelineEntry
        fields = ["id", "at", "kind", "actor", "actor_label", "message", "visible_to_requester"]
        read_only_fields = fields


class StatusLinkSerializer(serializers.Serializer):
    """A signed link to the request's status page, to hand to the requester."""

    url = serializers.CharField(help_text=_("Absolute URL of the status page."))
    token = serializers.CharField(help_text=_("The signed token in the URL."))
