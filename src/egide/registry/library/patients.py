"""Templates for the patient's relationship with the establishment: billing, appointments, portal,
satisfaction and complaints."""

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
    keep_while,
)

MR = "medical_record_hospital"
ACCOUNTS = "accounting_records"

TEMPLATES: tuple[ProcessingTemplate, ...] = (
    ProcessingTemplate(
        code="billing",
        name=_("Patient billing and recovery"),
        description=_(
            "Invoicing stays and consultations to patients, health insurance and complementary insurers."
        ),
        purposes=(
            PurposeSpec(
                _("Invoicing care to patients, health insurance funds and complementary insurers"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
            ),
            PurposeSpec(_("Recovering unpaid amounts"), B.LEGAL_OBLIGATION, C.HEALTH_CARE),
        ),
        data_subjects=("patients", "relatives"),
        data=(
            keep("identity", ACCOUNTS, S.DATA_SUBJECT),
            keep("national_id.nir", ACCOUNTS, S.DATA_SUBJECT),
            keep("economic.insurance", ACCOUNTS, S.DATA_SUBJECT),
            keep("economic.bank", ACCOUNTS, S.DATA_SUBJECT),
            keep("health.care_pathway", ACCOUNTS, S.INTERNAL_SERVICE),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Billing office")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Health insurance funds (CPAM)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Complementary insurers")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Public accountant (recovery)")),
            RecipientSpec(R.PROCESSOR, _("Billing software vendor")),
        ),
        security=(*HEALTH_BASELINE, "encryption_at_rest"),
        large_scale=True,
    ),
    ProcessingTemplate(
        code="appointment_booking",
        name=_("Appointment booking"),
        description=_(
            "Booking consultations and examinations, online or by phone, and sending reminders."
        ),
        purposes=(
            PurposeSpec(_("Booking appointments"), B.PUBLIC_TASK, C.HEALTH_CARE, True),
            PurposeSpec(
                _("Sending appointment reminders by text message or email"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
            ),
        ),
        data_subjects=("patients", "relatives"),
        data=(
            keep_for("identity", 1, Unit.YEARS, Start.LAST_CONTACT, S.DATA_SUBJECT),
            keep_for("contact", 1, Unit.YEARS, Start.LAST_CONTACT, S.DATA_SUBJECT),
            keep_for("health.care_pathway", 1, Unit.YEARS, Start.LAST_CONTACT, S.DATA_SUBJECT),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Consultation secretariats")),
            RecipientSpec(R.PROCESSOR, _("Online booking platform")),
            RecipientSpec(R.PROCESSOR, _("Text message provider")),
        ),
        security=(*HEALTH_BASELINE, "mfa", "hds_hosting"),
        suits=("hospital", "clinic", "laboratory"),
    ),
    ProcessingTemplate(
        code="patient_portal",
        name=_("Patient portal"),
        description=_(
            "Online pre-admission, documents and messages between patients and the establishment."
        ),
        purposes=(
            PurposeSpec(
                _("Online pre-admission and exchange of documents with patients"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
            ),
            PurposeSpec(_("Measuring the portal's audience"), B.CONSENT),
        ),
        data_subjects=("patients", "relatives"),
        data=(
            keep_while("identity", _("While the account is active, then 1 year"), S.DATA_SUBJECT),
            keep_while("contact", _("While the account is active, then 1 year"), S.DATA_SUBJECT),
            keep("national_id.ins", MR, S.EXTERNAL_ORGANISATION),
            keep_while(
                "health.medical_record",
                _(
                    "Copies shown while the account is active; the original stays in the medical record"
                ),
                S.INTERNAL_SERVICE,
            ),
            keep("connection", "access_logs", S.GENERATED),
            keep_for("internet", 13, Unit.MONTHS, Start.COLLECTION, S.GENERATED),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Admissions office")),
            RecipientSpec(R.PROCESSOR, _("Portal provider")),
        ),
        security=(*HEALTH_BASELINE, "mfa", "encryption_at_rest", "hds_hosting", "security_testing"),
        large_scale=True,
    ),
    ProcessingTemplate(
        code="satisfaction_surveys",
        name=_("Patient satisfaction surveys"),
        description=_(
            "The national e-Satis survey and the establishment's own satisfaction questionnaires."
        ),
        purposes=(
            PurposeSpec(
                _("Measuring patients' satisfaction to improve quality"),
                B.PUBLIC_TASK,
                C.HEALTH_CARE,
                True,
            ),
        ),
        data_subjects=("patients",),
        data=(
            keep_for("contact", 6, Unit.MONTHS, Start.COLLECTION, S.INTERNAL_SERVICE),
            keep_for("opinions", 2, Unit.YEARS, Start.COLLECTION, S.DATA_SUBJECT),
            keep_for("health.care_pathway", 6, Unit.MONTHS, Start.COLLECTION, S.INTERNAL_SERVICE),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Quality department")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("National e-Satis platform (HAS)")),
        ),
        security=("access_control", "encryption_in_transit", "minimisation"),
    ),
    ProcessingTemplate(
        code="complaints",
        name=_("Complaints and patient relations"),
        description=_(
            "Handling complaints, claims and mediation, and reporting to the users' committee (CDU)."
        ),
        purposes=(
            PurposeSpec(
                _("Handling complaints and mediation, informing the users' committee"),
                B.LEGAL_OBLIGATION,
                C.HEALTH_CARE,
                True,
                "CSP L.1112-3",
            ),
            PurposeSpec(_("Handling compensation claims"), B.PUBLIC_TASK, C.LEGAL_CLAIMS),
        ),
        data_subjects=("patients", "relatives", "staff"),
        data=(
            keep("identity", "medical_liability", S.DATA_SUBJECT),
            keep("contact", "medical_liability", S.DATA_SUBJECT),
            keep("health.medical_record", "medical_liability", S.INTERNAL_SERVICE),
            keep("opinions", "medical_liability", S.DATA_SUBJECT),
        ),
        recipients=(
            RecipientSpec(R.INTERNAL_SERVICE, _("Patient relations office")),
            RecipientSpec(R.INTERNAL_SERVICE, _("Users' committee (CDU)")),
            RecipientSpec(R.EXTERNAL_ORGANISATION, _("Liability insurer")),
        ),
        security=HEALTH_BASELINE,
    ),
)
