"""Processing activities (GDPR Art. 30(1) and 30(2)) and the parties named in them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.core.tenancy import TenantModel
from egide.registry.choices import ActivityStatus, RecordKind

# The fields of an activity that its audit events record.
ACTIVITY_FIELDS = (
    "reference",
    "name",
    "description",
    "record_kind",
    "status",
    "owner",
    "review_on",
    "representative",
    "large_scale",
    "vulnerable_subjects",
    "data_subject_count",
    "template_code",
    "shared_from",
    "overridden_fields",
)


def ensure_same_organisation(instance: TenantModel, *field_names: str) -> None:
    """Refuse a link from ``instance`` to an object of another organisation."""
    errors = {}
    for name in field_names:
        target_id = getattr(instance, f"{name}_id", None)
        if target_id is None:
            continue
        target = getattr(instance, name)
        if target.organisation_id != instance.organisation_id:
            errors[name] = ValidationError(
                _("This %(what)s belongs to another organisation."),
                code="other_organisation",
                params={"what": target._meta.verbose_name},
            )
    if errors:
        raise ValidationError(errors)


class ProcessingActivity(TenantModel):
    """One entry of the record. The controller is the organisation; its DPO is its current designation."""

    reference = models.CharField(_("reference"), max_length=20)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    record_kind = models.CharField(
        _("record"), max_length=20, choices=RecordKind.choices, default=RecordKind.CONTROLLER
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    review_on = models.DateField(_("next review"), null=True, blank=True)
    representative = models.CharField(
        _("representative in the EU (GDPR Art. 27)"), max_length=255, blank=True
    )
    large_scale = models.BooleanField(_("large scale"), default=False)
    vulnerable_subjects = models.BooleanField(_("vulnerable data subjects"), default=False)
    data_subject_count = models.PositiveIntegerField(
        _("data subjects (estimate)"), null=True, blank=True
    )
    data_subjects = models.ManyToManyField(
        "registry.DataSubjectCategory",
        blank=True,
        related_name="activities",
        verbose_name=_("data subject categories"),
    )
    systems = models.ManyToManyField(
        "registry.InformationSystem",
        blank=True,
        related_name="activities",
        verbose_name=_("supporting systems"),
    )
    template_code = models.CharField(_("template"), max_length=64, blank=True)
    shared_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_copies",
        verbose_name=_("shared by the group's support organisation"),
    )
    overridden_fields = models.JSONField(
        _("fields overridden locally"),
        default=list,
        blank=True,
        help_text=_(
            "Fields (and lists such as purposes) that no longer follow the shared activity."
        ),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    validated_at = models.DateTimeField(_("validated"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="registry_activity_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["organisation", "shared_from"],
                condition=models.Q(shared_from__isnull=False),
                name="registry_activity_one_copy_per_member",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    def clean(self) -> None:
        if self.shared_from_id is not None and self.shared_from_id == self.pk:
            raise ValidationError({"shared_from": _("An activity cannot be shared from itself.")})


class JointController(TenantModel):
    """A joint controller (GDPR Art. 26) and the essence of the arrangement between them."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="joint_controllers"
    )
    name = models.CharField(_("name"), max_length=255)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    arrangement_summary = models.TextField(_("arrangement (GDPR Art. 26(2))"), blank=True)
    arrangement_reference = models.CharField(_("arrangement document"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("joint controller")
        verbose_name_plural = _("joint controllers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ensure_same_organisation(self, "activity")


class ControllerServed(TenantModel):
    """In a processor record (GDPR Art. 30(2)(a)-(b)): a controller the organisation acts for."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.CASCADE, related_name="controllers_served"
    )
    name = models.CharField(_("controller"), max_length=255)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    representative = models.CharField(_("representative"), max_length=255, blank=True)
    dpo_contact = models.CharField(_("controller's DPO"), max_length=255, blank=True)
    processing_categories = models.TextField(_("categories of processing carried out"))

    class Meta:
        verbose_name = _("controller served")
        verbose_name_plural = _("controllers served")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        ensure_same_organisation(self, "activity")
