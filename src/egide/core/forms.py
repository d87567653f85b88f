"""What every app's forms share: widgets, the member picker, and a service's errors shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class MemberChoiceField(forms.ModelChoiceField):
    """A user, shown by name and email address."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.email})" if obj.full_name else obj.email


def add_service_errors(
    form: forms.Form, error: ValidationError, *, fallback: str | None = None
) -> None:
    """Show a service's ``ValidationError`` on ``form``: on the field it names when the form has it, else on
    ``fallback`` (None: above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(fallback, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else fallback
        form.add_error(target, errors)
