"""Templates for patient care: administration, the medical record, telemedicine, medical information."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from egide.registry.choices import DataSource as S
from egide.registry.choices import LegalBasis as B
from egide.registry.choices import RecipientKind as R
from egide.registry.choices import RetentionStart as Start
from egide.registry.choices import RetentionUnit as Unit
from egide.registry.choices import SpecialCategoryCondition as C
from egide.registry.library.base import (
    HEALTH_BASELINE,
    ProcessingTemplate,
    PurposeSpec,
    RecipientSpec,
    keep,
    keep_for,
)

CARE = "CSP L.6111-1"  # the missions of health establishments: diagnosis, treatment, care
MR = "medical_record_hospital"

TEMPLATES: tuple[ProcessingTemplate, ...] = (
    ProcessingTemplate(
        code="patient_administration",
        name=_("Patient administration (admissions and stays)"),
        description=_(
            "Admission, identification and administrative follow-up of patients during their stays."
        ),
        purposes=(
            PurposeSpec(
                _("Admitting patients and managing their stays"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
                CARE,
            ),
            PurposeSpec(
                _("Identity vigilance with the national health identifier (INS)"),
                B.LEGAL_OBLIGATION,
                C.HEALTH_CARE,
                basis_reference="CSP L.1111-8-1",
            ),
        ),
        data_subjects=("patients", "patients.minors", "relatives"),
        data=(
            keep("identity", MR, S.DATA_SUBJECT),
            keep("identity.local_patient_id", MR, S.GENERATED),
            keep("contact", MR, S.DATA_SUBJECT),
            keep("national_id.ins", MR, S.EXTERNAL_ORGANISATION),
            keep("national_id.nir", MR, S.DATA_SUBJECT),
            keep("economic.insurance", "accounting_records", S.DATA_SUBJECT),
            keep("health.care_pathway", MR, S.HEALTH_PROFESSIONAL),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Care units")),
            RecipientSpec(R.INTERNAL_SERVICE, _("Billing office")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Health insurance funds (CPAM)")),
            RecipientSpec(R.PROCESSOR, _("Patient administration software vendor (maintenance)")),
        ),
        security=(*HEALTH_BASELINE, "encryption_at_rest"),
        large_scale=True,
        vulnerable_subjects=True,
    ),
    ProcessingTemplate(
        code="electronic_patient_record",
        name=_("Electronic patient record"),
        description=_(
            "The patient's medical record, shared by the care team and with the shared medical record."
        ),
        purposes=(
            PurposeSpec(
                _("Keeping the patient's medical record and coordinating care"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
                "CSP L.1112-1, R.1112-2",
            ),
            PurposeSpec(
                _("Sharing information within the care team and with referring physicians"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                basis_reference="CSP L.1110-4",
            ),
            PurposeSpec(
                _("Feeding the shared medical record (Mon espace santé)"),
                B.LEGAL_OBLIGATION,
                C.HEALTH_CARE,
                basis_reference="CSP L.1111-15",
            ),
        ),
        data_subjects=(
            "patients",
            "patients.minors",
            "patients.psychiatry",
            "relatives",
            "staff.medical",
        ),
        data=(
            keep("identity", MR, S.DATA_SUBJECT),
            keep("national_id.ins", MR, S.EXTERNAL_ORGANISATION),
            keep("health.medical_record", MR, S.HEALTH_PROFESSIONAL),
            keep("health.prescriptions", MR, S.HEALTH_PROFESSIONAL),
            keep("health.biology", MR, S.INTERNAL_SERVICE),
            keep("health.imaging", MR, S.INTERNAL_SERVICE),
            keep("health.mental_health", MR, S.HEALTH_PROFESSIONAL),
            keep("social", MR, S.DATA_SUBJECT),
            keep("connection", "access_logs", S.GENERATED),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Care team")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Referring physicians")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Shared medical record (Mon espace santé)")),
            RecipientSpec(
                R.PROCESSOR, _("Patient record software vendor (hosting and maintenance)")
            ),
        ),
        security=(*HEALTH_BASELINE, "mfa", "break_the_glass", "encryption_at_rest", "hds_hosting"),
        large_scale=True,
        vulnerable_subjects=True,
    ),
    ProcessingTemplate(
        code="telemedicine",
        name=_("Telemedicine (teleconsultation and tele-expertise)"),
        description=_(
            "Remote consultations with patients and remote opinions between health professionals."
        ),
        purposes=(
            PurposeSpec(
                _("Remote consultations and expert opinions"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
                "CSP L.6316-1",
            ),
        ),
        data_subjects=("patients", "patients.minors", "external_professionals"),
        data=(
            keep("identity", MR, S.DATA_SUBJECT),
            keep("contact", MR, S.DATA_SUBJECT),
            keep("health.medical_record", MR, S.HEALTH_PROFESSIONAL),
            keep("connection", "access_logs", S.GENERATED),
        ),
        recipients=(
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Remote health professionals")),
            RecipientSpec(R.PROCESSOR, _("Teleconsultation platform")),
        ),
        security=(*HEALTH_BASELINE, "mfa", "encryption_at_rest", "hds_hosting"),
        vulnerable_subjects=True,
    ),
    ProcessingTemplate(
        code="medical_information_pmsi",
        name=_("Medical information (PMSI coding)"),
        description=_(
            "Coding of stays by the medical information department for activity-based funding."
        ),
        purposes=(
            PurposeSpec(
                _("Coding stays and sending pseudonymised summaries for funding and planning"),
                B.LEGAL_OBLIGATION,
                C.HEALTH_CARE,
                True,
                "CSP L.6113-7, L.6113-8",
            ),
        ),
        data_subjects=("patients", "patients.minors"),
        data=(
            keep("identity.local_patient_id", MR, S.INTERNAL_SERVICE),
            keep("health.care_pathway", MR, S.HEALTH_PROFESSIONAL),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Medical information department (DIM)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("ATIH (pseudonymised stay summaries)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Health insurance medical service (audits)")),
        ),
        security=(*HEALTH_BASELINE, "pseudonymisation"),
        large_scale=True,
        vulnerable_subjects=True,
    ),
    ProcessingTemplate(
        code="resident_record",
        name=_("Resident record (nursing home)"),
        description=_(
            "Care and support of residents: the resident's record, care plan and autonomy assessment."
        ),
        purposes=(
            PurposeSpec(
                _("Caring for and supporting residents"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
                "CASF L.311-3",
            ),
            PurposeSpec(
                _("Assessing loss of autonomy for funding (AGGIR)"),
                B.LEGAL_OBLIGATION,
                C.HEALTH_CARE,
            ),
        ),
        data_subjects=("residents", "relatives"),
        data=(
            keep_for("identity", 20, Unit.YEARS, Start.LAST_STAY, S.DATA_SUBJECT),
            keep_for("contact", 20, Unit.YEARS, Start.LAST_STAY, S.DATA_SUBJECT),
            keep_for(
                "health.medical_record", 20, Unit.YEARS, Start.LAST_STAY, S.HEALTH_PROFESSIONAL
            ),
            keep_for("health.disability", 20, Unit.YEARS, Start.LAST_STAY, S.HEALTH_PROFESSIONAL),
            keep_for("social", 5, Unit.YEARS, Start.LAST_STAY, S.DATA_SUBJECT),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Care team")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Attending physicians")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Departmental council (autonomy allowance)")),
            RecipientSpec(R.PROCESSOR, _("Resident record software vendor")),
        ),
        security=(*HEALTH_BASELINE, "hds_hosting"),
        vulnerable_subjects=True,
        suits=("medico_social",),
    ),
)
