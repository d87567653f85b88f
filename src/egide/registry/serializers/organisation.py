"""API shapes of the organisation-wide parts of the register: vendors (processors), information systems,
data categories and the DPO designation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egide.registry.choices import (
    ART_28_CLAUSE_CODES,
    HDS_ACTIVITIES,
    DpoKind,
    Hosting,
    VendorRole,
)
from egide.registry.models import DataCategory, DpoDesignation, InformationSystem, Vendor
from egide.registry.models.taxonomy import validate_code
from egide.registry.serializers.fields import CountryField, ScopedIdField


class Art28ClausesSerializer(serializers.Serializer):
    """GDPR Art. 28(3): one entry per clause letter, true when the contract stipulates it."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {code: serializers.BooleanField(required=False) for code in ART_28_CLAUSE_CODES}


class VendorSerializer(serializers.ModelSerializer):
    art28_clauses = Art28ClausesSerializer(read_only=True)
    missing_art28_clauses = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("Letters of Art. 28(3) the contract does not stipulate."),
    )
    processing_countries = serializers.ListField(child=serializers.CharField(), read_only=True)
    hds_activities = serializers.ListField(
        child=serializers.ChoiceField(choices=HDS_ACTIVITIES), read_only=True
    )
    has_dpa_document = serializers.SerializerMethodField()
    contact_email = serializers.CharField(read_only=True, help_text=_("Blank when unknown."))

    class Meta:
        model = Vendor
        fields = [
            "id",
            "name",
            "siren",
            "role",
            "contact_email",
            "contract_signed_on",
            "contract_ends_on",
            "art28_clauses",
            "missing_art28_clauses",
            "has_dpa_document",
            "dpa_reference",
            "processing_countries",
            "hosts_health_data",
            "hds_certificate_number",
            "hds_activities",
            "hds_expires_on",
            "sub_processors",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_dpa_document(self, vendor: Vendor) -> bool:
        return bool(vendor.dpa_document)


class VendorInputSerializer(serializers.Serializer):
    """A vendor's fields; on a change, fields left out keep their value. The agreement document itself
    is uploaded on the vendor's page."""

    name = serializers.CharField(max_length=200)
    siren = serializers.CharField(max_length=9, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=VendorRole.choices, required=False)
    contact_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    contract_signed_on = serializers.DateField(required=False, allow_null=True)
    contract_ends_on = serializers.DateField(required=False, allow_null=True)
    art28_clauses = Art28ClausesSerializer(required=False)
    dpa_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    processing_countries = serializers.ListField(
        child=CountryField(), required=False, max_length=250
    )
    hosts_health_data = serializers.BooleanField(required=False)
    hds_certificate_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    hds_activities = serializers.ListField(
        child=serializers.ChoiceField(choices=HDS_ACTIVITIES), required=False, max_length=6
    )
    hds_expires_on = serializers.DateField(required=False, allow_null=True)
    sub_processors = serializers.ListField(
        child=ScopedIdField(model=Vendor),
        required=False,
        max_length=500,
        help_text=_("Ids of the vendors it engages (replaces the list)."),
    )

    def validate_processing_countries(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))

    def validate_hds_activities(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class VendorFilterSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=VendorRole.choices, required=False)
    search = serializers.CharField(
        required=False, max_length=200, help_text=_("Words in the name.")
    )


class InformationSystemSerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name", read_only=True, allow_null=True)

    class Meta:
        model = InformationSystem
        fields = [
            "id",
            "name",
            "description",
            "vendor",
            "vendor_name",
            "hosting",
            "hosts_health_data",
        ]
        read_only_fields = fields


class InformationSystemInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    vendor = ScopedIdField(model=Vendor, required=False, allow_null=True)
    hosting = serializers.ChoiceField(choices=Hosting.choices, required=False)
    hosts_health_data = serializers.BooleanField(required=False)


class DataCategorySerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="display_label", read_only=True)  # type: ignore[assignment]
    parent: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = DataCategory
        fields = [
            "id",
            "code",
            "label",
            "parent",
            "is_special_category",
            "is_health",
            "is_national_identifier",
            "legal_source",
            "builtin",
        ]
        read_only_fields = fields


class DataCategoryInputSerializer(serializers.Serializer):
    """The organisation's own data category; built-in ones may only be relabelled."""

    code = serializers.RegexField(validate_code.regex, max_length=64)
    label = serializers.CharField(max_length=200)  # type: ignore[assignment]
    parent = ScopedIdField(model=DataCategory, required=False, allow_null=True)  # type: ignore[assignment]
    is_special_category = serializers.BooleanField(required=False)
    is_health = serializers.BooleanField(required=False)
    is_national_identifier = serializers.BooleanField(required=False)
    legal_source = serializers.CharField(max_length=200, required=False, allow_blank=True)


class DpoDesignationSerializer(serializers.ModelSerializer):
    # Blank when not published: plain strings, an empty value is no malformed address.
    published_contact_url = serializers.CharField(read_only=True)
    published_contact_email = serializers.CharField(read_only=True)

    class Meta:
        model = DpoDesignation
        fields = [
            "id",
            "kind",
            "person_name",
            "firm_name",
            "email",
            "phone",
            "designated_on",
            "declared_to_cnil_on",
            "cnil_designation_number",
            "published_contact_url",
            "published_contact_email",
            "ended_on",
            "is_current",
        ]
        read_only_fields = fields


class DpoDesignationInputSerializer(serializers.Serializer):
    """The DPO: the same person completes the current designation, someone else replaces it."""

    kind = serializers.ChoiceField(choices=DpoKind.choices)
    person_name = serializers.CharField(max_length=200)
    firm_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    designated_on = serializers.DateField()
    declared_to_cnil_on = serializers.DateField(required=False, allow_null=True)
    cnil_designation_number = serializers.CharField(max_length=50, required=False, allow_blank=True)
    published_contact_url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    published_contact_email = serializers.EmailField(
        max_length=254, required=False, allow_blank=True
    )


class DesignationReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    mandatory = serializers.BooleanField(
        help_text=_("Whether this reason alone makes designation mandatory.")
    )
    legal_reference = serializers.CharField()
    message = serializers.CharField()


class DesignationAssessmentSerializer(serializers.Serializer):
    required = serializers.BooleanField(help_text=_("Whether GDPR Art. 37(1) makes it mandatory."))  # type: ignore[assignment]
    recommended = serializers.BooleanField()
    reasons = DesignationReasonSerializer(many=True)


class DpoDesignationStateSerializer(serializers.Serializer):
    """The current designation (null when there is none), the earlier ones, whether designating a DPO
    is mandatory for the organisation and why."""

    current = DpoDesignationSerializer(allow_null=True)
    history = DpoDesignationSerializer(many=True)
    assessment = DesignationAssessmentSerializer()
