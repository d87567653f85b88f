"""French retention rules as data (REFERENCE.md section 5).

A rule gives a duration from a start event, and, for the hospital medical record, the special cases as
structured fields the compliance checks and the rights module can compute with. Figures the reference marks
"(verify)" carry ``verify=True``: they are indicative and meant to be confirmed against the official text.
``minimum=True`` means the law sets a floor: shorter is non-compliant, and erasure before the end is refused
(GDPR Art. 17(3)(b)/(c)).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egide.registry.choices import RetentionStart, RetentionUnit


@dataclass(frozen=True)
class RetentionRule:
    code: str
    label: str | Promise
    duration: int
    unit: str  # RetentionUnit
    start_event: str  # RetentionStart
    source: str
    minimum: bool = False
    verify: bool = False
    # Medical record special cases (CSP R.1112-7):
    keep_until_age: int | None = (
        None  # if the person would be younger at the end, keep until that birthday
    )
    death_within_years: int | None = (
        None  # if the person died within this many years of the start event...
    )
    years_after_death: int | None = None  # ...keep this many years from the death instead
    suspended_by_liability_claim: bool = False
    restarts_on_new_event: bool = False  # a new stay restarts the clock of the whole record
    # Split between the active database and the intermediate archive, when the source gives one.
    active_years: int | None = None
    archive_years: int | None = None
    note: str | Promise = ""


RULES: tuple[RetentionRule, ...] = (
    RetentionRule(
        code="medical_record_hospital",
        label=_("Hospital medical record"),
        duration=20,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.LAST_STAY,
        source="CSP R.1112-7",
        minimum=True,
        keep_until_age=28,
        death_within_years=10,
        years_after_death=10,
        suspended_by_liability_claim=True,
        restarts_on_new_event=True,
        note=_(
            "20 years from the last stay or external consultation; until the 28th birthday if the patient "
            "would be younger; 10 years from death if the patient died within 10 years of the last visit; "
            "suspended during a medical-liability claim."
        ),
    ),
    RetentionRule(
        code="transfusion_record",
        label=_("Transfusion records"),
        duration=30,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.LAST_STAY,
        source="CSP R.1112-7 (transfusion traceability)",
        minimum=True,
    ),
    RetentionRule(
        code="private_practice_record",
        label=_("Patient record in private practice"),
        duration=20,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.LAST_STAY,
        source="CNIL referential 2020-081",
        verify=True,
        active_years=5,
        archive_years=15,
        note=_(
            "5 years in the active database, then 15 years in archive, from the last intervention."
        ),
    ),
    RetentionRule(
        code="health_research",
        label=_("Health research data"),
        duration=2,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.LAST_PUBLICATION,
        source="CNIL referential 2020-077",
        note=_("Until 2 years after the last publication of the results, then archived."),
    ),
    RetentionRule(
        code="clinical_trial_master_file",
        label=_("Clinical trial master file"),
        duration=25,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.END_OF_STUDY,
        source="Regulation (EU) 536/2014 Art. 58",
        minimum=True,
    ),
    RetentionRule(
        code="health_data_warehouse",
        label=_("Health data warehouse"),
        duration=20,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.COLLECTION,
        source="CNIL referential on health data warehouses (2021-118)",
        verify=True,
        note=_("At most 20 years from the data's entry into the warehouse."),
    ),
    RetentionRule(
        code="medical_liability",
        label=_("Medical liability claims"),
        duration=10,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.OTHER,
        source="CSP L.1142-28",
        note=_("Limitation period of 10 years from the consolidation of the damage."),
    ),
    RetentionRule(
        code="access_logs",
        label=_("Traces of access to patient data"),
        duration=6,
        unit=RetentionUnit.MONTHS,
        start_event=RetentionStart.COLLECTION,
        source="CSP R.6113-9-2",
        minimum=True,
        note=_("At least 6 months, analysed regularly to detect irregular access."),
    ),
    RetentionRule(
        code="hr_payslips",
        label=_("Payslips (employer's copy)"),
        duration=5,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.COLLECTION,
        source="Code du travail L.3243-4",
        minimum=True,
    ),
    RetentionRule(
        code="hr_staff_register",
        label=_("Staff register"),
        duration=5,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.EMPLOYEE_DEPARTURE,
        source="Code du travail R.1221-26",
        minimum=True,
    ),
    RetentionRule(
        code="hr_unsuccessful_candidates",
        label=_("Unsuccessful job applicants"),
        duration=2,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.LAST_CONTACT,
        source="CNIL referential on staff management (2019-160)",
    ),
    RetentionRule(
        code="cctv_images",
        label=_("Video surveillance images"),
        duration=30,
        unit=RetentionUnit.DAYS,
        start_event=RetentionStart.COLLECTION,
        source="Code de la sécurité intérieure L.252-5",
        note=_("At most one month, except when an incident is being investigated."),
    ),
    RetentionRule(
        code="visitor_access",
        label=_("Visitor access records"),
        duration=3,
        unit=RetentionUnit.MONTHS,
        start_event=RetentionStart.COLLECTION,
        source="CNIL referential on access control to premises",
        verify=True,
    ),
    RetentionRule(
        code="accounting_records",
        label=_("Accounting records and supporting documents"),
        duration=10,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.END_OF_FINANCIAL_YEAR,
        source="Code de commerce L.123-22",
        minimum=True,
    ),
    RetentionRule(
        code="pharmacy_dispensing",
        label=_("Dispensing records of the pharmacy"),
        duration=10,
        unit=RetentionUnit.YEARS,
        start_event=RetentionStart.COLLECTION,
        source="CSP R.5132-10",
        minimum=True,
        verify=True,
    ),
)

RULE_BY_CODE: dict[str, RetentionRule] = {rule.code: rule for rule in RULES}
RULE_CHOICES: list[tuple[str, str | Promise]] = [(rule.code, rule.label) for rule in RULES]


def retention_rule(code: str) -> RetentionRule:
    """The rule with ``code``; ``KeyError`` names the unknown code."""
    try:
        return RULE_BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown retention rule {code!r}") from None
