"""The adapter on recipients and transfers: vendors' contracts, clauses and HDS certificates, transfer
tools, adequacy frameworks and transfer impact assessments."""

from __future__ import annotations

from datetime import date

import pytest

from egide.registry.choices import RecipientKind, TransferTool, VendorRole
from egide.registry.facts import AdequacyFramework, Art28Clause, RecipientRole
from egide.registry.tests.factories import RecipientFactory, TransferFactory, VendorFactory
from egide.registry.tests.test_compliance_facts import (
    TODAY,
    complete_activity,
    facts_of,
    findings_of,
    rules_of,
)

pytestmark = pytest.mark.django_db


def test_a_processor_linked_to_a_vendor_takes_its_contract_and_clauses(organisation):
    activity = complete_activity(organisation)
    signed = VendorFactory(organisation=organisation, name="Signed")
    partial = VendorFactory(organisation=organisation, art28_clauses={"a": True, "b": False})
    unsigned = VendorFactory(organisation=organisation, contract_signed_on=None)
    for vendor in (signed, partial, unsigned):
        RecipientFactory(
            activity=activity, kind=RecipientKind.PROCESSOR, name=vendor.name, vendor=vendor
        )
    recipients = {r.name: r for r in facts_of(activity).recipients}
    assert recipients["Signed"].has_contract
    assert recipients["Signed"].art28_clauses == frozenset(Art28Clause)
    assert recipients[partial.name].art28_clauses == {Art28Clause.DOCUMENTED_INSTRUCTIONS}
    assert not recipients[unsigned.name].has_contract
    assert [(f.rule_id, f.params["recipient"]) for f in findings_of(activity)] == [
        ("PROCESSOR_CONTRACT_MISSING", unsigned.name),
        ("ART28_CLAUSES_MISSING", partial.name),
    ]


def test_an_empty_clause_checklist_is_not_filled_in(organisation):
    activity = complete_activity(organisation)
    vendor = VendorFactory(organisation=organisation, art28_clauses={})
    RecipientFactory(activity=activity, kind=RecipientKind.PROCESSOR, vendor=vendor)
    assert facts_of(activity).recipients[0].art28_clauses is None
    assert rules_of(activity) == []


@pytest.mark.parametrize(
    ("role", "processor"),
    [
        (VendorRole.PROCESSOR, True),
        (VendorRole.SUB_PROCESSOR, True),
        (VendorRole.JOINT_CONTROLLER, False),
    ],
)
def test_the_vendors_role_decides_whether_a_contract_is_due(organisation, role, processor):
    activity = complete_activity(organisation)
    vendor = VendorFactory(organisation=organisation, role=role, contract_signed_on=None)
    RecipientFactory(activity=activity, kind=RecipientKind.PROCESSOR, vendor=vendor)
    assert facts_of(activity).recipients[0].role == RecipientRole(role)
    assert ("PROCESSOR_CONTRACT_MISSING" in rules_of(activity)) is processor


@pytest.mark.parametrize(
    ("kind", "flagged"),
    [(RecipientKind.PROCESSOR, True), (RecipientKind.INTERNAL_SERVICE, False)],
)
def test_a_recipient_without_vendor_has_no_contract_recorded(organisation, kind, flagged):
    activity = complete_activity(organisation)
    RecipientFactory(activity=activity, kind=kind)
    assert ("PROCESSOR_CONTRACT_MISSING" in rules_of(activity)) is flagged


@pytest.mark.parametrize(
    ("number", "expires_on", "rule"),
    [
        ("", None, "HDS_CERTIFICATE_MISSING"),
        ("HDS-1", date(2026, 1, 14), "HDS_CERTIFICATE_EXPIRED"),
        ("HDS-1", date(2026, 1, 15), "HDS_CERTIFICATE_EXPIRING"),
        ("HDS-1", date(2027, 1, 15), None),
        ("HDS-1", None, None),  # valid without expiry date, as Vendor.hds_valid_on says
    ],
)
def test_the_hds_certificate_of_a_health_data_host(organisation, number, expires_on, rule):
    activity = complete_activity(organisation)
    vendor = VendorFactory(
        organisation=organisation,
        hosts_health_data=True,
        hds_certificate_number=number,
        hds_expires_on=expires_on,
    )
    RecipientFactory(activity=activity, kind=RecipientKind.PROCESSOR, vendor=vendor)
    assert facts_of(activity).recipients[0].hosts_health_data
    assert rules_of(activity) == ([rule] if rule else [])


def test_a_vendor_not_hosting_health_data_needs_no_certificate(organisation):
    activity = complete_activity(organisation)
    vendor = VendorFactory(organisation=organisation)
    RecipientFactory(activity=activity, kind=RecipientKind.PROCESSOR, vendor=vendor)
    assert rules_of(activity) == []


@pytest.mark.parametrize(
    ("country", "tool", "rule"),
    [
        ("US", "", "TRANSFER_TOOL_MISSING"),
        ("FR", "", None),
        ("BR", TransferTool.ADEQUACY, "TRANSFER_ADEQUACY_MISSING"),
        ("CH", TransferTool.ADEQUACY, None),
        ("US", TransferTool.DEROGATION, None),
    ],
)
def test_transfer_country_and_tool(organisation, country, tool, rule):
    activity = complete_activity(organisation)
    TransferFactory(activity=activity, country=country, tool=tool, derogation="a" if tool else "")
    assert rules_of(activity) == ([rule] if rule else [])


@pytest.mark.parametrize(
    ("country", "flags", "framework"),
    [
        ("US", {"dpf_certified": True}, AdequacyFramework.DPF),
        ("CA", {"subject_to_pipeda": True}, AdequacyFramework.PIPEDA),
    ],
)
def test_adequacy_limited_to_a_framework_reads_the_vendor(organisation, country, flags, framework):
    activity = complete_activity(organisation)
    plain = VendorFactory(organisation=organisation, name="Plain")
    certified = VendorFactory(organisation=organisation, name="Certified", **flags)
    TransferFactory(activity=activity, country=country, tool=TransferTool.ADEQUACY, vendor=plain)
    recipient = RecipientFactory(
        activity=activity, kind=RecipientKind.PROCESSOR, name="Certified", vendor=certified
    )
    TransferFactory(
        activity=activity, country=country, tool=TransferTool.ADEQUACY, recipient=recipient
    )
    transfers = {t.recipient: t for t in facts_of(activity).transfers}
    assert transfers["Certified"].recipient_frameworks == {framework}
    assert transfers["Plain"].recipient_frameworks == frozenset()
    scoped = [f for f in findings_of(activity) if f.rule_id == "TRANSFER_ADEQUACY_SCOPE"]
    assert [f.params["recipient"] for f in scoped] == ["Plain"]


@pytest.mark.parametrize(
    ("note", "assessed_on", "done"),
    [("", None, False), ("Supplementary measures: encryption", None, True), ("", TODAY, True)],
)
def test_transfer_impact_assessment(organisation, note, assessed_on, done):
    activity = complete_activity(organisation)
    TransferFactory(
        activity=activity, tool=TransferTool.SCC_MODULE_2, tia_note=note, tia_on=assessed_on
    )
    assert facts_of(activity).transfers[0].impact_assessment_done is done
    assert rules_of(activity) == ([] if done else ["TRANSFER_IMPACT_ASSESSMENT_MISSING"])
