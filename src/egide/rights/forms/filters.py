"""The register of requests' filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egide.rights.choices import RequestStatus, Right

OPEN = "open"


class RequestFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
        help_text=_("Reference, requester or patient name"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (OPEN, _("Open (the clock runs)")), *RequestStatus.choices],
    )
    right = forms.ChoiceField(
        label=_("Right"), required=False, choices=[("", _("All")), *Right.choices]
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments of ``rights_requests_for`` (no filter when the form is not valid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "right": data["right"] or None,
            "mine": data["mine"],
            "overdue": True if data["overdue"] else None,
            "q": data["q"].strip(),
        }
