"""API shapes of the compliance checks (findings, the organisation's score) and of the template library."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egide.registry.choices import (
    DataSource,
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
)
from egide.registry.library import ProcessingTemplate
from egide.registry.rule_engine import Severity
from egide.registry.serializers.fields import MAX_ID
from egide.registry.taxonomy import SECURITY_MEASURE_CHOICES

SEVERITY_CHOICES = [(s.value, s.value) for s in Severity]


class FindingSerializer(serializers.Serializer):
    """A rule of the compliance checks that the record breaks, in the reader's language."""

    activity = serializers.CharField(
        allow_null=True, help_text=_("Reference of the activity; null for the organisation.")
    )
    activity_name = serializers.CharField(allow_blank=True)
    rule_id = serializers.CharField()
    severity = serializers.ChoiceField(choices=SEVERITY_CHOICES)
    article = serializers.CharField(help_text=_("The legal reference of the rule."))
    message = serializers.CharField()
    fix = serializers.CharField(help_text=_("The suggested fix."))


class FindingFilterSerializer(serializers.Serializer):
    activity = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("Id of an activity.")
    )
    severity = serializers.ChoiceField(choices=SEVERITY_CHOICES, required=False)


class ComplianceSummarySerializer(serializers.Serializer):
    """The organisation's compliance score (0-100) and its findings counted by severity; all null
    until the checks first ran."""

    score = serializers.IntegerField(allow_null=True, min_value=0, max_value=100)
    counts = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text=_("Number of findings per severity (info, low, medium, high, critical)."),
    )
    activity_count = serializers.IntegerField(allow_null=True)
    computed_at = serializers.DateTimeField(allow_null=True)


class TemplatePurposeSerializer(serializers.Serializer):
    description = serializers.CharField()
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices)
    special_category_condition = serializers.ChoiceField(
        choices=SpecialCategoryCondition.choices, allow_blank=True, source="condition"
    )
    is_main = serializers.BooleanField()
    legal_basis_reference = serializers.CharField(allow_blank=True, source="basis_reference")
    portability_promised = serializers.BooleanField(source="portability")


class TemplateDataSerializer(serializers.Serializer):
    category = serializers.CharField()
    retention_duration = serializers.IntegerField(allow_null=True)
    retention_unit = serializers.ChoiceField(choices=RetentionUnit.choices, allow_blank=True)
    retention_start = serializers.ChoiceField(choices=RetentionStart.choices, allow_blank=True)
    retention_criteria = serializers.CharField(allow_blank=True)
    retention_rule = serializers.CharField(allow_blank=True)
    source = serializers.ChoiceField(choices=DataSource.choices, allow_blank=True)  # type: ignore[assignment]


class TemplateRecipientSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecipientKind.choices)
    name = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)


class ProcessingTemplateSerializer(serializers.Serializer):
    """A template of the library: what an activity created ``from_template`` starts with."""

    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    record_kind = serializers.ChoiceField(choices=RecordKind.choices)
    large_scale = serializers.BooleanField()
    vulnerable_subjects = serializers.BooleanField()
    suits = serializers.ListField(
        child=serializers.CharField(), help_text=_("Kinds of organisation it usually fits.")
    )
    purposes = TemplatePurposeSerializer(many=True)
    data_subjects = serializers.ListField(child=serializers.CharField())
    data_categories = serializers.SerializerMethodField()
    recipients = TemplateRecipientSerializer(many=True)
    security_measures = serializers.ListField(
        child=serializers.ChoiceField(choices=SECURITY_MEASURE_CHOICES), source="security"
    )

    @extend_schema_field(TemplateDataSerializer(many=True))
    def get_data_categories(self, template: ProcessingTemplate) -> list[dict[str, Any]]:
        rows = []
        for spec in template.data:
            duration, unit, start = spec.retention()
            rows.append(
                {
                    "category": spec.category,
                    "retention_duration": duration,
                    "retention_unit": unit,
                    "retention_start": start,
                    "retention_criteria": str(spec.criteria),
                    "retention_rule": spec.rule,
                    "source": str(spec.source),
                }
            )
        return list(TemplateDataSerializer(rows, many=True).data)
