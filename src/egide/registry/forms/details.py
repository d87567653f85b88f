"""Forms of what an activity records: purposes, data categories with retention, recipients, transfers,
security measures, joint controllers and (processor record) the controllers served.

Each form is bound to its activity (``activity=``) and, to edit a row, to that row (``instance=``); its
:meth:`RowForm.changes` are the values the row's service takes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

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
from egide.registry.countries import validate_country_code
from egide.registry.forms._common import DATE_INPUT, SHORT_TEXT, choices_with_blank
from egide.registry.models import DataCategory, ProcessingActivity, Recipient, Vendor
from egide.registry.retention import RULE_CHOICES
from egide.registry.selectors import data_categories_list, vendors_list
from egide.registry.taxonomy import SECURITY_MEASURE_CHOICES

NONE = _("None")


class RowForm(forms.Form):
    """A form over one row of an activity. ``locked_on_edit``: fields a row's update cannot change."""

    locked_on_edit: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        *args: Any,
        activity: ProcessingActivity,
        instance: models.Model | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial", {name: getattr(instance, name) for name in self.base_fields}
            )
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.instance = instance
        self.setup(activity)
        if instance is not None:
            for name in self.locked_on_edit:
                self.fields[name].disabled = True

    def setup(self, activity: ProcessingActivity) -> None:
        """Narrow choice fields to the activity's organisation."""

    def changes(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not (self.instance is not None and name in self.locked_on_edit)
        }


class PurposeForm(RowForm):
    description = forms.CharField(label=_("Purpose"), max_length=500)
    is_main = forms.BooleanField(label=_("Main purpose"), required=False)
    legal_basis = forms.ChoiceField(
        label=_("Legal basis (GDPR Art. 6(1))"), choices=LegalBasis.choices
    )
    legal_basis_reference = forms.CharField(
        label=_("Text providing the obligation or task"), required=False, max_length=255
    )
    special_category_condition = forms.ChoiceField(
        label=_("Condition for special-category data (GDPR Art. 9(2))"),
        required=False,
        choices=choices_with_blank(NONE, SpecialCategoryCondition.choices),
    )
    portability_promised = forms.BooleanField(
        label=_("Portability offered to data subjects"), required=False
    )


class DataCategoryRowForm(RowForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=DataCategory.objects.none())
    retention_duration = forms.IntegerField(
        label=_("Retention period"), required=False, min_value=0
    )
    retention_unit = forms.ChoiceField(
        label=_("Unit"), required=False, choices=choices_with_blank("—", RetentionUnit.choices)
    )
    retention_start = forms.ChoiceField(
        label=_("Counted from"),
        required=False,
        choices=choices_with_blank("—", RetentionStart.choices),
    )
    retention_criteria = forms.CharField(
        label=_("Retention criteria (when no fixed period)"), required=False, widget=SHORT_TEXT
    )
    retention_rule = forms.ChoiceField(
        label=_("Legal retention rule"),
        required=False,
        choices=choices_with_blank(NONE, RULE_CHOICES),
    )
    source = forms.ChoiceField(
        label=_("Source of the data"),
        required=False,
        choices=choices_with_blank("—", DataSource.choices),
    )
    source_detail = forms.CharField(label=_("Source detail"), required=False, max_length=255)

    def setup(self, activity: ProcessingActivity) -> None:
        queryset = data_categories_list(organisation=activity.organisation)
        self.fields["category"].queryset = queryset  # type: ignore[attr-defined]


class RecipientForm(RowForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=RecipientKind.choices)
    name = forms.CharField(label=_("Name"), max_length=255)
    vendor = forms.ModelChoiceField(
        label=_("Vendor"), required=False, queryset=Vendor.objects.none(), empty_label=NONE
    )
    detail = forms.CharField(label=_("What they receive"), required=False, max_length=255)

    def setup(self, activity: ProcessingActivity) -> None:
        self.fields["vendor"].queryset = vendors_list(organisation=activity.organisation)  # type: ignore[attr-defined]


class TransferForm(RowForm):
    country = forms.CharField(
        label=_("Destination country"),
        max_length=2,
        help_text=_("Two-letter ISO code, for example US or GB."),
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient"), required=False, queryset=Recipient.objects.none(), empty_label=NONE
    )
    vendor = forms.ModelChoiceField(
        label=_("Vendor"), required=False, queryset=Vendor.objects.none(), empty_label=NONE
    )
    tool = forms.ChoiceField(
        label=_("Transfer tool"),
        required=False,
        choices=choices_with_blank(_("None yet"), TransferTool.choices),
    )
    derogation = forms.ChoiceField(
        label=_("Art. 49 derogation"),
        required=False,
        choices=choices_with_blank(NONE, Art49Derogation.choices),
    )
    tia_note = forms.CharField(
        label=_("Transfer impact assessment"), required=False, widget=SHORT_TEXT
    )
    tia_on = forms.DateField(label=_("Assessed on"), required=False, widget=DATE_INPUT)

    def setup(self, activity: ProcessingActivity) -> None:
        self.fields["recipient"].queryset = activity.recipients.order_by("name")  # type: ignore[attr-defined]
        self.fields["vendor"].queryset = vendors_list(organisation=activity.organisation)  # type: ignore[attr-defined]

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        validate_country_code(code)
        return code


class SecurityMeasureForm(RowForm):
    locked_on_edit = ("measure",)

    measure = forms.ChoiceField(label=_("Measure"), choices=SECURITY_MEASURE_CHOICES)
    detail = forms.CharField(label=_("How it is applied"), required=False, max_length=500)


class JointControllerForm(RowForm):
    name = forms.CharField(label=_("Name"), max_length=255)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=255)
    arrangement_summary = forms.CharField(
        label=_("Arrangement (GDPR Art. 26(2))"), required=False, widget=SHORT_TEXT
    )
    arrangement_reference = forms.CharField(
        label=_("Arrangement document"), required=False, max_length=255
    )


class ControllerServedForm(RowForm):
    name = forms.CharField(label=_("Controller"), max_length=255)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=255)
    representative = forms.CharField(label=_("Representative"), required=False, max_length=255)
    dpo_contact = forms.CharField(label=_("Controller's DPO"), required=False, max_length=255)
    processing_categories = forms.CharField(
        label=_("Categories of processing carried out"), widget=SHORT_TEXT
    )
