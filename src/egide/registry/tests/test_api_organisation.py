"""The register's API, organisation-wide records: vendors (processors), information systems and data
categories."""

from __future__ import annotations

import pytest

from egide.registry import services
from egide.registry.models import DataCategory, InformationSystem, Vendor
from egide.registry.tests.api_client import (
    events_since,
    fields_of,
    last_event_id,
    registry_url,
    token_client,
)
from egide.registry.tests.factories import (
    ProcessingActivityFactory,
    RecipientFactory,
    VendorFactory,
)


def test_dpo_records_a_vendor_with_its_clauses_countries_and_sub_processors(organisation, dpo):
    sub = VendorFactory(organisation=organisation, name="Sous-traitant ultérieur")
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = client.post(
        registry_url(organisation, "vendors"),
        {
            "name": "Hébergeur HDS",
            "role": "processor",
            "contract_signed_on": "2024-03-01",
            "art28_clauses": {"a": True, "b": True, "h": False},
            "processing_countries": ["FR", "DE", "FR"],
            "hosts_health_data": True,
            "hds_certificate_number": "HDS-123",
            "hds_activities": ["physical_sites", "backup"],
            "hds_expires_on": "2027-06-30",
            "sub_processors": [sub.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["processing_countries"] == ["FR", "DE"]
    assert body["missing_art28_clauses"] == ["c", "d", "e", "f", "g", "h"]
    assert body["sub_processors"] == [sub.pk]
    assert body["has_dpa_document"] is False
    actions = [action for action, actor in events_since(since) if actor == dpo.pk]
    assert actions == ["vendor.create", "vendor.set_sub_processors"]


def test_vendor_list_filters_and_patch(organisation, dpo):
    kept = VendorFactory(organisation=organisation, name="Laboratoire partenaire")
    VendorFactory(organisation=organisation, name="Éditeur", role="joint_controller")
    client = token_client(dpo, organisation)
    listed = client.get(registry_url(organisation, "vendors"), {"role": "processor"}).json()
    assert [v["name"] for v in listed["results"]] == ["Laboratoire partenaire"]
    assert "role" in fields_of(client.get(registry_url(organisation, "vendors"), {"role": "x"}))
    changed = client.patch(
        registry_url(organisation, "vendors", kept.pk), {"contract_ends_on": "2028-01-01"}
    )
    assert changed.json()["contract_ends_on"] == "2028-01-01"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "X", "processing_countries": ["ZZ"]}, "processing_countries.0"),
        ({"name": "X", "hds_activities": ["cooking"]}, "hds_activities.0"),
        ({"name": "X", "art28_clauses": {"a": "maybe"}}, "art28_clauses.a"),
        ({"name": "X", "sub_processors": [999999]}, "sub_processors.0"),
        ({"name": "X", "siren": "123"}, "siren"),
        ({}, "name"),
    ],
)
def test_a_bad_vendor_is_refused_with_its_field(organisation, dpo, payload, field):
    client = token_client(dpo, organisation)
    since = last_event_id()
    response = client.post(registry_url(organisation, "vendors"), payload, format="json")
    assert field in fields_of(response)
    assert not Vendor.objects.for_organisation(organisation).exists()
    assert events_since(since) == []


def test_a_vendor_still_named_cannot_be_deleted(organisation, dpo):
    named = VendorFactory(organisation=organisation)
    RecipientFactory(activity=ProcessingActivityFactory(organisation=organisation), vendor=named)
    spare = VendorFactory(organisation=organisation)
    client = token_client(dpo, organisation)
    since = last_event_id()
    assert client.delete(registry_url(organisation, "vendors", named.pk)).status_code == 400
    assert events_since(since) == []
    assert client.delete(registry_url(organisation, "vendors", spare.pk)).status_code == 204
    assert list(Vendor.objects.for_organisation(organisation)) == [named]


@pytest.mark.parametrize("role", ["contributor", "manager", "auditor"])
def test_only_the_dpo_and_assistants_change_vendors_and_systems(organisation, member_factory, role):
    user = member_factory(role)
    vendor = VendorFactory(organisation=organisation, name="Same")
    client = token_client(user, organisation)
    assert client.get(registry_url(organisation, "vendors", vendor.pk)).status_code == 200
    since = last_event_id()
    responses = [
        client.post(registry_url(organisation, "vendors"), {"name": "New"}, format="json"),
        client.patch(registry_url(organisation, "vendors", vendor.pk), {"name": "Other"}),
        client.delete(registry_url(organisation, "vendors", vendor.pk)),
        client.post(registry_url(organisation, "systems"), {"name": "DPI"}, format="json"),
        client.post(
            registry_url(organisation, "data-categories"),
            {"code": "local.x", "label": "X"},
            format="json",
        ),
    ]
    assert [r.status_code for r in responses] == [403] * 5
    assert list(Vendor.objects.for_organisation(organisation).values_list("name", flat=True)) == [
        "Same"
    ]
    assert not InformationSystem.objects.for_organisation(organisation).exists()
    assert events_since(since) == []


def test_systems_are_created_and_changed(organisation, other_organisation, member_factory):
    assistant = member_factory("dpo_assistant")
    vendor = VendorFactory(organisation=organisation, name="Éditeur du DPI")
    client = token_client(assistant, organisation)
    created = client.post(
        registry_url(organisation, "systems"),
        {"name": "DPI", "vendor": vendor.pk, "hosting": "hds_host", "hosts_health_data": True},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["vendor_name"] == "Éditeur du DPI"
    foreign = VendorFactory(organisation=other_organisation)
    refused = client.patch(
        registry_url(organisation, "systems", created.json()["id"]),
        {"vendor": foreign.pk},
        format="json",
    )
    assert "vendor" in fields_of(refused)
    changed = client.patch(
        registry_url(organisation, "systems", created.json()["id"]), {"hosting": "saas"}
    )
    assert changed.json()["hosting"] == "saas"
    assert client.get(registry_url(organisation, "systems")).json()["count"] == 1


def test_data_categories_custom_ones_and_built_in_labels(organisation, dpo):
    services.data_categories_ensure(organisation=organisation)
    client = token_client(dpo, organisation)
    created = client.post(
        registry_url(organisation, "data-categories"),
        {"code": "local.badge", "label": "Badge number", "is_special_category": False},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["builtin"] is False
    assert "code" in fields_of(
        client.post(
            registry_url(organisation, "data-categories"),
            {"code": "Not A Code", "label": "X"},
            format="json",
        )
    )
    builtin = DataCategory.objects.for_organisation(organisation).get(code="health")
    relabelled = client.patch(
        registry_url(organisation, "data-categories", builtin.pk), {"label": "Santé"}
    )
    assert relabelled.status_code == 200, relabelled.content
    recoded = client.patch(
        registry_url(organisation, "data-categories", builtin.pk), {"code": "sante"}
    )
    assert "code" in fields_of(recoded)
    builtin.refresh_from_db()
    assert (builtin.code, builtin.label) == ("health", "Santé")
    codes = {
        c["code"]
        for c in client.get(
            registry_url(organisation, "data-categories"), {"page_size": 500}
        ).json()["results"]
    }
    assert {"local.badge", "health.medical_record"} <= codes
