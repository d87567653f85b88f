"""Forms of the public portal: the request form (with its honeypot and one-time submission key) and the
upload of a proof of identity or standing."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from egide.rights.choices import DocumentKind, RequesterCapacity, Right
from egide.rights.services import RequestIntake
from egide.rights.uploads import MAX_UPLOAD_BYTES

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
# The honeypot: a field people never see (visually hidden, out of the tab order, hidden from assistive
# technologies) but form-filling robots do.
HONEYPOT_FIELD = "website"


def new_submission_key() -> str:
    """A fresh one-time key for one rendering of the form: the same key POSTed twice stores one request."""
    return secrets.token_urlsafe(32)


class PortalRequestForm(forms.Form):
    right = forms.ChoiceField(
        label=_("Which right do you want to exercise?"),
        choices=Right.choices,
        widget=forms.RadioSelect,
    )
    includes_medical_record = forms.BooleanField(
        label=_("I ask for my medical record (or the patient's)"),
        required=False,
        help_text=_("Access to the medical record: Public Health Code, article L.1111-7."),
    )
    medical_record_older_than_5_years = forms.BooleanField(
        label=_("The medical information is over 5 years old"),
        required=False,
        help_text=_("The answer then comes within two months instead of eight days."),
    )
    requester_capacity = forms.ChoiceField(
        label=_("You are"),
        choices=RequesterCapacity.choices,
        initial=RequesterCapacity.SELF,
        widget=forms.RadioSelect,
    )
    requester_first_name = forms.CharField(label=_("First name"), max_length=120)
    requester_last_name = forms.CharField(label=_("Last name"), max_length=120)
    requester_email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send a link to this address: your request counts once you confirm it."),
    )
    requester_phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    requester_address = forms.CharField(
        label=_("Postal address"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed if you want the answer by post."),
    )
    patient_first_name = forms.CharField(
        label=_("Patient's first name"), max_length=120, required=False
    )
    patient_last_name = forms.CharField(
        label=_("Patient's last name"), max_length=120, required=False
    )
    patient_birth_name = forms.CharField(
        label=_("Patient's birth name"), max_length=120, required=False
    )
    patient_birth_date = forms.DateField(
        label=_("Patient's date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    patient_deceased = forms.BooleanField(label=_("The patient is deceased"), required=False)
    description = forms.CharField(
        label=_("Details of your request"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For example the department or the dates of your stay, or what should be corrected. "
            "Do not send medical details here."
        ),
    )
    electronic_answer = forms.BooleanField(
        label=_("I want the answer by electronic means"),
        required=False,
        initial=True,
        help_text=_("Otherwise we answer by post, at the address above."),
    )
    notice_acknowledged = forms.BooleanField(
        label=_("I have read the information notice above"),
        error_messages={"required": _("Please confirm that you have read the information notice.")},
    )
    health_data_consent = forms.BooleanField(
        label=_("I agree to receive my health data through the secure status page of my request"),
        required=False,
        help_text=_("Only for a medical record sent by electronic means."),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # A missing or malformed key is refused, and the form shown again carries a fresh one.
        self.key_renewed = self.is_bound and not SUBMISSION_KEY.match(
            str(self.data.get("submission_key", ""))
        )
        if self.key_renewed:
            data = self.data.copy()  # type: ignore[attr-defined]
            data["submission_key"] = new_submission_key()
            self.data = data
        if not self.is_bound:
            self.initial.setdefault("submission_key", new_submission_key())

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if self.key_renewed:
            self.add_error(
                None,
                forms.ValidationError(
                    _("This form has expired: please check it and send it again."), code="expired"
                ),
            )
        capacity = data.get("requester_capacity")
        if capacity and capacity != RequesterCapacity.SELF:
            for name in ("patient_first_name", "patient_last_name"):
                if not data.get(name):
                    self.add_error(
                        name,
                        forms.ValidationError(
                            _("Give the patient's name when you act for someone else."),
                            code="required",
                        ),
                    )
            if capacity == RequesterCapacity.HEIR:
                data["patient_deceased"] = True
        else:
            # Acting for oneself: the patient is the requester (fields shown without JavaScript are ignored).
            data.update(
                patient_first_name="",
                patient_last_name="",
                patient_birth_name="",
                patient_birth_date=None,
                patient_deceased=False,
            )
        if data.get("right") != Right.ACCESS:
            data["includes_medical_record"] = False
        if not data.get("includes_medical_record"):
            data["medical_record_older_than_5_years"] = False
        if not data.get("electronic_answer") and not data.get("requester_address", "").strip():
            self.add_error(
                "requester_address",
                forms.ValidationError(
                    _("Give your postal address to receive the answer by post."), code="required"
                ),
            )
        if (
            data.get("includes_medical_record")
            and data.get("electronic_answer")
            and not data.get("health_data_consent")
        ):
            self.add_error(
                "health_data_consent",
                forms.ValidationError(
                    _(
                        "To receive your medical record by electronic means, agree to receive it "
                        "through the secure status page, or untick the electronic answer to get it by post."
                    ),
                    code="required",
                ),
            )
        return data

    def intake(self, *, language: str) -> RequestIntake:
        data = self.cleaned_data
        return RequestIntake(
            right=data["right"],
            requester_first_name=data["requester_first_name"].strip(),
            requester_last_name=data["requester_last_name"].strip(),
            requester_email=data["requester_email"],
            requester_phone=data["requester_phone"].strip(),
            requester_address=data["requester_address"].strip(),
            requester_capacity=data["requester_capacity"],
            includes_medical_record=data["includes_medical_record"],
            medical_record_older_than_5_years=data["medical_record_older_than_5_years"],
            description=data["description"].strip(),
            patient_first_name=(data["patient_first_name"] or "").strip(),
            patient_last_name=(data["patient_last_name"] or "").strip(),
            patient_birth_name=(data["patient_birth_name"] or "").strip(),
            patient_birth_date=data["patient_birth_date"],
            patient_deceased=bool(data["patient_deceased"]),
            electronic_answer=data["electronic_answer"],
            language=language,
        )


class ProofUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Document"),
        choices=DocumentKind.choices,
        initial=DocumentKind.IDENTITY,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("At most %(size)s.") % {
            "size": filesizeformat(MAX_UPLOAD_BYTES)
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Refused before reading it into memory; the content itself is checked by the service.
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("This file is too big: at most %(size)s.")
                % {"size": filesizeformat(MAX_UPLOAD_BYTES)},
                code="too_big",
            )
        return upload
