"""What the rights forms share: widgets, member choices, and service errors shown on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet

from egide.accounts.models import Organisation, User
from egide.accounts.roles import ROLE_PERMISSIONS, Perm, role_has
from egide.accounts.selectors import organisation_members_list

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


def members_with(organisation: Organisation, perm: Perm) -> QuerySet[User]:
    """The organisation's members (not revoked) whose role holds ``perm``."""
    roles = [role for role in ROLE_PERMISSIONS if role_has(role, perm)]
    members = organisation_members_list(organisation=organisation).filter(role__in=roles)
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
