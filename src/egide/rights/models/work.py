"""The work on a request: its timeline, the systems to search, letters' templates and reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from egide.core.tenancy import TenantModel
from egide.rights.choices import LetterKind, SearchTaskStatus, TimelineKind
from egide.rights.models.requests import RightsRequest


class TimelineEntry(TenantModel):
    """One step in the life of a request, in order. Internal notes are entries of kind ``note``."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("event"), max_length=32, choices=TimelineKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    visible_to_requester = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at.isoformat()} {self.kind}"


class SearchTask(TenantModel):
    """A system (or processing activity) to search for the person's data, and what was found."""

    request = models.ForeignKey(
        RightsRequest, on_delete=models.CASCADE, related_name="search_tasks"
    )
    activity = models.ForeignKey(
        "registry.ProcessingActivity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processing activity"),
    )
    system = models.ForeignKey(
        "registry.InformationSystem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("system"),
    )
    label = models.CharField(_("what to search"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=SearchTaskStatus.choices, default=SearchTaskStatus.TODO
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    result = models.TextField(_("result"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("search task")
        verbose_name_plural = _("search tasks")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label


class LetterTemplate(TenantModel):
    """An organisation's own wording of a letter, in one language (defaults ship with Egide)."""

    kind = models.CharField(_("letter"), max_length=32, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language"], name="rights_letter_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


class ReminderSent(TenantModel):
    """One reminder (or overdue flag) sent for one deadline: the sweep's idempotency key."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateField()
    days_before = models.SmallIntegerField()  # negative: overdue notice
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "deadline", "days_before"], name="rights_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.deadline} -{self.days_before}"
