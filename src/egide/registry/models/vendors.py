"""Processors, sub-processors and joint controllers (GDPR Art. 26, 28), and the systems that support processing."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.accounts.validators import validate_siren
from egide.core.tenancy import TenantModel
from egide.registry.choices import ART_28_CLAUSE_CODES, HDS_ACTIVITY_CODES, Hosting, VendorRole


def vendor_document_path(instance: Vendor, filename: str) -> str:
    """Vendors' documents live under MEDIA_ROOT/<organisation id>/vendors/."""
    return f"{instance.organisation_id}/vendors/{filename}"


class Vendor(TenantModel):
    """An organisation that processes data for, or with, the controller."""

    name = models.CharField(_("name"), max_length=200)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    role = models.CharField(
        _("role"), max_length=20, choices=VendorRole.choices, default=VendorRole.PROCESSOR
    )
    contact_email = models.EmailField(_("privacy contact"), blank=True)
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    contract_ends_on = models.DateField(_("contract ends on"), null=True, blank=True)
    art28_clauses = models.JSONField(
        _("Art. 28(3) clauses in the contract"),
        default=dict,
        blank=True,
        help_text=_("One entry per clause letter (a-h): true when the contract stipulates it."),
    )
    dpa_document = models.FileField(
        _("data processing agreement"), upload_to=vendor_document_path, blank=True
    )
    dpa_reference = models.CharField(_("agreement reference"), max_length=200, blank=True)
    processing_countries = models.JSONField(
        _("countries where data is processed"), default=list, blank=True
    )
    hosts_health_data = models.BooleanField(_("hosts health data"), default=False)
    hds_certificate_number = models.CharField(
        _("HDS certificate number"), max_length=100, blank=True
    )
    hds_activities = models.JSONField(_("HDS activities covered"), default=list, blank=True)
    hds_expires_on = models.DateField(_("HDS certificate expires on"), null=True, blank=True)
    # Frameworks an adequacy decision may be limited to (GDPR Art. 45: USA, Canada).
    dpf_certified = models.BooleanField(
        _("certified under the EU-US Data Privacy Framework"), default=False
    )
    subject_to_pipeda = models.BooleanField(
        _("commercial organisation subject to PIPEDA (Canada)"), default=False
    )
    sub_processors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="engaged_by",
        verbose_name=_("sub-processors"),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="registry_vendor_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_contract(self) -> bool:
        return self.contract_signed_on is not None

    @property
    def missing_art28_clauses(self) -> list[str]:
        """Letters of GDPR Art. 28(3) the contract does not stipulate (all of them without a contract)."""
        return [code for code in ART_28_CLAUSE_CODES if not self.art28_clauses.get(code)]

    @property
    def hds_covers_all_activities(self) -> bool:
        return set(HDS_ACTIVITY_CODES) <= set(self.hds_activities)

    def hds_valid_on(self, day: date) -> bool:
        """Whether the HDS certificate is in force on ``day`` (no certificate: never)."""
        return bool(self.hds_certificate_number) and (
            self.hds_expires_on is None or self.hds_expires_on >= day
        )


class InformationSystem(TenantModel):
    """Software or infrastructure supporting processing activities."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    vendor = models.ForeignKey(
        Vendor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="systems",
        verbose_name=_("vendor"),
    )
    hosting = models.CharField(
        _("hosting"), max_length=20, choices=Hosting.choices, default=Hosting.ON_PREMISES
    )
    hosts_health_data = models.BooleanField(_("holds health data"), default=False)

    class Meta:
        verbose_name = _("information system")
        verbose_name_plural = _("information systems")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="registry_informationsystem_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name
