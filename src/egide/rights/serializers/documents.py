"""API shapes of a request's files and work: letters issued, identity proofs, search tasks, and the
deadline calculator."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egide.accounts.serializers import UserSummarySerializer
from egide.registry.models import InformationSystem, ProcessingActivity
from egide.registry.serializers.fields import MemberIdField, ScopedIdField
from egide.rights.choices import DocumentKind, LetterKind, SearchTaskStatus
from egide.rights.models import IdentityDocument, IssuedDocument, SearchTask


class IssuedDocumentSerializer(serializers.ModelSerializer):
    letter_kind = serializers.ChoiceField(
        choices=LetterKind.choices, allow_blank=True, read_only=True
    )
    content_url = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = [
            "id",
            "letter_kind",
            "title",
            "language",
            "filename",
            "content_type",
            "size",
            "sha256",
            "created_at",
            "emailed_at",
            "on_status_page",
            "content_url",
        ]
        read_only_fields = fields

    def get_content_url(self, document: IssuedDocument) -> str:
        slug = self.context["organisation"].slug
        return f"/api/v1/o/{slug}/rights/documents/{document.pk}/content/"


class IdentityDocumentSerializer(serializers.ModelSerializer):
    deleted = serializers.SerializerMethodField()
    content_url = serializers.SerializerMethodField()

    class Meta:
        model = IdentityDocument
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "delete_after",
            "deleted_at",
            "deleted",
            "content_url",
        ]
        read_only_fields = fields

    def get_deleted(self, document: IdentityDocument) -> bool:
        return document.is_deleted

    def get_content_url(self, document: IdentityDocument) -> str | None:
        if document.is_deleted:
            return None
        slug = self.context["organisation"].slug
        return f"/api/v1/o/{slug}/rights/identity-documents/{document.pk}/content/"


class IdentityDocumentUploadSerializer(serializers.Serializer):
    """A proof received from the requester: PDF, JPEG or PNG, checked from its content."""

    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField(help_text=_("PDF, JPEG or PNG, 10 MiB at most."))


class SearchTaskSerializer(serializers.ModelSerializer):
    assigned_to = UserSummarySerializer(read_only=True, allow_null=True)
    done_by = UserSummarySerializer(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=SearchTaskStatus.choices, read_only=True)

    class Meta:
        model = SearchTask
        fields = [
            "id",
            "request",
            "label",
            "activity",
            "system",
            "status",
            "assigned_to",
            "result",
            "done_at",
            "done_by",
        ]
        read_only_fields = fields


class SearchTaskInputSerializer(serializers.Serializer):
    """A task names what to search: a label, a processing activity or a system of the register."""

    label = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, max_length=255, default=""
    )
    activity = ScopedIdField(model=ProcessingActivity, required=False, allow_null=True)
    system = ScopedIdField(model=InformationSystem, required=False, allow_null=True)
    assigned_to = MemberIdField(required=False, allow_null=True)


# What a completed search found (named SearchTaskOutcomeEnum in the schema: settings.SPECTACULAR_SETTINGS).
TASK_OUTCOMES = [(s.value, s.label) for s in SearchTaskStatus if s != SearchTaskStatus.TODO]


class SearchTaskCompleteSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TASK_OUTCOMES)
    result = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class DeadlineQuerySerializer(serializers.Serializer):
    received = serializers.DateField(help_text=_("Date of receipt, YYYY-MM-DD."))
    medical_record = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("A request for the medical record (CSP L.1111-7)."),
    )
    older_than_5_years = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("The medical information is over 5 years old (two months)."),
    )

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if attrs.get("older_than_5_years") and not attrs.get("medical_record"):
            raise serializers.ValidationError(
                {"older_than_5_years": [_("Applies to a request for the medical record only.")]}
            )
        return attrs


class DeadlineSerializer(serializers.Serializer):
    """The deadlines of a request received on ``received``, in the organisation's calendar."""

    calendar = serializers.ChoiceField(choices=["fr", "fr-alsace-moselle"])
    received = serializers.DateField()
    due = serializers.DateField(help_text=_("GDPR Art. 12(3): one month."))
    extended_due = serializers.DateField(help_text=_("GDPR Art. 12(3): three months."))
    paused_days = serializers.IntegerField()
    medical_record_not_before = serializers.DateField(
        required=False, help_text=_("CSP L.1111-7: not before 48 hours.")
    )
    medical_record_due = serializers.DateField(
        required=False, help_text=_("CSP L.1111-7: eight days, or two months.")
    )
    governing_due = serializers.DateField(
        required=False, help_text=_("The earlier of the GDPR and medical-record deadlines.")
    )
