"""An organisation's settings of rights requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egide.rights.forms._common import SHORT_TEXT
from egide.rights.models import RightsSettings
from egide.rights.services.settings import MAX_REMINDER_DAYS


def parse_reminder_days(text: str) -> list[int]:
    """``"7, 2"`` -> ``[7, 2]`` (distinct whole days, largest first); ValueError otherwise."""
    days: set[int] = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        value = int(part)
        if not 0 <= value <= MAX_REMINDER_DAYS:
            raise ValueError(part)
        days.add(value)
    return sorted(days, reverse=True)


class RightsSettingsForm(forms.Form):
    portal_enabled = forms.BooleanField(label=_("Public portal open"), required=False)
    contact_email = forms.EmailField(
        label=_("Contact address shown to requesters"),
        required=False,
        help_text=_("The DPO's address; the organisation's designated DPO is used when empty."),
    )
    notice_extra = forms.CharField(
        label=_("Additional information notice"),
        required=False,
        widget=SHORT_TEXT,
        max_length=10000,
        help_text=_("Shown on the portal after the standard information notice."),
    )
    identity_document_retention_days = forms.IntegerField(
        label=_("Keep identity documents after confirmation (days)"),
        min_value=0,
        max_value=90,
        help_text=_(
            "0 deletes them as soon as identity is confirmed (GDPR Art. 5(1)(c), 12(6); CNIL guidance)."
        ),
    )
    reminder_days = forms.CharField(
        label=_("Reminders before a deadline (days)"),
        max_length=100,
        required=False,
        help_text=_("Whole days separated by commas, for example “7, 2”."),
    )
    unconfirmed_expiry_hours = forms.IntegerField(
        label=_("Delete portal requests whose email is not confirmed after (hours)"),
        min_value=1,
        max_value=24 * 30,
    )
    medical_record_requires_proof = forms.BooleanField(
        label=_("Ask for a proof of identity for medical record requests (CSP R.1111-1)"),
        required=False,
    )

    @classmethod
    def for_settings(cls, settings: RightsSettings, data: Any = None) -> RightsSettingsForm:
        initial = {name: getattr(settings, name) for name in cls.base_fields}
        initial["reminder_days"] = ", ".join(str(d) for d in settings.reminder_days or [])
        return cls(data, initial=initial)

    def clean_reminder_days(self) -> list[int]:
        try:
            return parse_reminder_days(self.cleaned_data["reminder_days"])
        except ValueError:
            raise forms.ValidationError(
                _("Give whole days between 0 and %(max)s separated by commas, for example “7, 2”."),
                code="invalid",
                params={"max": MAX_REMINDER_DAYS},
            ) from None
