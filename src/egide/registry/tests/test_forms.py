"""The register's forms on their own: what they accept, what they refuse, what they hand the services."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egide.registry.forms import (
    ActivityCreateForm,
    ActivityFilterForm,
    SecurityMeasureForm,
    TransferForm,
    VendorForm,
    add_service_errors,
    validate_dpa_document,
)
from egide.registry.selectors import ActivityFilters
from egide.registry.tests.factories import (
    ActivitySecurityMeasureFactory,
    ProcessingActivityFactory,
    RecipientFactory,
)

pytestmark = pytest.mark.django_db


def test_filters_map_to_the_selectors_filters(organisation, member_factory):
    owner = member_factory("contributor")
    form = ActivityFilterForm(
        {
            "q": " billing ",
            "status": "validated",
            "special": "no",
            "findings": "critical",
            "owner": owner.pk,
            "template": "cctv",
            "sort": "-name",
        },
        organisation=organisation,
    )
    assert form.filters() == ActivityFilters(
        search="billing",
        status="validated",
        special_category=False,
        finding_severity="critical",
        owner_id=owner.pk,
        template_code="cctv",
        sort="-name",
    )


def test_owner_choices_are_the_organisations_members(
    organisation, other_organisation, member_factory
):
    stranger = member_factory("dpo", org=other_organisation)
    form = ActivityFilterForm({"owner": stranger.pk}, organisation=organisation)
    assert not form.is_valid()
    assert form.filters() == ActivityFilters()


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        ({"name": "Payroll", "record_kind": "controller"}, True),
        ({"template": "payroll", "record_kind": "controller"}, True),
        ({"record_kind": "controller"}, False),
        ({"template": "no_such_template", "record_kind": "controller"}, False),
    ],
)
def test_create_needs_a_name_or_a_known_template(organisation, data, valid):
    form = ActivityCreateForm(data, organisation=organisation, can_choose_owner=False)
    assert form.is_valid() is valid
    assert "owner" not in form.fields


def test_transfer_country_is_upper_cased_and_checked(organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    other = RecipientFactory(activity=ProcessingActivityFactory(organisation=organisation))
    form = TransferForm({"country": " us ", "recipient": other.pk}, activity=activity)
    assert not form.is_valid()
    assert "recipient" in form.errors  # a recipient of another activity is not a choice
    form = TransferForm({"country": "us"}, activity=activity)
    assert form.is_valid()
    assert form.changes()["country"] == "US"
    assert not TransferForm({"country": "QQ"}, activity=activity).is_valid()


def test_a_security_measure_keeps_its_code_once_recorded(organisation):
    measure = ActivitySecurityMeasureFactory(
        activity=ProcessingActivityFactory(organisation=organisation), measure="backup"
    )
    form = SecurityMeasureForm(
        {"measure": "mfa", "detail": "Weekly"}, activity=measure.activity, instance=measure
    )
    assert form.is_valid()
    assert form.changes() == {"detail": "Weekly"}


def _vendor_form(organisation, **data):
    return VendorForm({"name": "V", "role": "processor", **data}, organisation=organisation)


def test_an_untouched_clause_checklist_stays_not_filled_in(organisation):
    form = _vendor_form(organisation)
    assert form.is_valid()
    assert form.changes()["art28_clauses"] == {}
    signed = _vendor_form(organisation, contract_signed_on="2025-01-01")
    assert signed.is_valid()
    assert signed.changes()["art28_clauses"] == dict.fromkeys("abcdefgh", False)


def test_vendor_countries_are_codes(organisation):
    form = _vendor_form(organisation, processing_countries="fr,de  FR")
    assert form.is_valid()
    assert form.changes()["processing_countries"] == ["FR", "DE"]
    assert not _vendor_form(organisation, processing_countries="France").is_valid()


def test_an_edit_without_upload_keeps_the_document(organisation):
    from egide.registry.tests.factories import VendorFactory

    vendor = VendorFactory(organisation=organisation, dpa_document="1/vendors/dpa.pdf")
    form = VendorForm(
        {"name": "V", "role": "processor"}, organisation=organisation, instance=vendor
    )
    assert form.is_valid()
    assert "dpa_document" not in form.changes()
    form = VendorForm(
        {"name": "V", "role": "processor", "remove_dpa_document": "on"},
        organisation=organisation,
        instance=vendor,
    )
    assert form.is_valid()
    assert form.changes()["dpa_document"] == ""


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("agreement.pdf", b"%PDF-1.4 ...", True),
        ("agreement.ODT", b"PK\x03\x04rest", True),
        ("agreement.docx", b"PK\x03\x04rest", True),
        ("agreement.pdf", b"PK\x03\x04rest", False),
        ("agreement.html", b"<html>", False),
        ("agreement", b"%PDF-1.4", False),
    ],
)
def test_agreement_documents_are_checked_by_extension_and_content(name, content, ok):
    upload = SimpleUploadedFile(name, content)
    if ok:
        validate_dpa_document(upload)
    else:
        with pytest.raises(ValidationError):
            validate_dpa_document(upload)


class _Form(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_their_field_or_above_the_form():
    form = _Form({"name": "x"})
    assert form.is_valid()
    add_service_errors(
        form, ValidationError({"name": "Taken.", "organisation": "Other organisation."})
    )
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Other organisation."]
    plain = _Form({"name": "x"})
    plain.is_valid()
    add_service_errors(plain, ValidationError("Not now."))
    assert plain.non_field_errors() == ["Not now."]
