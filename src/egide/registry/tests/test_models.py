"""The register's models: tenancy, constraints, validation, derived properties."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from egide.core.tenancy import TenantModel, UnscopedQueryError
from egide.registry import models as registry_models
from egide.registry.choices import DpoKind, TransferTool
from egide.registry.models import (
    ActivityDataCategory,
    DataCategory,
    ProcessingActivity,
    Purpose,
    Transfer,
    Vendor,
    vendor_document_path,
)
from egide.registry.tests.factories import (
    ActivityDataCategoryFactory,
    ActivitySecurityMeasureFactory,
    ComplianceFindingFactory,
    ComplianceSummaryFactory,
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

TENANT_MODELS = sorted(
    (
        m
        for m in vars(registry_models).values()
        if isinstance(m, type) and issubclass(m, TenantModel)
    ),
    key=lambda m: m.__name__,
)
FACTORIES = [
    ActivityDataCategoryFactory,
    ActivitySecurityMeasureFactory,
    ComplianceFindingFactory,
    ComplianceSummaryFactory,
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
]


def test_every_register_model_is_tenant_owned_and_has_a_factory():
    assert len(TENANT_MODELS) == 15
    assert {f._meta.model for f in FACTORIES} == set(TENANT_MODELS)


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f._meta.model.__name__)
def test_factories_build_valid_objects_and_unscoped_queries_raise(factory, organisation):
    kwargs = (
        {"organisation": organisation}
        if "activity" not in factory._meta.declarations
        else {"activity": ProcessingActivityFactory(organisation=organisation)}
    )
    obj = factory(**kwargs)
    obj.full_clean()
    model = type(obj)
    with pytest.raises(UnscopedQueryError):
        list(model.objects.all())
    with pytest.raises(UnscopedQueryError):
        model.objects.filter(pk=obj.pk).exists()
    with pytest.raises(UnscopedQueryError):
        model.objects.count()
    assert list(model.objects.for_organisation(organisation)) == [obj]


def test_children_are_reached_through_their_parent_including_many_to_many(organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    purpose = PurposeFactory(activity=activity)
    system = InformationSystemFactory(organisation=organisation)
    subjects = DataSubjectCategoryFactory(organisation=organisation)
    activity.systems.add(system)
    activity.data_subjects.add(subjects)

    assert list(activity.purposes.all()) == [purpose]
    assert list(activity.systems.all()) == [system]
    assert list(system.activities.all()) == [activity]
    fetched = ProcessingActivity.objects.for_organisation(organisation).prefetch_related(
        "purposes", "systems", "data_subjects"
    )
    (only,) = fetched
    assert list(only.systems.all()) == [system]
    assert list(only.data_subjects.all()) == [subjects]


def test_reference_is_unique_per_organisation_only(organisation, other_organisation):
    ProcessingActivityFactory(organisation=organisation, reference="T-001")
    ProcessingActivityFactory(organisation=other_organisation, reference="T-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcessingActivityFactory(organisation=organisation, reference="T-001")


def test_an_activity_has_at_most_one_main_purpose(organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    PurposeFactory(activity=activity, is_main=True)
    second = PurposeFactory.build(activity=activity, organisation=organisation, is_main=True)
    with pytest.raises(ValidationError):
        second.full_clean()
    PurposeFactory(activity=activity, is_main=False)
    assert Purpose.objects.filter(activity=activity).count() == 2


def test_links_to_another_organisation_fail_validation(organisation, other_organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    foreign_category = DataCategoryFactory(organisation=other_organisation)
    row = ActivityDataCategory(
        organisation=organisation, activity=activity, category=foreign_category
    )
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert "category" in caught.value.message_dict
    transfer = Transfer(
        organisation=organisation,
        activity=activity,
        country="US",
        vendor=VendorFactory(organisation=other_organisation),
    )
    with pytest.raises(ValidationError) as caught:
        transfer.full_clean()
    assert "vendor" in caught.value.message_dict


def test_retention_needs_unit_and_start_with_a_duration_and_a_known_rule(organisation):
    row = ActivityDataCategoryFactory.build(
        activity=ProcessingActivityFactory(organisation=organisation),
        organisation=organisation,
        category=DataCategoryFactory(organisation=organisation),
        retention_unit="",
        retention_start="",
        retention_rule="no_such_rule",
    )
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert set(caught.value.message_dict) == {"retention_unit", "retention_start", "retention_rule"}
    criteria_only = ActivityDataCategoryFactory(
        activity=row.activity,
        retention_duration=None,
        retention_unit="",
        retention_start="",
        retention_criteria="While the account is active",
    )
    criteria_only.full_clean()
    assert criteria_only.has_retention
    criteria_only.retention_criteria = "  "
    assert not criteria_only.has_retention


@pytest.mark.parametrize(
    ("country", "tool", "derogation", "error"),
    [
        ("US", TransferTool.DEROGATION, "", "derogation"),
        ("US", TransferTool.SCC_MODULE_2, "a", "derogation"),
        ("XX", TransferTool.ADEQUACY, "", "country"),
        ("us", TransferTool.ADEQUACY, "", "country"),
    ],
)
def test_transfer_validation(organisation, country, tool, derogation, error):
    transfer = TransferFactory.build(
        activity=ProcessingActivityFactory(organisation=organisation),
        organisation=organisation,
        country=country,
        tool=tool,
        derogation=derogation,
    )
    with pytest.raises(ValidationError) as caught:
        transfer.full_clean()
    assert error in caught.value.message_dict


def test_transfer_with_a_derogation_letter_is_valid(organisation):
    transfer = TransferFactory(
        activity=ProcessingActivityFactory(organisation=organisation),
        tool=TransferTool.DEROGATION,
        derogation="a",
    )
    transfer.full_clean()


def test_vendor_clauses_and_hds_certificate(organisation):
    vendor = VendorFactory(
        organisation=organisation, art28_clauses={"a": True, "b": True, "c": False}
    )
    assert vendor.missing_art28_clauses == ["c", "d", "e", "f", "g", "h"]
    assert not vendor.hds_valid_on(date(2026, 1, 1))
    vendor.hds_certificate_number = "HDS-2023-042"
    vendor.hds_expires_on = date(2026, 5, 16)
    assert vendor.hds_valid_on(date(2026, 5, 16))
    assert not vendor.hds_valid_on(date(2026, 5, 17))
    vendor.hds_activities = ["physical_sites", "backup"]
    assert not vendor.hds_covers_all_activities
    assert vendor_document_path(vendor, "dpa.pdf") == f"{organisation.pk}/vendors/dpa.pdf"
    without_contract = Vendor(organisation=organisation, name="No contract")
    assert not without_contract.has_contract


def test_builtin_categories_show_the_translated_label_custom_ones_their_own(organisation):
    builtin = DataCategory(organisation=organisation, code="health", label="stored", builtin=True)
    custom = DataCategory(organisation=organisation, code="health", label="Our own wording")
    assert str(builtin) == "Health data"
    assert str(custom) == "Our own wording"


def test_one_current_dpo_designation_and_date_order(organisation):
    DpoDesignationFactory(organisation=organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        DpoDesignationFactory(organisation=organisation)
    DpoDesignationFactory(organisation=organisation, ended_on=date(2025, 1, 1))
    external = DpoDesignationFactory.build(
        organisation=organisation,
        kind=DpoKind.EXTERNAL,
        firm_name="",
        ended_on=date(2023, 1, 1),
        declared_to_cnil_on=date(2023, 12, 1),
    )
    with pytest.raises(ValidationError) as caught:
        external.full_clean(validate_constraints=False)
    assert set(caught.value.message_dict) == {"firm_name", "ended_on", "declared_to_cnil_on"}


def test_sweep_fixtures_give_objects_of_the_sweep_organisation(organisation):
    from types import SimpleNamespace

    from egide.core.testing import discover_sweep_fixtures
    from egide.registry.tests.sweep import SWEEP_FIXTURES

    models_by_key = {
        "activity_id": ProcessingActivity,
        "purpose_id": Purpose,
        "activity_data_category_id": ActivityDataCategory,
        "recipient_id": registry_models.Recipient,
        "transfer_id": Transfer,
        "vendor_id": Vendor,
        "system_id": registry_models.InformationSystem,
        "data_category_id": DataCategory,
        "designation_id": registry_models.DpoDesignation,
    }
    # Fixtures keyed by (route, kwarg) serve one route each: the tenant sweep runs them.
    generic = {key: f for key, f in SWEEP_FIXTURES.items() if isinstance(key, str)}
    assert set(generic) == set(models_by_key)
    registry = discover_sweep_fixtures()
    world = SimpleNamespace(organisation=organisation)
    for key, fixture in generic.items():
        assert registry[key] is fixture
        pk = fixture(world)
        assert models_by_key[key].objects.for_organisation(organisation).filter(pk=pk).exists()
