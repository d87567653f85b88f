"""An organisation's settings for rights requests (portal, identity documents, reminders)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from egide.accounts.models import Organisation, User
from egide.core.audit import Actor, audit_record, snapshot
from egide.core.clock import SYSTEM_CLOCK, Clock
from egide.rights.models import RightsSettings
from egide.rights.selectors import rights_settings_for
from egide.rights.services._common import RightsError

SETTINGS_FIELDS = (
    "portal_enabled",
    "contact_email",
    "notice_extra",
    "identity_document_retention_days",
    "reminder_days",
    "unconfirmed_expiry_hours",
    "medical_record_requires_proof",
)
MAX_REMINDER_DAYS = 60


def _clean_reminder_days(value: Any) -> list[int]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise RightsError.on("reminder_days", _("Give whole numbers of days."))
    days = sorted(set(value), reverse=True)
    if any(d < 0 or d > MAX_REMINDER_DAYS for d in days):
        raise RightsError.on(
            "reminder_days",
            _("Each reminder is between 0 and %(max)d days before a deadline.")
            % {"max": MAX_REMINDER_DAYS},
        )
    return days


def rights_settings_update(
    *,
    actor: Actor | User,
    organisation: Organisation,
    clock: Clock = SYSTEM_CLOCK,
    **fields: Any,
) -> RightsSettings:
    """Change some of the organisation's settings (created with the defaults on first save). Audited
    (``rights_settings.update``), validated with ``full_clean``."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"unknown rights settings fields {sorted(unknown)!r}")
    if "reminder_days" in fields:
        fields["reminder_days"] = _clean_reminder_days(fields["reminder_days"])
    with transaction.atomic():
        current = RightsSettings.objects.select_for_update().filter(
            organisation=organisation
        ).first() or rights_settings_for(organisation)
        before = snapshot(current, SETTINGS_FIELDS) if current.pk else None
        for name, value in fields.items():
            setattr(current, name, value)
        try:
            current.full_clean(exclude=["organisation"])
        except ValidationError as exc:
            raise RightsError(exc.message_dict) from None
        current.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="rights_settings.update",
            obj=current,
            before=before,
            after=snapshot(current, SETTINGS_FIELDS),
            clock=clock,
        )
    return current
