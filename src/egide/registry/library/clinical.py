"""Templates for the clinical systems around the medical record: imaging, laboratory, pharmacy, transfusion."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from egide.registry.choices import DataSource as S
from egide.registry.choices import LegalBasis as B
from egide.registry.choices import RecipientKind as R
from egide.registry.choices import SpecialCategoryCondition as C
from egide.registry.library.base import (
    HEALTH_BASELINE,
    ProcessingTemplate,
    PurposeSpec,
    RecipientSpec,
    keep,
)

CARE = "CSP L.6111-1"  # the missions of health establishments: diagnosis, treatment, care
MR = "medical_record_hospital"

TEMPLATES: tuple[ProcessingTemplate, ...] = (
    ProcessingTemplate(
        code="imaging_pacs",
        name=_("Medical imaging (RIS/PACS)"),
        description=_("Scheduling, acquiring, storing and interpreting medical images."),
        purposes=(
            PurposeSpec(
                _("Acquiring, storing and interpreting medical images"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
                CARE,
            ),
            PurposeSpec(
                _("Remote interpretation (teleradiology)"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                basis_reference="CSP L.6316-1",
            ),
        ),
        data_subjects=("patients", "patients.minors"),
        data=(
            keep("identity", MR, S.DATA_SUBJECT),
            keep("national_id.ins", MR, S.EXTERNAL_ORGANISATION),
            keep("health.imaging", MR, S.GENERATED),
            keep("health.medical_record", MR, S.HEALTH_PROFESSIONAL),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Radiology department")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Referring physicians")),
            RecipientSpec(R.PROCESSOR, _("PACS vendor")),
            RecipientSpec(R.PROCESSOR, _("Teleradiology provider")),
        ),
        security=(*HEALTH_BASELINE, "encryption_at_rest", "network_security", "hds_hosting"),
        large_scale=True,
        vulnerable_subjects=True,
    ),
    ProcessingTemplate(
        code="laboratory_information_system",
        name=_("Laboratory information system"),
        description=_("Medical biology tests from prescription to validated results."),
        purposes=(
            PurposeSpec(
                _("Performing biology tests and reporting results"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
                "CSP L.6211-1",
            ),
            PurposeSpec(
                _("Mandatory notification of diseases to the health authorities"),
                B.LEGAL_OBLIGATION,
                C.PUBLIC_HEALTH,
                basis_reference="CSP L.3113-1",
            ),
        ),
        data_subjects=("patients", "patients.minors"),
        data=(
            keep("identity", MR, S.DATA_SUBJECT),
            keep("national_id.ins", MR, S.EXTERNAL_ORGANISATION),
            keep("health.biology", MR, S.GENERATED),
            keep("health.prescriptions", MR, S.HEALTH_PROFESSIONAL),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Prescribing units")),
            RecipientSpec(
                R.EXTERNAL_ORGANISATION, _("Reference laboratories (sub-contracted tests)")
            ),
            RecipientSpec(
                R.EXTERNAL_ORGANISATION, _("Regional health agency (notifiable diseases)")
            ),
            RecipientSpec(R.PROCESSOR, _("Laboratory software vendor")),
        ),
        security=(*HEALTH_BASELINE, "encryption_at_rest", "hds_hosting"),
        large_scale=True,
        vulnerable_subjects=True,
        suits=("hospital", "clinic", "laboratory"),
    ),
    ProcessingTemplate(
        code="pharmacy",
        name=_("Hospital pharmacy"),
        description=_(
            "Analysis of prescriptions, dispensing, traceability of medicines and implantable devices."
        ),
        purposes=(
            PurposeSpec(
                _("Analysing prescriptions and dispensing medicines"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
                CARE,
            ),
            PurposeSpec(
                _("Traceability of blood-derived medicines and implantable medical devices"),
                B.LEGAL_OBLIGATION,
                C.PUBLIC_HEALTH,
            ),
            PurposeSpec(
                _("Reporting adverse effects (pharmacovigilance)"),
                B.LEGAL_OBLIGATION,
                C.PUBLIC_HEALTH,
            ),
        ),
        data_subjects=("patients", "patients.minors", "staff.medical"),
        data=(
            keep("identity", MR, S.DATA_SUBJECT),
            keep("health.prescriptions", "pharmacy_dispensing", S.HEALTH_PROFESSIONAL),
            keep("health.medical_record", MR, S.HEALTH_PROFESSIONAL),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Care units")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Regional pharmacovigilance centre")),
            RecipientSpec(R.PROCESSOR, _("Pharmacy software vendor")),
        ),
        security=(*HEALTH_BASELINE, "encryption_at_rest"),
        large_scale=True,
        vulnerable_subjects=True,
    ),
    ProcessingTemplate(
        code="transfusion_traceability",
        name=_("Transfusion traceability and haemovigilance"),
        description=_(
            "Traceability of the blood products given to patients and reporting of adverse events."
        ),
        purposes=(
            PurposeSpec(
                _("Tracing blood products from the blood bank to the patient"),
                B.LEGAL_OBLIGATION,
                C.PUBLIC_HEALTH,
                True,
                "CSP L.1221-13",
            ),
        ),
        data_subjects=("patients", "patients.minors"),
        data=(
            keep("identity", "transfusion_record", S.DATA_SUBJECT),
            keep("health.transfusion", "transfusion_record", S.HEALTH_PROFESSIONAL),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Blood bank and haemovigilance correspondent")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("French blood establishment (EFS)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("National medicines agency (ANSM)")),
        ),
        security=HEALTH_BASELINE,
        vulnerable_subjects=True,
        suits=("hospital",),
    ),
)
