"""API shapes of rights requests: the list row, the full record with its deadlines, the list's filters and
the inputs of recording and changing a request (validated here, written by ``egide.rights.services``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egide.accounts.serializers import UserSummarySerializer
from egide.registry.serializers.fields import MAX_ID
from egide.rights.choices import Channel, RefusalGround, RequesterCapacity, RequestStatus, Right
from egide.rights.models import RightsRequest

# What the hospital's patient portal (channel ``api``) and staff (paper, phone...) may record.
RECORDABLE_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.PORTAL]
LANGUAGES = [("fr", "Français"), ("en", "English")]
ORDERINGS = ["deadline", "-deadline", "received", "-received"]


class RightsRequestSerializer(serializers.ModelSerializer):
    """One row of the list: enough to find a request and see how urgent it is."""

    assigned_to = UserSummarySerializer(read_only=True, allow_null=True)
    requester_name = serializers.CharField(read_only=True)

    class Meta:
        model = RightsRequest
        fields = [
            "id",
            "reference",
            "right",
            "includes_medical_record",
            "channel",
            "status",
            "identity_status",
            "requester_name",
            "received_on",
            "governing_due_on",
            "overdue_since",
            "assigned_to",
            "submitted_at",
        ]
        read_only_fields = fields


class DeadlinesSerializer(serializers.Serializer):
    """The request's deadlines (GDPR Art. 12(3); medical record CSP L.1111-7): the earlier governs."""

    due_on = serializers.DateField(allow_null=True, help_text=_("GDPR: one month from receipt."))
    extended_due_on = serializers.DateField(
        allow_null=True, help_text=_("GDPR: three months from receipt (extension).")
    )
    medical_record_not_before = serializers.DateField(allow_null=True)
    medical_record_due_on = serializers.DateField(allow_null=True)
    governing_due_on = serializers.DateField(allow_null=True)
    extended = serializers.SerializerMethodField(help_text=_("Whether the deadline was extended."))
    overdue_since = serializers.DateField(allow_null=True)

    def get_extended(self, request: RightsRequest) -> bool:
        return request.extended_at is not None


class LinksSerializer(serializers.Serializer):
    timeline = serializers.CharField()
    tasks = serializers.CharField()
    documents = serializers.CharField()
    identity_documents = serializers.CharField()


class RightsRequestDetailSerializer(serializers.ModelSerializer):
    """Everything about a request: who, what, where it stands, its deadlines and where to go next."""

    assigned_to = UserSummarySerializer(read_only=True, allow_null=True)
    refusal_ground = serializers.ChoiceField(
        choices=RefusalGround.choices, allow_blank=True, read_only=True
    )
    # Blank for a request received on paper or by phone (an email address otherwise).
    requester_email = serializers.CharField(read_only=True)
    deadlines = DeadlinesSerializer(source="*", read_only=True)
    links = serializers.SerializerMethodField()

    class Meta:
        model = RightsRequest
        fields = [
            "id",
            "reference",
            "right",
            "includes_medical_record",
            "medical_record_older_than_5_years",
            "description",
            "language",
            "requester_capacity",
            "requester_first_name",
            "requester_last_name",
            "requester_email",
            "requester_phone",
            "requester_address",
            "patient_first_name",
            "patient_last_name",
            "patient_birth_name",
            "patient_birth_date",
            "patient_deceased",
            "electronic_answer",
            "channel",
            "submitted_at",
            "email_confirmed_at",
            "received_on",
            "status",
            "identity_status",
            "identity_confirmed_at",
            "assigned_to",
            "duplicate_of",
            "deadlines",
            "extension_reason",
            "outcome",
            "refusal_ground",
            "refusal_reason",
            "answered_at",
            "answered_late",
            "closed_at",
            "links",
        ]
        read_only_fields = fields

    @extend_schema_field(LinksSerializer)
    def get_links(self, request: RightsRequest) -> dict[str, str]:
        organisation = self.context["organisation"]
        base = f"/api/v1/o/{organisation.slug}/rights/requests/{request.pk}/"
        return {
            "timeline": f"{base}timeline/",
            "tasks": f"{base}tasks/",
            "documents": f"{base}documents/",
            "identity_documents": f"{base}identity-documents/",
        }


class RequestFilterSerializer(serializers.Serializer):
    """Query parameters of the list; all optional, combined with AND."""

    status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    right = serializers.ChoiceField(choices=Right.choices, required=False)
    overdue = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Only overdue (or not) requests."),
    )
    assigned_to = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("A member's user id.")
    )
    received_after = serializers.DateField(
        required=False, help_text=_("Received on or after this date.")
    )
    received_before = serializers.DateField(
        required=False, help_text=_("Received on or before this date.")
    )
    search = serializers.CharField(
        required=False, max_length=200, help_text=_("Reference or requester's name or email.")
    )
    ordering = serializers.ChoiceField(
        choices=ORDERINGS,
        required=False,
        help_text=_("deadline (most urgent first, the default), received, or reversed with -."),
    )


class IntakeFields(serializers.Serializer):
    """The fields of a request as the requester states them (``services.RequestIntake``)."""

    right = serializers.ChoiceField(choices=Right.choices)
    requester_first_name = serializers.CharField(max_length=120)
    requester_last_name = serializers.CharField(max_length=120)
    requester_email = serializers.EmailField(required=False, allow_blank=True, max_length=254)
    requester_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    requester_address = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    requester_capacity = serializers.ChoiceField(
        choices=RequesterCapacity.choices, required=False, default=RequesterCapacity.SELF
    )
    includes_medical_record = serializers.BooleanField(required=False, default=False)
    medical_record_older_than_5_years = serializers.BooleanField(required=False, default=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    patient_first_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    patient_last_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    patient_birth_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    patient_birth_date = serializers.DateField(required=False, allow_null=True)
    patient_deceased = serializers.BooleanField(required=False, default=False)
    electronic_answer = serializers.BooleanField(required=False, default=True)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False, default="fr")


class RequestCreateSerializer(IntakeFields):
    """Record a request: staff with the real receipt date, or ``channel=api`` from a patient portal
    (received today, identity not checked yet; retries deduplicated by the ``Idempotency-Key`` header)."""

    channel = serializers.ChoiceField(choices=RECORDABLE_CHANNELS)
    received_on = serializers.DateField(
        required=False,
        help_text=_("The real date of receipt (required except for channel api, received today)."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["channel"] != Channel.API and attrs.get("received_on") is None:
            raise serializers.ValidationError(
                {"received_on": [_("Give the date the request was received.")]}
            )
        if attrs.get("medical_record_older_than_5_years") and not attrs.get(
            "includes_medical_record"
        ):
            raise serializers.ValidationError(
                {
                    "medical_record_older_than_5_years": [
                        _("Only a request for the medical record can be about old information.")
                    ]
                }
            )
        return attrs
