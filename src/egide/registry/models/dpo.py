"""The designation of the organisation's DPO (GDPR Art. 37): who, since when, declared to the CNIL when."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.core.tenancy import TenantModel
from egide.registry.choices import DpoKind


class DpoDesignation(TenantModel):
    """One designation; the current one has no end date (at most one per organisation)."""

    kind = models.CharField(_("kind"), max_length=10, choices=DpoKind.choices)
    person_name = models.CharField(_("DPO's name"), max_length=200)
    firm_name = models.CharField(_("firm (external DPO)"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    designated_on = models.DateField(_("designated on"))
    declared_to_cnil_on = models.DateField(_("declared to the CNIL on"), null=True, blank=True)
    cnil_designation_number = models.CharField(
        _("CNIL designation number"), max_length=50, blank=True
    )
    published_contact_url = models.URLField(
        _("published contact page (GDPR Art. 37(7))"), blank=True
    )
    published_contact_email = models.EmailField(
        _("published contact address (GDPR Art. 37(7))"), blank=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("DPO designation")
        verbose_name_plural = _("DPO designations")
        ordering = ["-designated_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(ended_on__isnull=True),
                name="registry_dpo_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.firm_name})" if self.firm_name else self.person_name

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    @property
    def contact_published(self) -> bool:
        return bool(self.published_contact_url or self.published_contact_email)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.kind == DpoKind.EXTERNAL and not self.firm_name:
            errors["firm_name"] = ValidationError(
                _("Name the firm of an external DPO."), code="required"
            )
        if self.ended_on is not None and self.designated_on and self.ended_on < self.designated_on:
            errors["ended_on"] = ValidationError(
                _("The end comes before the designation."), code="order"
            )
        if (
            self.declared_to_cnil_on
            and self.designated_on
            and self.declared_to_cnil_on < self.designated_on
        ):
            errors["declared_to_cnil_on"] = ValidationError(
                _("The declaration comes before the designation."), code="order"
            )
        if errors:
            raise ValidationError(errors)
