"""The built-in, health-aware taxonomy as data: personal data categories, data subject categories and the
catalogue of security measures.

Each organisation gets its own copy of the categories (``data_categories_ensure``) and may add its own
without code; built-in entries keep their code, so templates and compliance checks can rely on it.
Sources: GDPR Art. 4, 9, 10 and 30; REFERENCE.md sections 2 and 9; the CNIL register template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise

ART_9 = "GDPR Art. 9(1)"
HEALTH = "GDPR Art. 4(15), 9(1)"


@dataclass(frozen=True)
class DataCategoryDef:
    code: str
    label: Label
    parent: str | None = None
    special_category: bool = False
    health: bool = False
    national_identifier: bool = False
    source: str = ""


@dataclass(frozen=True)
class DataSubjectDef:
    code: str
    label: Label
    parent: str | None = None
    vulnerable: bool = (
        False  # WP248 criterion 7: patients, elderly, mentally ill, children, employees
    )


@dataclass(frozen=True)
class SecurityMeasureDef:
    code: str
    label: Label
    family: str  # the heading of the CNIL register template it falls under
    source: str = ""


def _health(code: str, label: Label, source: str = HEALTH) -> DataCategoryDef:
    return DataCategoryDef(f"health.{code}", label, "health", True, True, False, source)


DATA_CATEGORIES: tuple[DataCategoryDef, ...] = (
    DataCategoryDef("identity", _("Identity and civil status")),
    DataCategoryDef(
        "identity.local_patient_id", _("Local patient identifiers (IPP, stay number)"), "identity"
    ),
    DataCategoryDef("contact", _("Contact details")),
    DataCategoryDef("national_id", _("National identifiers"), national_identifier=True),
    DataCategoryDef(
        "national_id.nir",
        _("Social security number (NIR)"),
        "national_id",
        national_identifier=True,
        source="GDPR Art. 87; Décret n° 2019-341 (use of the NIR)",
    ),
    DataCategoryDef(
        "national_id.ins",
        _("National health identifier (INS)"),
        "national_id",
        national_identifier=True,
        source="CSP L.1111-8-1",
    ),
    DataCategoryDef("health", _("Health data"), None, True, True, False, HEALTH),
    _health("medical_record", _("Medical record (diagnoses, reports, care notes)")),
    _health("care_pathway", _("Stays, admissions and medical coding (PMSI)")),
    _health("imaging", _("Medical imaging")),
    _health("biology", _("Laboratory results (biology)")),
    _health("prescriptions", _("Prescriptions and treatments")),
    _health("genetic", _("Genetic data"), "GDPR Art. 4(13), 9(1)"),
    _health("mental_health", _("Mental health")),
    _health("disability", _("Disability and loss of autonomy")),
    _health("transfusion", _("Transfusion and blood products")),
    _health("occupational", _("Occupational health (staff)")),
    DataCategoryDef(
        "biometric", _("Biometric data for identification"), None, True, False, False, ART_9
    ),
    DataCategoryDef(
        "sex_life", _("Sex life or sexual orientation"), None, True, False, False, ART_9
    ),
    DataCategoryDef("origin", _("Racial or ethnic origin"), None, True, False, False, ART_9),
    DataCategoryDef(
        "beliefs", _("Religious or philosophical beliefs"), None, True, False, False, ART_9
    ),
    DataCategoryDef("political_opinions", _("Political opinions"), None, True, False, False, ART_9),
    DataCategoryDef("trade_union", _("Trade union membership"), None, True, False, False, ART_9),
    DataCategoryDef("criminal", _("Criminal convictions and offences"), source="GDPR Art. 10"),
    DataCategoryDef("social", _("Social situation (family, housing, social support)")),
    DataCategoryDef("personal_life", _("Personal life (habits, lifestyle)")),
    DataCategoryDef("professional", _("Professional life (position, career, training)")),
    DataCategoryDef("professional.evaluation", _("Staff appraisal"), "professional"),
    DataCategoryDef("economic", _("Economic and financial information")),
    DataCategoryDef("economic.bank", _("Bank details"), "economic"),
    DataCategoryDef(
        "economic.insurance", _("Health insurance cover (mandatory and complementary)"), "economic"
    ),
    DataCategoryDef("economic.payroll", _("Pay and social contributions"), "economic"),
    DataCategoryDef("connection", _("Connection data (logs, IP addresses, access traces)")),
    DataCategoryDef("location", _("Location data")),
    DataCategoryDef("internet", _("Internet data (cookies, online identifiers)")),
    DataCategoryDef("images", _("Images and photographs")),
    DataCategoryDef("images.cctv", _("Video surveillance images"), "images"),
    DataCategoryDef("voice", _("Voice recordings")),
    DataCategoryDef("opinions", _("Opinions and satisfaction answers")),
)

DATA_SUBJECT_CATEGORIES: tuple[DataSubjectDef, ...] = (
    DataSubjectDef("patients", _("Patients"), vulnerable=True),
    DataSubjectDef("patients.minors", _("Minor patients"), "patients", vulnerable=True),
    DataSubjectDef(
        "patients.psychiatry", _("Patients in psychiatric care"), "patients", vulnerable=True
    ),
    DataSubjectDef("residents", _("Residents of a medico-social establishment"), vulnerable=True),
    DataSubjectDef("relatives", _("Relatives, legal representatives and trusted persons")),
    DataSubjectDef("research_participants", _("Research participants"), vulnerable=True),
    DataSubjectDef("donors", _("Blood, tissue or organ donors")),
    DataSubjectDef("staff", _("Staff"), vulnerable=True),
    DataSubjectDef("staff.medical", _("Medical staff"), "staff", vulnerable=True),
    DataSubjectDef("students", _("Students and interns"), vulnerable=True),
    DataSubjectDef("applicants", _("Job applicants")),
    DataSubjectDef(
        "external_professionals", _("External health professionals (referring physicians)")
    ),
    DataSubjectDef("visitors", _("Visitors")),
    DataSubjectDef("suppliers", _("Suppliers' contacts")),
    DataSubjectDef("users", _("Users of the information system")),
)

SECURITY_MEASURES: tuple[SecurityMeasureDef, ...] = (
    SecurityMeasureDef(
        "access_control", _("User access control (need-to-know profiles)"), "access_control"
    ),
    SecurityMeasureDef("access_review", _("Periodic review of authorisations"), "access_control"),
    SecurityMeasureDef("mfa", _("Multi-factor authentication"), "access_control"),
    SecurityMeasureDef(
        "break_the_glass", _("Justified and logged break-the-glass access"), "access_control"
    ),
    SecurityMeasureDef(
        "traceability",
        _("Traceability of accesses and actions (logs)"),
        "traceability",
        "CSP R.6113-9-2",
    ),
    SecurityMeasureDef(
        "log_review", _("Regular analysis of access logs"), "traceability", "CSP R.6113-9-2"
    ),
    SecurityMeasureDef(
        "encryption_at_rest", _("Encryption at rest"), "encryption", "GDPR Art. 32(1)(a)"
    ),
    SecurityMeasureDef(
        "encryption_in_transit", _("Encryption in transit"), "encryption", "GDPR Art. 32(1)(a)"
    ),
    SecurityMeasureDef(
        "pseudonymisation", _("Pseudonymisation"), "encryption", "GDPR Art. 32(1)(a), 89(1)"
    ),
    SecurityMeasureDef("backup", _("Backups, tested restores"), "backup", "GDPR Art. 32(1)(c)"),
    SecurityMeasureDef(
        "business_continuity",
        _("Business continuity and disaster recovery plan"),
        "backup",
        "GDPR Art. 32(1)(b)",
    ),
    SecurityMeasureDef(
        "software_protection", _("Software protection (antivirus, patching)"), "software_protection"
    ),
    SecurityMeasureDef(
        "network_security", _("Network segmentation and filtering"), "software_protection"
    ),
    SecurityMeasureDef(
        "workstation_security",
        _("Workstation security (locking, hardening)"),
        "software_protection",
    ),
    SecurityMeasureDef(
        "processor_control",
        _("Control of processors (contract, audits)"),
        "processor_control",
        "GDPR Art. 28",
    ),
    SecurityMeasureDef(
        "hds_hosting",
        _("Hosting by a certified health data host (HDS)"),
        "processor_control",
        "CSP L.1111-8",
    ),
    SecurityMeasureDef("physical_security", _("Physical security of premises"), "other"),
    SecurityMeasureDef("awareness", _("Staff awareness and confidentiality commitments"), "other"),
    SecurityMeasureDef(
        "security_testing", _("Regular testing of security measures"), "other", "GDPR Art. 32(1)(d)"
    ),
    SecurityMeasureDef(
        "minimisation", _("Data minimisation and purging"), "other", "GDPR Art. 5(1)(c), 5(1)(e)"
    ),
)

# Headings of the CNIL register template's security section.
SECURITY_FAMILIES: dict[str, Label] = {
    "access_control": _("User access control"),
    "traceability": _("Traceability"),
    "software_protection": _("Software protection"),
    "backup": _("Backup"),
    "encryption": _("Encryption"),
    "processor_control": _("Processor control"),
    "other": _("Other measures"),
}

DATA_CATEGORY_BY_CODE: dict[str, DataCategoryDef] = {c.code: c for c in DATA_CATEGORIES}
DATA_SUBJECT_BY_CODE: dict[str, DataSubjectDef] = {c.code: c for c in DATA_SUBJECT_CATEGORIES}
SECURITY_MEASURE_BY_CODE: dict[str, SecurityMeasureDef] = {m.code: m for m in SECURITY_MEASURES}
SECURITY_MEASURE_CHOICES: list[tuple[str, Label]] = [(m.code, m.label) for m in SECURITY_MEASURES]
