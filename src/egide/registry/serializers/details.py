"""API shapes of what an activity records: purposes, data categories and retention, recipients,
transfers, security measures, joint controllers and (processor record) the controllers served.

Output serializers read the models; input serializers only validate, the viewsets hand the values to
``egide.registry.services``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egide.registry.choices import (
    Art49Derogation,
    DataSource,
    LegalBasis,
    RecipientKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
    TransferTool,
)
from egide.registry.models import (
    ActivityDataCategory,
    ActivitySecurityMeasure,
    ControllerServed,
    JointController,
    Purpose,
    Recipient,
    Transfer,
    Vendor,
)
from egide.registry.retention import RULE_CHOICES
from egide.registry.serializers.fields import (
    MAX_COUNT,
    CountryField,
    DataCategoryCodeField,
    ScopedIdField,
)
from egide.registry.taxonomy import SECURITY_MEASURE_CHOICES


def _blank_choice(choices: Any) -> serializers.ChoiceField:
    """A read choice that may be blank (not recorded): ModelSerializer drops ``allow_blank`` on
    read-only fields, which the schema then lacks."""
    return serializers.ChoiceField(choices=choices, allow_blank=True, read_only=True)


class PurposeSerializer(serializers.ModelSerializer):
    special_category_condition = _blank_choice(SpecialCategoryCondition.choices)

    class Meta:
        model = Purpose
        fields = [
            "id",
            "description",
            "is_main",
            "legal_basis",
            "legal_basis_reference",
            "special_category_condition",
            "portability_promised",
            "position",
        ]
        read_only_fields = fields


class PurposeInputSerializer(serializers.Serializer):
    """A purpose and its Art. 6(1) basis; the Art. 9(2) condition when special-category data is processed."""

    description = serializers.CharField(max_length=500)
    is_main = serializers.BooleanField(required=False)
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices)
    legal_basis_reference = serializers.CharField(max_length=255, required=False, allow_blank=True)
    special_category_condition = serializers.ChoiceField(
        choices=SpecialCategoryCondition.choices, required=False, allow_blank=True
    )
    portability_promised = serializers.BooleanField(required=False)
    position = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class ActivityDataCategorySerializer(serializers.ModelSerializer):
    category: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    category_label = serializers.CharField(source="category.display_label", read_only=True)
    is_special_category = serializers.BooleanField(
        source="category.is_special_category", read_only=True
    )
    is_health = serializers.BooleanField(source="category.is_health", read_only=True)
    retention_unit = _blank_choice(RetentionUnit.choices)
    retention_start = _blank_choice(RetentionStart.choices)
    source = _blank_choice(DataSource.choices)  # type: ignore[assignment]

    class Meta:
        model = ActivityDataCategory
        fields = [
            "id",
            "category",
            "category_label",
            "is_special_category",
            "is_health",
            "retention_duration",
            "retention_unit",
            "retention_start",
            "retention_criteria",
            "retention_rule",
            "source",
            "source_detail",
        ]
        read_only_fields = fields


class ActivityDataCategoryInputSerializer(serializers.Serializer):
    """A data category the activity processes, how long it is kept (a period from an event, or
    criteria) and where it comes from."""

    category = DataCategoryCodeField()
    retention_duration = serializers.IntegerField(
        min_value=0, max_value=MAX_COUNT, required=False, allow_null=True
    )
    retention_unit = serializers.ChoiceField(
        choices=RetentionUnit.choices, required=False, allow_blank=True
    )
    retention_start = serializers.ChoiceField(
        choices=RetentionStart.choices, required=False, allow_blank=True
    )
    retention_criteria = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    retention_rule = serializers.ChoiceField(
        choices=RULE_CHOICES,
        required=False,
        allow_blank=True,
        help_text=_("Code of the legal retention rule the period follows."),
    )
    source = serializers.ChoiceField(choices=DataSource.choices, required=False, allow_blank=True)  # type: ignore[assignment]
    source_detail = serializers.CharField(max_length=255, required=False, allow_blank=True)


class RecipientSerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name", read_only=True, allow_null=True)

    class Meta:
        model = Recipient
        fields = ["id", "kind", "name", "vendor", "vendor_name", "detail"]
        read_only_fields = fields


class RecipientInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecipientKind.choices)
    name = serializers.CharField(max_length=255)
    vendor = ScopedIdField(model=Vendor, required=False, allow_null=True)
    detail = serializers.CharField(max_length=255, required=False, allow_blank=True)


class TransferSerializer(serializers.ModelSerializer):
    tool = _blank_choice(TransferTool.choices)
    derogation = _blank_choice(Art49Derogation.choices)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "country",
            "recipient",
            "vendor",
            "tool",
            "derogation",
            "tia_note",
            "tia_on",
        ]
        read_only_fields = fields


class TransferInputSerializer(serializers.Serializer):
    """A transfer outside the EEA; ``derogation`` goes with the ``derogation`` tool only."""

    country = CountryField()
    recipient = ScopedIdField(
        model=Recipient,
        required=False,
        allow_null=True,
        help_text=_("A recipient of the same activity."),
    )
    vendor = ScopedIdField(model=Vendor, required=False, allow_null=True)
    tool = serializers.ChoiceField(choices=TransferTool.choices, required=False, allow_blank=True)
    derogation = serializers.ChoiceField(
        choices=Art49Derogation.choices, required=False, allow_blank=True
    )
    tia_note = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    tia_on = serializers.DateField(required=False, allow_null=True)


class SecurityMeasureSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)  # type: ignore[assignment]

    class Meta:
        model = ActivitySecurityMeasure
        fields = ["id", "measure", "label", "detail"]
        read_only_fields = fields


class SecurityMeasureInputSerializer(serializers.Serializer):
    """A measure of the catalogue and how it is applied."""

    measure = serializers.ChoiceField(choices=SECURITY_MEASURE_CHOICES)
    detail = serializers.CharField(max_length=500, required=False, allow_blank=True)


class SecurityMeasureUpdateSerializer(serializers.Serializer):
    """How a recorded measure is applied (to record another measure, add it and remove this one)."""

    detail = serializers.CharField(max_length=500, allow_blank=True)


class JointControllerSerializer(serializers.ModelSerializer):
    class Meta:
        model = JointController
        fields = ["id", "name", "contact", "arrangement_summary", "arrangement_reference"]
        read_only_fields = fields


class JointControllerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    contact = serializers.CharField(max_length=255, required=False, allow_blank=True)
    arrangement_summary = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    arrangement_reference = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ControllerServedSerializer(serializers.ModelSerializer):
    class Meta:
        model = ControllerServed
        fields = [
            "id",
            "name",
            "contact",
            "representative",
            "dpo_contact",
            "processing_categories",
        ]
        read_only_fields = fields


class ControllerServedInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    contact = serializers.CharField(max_length=255, required=False, allow_blank=True)
    representative = serializers.CharField(max_length=255, required=False, allow_blank=True)
    dpo_contact = serializers.CharField(max_length=255, required=False, allow_blank=True)
    processing_categories = serializers.CharField(max_length=20000)
