"""API shapes of processing activities: the list row, the full Art. 30 record, and the inputs of
create and change (validated here, written by ``egide.registry.services``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egide.accounts.serializers import UserSummarySerializer
from egide.registry.choices import ActivityStatus, LegalBasis, RecordKind
from egide.registry.library import TEMPLATES
from egide.registry.models import InformationSystem, ProcessingActivity
from egide.registry.serializers.compliance import SEVERITY_CHOICES, FindingSerializer
from egide.registry.serializers.details import (
    ActivityDataCategorySerializer,
    ControllerServedSerializer,
    JointControllerSerializer,
    PurposeSerializer,
    RecipientSerializer,
    SecurityMeasureSerializer,
    TransferSerializer,
)
from egide.registry.serializers.fields import MAX_COUNT, MAX_ID, MemberIdField, ScopedIdField
from egide.registry.serializers.organisation import DpoDesignationSerializer

TEMPLATE_CHOICES = [(t.code, str(t.name)) for t in TEMPLATES]


class ActivitySerializer(serializers.ModelSerializer):
    """One row of the register: enough to find an activity and see where it stands."""

    owner = UserSummarySerializer(read_only=True, allow_null=True)
    legal_bases = serializers.SerializerMethodField(
        help_text=_("The Art. 6(1) bases of its purposes.")
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "reference",
            "name",
            "record_kind",
            "status",
            "owner",
            "review_on",
            "legal_bases",
            "template_code",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(LegalBasis.choices)))
    def get_legal_bases(self, activity: ProcessingActivity) -> list[str]:
        return sorted({purpose.legal_basis for purpose in activity.purposes.all()})


class DataSubjectSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    label = serializers.CharField(source="display_label", read_only=True)  # type: ignore[assignment]
    is_vulnerable = serializers.BooleanField(read_only=True)


class SystemSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = InformationSystem
        fields = ["id", "name", "hosting", "hosts_health_data"]
        read_only_fields = fields


class ControllerSerializer(serializers.Serializer):
    """The controller (the organisation) and its DPO, as the record names them (Art. 30(1)(a))."""

    name = serializers.CharField(source="organisation.legal_name", read_only=True)
    slug = serializers.CharField(source="organisation.slug", read_only=True)
    dpo = DpoDesignationSerializer(read_only=True, allow_null=True)


class ActivityDetailSerializer(ActivitySerializer):
    """The full record of one activity (GDPR Art. 30(1), or 30(2) for a processor record), with the
    compliance findings on it. ``context`` carries ``controller`` and ``findings``."""

    controller = serializers.SerializerMethodField()
    validated_by = UserSummarySerializer(read_only=True, allow_null=True)
    purposes = PurposeSerializer(many=True, read_only=True)
    data_categories = ActivityDataCategorySerializer(many=True, read_only=True)
    data_subjects = DataSubjectSerializer(many=True, read_only=True)
    recipients = RecipientSerializer(many=True, read_only=True)
    transfers = TransferSerializer(many=True, read_only=True)
    security_measures = SecurityMeasureSerializer(many=True, read_only=True)
    joint_controllers = JointControllerSerializer(many=True, read_only=True)
    controllers_served = ControllerServedSerializer(many=True, read_only=True)
    systems = SystemSummarySerializer(many=True, read_only=True)
    shared = serializers.SerializerMethodField(
        help_text=_("Whether it follows an activity shared by the group's support organisation.")
    )
    findings = serializers.SerializerMethodField()

    class Meta(ActivitySerializer.Meta):
        fields = [
            *ActivitySerializer.Meta.fields,
            "description",
            "controller",
            "representative",
            "large_scale",
            "vulnerable_subjects",
            "data_subject_count",
            "purposes",
            "data_subjects",
            "data_categories",
            "recipients",
            "transfers",
            "security_measures",
            "joint_controllers",
            "controllers_served",
            "systems",
            "shared",
            "overridden_fields",
            "validated_at",
            "validated_by",
            "archived_at",
            "created_at",
            "findings",
        ]
        read_only_fields = fields

    @extend_schema_field(ControllerSerializer)
    def get_controller(self, activity: ProcessingActivity) -> dict[str, Any]:
        return dict(ControllerSerializer(self.context["controller"]).data)

    def get_shared(self, activity: ProcessingActivity) -> bool:
        return activity.shared_from_id is not None

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, activity: ProcessingActivity) -> list[dict[str, Any]]:
        return list(FindingSerializer(self.context["findings"], many=True).data)


class ActivityFieldsSerializer(serializers.Serializer):
    """The activity's own fields, as ``processing_activity_create`` and ``_update`` take them."""

    reference = serializers.RegexField(
        r"^\S(.*\S)?$",
        max_length=20,
        required=False,
        help_text=_(
            'Unique in the organisation; new activities get the next "T-nnn" when left out.'
        ),
    )
    name = serializers.CharField(max_length=255, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    record_kind = serializers.ChoiceField(choices=RecordKind.choices, required=False)
    owner = MemberIdField(
        required=False,
        allow_null=True,
        help_text=_("User id of a member (contributors may only name themselves)."),
    )
    review_on = serializers.DateField(required=False, allow_null=True)
    representative = serializers.CharField(max_length=255, required=False, allow_blank=True)
    large_scale = serializers.BooleanField(required=False)
    vulnerable_subjects = serializers.BooleanField(required=False)
    data_subject_count = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, required=False, allow_null=True
    )


class ActivityCreateSerializer(ActivityFieldsSerializer):
    """A new draft activity: blank (``name`` required), or from a template of the library."""

    from_template = serializers.ChoiceField(
        choices=TEMPLATE_CHOICES,
        required=False,
        help_text=_("Code of a library template (GET templates/) to start from."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("from_template") and not attrs.get("name", "").strip():
            raise serializers.ValidationError(
                {"name": _("Give a name, or a template to start from.")}
            )
        return attrs


class ActivityUpdateSerializer(ActivityFieldsSerializer):
    """Change the activity's own fields, its data subjects (codes) and its systems (ids); fields left
    out keep their value."""

    data_subjects = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        max_length=200,
        help_text=_("Codes of data subject categories (built-in or the organisation's own)."),
    )
    systems = serializers.ListField(
        child=ScopedIdField(model=InformationSystem), required=False, max_length=500
    )

    def validate_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(_("The name cannot be blank."))
        return value


class ActivityFilterSerializer(serializers.Serializer):
    """Query parameters of the register's list; combined with AND."""

    search = serializers.CharField(
        required=False,
        max_length=200,
        help_text=_("Words in the name, the reference or a purpose."),
    )
    status = serializers.ChoiceField(
        choices=ActivityStatus.choices,
        required=False,
        help_text=_("Archived activities are listed only when this asks for them."),
    )
    record_kind = serializers.ChoiceField(choices=RecordKind.choices, required=False)
    legal_basis = serializers.ChoiceField(
        choices=LegalBasis.choices,
        required=False,
        help_text=_("Activities with at least one purpose on this basis."),
    )
    severity = serializers.ChoiceField(
        choices=SEVERITY_CHOICES,
        required=False,
        help_text=_("Activities with at least one finding of this severity."),
    )
    owner = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("User id of the owner.")
    )
    template = serializers.ChoiceField(
        choices=TEMPLATE_CHOICES,
        required=False,
        help_text=_("Activities created from this template of the library."),
    )
