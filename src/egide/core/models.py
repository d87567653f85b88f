"""Platform models: the append-only, hash-chained audit trail, worker heartbeats and sweep runs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")

    def for_organisation(self, organisation: Any) -> AuditEventQuerySet:
        return self.filter(organisation=organisation)


class AuditEvent(models.Model):
    """One write, as it happened. Chained per organisation: ``hash`` covers the event and ``prev_hash``.

    Events are never updated or deleted by the application (the queryset and ``save``/``delete`` refuse);
    ``egide audit verify`` detects rows altered, removed or reordered behind its back.
    Events with no organisation (account-level actions) form the platform chain.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("organisation"),
    )
    sequence = models.PositiveBigIntegerField(_("sequence"))
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=255)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=32, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["organisation_id", "sequence"]
        constraints = [
            # One sequence number per chain; the platform chain is the one without an organisation.
            models.UniqueConstraint(
                fields=["organisation", "sequence"],
                condition=models.Q(organisation__isnull=False),
                name="audit_event_unique_sequence_per_org",
            ),
            models.UniqueConstraint(
                fields=["sequence"],
                condition=models.Q(organisation__isnull=True),
                name="audit_event_unique_sequence_platform",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "-occurred_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")


class AuditChainHead(models.Model):
    """The tip of one organisation's chain; locked while an event is appended."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    chain_key = models.CharField(max_length=64, unique=True)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain_key} @ {self.last_sequence}"


class WorkerHeartbeat(models.Model):
    """Written by each ``egide worker`` process on every loop; ``/readyz`` reads it."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"


class SweepRun(models.Model):
    """One slot of a periodic sweep, claimed once across all workers (unique name + slot)."""

    name = models.CharField(max_length=100)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField()
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "slot"], name="sweep_run_unique_slot")
        ]
        ordering = ["-slot"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.slot.isoformat()}"


class RateLimitCounter(models.Model):
    """Hits of one client on one action in one fixed window (see egide.core.ratelimit). Shared by every
    web worker through the database; old windows are deleted by the ratelimit sweep."""

    key = models.CharField(max_length=128)
    window_start = models.DateTimeField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="core_ratelimit_unique"),
        ]
        indexes = [models.Index(fields=["window_start"], name="core_ratelimit_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start.isoformat()}: {self.hits}"
