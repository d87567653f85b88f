"""The form that creates a personal API token."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from egide.accounts.roles import Role, role_within
from egide.core.clock import PARIS


class ApiTokenForm(forms.Form):
    error_css_class = "field-error"

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, for example the script or tool that uses it."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        help_text=_("What the token may do; never more than your own role."),
    )
    expires_on = forms.DateField(
        label=_("Last day of validity"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty for a token that works until you revoke it."),
    )

    def __init__(self, *args: Any, member_role: str, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [
            (value, label) for value, label in Role.choices if role_within(value, member_role)
        ]
        role_field.initial = member_role

    def clean_expires_on(self) -> date | None:
        expires_on: date | None = self.cleaned_data.get("expires_on")
        if expires_on is not None and expires_on <= self.today:
            raise ValidationError(_("Choose a date after today."))
        return expires_on

    def expires_at(self) -> datetime | None:
        """The end of the chosen day, Paris time."""
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on is None:
            return None
        return datetime.combine(expires_on, time(23, 59, 59), tzinfo=PARIS)
