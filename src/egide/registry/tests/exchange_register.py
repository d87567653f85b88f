"""A varied register for the export and import tests, built through the services on the fly: template
activities, a hand-made activity using every column (custom categories, vendors, transfers with their
recipient, a derogation, joint controllers, systems, tricky text), a processor record, every status."""

from __future__ import annotations

from datetime import date
from typing import Any

from egide.accounts.models import Organisation, User
from egide.accounts.tests.factories import MembershipFactory
from egide.core.audit import Actor
from egide.core.clock import FrozenClock
from egide.registry import services
from egide.registry.choices import (
    DataSource,
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
    TransferTool,
)
from egide.registry.models import (
    DataCategory,
    DataSubjectCategory,
    InformationSystem,
    ProcessingActivity,
    Vendor,
)
from egide.registry.selectors import processing_activity_content
from egide.registry.tests.factories import InformationSystemFactory, VendorFactory

ACTOR = Actor.system("test")
TEMPLATES = ("patient_administration", "imaging_pacs", "cctv", "research_cohort", "payroll")
TRICKY_TEXT = "=SUM(A1:A3) is not a formula\n- second line with  two spaces\tand a tab "


def _category(organisation: Organisation, code: str, label: str) -> DataCategory:
    return services.data_category_create(
        actor=ACTOR, organisation=organisation, code=code, label=label, is_health=True
    )


def build_register(organisation: Organisation, owner: User, clock: FrozenClock) -> None:
    """The register of ``organisation``; ``owner`` must be one of its members."""
    calls: dict[str, Any] = {"actor": ACTOR, "clock": clock}
    pacs = InformationSystemFactory(organisation=organisation, name="PACS")
    InformationSystemFactory(organisation=organisation, name="Dossier patient")
    host = VendorFactory(organisation=organisation, name="Hôpital Cloud SAS")
    VendorFactory(organisation=organisation, name="Labo Partenaire")
    for code in TEMPLATES:
        services.processing_activity_instantiate_template(
            organisation=organisation, template_code=code, **calls
        )
    badge = _category(organisation, "custom.badge", "Badge d’accès")
    volunteers = services.data_subject_category_create(
        actor=ACTOR, organisation=organisation, code="custom.volunteers", label="Bénévoles"
    )
    subjects = services.data_subject_categories_ensure(organisation=organisation, actor=ACTOR)
    rich = services.processing_activity_create(
        organisation=organisation,
        name="Télésurveillance des patients « à domicile »",
        reference="X-100",
        description=TRICKY_TEXT,
        owner=owner,
        review_on=date(2026, 6, 30),
        representative="Rep EU GmbH",
        large_scale=True,
        vulnerable_subjects=True,
        data_subject_count=12000,
        **calls,
    )
    services.processing_activity_set_data_subjects(
        activity=rich, categories=[subjects["patients"], volunteers], **calls
    )
    services.purpose_create(
        activity=rich,
        description="Suivi à distance",
        is_main=True,
        legal_basis=LegalBasis.PUBLIC_TASK,
        legal_basis_reference="CSP L.6316-1",
        special_category_condition=SpecialCategoryCondition.HEALTH_CARE,
        **calls,
    )
    services.purpose_create(
        activity=rich,
        description="+33 statistiques d'usage",
        legal_basis=LegalBasis.CONSENT,
        portability_promised=True,
        position=1,
        **calls,
    )
    categories = services.data_categories_ensure(organisation=organisation, actor=ACTOR)
    services.activity_data_category_add(
        activity=rich,
        category=categories["health.medical_record"],
        retention_duration=20,
        retention_unit=RetentionUnit.YEARS,
        retention_start=RetentionStart.LAST_STAY,
        retention_rule="medical_record_hospital",
        source=DataSource.HEALTH_PROFESSIONAL,
        source_detail="Médecin traitant",
        **calls,
    )
    services.activity_data_category_add(
        activity=rich, category=badge, retention_criteria="Tant que le badge est actif", **calls
    )
    services.activity_data_category_add(activity=rich, category=categories["contact"], **calls)
    cloud = services.recipient_add(
        activity=rich, kind=RecipientKind.PROCESSOR, name="Hébergeur", vendor=host, **calls
    )
    services.recipient_add(
        activity=rich,
        kind=RecipientKind.INTERNAL_SERVICE,
        name="Cardiologie",
        detail="@all",
        **calls,
    )
    services.transfer_add(
        activity=rich,
        country="US",
        recipient=cloud,
        vendor=host,
        tool=TransferTool.SCC_MODULE_2,
        tia_note="Chiffrement de bout en bout",
        tia_on=date(2025, 11, 2),
        **calls,
    )
    services.transfer_add(activity=rich, country="CH", tool=TransferTool.ADEQUACY, **calls)
    services.transfer_add(
        activity=rich, country="BR", tool=TransferTool.DEROGATION, derogation="a", **calls
    )
    services.activity_security_measure_add(activity=rich, measure="mfa", detail="TOTP", **calls)
    services.activity_security_measure_add(activity=rich, measure="backup", **calls)
    services.joint_controller_add(
        activity=rich,
        name="GCS e-Santé",
        contact="dpo@gcs.example",
        arrangement_summary="Chacun répond aux demandes reçues.",
        arrangement_reference="Convention 2024-12",
        **calls,
    )
    services.processing_activity_set_systems(activity=rich, systems=[pacs], **calls)
    served = services.processing_activity_create(
        organisation=organisation,
        name="Biologie pour la clinique",
        reference="X-200",
        record_kind=RecordKind.PROCESSOR,
        **calls,
    )
    services.controller_served_add(
        activity=served,
        name="Clinique du Parc",
        contact="direction@parc.example",
        representative="",
        dpo_contact="dpo@parc.example",
        processing_categories="Analyses de biologie médicale",
        **calls,
    )
    activities = list(ProcessingActivity.objects.for_organisation(organisation))
    services.processing_activity_submit_for_review(activity=activities[0], **calls)
    services.processing_activity_validate(activity=activities[1], **calls)
    services.processing_activity_archive(activity=activities[2], **calls)
    services.processing_activity_validate(activity=rich, **calls)


def mirror_references(source: Organisation, target: Organisation, *owners: User) -> None:
    """Give ``target`` what an import names by code or name: vendors, systems, its own categories,
    and the activities' owners as members."""
    for vendor in Vendor.objects.for_organisation(source):
        VendorFactory(organisation=target, name=vendor.name)
    for system in InformationSystem.objects.for_organisation(source):
        InformationSystemFactory(organisation=target, name=system.name)
    for category in DataCategory.objects.for_organisation(source).filter(builtin=False):
        _category(target, category.code, category.label)
    for subject in DataSubjectCategory.objects.for_organisation(source).filter(builtin=False):
        services.data_subject_category_create(
            actor=ACTOR, organisation=target, code=subject.code, label=subject.label
        )
    for owner in owners:
        if not target.memberships.filter(user=owner).exists():
            MembershipFactory(organisation=target, user=owner, role="contributor")


def register_state(organisation: Organisation) -> dict[str, dict[str, Any]]:
    """Everything each activity records, by reference (group-sharing links left out)."""
    state = {}
    for activity in ProcessingActivity.objects.for_organisation(organisation):
        content = processing_activity_content(activity=activity)
        for local in ("shared_from", "overridden_fields"):
            content.pop(local)
        state[activity.reference] = {**content, "status": activity.status}
    return state
