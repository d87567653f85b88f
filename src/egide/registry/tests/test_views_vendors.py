"""Processors and systems: list, sheets, creation and edition, the agreement document upload."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from egide.core.testing import db_snapshot, snapshot_changes
from egide.registry.choices import Hosting, VendorRole
from egide.registry.forms.vendors import DPA_MAX_BYTES
from egide.registry.models import InformationSystem, Vendor
from egide.registry.tests.factories import (
    InformationSystemFactory,
    ProcessingActivityFactory,
    RecipientFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%test agreement\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _url(name, organisation, **kwargs):
    return reverse(f"registry:{name}", kwargs={"org": organisation.slug, **kwargs})


def _vendors(organisation):
    return Vendor.objects.for_organisation(organisation)


def _vendor_data(**changes):
    data = {
        "name": "Hosting SA",
        "role": VendorRole.PROCESSOR,
        "contract_signed_on": "2025-01-10",
        "art28_clauses": ["a", "b", "c"],
        "processing_countries": "fr, de",
        "hosts_health_data": "on",
        "hds_certificate_number": "HDS-42",
        "hds_activities": ["backup", "physical_sites"],
        "hds_expires_on": "2027-05-01",
    }
    data.update(changes)
    return data


def test_list_filters_vendors_and_shows_systems(login, member_factory, organisation):
    VendorFactory(organisation=organisation, name="Alpha", role=VendorRole.PROCESSOR)
    VendorFactory(organisation=organisation, name="Beta", role=VendorRole.JOINT_CONTROLLER)
    InformationSystemFactory(organisation=organisation, name="PACS")
    client = login(member_factory("auditor"))
    response = client.get(_url("vendor_list", organisation))
    assert [v.name for v in response.context["vendors"]] == ["Alpha", "Beta"]
    assert "PACS" in response.content.decode()
    assert response.context["can_edit"] is False
    filtered = client.get(_url("vendor_list", organisation) + "?role=joint_controller")
    assert [v.name for v in filtered.context["vendors"]] == ["Beta"]
    assert client.get(_url("vendor_list", organisation) + "?role=x").status_code == 400
    table = client.get(_url("vendor_list", organisation) + "?q=alp", headers={"HX-Request": "true"})
    assert table.content.decode().lstrip().startswith('<div id="vendor-table"')
    assert "Beta" not in table.content.decode()


def test_create_a_vendor_with_its_agreement(login, dpo, organisation, media):
    upload = SimpleUploadedFile("dpa.pdf", PDF, content_type="application/pdf")
    response = login(dpo).post(
        _url("vendor_create", organisation), _vendor_data(dpa_document=upload)
    )
    vendor = _vendors(organisation).get()
    assert response.status_code == 302
    assert response["Location"] == _url("vendor_detail", organisation, vendor_id=vendor.pk)
    assert vendor.art28_clauses == {c: c in "abc" for c in "abcdefgh"}
    assert vendor.processing_countries == ["FR", "DE"]
    assert vendor.hds_activities == ["backup", "physical_sites"]
    assert vendor.dpa_document.name.startswith(f"{organisation.pk}/vendors/")
    assert (media / vendor.dpa_document.name).read_bytes() == PDF
    download = login(dpo).get(_url("vendor_agreement", organisation, vendor_id=vendor.pk))
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("dpa.exe", PDF, "extension"),
        ("dpa.pdf", b"MZ\x90\x00 not a pdf", "not a PDF document"),
        ("dpa.docx", PDF, "not a DOCX document"),
        ("dpa.pdf", b"%PDF-" + b"0" * DPA_MAX_BYTES, "larger than 10 MB"),
    ],
)
def test_agreement_upload_is_checked(login, dpo, organisation, media, name, content, error):
    client = login(dpo)
    before = db_snapshot()
    upload = SimpleUploadedFile(name, content)
    response = client.post(_url("vendor_create", organisation), _vendor_data(dpa_document=upload))
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors["dpa_document"])
    assert snapshot_changes(before, db_snapshot()) == []
    assert not list(media.rglob("*.*"))


def test_invalid_vendor_shows_errors_per_field(login, dpo, organisation):
    client = login(dpo)
    before = db_snapshot()
    response = client.post(
        _url("vendor_create", organisation),
        _vendor_data(
            name="", processing_countries="FR ZZ", contract_ends_on="2024-01-01", siren="123"
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "processing_countries", "contract_ends_on"} <= set(errors)
    assert snapshot_changes(before, db_snapshot()) == []


def test_edit_a_vendor_and_its_sub_processors(login, dpo, organisation):
    vendor = VendorFactory(organisation=organisation, name="Main")
    sub = VendorFactory(organisation=organisation, name="Sub", role=VendorRole.SUB_PROCESSOR)
    client = login(dpo)
    form = client.get(_url("vendor_edit", organisation, vendor_id=vendor.pk)).context["form"]
    assert vendor not in form.fields["sub_processors"].queryset
    response = client.post(
        _url("vendor_edit", organisation, vendor_id=vendor.pk),
        _vendor_data(name="Main", art28_clauses=list("abcdefgh"), sub_processors=[sub.pk]),
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.missing_art28_clauses == []
    assert list(vendor.sub_processors.all()) == [sub]
    page = client.get(_url("vendor_detail", organisation, vendor_id=sub.pk))
    assert list(page.context["engaged_by"]) == [vendor]


def test_vendor_sheet_shows_contract_hds_and_links(login, member_factory, organisation):
    vendor = VendorFactory(
        organisation=organisation,
        name="Cloud Care",
        hosts_health_data=True,
        hds_certificate_number="HDS-1",
        hds_expires_on=date(2020, 1, 1),
    )
    activity = ProcessingActivityFactory(organisation=organisation, name="Telemedicine")
    RecipientFactory(activity=activity, vendor=vendor)
    InformationSystemFactory(organisation=organisation, vendor=vendor, name="Teleconsult app")
    response = login(member_factory("contributor")).get(
        _url("vendor_detail", organisation, vendor_id=vendor.pk)
    )
    content = response.content.decode()
    assert response.context["hds_valid"] is False
    assert "expired" in content
    assert "Telemedicine" in content
    assert "Teleconsult app" in content
    assert response.context["can_edit"] is False


def test_no_agreement_document_sends_back_to_the_vendor(login, dpo, organisation):
    vendor = VendorFactory(organisation=organisation)
    response = login(dpo).get(_url("vendor_agreement", organisation, vendor_id=vendor.pk))
    assert response.status_code == 302
    assert response["Location"] == _url("vendor_detail", organisation, vendor_id=vendor.pk)


@pytest.mark.parametrize("role", ["manager", "contributor", "auditor"])
def test_only_the_dpo_and_assistants_change_vendors_and_systems(
    login, member_factory, organisation, role
):
    vendor = VendorFactory(organisation=organisation, name="Kept")
    system = InformationSystemFactory(organisation=organisation, name="Kept system")
    client = login(member_factory(role))
    before = db_snapshot()
    assert client.get(_url("vendor_create", organisation)).status_code == 403
    assert client.post(_url("vendor_create", organisation), _vendor_data()).status_code == 403
    edit = _url("vendor_edit", organisation, vendor_id=vendor.pk)
    assert client.post(edit, _vendor_data(name="Changed")).status_code == 403
    system_edit = _url("system_edit", organisation, system_id=system.pk)
    assert client.post(system_edit, {"name": "X", "hosting": "saas"}).status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []


def test_outsiders_do_not_see_vendors(login, outsider, organisation):
    vendor = VendorFactory(organisation=organisation)
    client = login(outsider)
    assert client.get(_url("vendor_detail", organisation, vendor_id=vendor.pk)).status_code == 404
    assert (
        client.get(_url("vendor_agreement", organisation, vendor_id=vendor.pk)).status_code == 404
    )


def test_create_and_edit_a_system(login, member_factory, organisation):
    assistant = member_factory("dpo_assistant")
    vendor = VendorFactory(organisation=organisation)
    client = login(assistant)
    response = client.post(
        _url("system_create", organisation),
        {
            "name": "LIS",
            "vendor": vendor.pk,
            "hosting": Hosting.HDS_HOST,
            "hosts_health_data": "on",
        },
    )
    system = InformationSystem.objects.for_organisation(organisation).get()
    assert response.status_code == 302
    assert (system.vendor, system.hosting, system.hosts_health_data) == (
        vendor,
        Hosting.HDS_HOST,
        True,
    )
    activity = ProcessingActivityFactory(organisation=organisation, name="Laboratory")
    activity.systems.add(system)
    page = client.get(_url("system_detail", organisation, system_id=system.pk))
    assert "Laboratory" in page.content.decode()
    bad = client.post(
        _url("system_edit", organisation, system_id=system.pk), {"name": "", "hosting": "moon"}
    )
    assert bad.status_code == 400
    assert {"name", "hosting"} <= set(bad.context["form"].errors)
    system.refresh_from_db()
    assert system.name == "LIS"
