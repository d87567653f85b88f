"""Write services on vendors, information systems and the DPO designation record: audited, validated,
refusals leave nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from egide.core.clock import FrozenClock
from egide.core.models import AuditEvent
from egide.registry import services
from egide.registry.choices import (
    DpoKind,
)
from egide.registry.models import Vendor
from egide.registry.selectors import (
    dpo_designation_current,
    dpo_designations_list,
)
from egide.registry.tests.factories import (
    ProcessingActivityFactory,
    RecipientFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    return FrozenClock()


def events(organisation, action):
    return list(
        AuditEvent.objects.filter(organisation=organisation, action=action).order_by("sequence")
    )


def test_vendor_lifecycle(organisation, dpo, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    vendor = services.vendor_create(
        actor=dpo,
        organisation=organisation,
        name="Hébergeur Santé",
        clock=clock,
        hosts_health_data=True,
        art28_clauses={"a": True, "b": True},
        hds_certificate_number="HDS-1",
        hds_activities=["backup"],
        hds_expires_on=date(2027, 5, 1),
        processing_countries=["FR", "DE"],
    )
    services.vendor_update(
        actor=dpo,
        vendor=vendor,
        contract_signed_on=date(2025, 2, 1),
        dpa_document=SimpleUploadedFile("dpa.pdf", b"%PDF-1.4 agreement"),
    )
    assert vendor.dpa_document.name.startswith(f"{organisation.pk}/vendors/dpa")
    (update,) = events(organisation, "vendor.update")
    assert update.after["contract_signed_on"] == "2025-02-01"
    assert update.after["dpa_document"].endswith(".pdf")
    for bad in (
        {"art28_clauses": {"z": True}},
        {"hds_activities": ["cooking"]},
        {"processing_countries": ["XX"]},
    ):
        with pytest.raises(ValidationError):
            services.vendor_update(actor=dpo, vendor=vendor, **bad)
    sub = VendorFactory(organisation=organisation, name="Backup Co")
    services.vendor_set_sub_processors(actor=dpo, vendor=vendor, sub_processors=[sub])
    assert list(vendor.sub_processors.all()) == [sub]
    assert list(sub.engaged_by.all()) == [vendor]
    RecipientFactory(activity=ProcessingActivityFactory(organisation=organisation), vendor=sub)
    with pytest.raises(ValidationError):
        services.vendor_delete(actor=dpo, vendor=sub)
    assert Vendor.objects.for_organisation(organisation).filter(pk=sub.pk).exists()
    assert not events(organisation, "vendor.delete")


def test_information_system_update_is_audited(organisation, dpo):
    system = services.information_system_create(actor=dpo, organisation=organisation, name="DPI")
    services.information_system_update(actor=dpo, system=system, hosts_health_data=True)
    (event,) = events(organisation, "information_system.update")
    assert event.before == {"hosts_health_data": False}
    assert event.after == {"hosts_health_data": True}


def test_dpo_designation_set_completes_then_replaces(organisation, dpo):
    first = services.dpo_designation_set(
        actor=dpo,
        organisation=organisation,
        kind=DpoKind.EXTERNAL,
        person_name="Claire Delorme",
        firm_name="Protégo Santé",
        email="dpo@protego.example",
        designated_on=date(2024, 1, 2),
    )
    same = services.dpo_designation_set(
        actor=dpo,
        organisation=organisation,
        declared_to_cnil_on=date(2024, 1, 10),
        cnil_designation_number="DPO-12345",
        published_contact_email="dpo@chu.example",
    )
    assert same.pk == first.pk
    assert same.contact_published
    (update,) = events(organisation, "dpo_designation.update")
    assert update.after["cnil_designation_number"] == "DPO-12345"
    second = services.dpo_designation_set(
        actor=dpo,
        organisation=organisation,
        kind=DpoKind.INTERNAL,
        person_name="Marc Petit",
        email="marc.petit@chu.example",
        designated_on=date(2026, 1, 1),
    )
    first.refresh_from_db()
    assert first.ended_on == date(2026, 1, 1)
    assert dpo_designation_current(organisation=organisation) == second
    assert list(dpo_designations_list(organisation=organisation)) == [second, first]
    services.dpo_designation_end(actor=dpo, organisation=organisation, ended_on=date(2026, 6, 30))
    assert dpo_designation_current(organisation=organisation) is None
    with pytest.raises(ValidationError):
        services.dpo_designation_end(
            actor=dpo, organisation=organisation, ended_on=date(2026, 7, 1)
        )
    assert [e.action for e in AuditEvent.objects.filter(organisation=organisation)] == [
        "dpo_designation.create",
        "dpo_designation.update",
        "dpo_designation.end",
        "dpo_designation.create",
        "dpo_designation.end",
    ]


def test_dpo_designation_refuses_an_external_dpo_without_firm(organisation, dpo):
    with pytest.raises(ValidationError):
        services.dpo_designation_set(
            actor=dpo,
            organisation=organisation,
            kind=DpoKind.EXTERNAL,
            person_name="X",
            email="x@example.org",
            designated_on=date(2024, 1, 1),
        )
    assert dpo_designation_current(organisation=organisation) is None
