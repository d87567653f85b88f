"""What an activity records: purposes, data and retention, recipients, transfers, security measures.

Unique constraints start with the organisation: model validation then checks them within one organisation
(the tenant manager refuses any other query).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.core.tenancy import TenantModel
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
from egide.registry.models.activities import ProcessingActivity, ensure_same_organisation
from egide.registry.retention import RULE_BY_CODE
from egide.registry.taxonomy import SECURITY_MEASURE_BY_CODE


class Purpose(TenantModel):
    """A purpose (GDPR Art. 30(1)(b)) with its legal basis, and its Art. 9(2) condition for special data."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="purposes"
    )
    description = models.CharField(_("purpose"), max_length=500)
    is_main = models.BooleanField(_("main purpose"), default=False)
    legal_basis = models.CharField(
        _("legal basis (GDPR Art. 6(1))"), max_length=30, choices=LegalBasis.choices
    )
    legal_basis_reference = models.CharField(
        _("text providing the obligation or task"), max_length=255, blank=True
    )
    special_category_condition = models.CharField(
        _("condition for special-category data (GDPR Art. 9(2))"),
        max_length=40,
        choices=SpecialCategoryCondition.choices,
        blank=True,
    )
    portability_promised = models.BooleanField(
        _("portability offered to data subjects"), default=False
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")
        ordering = ["activity_id", "-is_main", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity"],
                condition=models.Q(is_main=True),
                name="registry_purpose_one_main",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        ensure_same_organisation(self, "activity")


class ActivityDataCategory(TenantModel):
    """A category of data an activity processes, its source and how long it is kept (GDPR Art. 30(1)(f))."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="data_categories"
    )
    category = models.ForeignKey(
        "registry.DataCategory",
        on_delete=models.PROTECT,
        related_name="usages",
        verbose_name=_("category"),
    )
    retention_duration = models.PositiveIntegerField(_("retention period"), null=True, blank=True)
    retention_unit = models.CharField(
        _("unit"), max_length=10, choices=RetentionUnit.choices, blank=True
    )
    retention_start = models.CharField(
        _("counted from"), max_length=30, choices=RetentionStart.choices, blank=True
    )
    retention_criteria = models.TextField(
        _("retention criteria (when no fixed period)"), blank=True
    )
    retention_rule = models.CharField(_("legal retention rule"), max_length=64, blank=True)
    source = models.CharField(
        _("source of the data"), max_length=30, choices=DataSource.choices, blank=True
    )
    source_detail = models.CharField(_("source detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("data category of an activity")
        verbose_name_plural = _("data categories of activities")
        ordering = ["activity_id", "category__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity", "category"], name="registry_activitydata_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.category)

    @property
    def has_retention(self) -> bool:
        return self.retention_duration is not None or bool(self.retention_criteria.strip())

    def clean(self) -> None:
        ensure_same_organisation(self, "activity", "category")
        errors: dict[str, ValidationError] = {}
        if self.retention_duration is not None and not self.retention_unit:
            errors["retention_unit"] = ValidationError(
                _("Give the unit of the retention period."), code="required"
            )
        if self.retention_duration is not None and not self.retention_start:
            errors["retention_start"] = ValidationError(
                _("Give the event the retention period runs from."), code="required"
            )
        if self.retention_rule and self.retention_rule not in RULE_BY_CODE:
            errors["retention_rule"] = ValidationError(
                _("Unknown retention rule %(code)s."),
                code="unknown",
                params={"code": self.retention_rule},
            )
        if errors:
            raise ValidationError(errors)


class Recipient(TenantModel):
    """Who receives the data (GDPR Art. 30(1)(d)): an internal service, an outside body or a processor."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="recipients"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=RecipientKind.choices)
    name = models.CharField(_("name"), max_length=255)
    vendor = models.ForeignKey(
        "registry.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recipients",
        verbose_name=_("vendor"),
    )
    detail = models.CharField(_("what they receive"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["activity_id", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ensure_same_organisation(self, "activity", "vendor")


class Transfer(TenantModel):
    """A transfer outside the EEA (GDPR Art. 30(1)(e), Chapter V) and the tool that makes it lawful."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="transfers"
    )
    country = models.CharField(
        _("destination country"), max_length=2, validators=[validate_country_code]
    )
    recipient = models.ForeignKey(
        Recipient, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    vendor = models.ForeignKey(
        "registry.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("vendor"),
    )
    tool = models.CharField(
        _("transfer tool"), max_length=20, choices=TransferTool.choices, blank=True
    )
    derogation = models.CharField(
        _("Art. 49 derogation"), max_length=1, choices=Art49Derogation.choices, blank=True
    )
    tia_note = models.TextField(_("transfer impact assessment"), blank=True)
    tia_on = models.DateField(_("assessed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["activity_id", "country"]

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.country}"

    def clean(self) -> None:
        ensure_same_organisation(self, "activity", "recipient", "vendor")
        if self.recipient is not None and self.recipient.activity_id != self.activity_id:
            raise ValidationError({"recipient": _("The recipient belongs to another activity.")})
        if self.tool == TransferTool.DEROGATION and not self.derogation:
            raise ValidationError({"derogation": _("Say which Art. 49 derogation applies.")})
        if self.tool != TransferTool.DEROGATION and self.derogation:
            raise ValidationError(
                {"derogation": _("A derogation only goes with the Art. 49 tool.")}
            )


class ActivitySecurityMeasure(TenantModel):
    """A security measure (GDPR Art. 30(1)(g), 32) from the catalogue, with how it is applied."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="security_measures"
    )
    measure = models.CharField(_("measure"), max_length=64)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("security measure")
        verbose_name_plural = _("security measures")
        ordering = ["activity_id", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "activity", "measure"], name="registry_measure_unique"
            ),
        ]

    def __str__(self) -> str:
        definition = SECURITY_MEASURE_BY_CODE.get(self.measure)
        return str(definition.label) if definition else self.measure

    def clean(self) -> None:
        ensure_same_organisation(self, "activity")
        if self.measure not in SECURITY_MEASURE_BY_CODE:
            raise ValidationError(
                {"measure": _("Unknown security measure %(code)s.") % {"code": self.measure}}
            )
