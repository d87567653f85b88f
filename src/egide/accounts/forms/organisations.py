"""Forms of the portfolio, the organisation profile and member management."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egide.accounts.choices import OrganisationKind
from egide.accounts.models import Membership, Organisation
from egide.accounts.roles import Role
from egide.core.clock import PARIS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

PROFILE_FIELDS = (
    "legal_name",
    "kind",
    "legal_status",
    "siren",
    "siret",
    "finess",
    "address_line",
    "postal_code",
    "city",
    "staff_count",
    "patient_volume",
    "bed_count",
    "group",
    "is_group_support",
    "uses_alsace_moselle_calendar",
)


def access_end(day: date) -> datetime:
    """Access granted "until" a day lasts to the end of that day in Paris."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=PARIS)


class PortfolioFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=200, widget=forms.SearchInput)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )


class OrganisationProfileForm(forms.ModelForm):
    """The organisation's profile. Bind it to a copy of the organisation: saving goes through
    ``organisation_update`` with :meth:`changes`, which audits the before and after values."""

    # Wider than the identifiers so that "732 829 320" can be typed; spaces are removed below and the
    # model's validators check the result.
    siren = forms.CharField(label=_("SIREN"), required=False, max_length=20)
    siret = forms.CharField(label=_("SIRET"), required=False, max_length=30)

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS

    def clean_siren(self) -> str:
        return "".join(self.cleaned_data["siren"].split())

    def clean_siret(self) -> str:
        return "".join(self.cleaned_data["siret"].split())

    def clean_finess(self) -> str:
        return "".join(self.cleaned_data["finess"].split()).upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        siren, siret = cleaned.get("siren"), cleaned.get("siret")
        if siren and siret and not siret.startswith(siren):
            self.add_error("siret", _("The SIRET must start with the organisation's SIREN."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}


class _AccessForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    access_ends = forms.DateField(
        label=_("Access ends on"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("Required for auditors: their access is always time-limited."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("role") == Role.AUDITOR and not cleaned.get("access_ends"):
            self.add_error("access_ends", _("An auditor's access must have an end date."))
        return cleaned

    @property
    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("access_ends")
        return access_end(day) if day else None


class MemberAddForm(_AccessForm):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("Someone without an account receives an email to choose a password."),
    )
    field_order = ["email", "role", "access_ends"]


class MembershipEditForm(_AccessForm):
    @classmethod
    def for_membership(cls, membership: Membership, data: Any = None) -> MembershipEditForm:
        expires = membership.expires_at
        initial = {
            "role": membership.role,
            "access_ends": expires.astimezone(PARIS).date() if expires else None,
        }
        return cls(data, initial=initial)
