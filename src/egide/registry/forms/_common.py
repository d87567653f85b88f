"""What the register's forms share: widgets, member choices, and service errors shown on the form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet

from egide.accounts.models import Organisation, User
from egide.accounts.selectors import organisation_members_list

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


def members_queryset(organisation: Organisation) -> QuerySet[User]:
    """The people who may own an activity: the organisation's members (not revoked)."""
    members = organisation_members_list(organisation=organisation)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name", "email")


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.email})" if obj.full_name else obj.email


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: on the field it names when the form has it,
    above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def choices_with_blank(blank: Any, choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", blank), *choices]
