"""A rights request (GDPR Art. 12-22, CSP L.1111-7) and its organisation-level settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.core.tenancy import TenantModel
from egide.rights.choices import (
    Channel,
    IdentityStatus,
    RefusalGround,
    RequesterCapacity,
    RequestStatus,
    Right,
)

# The fields of a request that its audit events record (no free text: the audit trail is not a copy of the file).
REQUEST_AUDIT_FIELDS = (
    "reference",
    "right",
    "includes_medical_record",
    "medical_record_older_than_5_years",
    "requester_capacity",
    "channel",
    "status",
    "identity_status",
    "received_on",
    "due_on",
    "extended_due_on",
    "medical_record_not_before",
    "medical_record_due_on",
    "assigned_to",
    "refusal_ground",
    "duplicate_of",
    "answered_late",
)


def default_reminder_days() -> list[int]:
    return [7, 2]


class RightsSettings(TenantModel):
    """How one organisation runs its rights requests: portal, identity documents, reminders."""

    portal_enabled = models.BooleanField(_("public portal open"), default=True)
    contact_email = models.EmailField(
        _("contact address shown to requesters"),
        blank=True,
        help_text=_("The DPO's address; the organisation's designated DPO is used when empty."),
    )
    notice_extra = models.TextField(
        _("additional information notice"),
        blank=True,
        help_text=_("Shown on the portal after the standard information notice."),
    )
    identity_document_retention_days = models.PositiveSmallIntegerField(
        _("keep identity documents after confirmation (days)"),
        default=0,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "0 deletes them as soon as identity is confirmed (GDPR Art. 5(1)(c), 12(6); CNIL guidance)."
        ),
    )
    reminder_days = models.JSONField(
        _("reminders before a deadline (days)"),
        default=default_reminder_days,
        help_text=_("For example 7 and 2: reminders 7 days and 2 days before each deadline."),
    )
    unconfirmed_expiry_hours = models.PositiveSmallIntegerField(
        _("delete portal requests whose email is not confirmed after (hours)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
    )
    medical_record_requires_proof = models.BooleanField(
        _("ask for a proof of identity for medical record requests"),
        default=True,
        help_text=_("The holder of the record must check the requester's identity (CSP R.1111-1)."),
    )

    class Meta:
        verbose_name = _("rights request settings")
        verbose_name_plural = _("rights request settings")
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="rights_settings_one_per_org"),
        ]

    def __str__(self) -> str:
        return f"Rights settings of {self.organisation_id}"


class RightsRequest(TenantModel):
    """One request from a data subject or their representative, from receipt to closure."""

    reference = models.CharField(_("reference"), max_length=24)
    right = models.CharField(_("right"), max_length=24, choices=Right.choices)
    includes_medical_record = models.BooleanField(_("includes the medical record"), default=False)
    medical_record_older_than_5_years = models.BooleanField(
        _("medical information over 5 years old"), default=False
    )
    description = models.TextField(_("details of the request"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")

    # Who asks, and for whom.
    requester_capacity = models.CharField(
        _("requester is"),
        max_length=24,
        choices=RequesterCapacity.choices,
        default=RequesterCapacity.SELF,
    )
    requester_first_name = models.CharField(_("requester's first name"), max_length=120)
    requester_last_name = models.CharField(_("requester's last name"), max_length=120)
    requester_email = models.EmailField(_("requester's email"), blank=True)
    requester_phone = models.CharField(_("requester's telephone"), max_length=40, blank=True)
    requester_address = models.TextField(_("requester's postal address"), blank=True)
    patient_first_name = models.CharField(_("patient's first name"), max_length=120, blank=True)
    patient_last_name = models.CharField(_("patient's last name"), max_length=120, blank=True)
    patient_birth_name = models.CharField(_("patient's birth name"), max_length=120, blank=True)
    patient_birth_date = models.DateField(_("patient's date of birth"), null=True, blank=True)
    patient_deceased = models.BooleanField(_("the patient is deceased"), default=False)
    electronic_answer = models.BooleanField(
        _("answer by electronic means"),
        default=True,
        help_text=_("GDPR Art. 12(3): a request made electronically is answered electronically."),
    )

    # How and when it arrived.
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted at"))
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    submission_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    confirmation_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    confirmation_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_link_version = models.PositiveIntegerField(default=1, editable=False)

    # Where it stands.
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    identity_status = models.CharField(
        _("identity"),
        max_length=20,
        choices=IdentityStatus.choices,
        default=IdentityStatus.NOT_CHECKED,
    )
    identity_confirmed_at = models.DateTimeField(_("identity confirmed at"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )

    # Deadlines, computed by egide.rights.deadlines and stored for lists and reminders.
    due_on = models.DateField(_("due on (GDPR)"), null=True, blank=True)
    extended_due_on = models.DateField(_("extended deadline"), null=True, blank=True)
    medical_record_not_before = models.DateField(
        _("medical record: not before"), null=True, blank=True
    )
    medical_record_due_on = models.DateField(_("medical record: due on"), null=True, blank=True)
    governing_due_on = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)

    # How it ended.
    outcome = models.TextField(_("outcome"), blank=True)
    refusal_ground = models.CharField(
        _("ground for refusal"), max_length=32, choices=RefusalGround.choices, blank=True
    )
    refusal_reason = models.TextField(_("reasons for the refusal"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_late = models.BooleanField(_("answered late"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rights request")
        verbose_name_plural = _("rights requests")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="rights_request_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["organisation", "submission_key"],
                name="rights_request_unique_submission",
                condition=models.Q(submission_key__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"], name="rights_req_org_status"),
            models.Index(fields=["organisation", "requester_email"], name="rights_req_org_email"),
            models.Index(fields=["confirmation_token_hash"], name="rights_req_confirm_token"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def requester_name(self) -> str:
        return f"{self.requester_first_name} {self.requester_last_name}".strip()

    @property
    def patient_name(self) -> str:
        if not (self.patient_first_name or self.patient_last_name):
            return self.requester_name
        return f"{self.patient_first_name} {self.patient_last_name}".strip()


class RequestPause(TenantModel):
    """A stretch of time the clock stood still, waiting for a proof (GDPR Art. 12(6), CSP R.1111-1)."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("paused on"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="rights_pause_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_on}–{self.ended_on or ''}"
