"""The register's objects for the schemathesis run of ``tests/test_openapi.py``: a seeded organisation's
activities (with every kind of row), vendors, systems and data categories, their ids by URL segment
(the segment before ``{id}`` in the schema's paths)."""

from __future__ import annotations

from typing import Any

from egide.accounts.models import Organisation, User
from egide.registry import services
from egide.registry.choices import LegalBasis, RecipientKind, TransferTool
from egide.registry.compliance import compliance_recompute
from egide.registry.models import ProcessingActivity


def _ids(activities: list[ProcessingActivity], section: str) -> list[int]:
    return [row.pk for activity in activities for row in getattr(activity, section).all()]


def seed_ids(*, organisation: Organisation, actor: User) -> dict[str, list[int]]:
    kept = services.vendor_create(actor=actor, organisation=organisation, name="Hébergeur HDS")
    spare = services.vendor_create(
        actor=actor, organisation=organisation, name="Ancien prestataire"
    )
    system = services.information_system_create(
        actor=actor, organisation=organisation, name="DPI", vendor=kept
    )
    own = services.data_category_create(
        actor=actor, organisation=organisation, code="local.badge", label="Badge number"
    )
    record = services.processing_activity_instantiate_template(
        actor=actor, organisation=organisation, template_code="electronic_patient_record"
    )
    services.processing_activity_update(actor=actor, activity=record, name="Dossier patient")
    services.processing_activity_set_systems(actor=actor, activity=record, systems=[system])
    blank = services.processing_activity_create(
        actor=actor, organisation=organisation, name="Téléconsultation", owner=actor
    )
    services.purpose_create(
        actor=actor, activity=blank, description="Consultations", legal_basis=LegalBasis.PUBLIC_TASK
    )
    recipient = services.recipient_add(
        actor=actor, activity=blank, kind=RecipientKind.PROCESSOR, name="Plateforme", vendor=kept
    )
    services.transfer_add(
        actor=actor,
        activity=blank,
        country="US",
        recipient=recipient,
        tool=TransferTool.SCC_MODULE_2,
    )
    services.joint_controller_add(actor=actor, activity=blank, name="GCS e-santé")
    services.controller_served_add(
        actor=actor, activity=blank, name="Clinique cliente", processing_categories="Hosting"
    )
    services.activity_data_category_add(actor=actor, activity=blank, category=own)
    services.activity_security_measure_add(actor=actor, activity=blank, measure="backup")
    retired = services.processing_activity_create(
        actor=actor, organisation=organisation, name="Ancien standard téléphonique"
    )
    services.processing_activity_archive(actor=actor, activity=retired)
    compliance_recompute(organisation=organisation)
    activities = [record, blank, retired]
    ids: dict[str, Any] = {
        "activities": [a.pk for a in activities],
        "purposes": _ids(activities, "purposes"),
        "activity-data-categories": _ids(activities, "data_categories"),
        "recipients": _ids(activities, "recipients"),
        "transfers": _ids(activities, "transfers"),
        "security-measures": _ids(activities, "security_measures"),
        "joint-controllers": _ids(activities, "joint_controllers"),
        "controllers-served": _ids(activities, "controllers_served"),
        "vendors": [kept.pk, spare.pk],
        "systems": [system.pk],
        "data-categories": [own.pk, own.pk],
    }
    return ids
