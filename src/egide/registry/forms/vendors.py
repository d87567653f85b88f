"""Forms of vendors (processors, sub-processors, joint controllers), information systems and the DPO
designation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from egide.accounts.models import Organisation
from egide.registry.choices import ART_28_CLAUSES, HDS_ACTIVITIES, DpoKind, Hosting, VendorRole
from egide.registry.countries import validate_country_codes
from egide.registry.forms._common import DATE_INPUT, SHORT_TEXT
from egide.registry.models import DpoDesignation, InformationSystem, Vendor
from egide.registry.selectors import vendors_list
from egide.registry.services.dpo import DESIGNATION_FIELDS
from egide.registry.services.vendors import SYSTEM_FIELDS

DPA_MAX_BYTES = 10 * 1024 * 1024
# Accepted agreement documents and the first bytes each must start with (what the browser claims is not
# trusted: a renamed executable is refused).
DPA_SIGNATURES = {"pdf": (b"%PDF-",), "odt": (b"PK\x03\x04",), "docx": (b"PK\x03\x04",)}


def validate_dpa_document(upload: UploadedFile) -> None:
    """A PDF, ODT or DOCX document of at most 10 MB whose content matches its extension."""
    FileExtensionValidator(list(DPA_SIGNATURES))(upload)
    if upload.size is not None and upload.size > DPA_MAX_BYTES:
        raise ValidationError(
            _("The document is larger than %(max)s MB."), code="size", params={"max": 10}
        )
    extension = (upload.name or "").rsplit(".", 1)[-1].lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(DPA_SIGNATURES[extension]):
        raise ValidationError(
            _("The content of the file is not a %(kind)s document."),
            code="content",
            params={"kind": extension.upper()},
        )


class VendorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    siren = forms.CharField(label=_("SIREN"), required=False, max_length=20)
    role = forms.ChoiceField(label=_("Role"), choices=VendorRole.choices)
    contact_email = forms.EmailField(label=_("Privacy contact"), required=False)
    contract_signed_on = forms.DateField(
        label=_("Contract signed on"), required=False, widget=DATE_INPUT
    )
    contract_ends_on = forms.DateField(
        label=_("Contract ends on"), required=False, widget=DATE_INPUT
    )
    art28_clauses = forms.MultipleChoiceField(
        label=_("Art. 28(3) clauses in the contract"),
        required=False,
        choices=ART_28_CLAUSES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The checklist counts as filled in once a contract date or a clause is given."),
    )
    dpa_document = forms.FileField(
        label=_("Data processing agreement"),
        required=False,
        validators=[validate_dpa_document],
        widget=forms.FileInput(attrs={"accept": ".pdf,.odt,.docx"}),
        help_text=_("PDF, ODT or DOCX, 10 MB at most."),
    )
    remove_dpa_document = forms.BooleanField(
        label=_("Remove the agreement document"), required=False
    )
    dpa_reference = forms.CharField(label=_("Agreement reference"), required=False, max_length=200)
    processing_countries = forms.CharField(
        label=_("Countries where data is processed"),
        required=False,
        max_length=300,
        help_text=_("Two-letter ISO codes separated by spaces or commas, for example FR DE."),
    )
    hosts_health_data = forms.BooleanField(label=_("Hosts health data"), required=False)
    hds_certificate_number = forms.CharField(
        label=_("HDS certificate number"), required=False, max_length=100
    )
    hds_activities = forms.MultipleChoiceField(
        label=_("HDS activities covered"),
        required=False,
        choices=HDS_ACTIVITIES,
        widget=forms.CheckboxSelectMultiple,
    )
    hds_expires_on = forms.DateField(
        label=_("HDS certificate expires on"), required=False, widget=DATE_INPUT
    )
    dpf_certified = forms.BooleanField(
        label=_("Certified under the EU-US Data Privacy Framework"), required=False
    )
    subject_to_pipeda = forms.BooleanField(
        label=_("Commercial organisation subject to PIPEDA (Canada)"), required=False
    )
    sub_processors = forms.ModelMultipleChoiceField(
        label=_("Sub-processors"),
        required=False,
        queryset=Vendor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args: Any, organisation: Organisation, instance: Vendor | None = None, **kwargs: Any
    ) -> None:
        if instance is not None:
            fields = [
                n for n in self.base_fields if n not in {"dpa_document", "remove_dpa_document"}
            ]
            initial = {name: getattr(instance, name) for name in fields}
            initial["art28_clauses"] = [k for k, v in instance.art28_clauses.items() if v]
            initial["processing_countries"] = " ".join(instance.processing_countries)
            initial["sub_processors"] = list(instance.sub_processors.all())
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.instance = instance
        others = vendors_list(organisation=organisation)
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        self.fields["sub_processors"].queryset = others  # type: ignore[attr-defined]
        if instance is None or not instance.dpa_document:
            del self.fields["remove_dpa_document"]

    def clean_siren(self) -> str:
        return "".join(self.cleaned_data["siren"].split())

    def clean_processing_countries(self) -> list[str]:
        text = self.cleaned_data["processing_countries"].replace(",", " ").upper()
        codes = list(dict.fromkeys(text.split()))
        validate_country_codes(codes)
        return codes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        signed, ends = cleaned.get("contract_signed_on"), cleaned.get("contract_ends_on")
        if signed and ends and ends < signed:
            self.add_error("contract_ends_on", _("The contract ends before it was signed."))
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The vendor's fields as ``vendor_create``/``vendor_update`` take them (sub-processors apart)."""
        data = dict(self.cleaned_data)
        data.pop("sub_processors", None)
        ticked = set(data.pop("art28_clauses"))
        filled = bool(ticked) or data.get("contract_signed_on") is not None
        data["art28_clauses"] = (
            {code: code in ticked for code, _label in ART_28_CLAUSES} if filled else {}
        )
        document, remove = data.pop("dpa_document"), data.pop("remove_dpa_document", False)
        if document:
            data["dpa_document"] = document
        elif remove:
            data["dpa_document"] = ""
        return data


class InformationSystemForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=SHORT_TEXT)
    vendor = forms.ModelChoiceField(
        label=_("Vendor"), required=False, queryset=Vendor.objects.none(), empty_label=_("None")
    )
    hosting = forms.ChoiceField(label=_("Hosting"), choices=Hosting.choices)
    hosts_health_data = forms.BooleanField(label=_("Holds health data"), required=False)

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        instance: InformationSystem | None = None,
        **kwargs: Any,
    ) -> None:
        if instance is not None:
            kwargs.setdefault("initial", {name: getattr(instance, name) for name in SYSTEM_FIELDS})
        super().__init__(*args, **kwargs)
        self.fields["vendor"].queryset = vendors_list(organisation=organisation)  # type: ignore[attr-defined]

    def changes(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DpoDesignationForm(forms.Form):
    """The DPO's designation: completing the current one, or naming someone else (which ends it)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DpoKind.choices)
    person_name = forms.CharField(label=_("DPO's name"), max_length=200)
    firm_name = forms.CharField(label=_("Firm (external DPO)"), required=False, max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    designated_on = forms.DateField(label=_("Designated on"), widget=DATE_INPUT)
    declared_to_cnil_on = forms.DateField(
        label=_("Declared to the CNIL on"), required=False, widget=DATE_INPUT
    )
    cnil_designation_number = forms.CharField(
        label=_("CNIL designation number"), required=False, max_length=50
    )
    published_contact_url = forms.URLField(
        label=_("Published contact page (GDPR Art. 37(7))"), required=False, assume_scheme="https"
    )
    published_contact_email = forms.EmailField(
        label=_("Published contact address (GDPR Art. 37(7))"), required=False
    )

    def __init__(self, *args: Any, current: DpoDesignation | None = None, **kwargs: Any) -> None:
        if current is not None:
            kwargs.setdefault(
                "initial", {name: getattr(current, name) for name in DESIGNATION_FIELDS}
            )
        super().__init__(*args, **kwargs)

    def changes(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DpoDesignationEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE_INPUT)
