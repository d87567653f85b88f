"""Templates for staff: personnel management, payroll, recruitment, information system accounts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from egide.registry.choices import DataSource as S
from egide.registry.choices import LegalBasis as B
from egide.registry.choices import RecipientKind as R
from egide.registry.choices import SpecialCategoryCondition as C
from egide.registry.library.base import (
    ProcessingTemplate,
    PurposeSpec,
    RecipientSpec,
    keep,
    keep_while,
)

EVERYONE = (
    "hospital",
    "clinic",
    "medico_social",
    "laboratory",
    "pharmacy",
    "practice",
    "research_sponsor",
    "other",
)
REGISTER = "hr_staff_register"
PAYSLIPS = "hr_payslips"

TEMPLATES: tuple[ProcessingTemplate, ...] = (
    ProcessingTemplate(
        code="hr_management",
        name=_("Personnel management"),
        description=_("Careers, working time, leave, training and absences of staff."),
        purposes=(
            PurposeSpec(
                _("Managing staff careers, working time, leave and training"),
                B.LEGAL_OBLIGATION,
                is_main=True,
                basis_reference="Code du travail; Code général de la fonction publique",
            ),
            PurposeSpec(
                _("Managing sick leave and occupational accidents"),
                B.LEGAL_OBLIGATION,
                C.EMPLOYMENT_SOCIAL_SECURITY,
            ),
            PurposeSpec(_("Drawing up staff schedules"), B.CONTRACT),
        ),
        data_subjects=("staff", "staff.medical", "students"),
        data=(
            keep("identity", REGISTER, S.DATA_SUBJECT),
            keep("contact", REGISTER, S.DATA_SUBJECT),
            keep("national_id.nir", REGISTER, S.DATA_SUBJECT),
            keep("professional", REGISTER, S.INTERNAL_SERVICE),
            keep("professional.evaluation", REGISTER, S.INTERNAL_SERVICE),
            keep_while(
                "health.occupational",
                _(
                    "Sick-leave certificates: as long as needed to pay the allowances, at most the payslip period"
                ),
                S.DATA_SUBJECT,
            ),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Human resources department")),
            RecipientSpec(R.INTERNAL_SERVICE, _("Line managers (their teams only)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Social security and pension bodies")),
            RecipientSpec(R.PROCESSOR, _("HR software vendor")),
        ),
        security=(
            "access_control",
            "access_review",
            "traceability",
            "backup",
            "encryption_in_transit",
            "awareness",
        ),
        vulnerable_subjects=True,
        suits=EVERYONE,
    ),
    ProcessingTemplate(
        code="payroll",
        name=_("Payroll"),
        description=_("Computing and paying salaries, social declarations (DSN)."),
        purposes=(
            PurposeSpec(
                _("Computing and paying salaries"),
                B.LEGAL_OBLIGATION,
                is_main=True,
                basis_reference="Code du travail L.3243-1",
            ),
            PurposeSpec(
                _("Declaring salaries and contributions to social bodies (DSN)"), B.LEGAL_OBLIGATION
            ),
        ),
        data_subjects=("staff", "staff.medical"),
        data=(
            keep("identity", PAYSLIPS, S.DATA_SUBJECT),
            keep("national_id.nir", PAYSLIPS, S.DATA_SUBJECT),
            keep("economic.payroll", PAYSLIPS, S.GENERATED),
            keep("economic.bank", PAYSLIPS, S.DATA_SUBJECT),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Payroll office")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("URSSAF and pension funds (DSN)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Tax administration (withholding tax)")),
            RecipientSpec(R.PROCESSOR, _("Payroll software vendor")),
        ),
        security=(
            "access_control",
            "traceability",
            "backup",
            "encryption_in_transit",
            "encryption_at_rest",
        ),
        suits=EVERYONE,
    ),
    ProcessingTemplate(
        code="recruitment",
        name=_("Recruitment"),
        description=_("Receiving applications, interviews and selection of candidates."),
        purposes=(
            PurposeSpec(_("Selecting candidates for vacant positions"), B.CONTRACT, is_main=True),
        ),
        data_subjects=("applicants",),
        data=(
            keep("identity", "hr_unsuccessful_candidates", S.DATA_SUBJECT),
            keep("contact", "hr_unsuccessful_candidates", S.DATA_SUBJECT),
            keep("professional", "hr_unsuccessful_candidates", S.DATA_SUBJECT),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Human resources department")),
            RecipientSpec(R.INTERNAL_SERVICE, _("Recruiting managers")),
        ),
        security=("access_control", "encryption_in_transit", "minimisation"),
        suits=EVERYONE,
    ),
    ProcessingTemplate(
        code="it_user_accounts",
        name=_("Information system accounts and access traces"),
        description=_(
            "Users' accounts and rights, and the traces of their access to patient data."
        ),
        purposes=(
            PurposeSpec(
                _("Managing users' accounts and access rights"),
                B.LEGAL_OBLIGATION,
                is_main=True,
                basis_reference="GDPR Art. 32",
            ),
            PurposeSpec(
                _("Tracing and analysing access to patient data to detect irregular access"),
                B.LEGAL_OBLIGATION,
                basis_reference="CSP R.6113-9-2",
            ),
        ),
        data_subjects=("users", "staff", "students"),
        data=(
            keep_while(
                "identity", _("While the account is active, then 6 months"), S.INTERNAL_SERVICE
            ),
            keep_while(
                "professional", _("While the account is active, then 6 months"), S.INTERNAL_SERVICE
            ),
            keep("connection", "access_logs", S.GENERATED),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("IT department")),
            RecipientSpec(R.INTERNAL_SERVICE, _("IT security officer")),
        ),
        security=("access_control", "access_review", "mfa", "traceability", "log_review", "backup"),
        suits=EVERYONE,
    ),
)
