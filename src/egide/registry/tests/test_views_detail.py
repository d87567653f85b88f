"""An activity's sheet: every Art. 30 field, its findings, its group sharing, for every role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.accounts.tests.factories import OrganisationFactory, OrganisationGroupFactory
from egide.core.clock import FrozenClock
from egide.registry.choices import (
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
    TransferTool,
)
from egide.registry.compliance import compliance_recompute
from egide.registry.services import (
    processing_activity_share_with_group,
    processing_activity_update,
)
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    ActivitySecurityMeasureFactory,
    ControllerServedFactory,
    DataCategoryFactory,
    DataSubjectCategoryFactory,
    DpoDesignationFactory,
    InformationSystemFactory,
    JointControllerFactory,
    ProcessingActivityFactory,
    PurposeFactory,
    RecipientFactory,
    TransferFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


def _url(activity):
    return reverse(
        "registry:activity_detail",
        kwargs={"org": activity.organisation.slug, "activity_id": activity.pk},
    )


def _full_activity(organisation):
    activity = ProcessingActivityFactory(
        organisation=organisation,
        reference="T-042",
        name="Electronic patient record",
        description="The record of every patient's care.",
        data_subject_count=120000,
        large_scale=True,
        representative="Nobody needed",
    )
    PurposeFactory(
        activity=activity,
        description="Coordinating care",
        is_main=True,
        legal_basis=LegalBasis.PUBLIC_TASK,
        legal_basis_reference="CSP L.6111-1",
        special_category_condition=SpecialCategoryCondition.HEALTH_CARE,
    )
    ActivityDataCategoryFactory(
        activity=activity,
        category=DataCategoryFactory(
            organisation=organisation, label="Diagnoses", is_special_category=True
        ),
        retention_duration=20,
        retention_unit=RetentionUnit.YEARS,
        retention_start=RetentionStart.LAST_STAY,
        retention_rule="medical_record_hospital",
    )
    vendor = VendorFactory(organisation=organisation, name="HDS Host")
    RecipientFactory(activity=activity, kind=RecipientKind.PROCESSOR, name="Hosting", vendor=vendor)
    TransferFactory(
        activity=activity, country="US", tool=TransferTool.SCC_MODULE_2, tia_note="Done"
    )
    ActivitySecurityMeasureFactory(activity=activity, measure="encryption_at_rest", detail="AES")
    JointControllerFactory(activity=activity, name="GHT partner")
    activity.data_subjects.add(
        DataSubjectCategoryFactory(organisation=organisation, label="Inpatients")
    )
    activity.systems.add(InformationSystemFactory(organisation=organisation, name="DxCare"))
    DpoDesignationFactory(organisation=organisation, person_name="Claire Martin")
    return activity


@pytest.mark.parametrize("role", ["dpo", "dpo_assistant", "manager", "contributor", "auditor"])
def test_every_member_reads_the_whole_sheet(login, member_factory, organisation, role):
    activity = _full_activity(organisation)
    response = login(member_factory(role)).get(_url(activity))
    assert response.status_code == 200
    content = response.content.decode()
    for text in [
        "T-042",
        "Electronic patient record",
        organisation.legal_name,
        "Claire Martin",
        "Coordinating care",
        "CSP L.6111-1",
        "Diagnoses",
        "CSP R.1112-7",
        "Hosting",
        "HDS Host",
        "US",
        "AES",
        "GHT partner",
        "Inpatients",
        "DxCare",
    ]:
        assert text in content, text


def test_edit_and_status_actions_follow_the_role(login, member_factory, organisation):
    contributor = member_factory("contributor")
    own = ProcessingActivityFactory(organisation=organisation, owner=contributor)
    other = ProcessingActivityFactory(organisation=organisation)
    client = login(contributor)
    assert client.get(_url(own)).context["can_edit"] is True
    assert client.get(_url(other)).context["can_edit"] is False
    assert client.get(_url(other)).context["can_validate"] is False
    manager = login(member_factory("manager"))
    response = manager.get(_url(other))
    assert response.context["can_validate"] is True
    assert response.context["can_edit"] is False
    assert "Validate" in response.content.decode()


def test_findings_show_message_article_and_fix(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation)  # nothing recorded
    compliance_recompute(organisation=organisation, clock=FrozenClock())
    response = login(dpo).get(_url(activity))
    findings = response.context["findings"]
    assert findings
    content = response.content.decode()
    for finding in findings:
        assert finding.message() in content
        assert finding.article() in content


def test_processor_record_shows_the_controllers_served(login, dpo, organisation):
    activity = ProcessingActivityFactory(
        organisation=organisation, record_kind=RecordKind.PROCESSOR
    )
    ControllerServedFactory(activity=activity, name="Clinique du Parc")
    content = login(dpo).get(_url(activity)).content.decode()
    assert "Clinique du Parc" in content
    assert "Art. 30(2)(a)" in content


def test_another_organisations_activity_is_not_found(login, dpo, other_organisation):
    activity = ProcessingActivityFactory(organisation=other_organisation)
    assert login(dpo).get(_url(activity)).status_code == 404


def test_group_copy_shows_its_source_and_overrides(login, member_factory):
    group = OrganisationGroupFactory()
    support = OrganisationFactory(group=group, is_group_support=True, legal_name="CHU Support")
    member = OrganisationFactory(group=group)
    source = ProcessingActivityFactory(organisation=support, reference="S-1")
    dpo = member_factory("dpo", org=member)
    (copy,) = processing_activity_share_with_group(actor=dpo, activity=source)
    processing_activity_update(actor=dpo, activity=copy, name="Local name")
    content = login(dpo).get(_url(copy)).content.decode()
    assert "CHU Support" in content
    assert "S-1" in content
    assert "Overridden here:" in content
    support_dpo = member_factory("dpo", org=support)
    copies = login(support_dpo).get(_url(source)).context["group_copies"]
    assert [(c["organisation"], c["status"]) for c in copies] == [(member.legal_name, "Draft")]
    assert [str(label) for label in copies[0]["overridden"]] == ["name"]
