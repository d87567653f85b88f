"""factory_boy factories for every model of the register. Children take their activity's organisation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import factory

from egide.accounts.tests.factories import OrganisationFactory
from egide.registry.choices import (
    DpoKind,
    LegalBasis,
    RecipientKind,
    RetentionStart,
    RetentionUnit,
    TransferTool,
    VendorRole,
)
from egide.registry.models import (
    ActivityDataCategory,
    ActivitySecurityMeasure,
    ComplianceFinding,
    ComplianceSummary,
    ControllerServed,
    DataCategory,
    DataSubjectCategory,
    DpoDesignation,
    InformationSystem,
    JointController,
    ProcessingActivity,
    Purpose,
    Recipient,
    Transfer,
    Vendor,
)

# The FrozenClock's default instant: factories and frozen-clock services agree on "now".
WHEN = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


class DataCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataCategory

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"custom.category-{n}")
    label = factory.Sequence(lambda n: f"Custom category {n}")


class DataSubjectCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataSubjectCategory

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"custom.subjects-{n}")
    label = factory.Sequence(lambda n: f"Custom subjects {n}")


class VendorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vendor

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Vendor {n}")
    role = VendorRole.PROCESSOR
    contract_signed_on = date(2024, 3, 1)
    art28_clauses = factory.LazyFunction(lambda: dict.fromkeys("abcdefgh", True))
    processing_countries = factory.LazyFunction(lambda: ["FR"])
    created_at = WHEN
    updated_at = WHEN


class InformationSystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationSystem

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"System {n}")


class ProcessingActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessingActivity

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"F-{n:04d}")
    name = factory.Sequence(lambda n: f"Processing activity {n}")
    created_at = WHEN
    updated_at = WHEN


class _ActivityDetailFactory(factory.django.DjangoModelFactory):
    activity = factory.SubFactory(ProcessingActivityFactory)
    organisation = factory.LazyAttribute(lambda o: o.activity.organisation)


class PurposeFactory(_ActivityDetailFactory):
    class Meta:
        model = Purpose

    description = factory.Sequence(lambda n: f"Purpose {n}")
    legal_basis = LegalBasis.PUBLIC_TASK


class ActivityDataCategoryFactory(_ActivityDetailFactory):
    class Meta:
        model = ActivityDataCategory

    category = factory.SubFactory(
        DataCategoryFactory, organisation=factory.SelfAttribute("..organisation")
    )
    retention_duration = 5
    retention_unit = RetentionUnit.YEARS
    retention_start = RetentionStart.COLLECTION


class RecipientFactory(_ActivityDetailFactory):
    class Meta:
        model = Recipient

    kind = RecipientKind.INTERNAL_SERVICE
    name = factory.Sequence(lambda n: f"Service {n}")


class TransferFactory(_ActivityDetailFactory):
    class Meta:
        model = Transfer

    country = "US"
    tool = TransferTool.SCC_MODULE_2


class ActivitySecurityMeasureFactory(_ActivityDetailFactory):
    class Meta:
        model = ActivitySecurityMeasure

    measure = "access_control"


class JointControllerFactory(_ActivityDetailFactory):
    class Meta:
        model = JointController

    name = factory.Sequence(lambda n: f"Joint controller {n}")
    arrangement_summary = "Each party answers the rights requests it receives."


class ControllerServedFactory(_ActivityDetailFactory):
    class Meta:
        model = ControllerServed

    name = factory.Sequence(lambda n: f"Client clinic {n}")
    processing_categories = "Biology tests for the clinic's patients"


class DpoDesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DpoDesignation

    organisation = factory.SubFactory(OrganisationFactory)
    kind = DpoKind.INTERNAL
    person_name = factory.Faker("name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"dpo{n}@example.org")
    designated_on = date(2024, 1, 2)


class ComplianceFindingFactory(_ActivityDetailFactory):
    class Meta:
        model = ComplianceFinding

    rule_id = "SECURITY_MEASURES_MISSING"
    severity = "medium"
    severity_rank = 2
    legal_reference = "GDPR Art. 30(1)(g), Art. 32"
    computed_at = WHEN


class ComplianceSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceSummary

    organisation = factory.SubFactory(OrganisationFactory)
    score = 100
    computed_at = WHEN
