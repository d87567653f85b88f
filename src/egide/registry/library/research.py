"""Templates for health research (Loi Informatique et Libertés Art. 65-66, REFERENCE.md section 7)."""

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

RESEARCH = (
    "access_control",
    "traceability",
    "pseudonymisation",
    "encryption_at_rest",
    "encryption_in_transit",
    "mfa",
    "backup",
)

TEMPLATES: tuple[ProcessingTemplate, ...] = (
    ProcessingTemplate(
        code="research_cohort",
        name=_("Research cohort"),
        description=_("Building and following a cohort of patients for a research project."),
        purposes=(
            PurposeSpec(
                _("Following a cohort of patients to answer a research question"),
                B.PUBLIC_TASK,
                C.RESEARCH_STATISTICS,
                True,
                "Loi Informatique et Libertés Art. 66 (reference methodology MR-001, MR-003 or MR-004)",
            ),
        ),
        data_subjects=("research_participants", "patients"),
        data=(
            keep("identity.local_patient_id", "health_research", S.INTERNAL_SERVICE),
            keep("health.medical_record", "health_research", S.INTERNAL_SERVICE),
            keep("health.biology", "health_research", S.INTERNAL_SERVICE),
            keep("personal_life", "health_research", S.DATA_SUBJECT),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Research team (pseudonymised data)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Academic partners (pseudonymised data)")),
            RecipientSpec(R.PROCESSOR, _("Electronic data capture provider")),
        ),
        security=RESEARCH,
        vulnerable_subjects=True,
        suits=("hospital", "research_sponsor"),
    ),
    ProcessingTemplate(
        code="health_data_warehouse",
        name=_("Health data warehouse"),
        description=_(
            "Reuse of care data gathered in a warehouse for research, studies and evaluations."
        ),
        purposes=(
            PurposeSpec(
                _("Gathering care data for research, studies and evaluations in health"),
                B.PUBLIC_TASK,
                C.RESEARCH_STATISTICS,
                True,
                "CNIL referential on health data warehouses (2021-118)",
            ),
        ),
        data_subjects=("patients", "patients.minors"),
        data=(
            keep("identity.local_patient_id", "health_data_warehouse", S.INTERNAL_SERVICE),
            keep("health.medical_record", "health_data_warehouse", S.INTERNAL_SERVICE),
            keep("health.care_pathway", "health_data_warehouse", S.INTERNAL_SERVICE),
            keep("health.biology", "health_data_warehouse", S.INTERNAL_SERVICE),
            keep("health.prescriptions", "health_data_warehouse", S.INTERNAL_SERVICE),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Warehouse team")),
            RecipientSpec(
                R.INTERNAL_SERVICE, _("Authorised research projects (pseudonymised extracts)")
            ),
            RecipientSpec(R.PROCESSOR, _("Warehouse hosting provider")),
        ),
        security=(*RESEARCH, "log_review", "hds_hosting"),
        large_scale=True,
        vulnerable_subjects=True,
        suits=("hospital",),
    ),
    ProcessingTemplate(
        code="clinical_trial",
        name=_("Clinical trial"),
        description=_(
            "An interventional clinical trial on medicines, as sponsor or as investigating site."
        ),
        purposes=(
            PurposeSpec(
                _("Conducting the trial and analysing its results"),
                B.PUBLIC_TASK,
                C.RESEARCH_STATISTICS,
                True,
                "Regulation (EU) 536/2014; reference methodology MR-001",
            ),
            PurposeSpec(
                _("Safety reporting and keeping the trial master file"),
                B.LEGAL_OBLIGATION,
                C.PUBLIC_HEALTH,
                basis_reference="Regulation (EU) 536/2014 Art. 41-43, 58",
            ),
        ),
        data_subjects=("research_participants",),
        data=(
            keep("identity.local_patient_id", "clinical_trial_master_file", S.INTERNAL_SERVICE),
            keep("health.medical_record", "clinical_trial_master_file", S.HEALTH_PROFESSIONAL),
            keep("health.biology", "clinical_trial_master_file", S.INTERNAL_SERVICE),
            keep("health.prescriptions", "clinical_trial_master_file", S.HEALTH_PROFESSIONAL),
        ),
        recipients=(
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Sponsor (pseudonymised data)")),
            RecipientSpec(
                R.EXTERNAL_ORGANISATION, _("National medicines agency (ANSM) and ethics committee")
            ),
            RecipientSpec(R.PROCESSOR, _("Electronic data capture provider")),
        ),
        security=(*HEALTH_BASELINE, "pseudonymisation", "encryption_at_rest"),
        vulnerable_subjects=True,
        suits=("hospital", "clinic", "research_sponsor"),
    ),
)
