"""Each organisation's own data categories and data subject categories, seeded from the built-in taxonomy."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.core.tenancy import TenantModel
from egide.registry import taxonomy

validate_code = RegexValidator(
    r"^[a-z0-9][a-z0-9_.-]*$",
    _("Use lower-case letters, digits, dots, dashes and underscores."),
    code="code",
)


class DataCategory(TenantModel):
    """A category of personal data (GDPR Art. 30(1)(c)). Built-in ones carry the taxonomy's code."""

    code = models.CharField(_("code"), max_length=64, validators=[validate_code])
    label = models.CharField(_("label"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    is_special_category = models.BooleanField(_("special category (GDPR Art. 9)"), default=False)
    is_health = models.BooleanField(_("health data"), default=False)
    is_national_identifier = models.BooleanField(_("national identifier (NIR, INS)"), default=False)
    legal_source = models.CharField(_("legal source"), max_length=200, blank=True)
    builtin = models.BooleanField(_("built in"), default=False)

    class Meta:
        verbose_name = _("data category")
        verbose_name_plural = _("data categories")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="registry_datacategory_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_label)

    @property
    def display_label(self) -> object:
        """The translated label of a built-in category, the organisation's own label otherwise."""
        definition = taxonomy.DATA_CATEGORY_BY_CODE.get(self.code) if self.builtin else None
        return definition.label if definition is not None else self.label


class DataSubjectCategory(TenantModel):
    """A category of data subjects (GDPR Art. 30(1)(c))."""

    code = models.CharField(_("code"), max_length=64, validators=[validate_code])
    label = models.CharField(_("label"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    is_vulnerable = models.BooleanField(_("vulnerable people (WP248 criterion 7)"), default=False)
    builtin = models.BooleanField(_("built in"), default=False)

    class Meta:
        verbose_name = _("data subject category")
        verbose_name_plural = _("data subject categories")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="registry_datasubjectcategory_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_label)

    @property
    def display_label(self) -> object:
        definition = taxonomy.DATA_SUBJECT_BY_CODE.get(self.code) if self.builtin else None
        return definition.label if definition is not None else self.label
