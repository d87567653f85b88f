"""Recording a request received on paper, by telephone, by email or in person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egide.rights.choices import Channel, RequesterCapacity, Right
from egide.rights.forms._common import DATE_INPUT, SHORT_TEXT

# A portal or API request files itself; staff record the others.
STAFF_CHANNELS = [(c.value, c.label) for c in Channel if c not in (Channel.PORTAL, Channel.API)]
LANGUAGE_CHOICES = [("fr", "Français"), ("en", "English")]

# The fields handed to ``RequestIntake`` as they are.
INTAKE_FIELDS = (
    "right",
    "requester_first_name",
    "requester_last_name",
    "requester_email",
    "requester_phone",
    "requester_address",
    "requester_capacity",
    "includes_medical_record",
    "medical_record_older_than_5_years",
    "description",
    "patient_first_name",
    "patient_last_name",
    "patient_birth_name",
    "patient_birth_date",
    "patient_deceased",
    "electronic_answer",
    "language",
)


class RecordRequestForm(forms.Form):
    channel = forms.ChoiceField(label=_("Received by"), choices=STAFF_CHANNELS)
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DATE_INPUT,
        help_text=_("The day the request reached the organisation: the deadlines run from it."),
    )
    right = forms.ChoiceField(label=_("Right exercised"), choices=Right.choices)
    includes_medical_record = forms.BooleanField(
        label=_("Access to the medical record (CSP L.1111-7)"), required=False
    )
    medical_record_older_than_5_years = forms.BooleanField(
        label=_("The medical information is over 5 years old"), required=False
    )
    description = forms.CharField(
        label=_("Details of the request"), required=False, widget=SHORT_TEXT
    )
    requester_capacity = forms.ChoiceField(
        label=_("The requester is"), choices=RequesterCapacity.choices
    )
    requester_first_name = forms.CharField(label=_("Requester's first name"), max_length=120)
    requester_last_name = forms.CharField(label=_("Requester's last name"), max_length=120)
    requester_email = forms.EmailField(label=_("Requester's email"), required=False)
    requester_phone = forms.CharField(
        label=_("Requester's telephone"), max_length=40, required=False
    )
    requester_address = forms.CharField(
        label=_("Requester's postal address"), required=False, widget=SHORT_TEXT
    )
    patient_first_name = forms.CharField(
        label=_("Patient's first name"),
        max_length=120,
        required=False,
        help_text=_("When the requester acts for someone else."),
    )
    patient_last_name = forms.CharField(
        label=_("Patient's last name"), max_length=120, required=False
    )
    patient_birth_name = forms.CharField(
        label=_("Patient's birth name"), max_length=120, required=False
    )
    patient_birth_date = forms.DateField(
        label=_("Patient's date of birth"), required=False, widget=DATE_INPUT
    )
    patient_deceased = forms.BooleanField(label=_("The patient is deceased"), required=False)
    electronic_answer = forms.BooleanField(
        label=_("Answer by electronic means"), required=False, initial=True
    )
    language = forms.ChoiceField(label=_("Language of the letters"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_received_on(self) -> date:
        received: date = self.cleaned_data["received_on"]
        if received > self.today:
            raise forms.ValidationError(_("The receipt date cannot be in the future."))
        return received

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("electronic_answer") and not cleaned.get("requester_email"):
            self.add_error(
                "requester_email", _("Give an email address to answer by electronic means.")
            )
        return cleaned

    def intake_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in INTAKE_FIELDS}
