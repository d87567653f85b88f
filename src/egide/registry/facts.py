"""What the compliance rules read: frozen dataclasses, no Django.

The Django layer (selectors) turns the register's rows into these facts; the rule engine
(:mod:`egide.registry.checks`) and the DPO designation rule (:mod:`egide.registry.designation`) read
nothing else, so both run and are tested without a database. Enum values are the register's stored
values, so an adapter converts with ``LegalBasis(row.legal_basis)``.

User-facing strings of the pure modules are marked with :func:`gettext_noop` below: ``makemessages``
extracts them (``gettext_noop`` is one of its keywords) and the Django layer translates them when it
renders a finding (``finding.message(gettext)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without importing Django; returns it unchanged."""
    return message


class LegalBasis(StrEnum):
    """GDPR Art. 6(1) bases."""

    CONSENT = "consent"  # (a)
    CONTRACT = "contract"  # (b)
    LEGAL_OBLIGATION = "legal_obligation"  # (c)
    VITAL_INTERESTS = "vital_interests"  # (d)
    PUBLIC_TASK = "public_task"  # (e)
    LEGITIMATE_INTERESTS = "legitimate_interests"  # (f)


class Art9Condition(StrEnum):
    """GDPR Art. 9(2) conditions lifting the ban on special-category data."""

    EXPLICIT_CONSENT = "explicit_consent"  # (a)
    EMPLOYMENT_SOCIAL_SECURITY = "employment_social_security"  # (b)
    VITAL_INTERESTS = "vital_interests"  # (c)
    NOT_FOR_PROFIT_BODY = "not_for_profit_body"  # (d)
    MADE_PUBLIC = "made_public"  # (e)
    LEGAL_CLAIMS = "legal_claims"  # (f)
    SUBSTANTIAL_PUBLIC_INTEREST = "substantial_public_interest"  # (g)
    HEALTH_CARE = "health_care"  # (h), under professional secrecy (9(3))
    PUBLIC_HEALTH = "public_health"  # (i)
    RESEARCH_STATISTICS = "research_statistics"  # (j), with Art. 89(1) safeguards


class TransferTool(StrEnum):
    """GDPR Chapter V transfer tools."""

    ADEQUACY = "adequacy"  # Art. 45
    SCC_MODULE_1 = "scc_1"  # Art. 46(2)(c), Decision 2021/914, controller to controller
    SCC_MODULE_2 = "scc_2"  # controller to processor
    SCC_MODULE_3 = "scc_3"  # processor to processor
    SCC_MODULE_4 = "scc_4"  # processor to controller
    BCR = "bcr"  # Art. 47
    DEROGATION = "derogation"  # Art. 49

    @property
    def label(self) -> str:
        return TRANSFER_TOOL_LABELS[self]


_SCC = gettext_noop("standard contractual clauses")
TRANSFER_TOOL_LABELS = {
    TransferTool.ADEQUACY: gettext_noop("an adequacy decision"),
    TransferTool.SCC_MODULE_1: _SCC,
    TransferTool.SCC_MODULE_2: _SCC,
    TransferTool.SCC_MODULE_3: _SCC,
    TransferTool.SCC_MODULE_4: _SCC,
    TransferTool.BCR: gettext_noop("binding corporate rules"),
    TransferTool.DEROGATION: gettext_noop("an Art. 49 derogation"),
}
# Tools under Art. 46-47, after which a transfer impact assessment is expected (CJEU C-311/18).
SAFEGUARD_TOOLS = frozenset(
    {
        TransferTool.SCC_MODULE_1,
        TransferTool.SCC_MODULE_2,
        TransferTool.SCC_MODULE_3,
        TransferTool.SCC_MODULE_4,
        TransferTool.BCR,
    }
)


class AdequacyFramework(StrEnum):
    """Frameworks a recipient may belong to, when an adequacy decision covers only them."""

    DPF = "dpf"  # EU-US Data Privacy Framework certification
    PIPEDA = "pipeda"  # Canadian recipient subject to PIPEDA (commercial activities)


class RecipientRole(StrEnum):
    """Values of the register's recipient kinds and vendor roles."""

    INTERNAL_SERVICE = "internal_service"
    EXTERNAL_ORGANISATION = "external_organisation"  # receives the data as a controller
    PROCESSOR = "processor"
    SUB_PROCESSOR = "sub_processor"
    JOINT_CONTROLLER = "joint_controller"


PROCESSOR_ROLES = frozenset({RecipientRole.PROCESSOR, RecipientRole.SUB_PROCESSOR})


class Art28Clause(StrEnum):
    """The stipulations GDPR Art. 28(3) requires in a processor contract, by letter."""

    DOCUMENTED_INSTRUCTIONS = "a"
    CONFIDENTIALITY = "b"
    SECURITY = "c"
    SUB_PROCESSORS = "d"
    DATA_SUBJECT_RIGHTS = "e"
    CONTROLLER_ASSISTANCE = "f"
    DELETION_OR_RETURN = "g"
    AUDITS = "h"


class OrganisationKind(StrEnum):
    """Same values as ``egide.accounts.choices.OrganisationKind``."""

    HOSPITAL = "hospital"
    CLINIC = "clinic"
    MEDICO_SOCIAL = "medico_social"
    LABORATORY = "laboratory"
    PHARMACY = "pharmacy"
    PRACTICE = "practice"
    RESEARCH_SPONSOR = "research_sponsor"
    OTHER = "other"


@dataclass(frozen=True)
class PurposeFacts:
    name: str
    legal_basis: LegalBasis | None
    art9_condition: Art9Condition | None = None
    portability_promised: bool = False


@dataclass(frozen=True)
class DataCategoryFacts:
    """A personal data category with its retention: a duration in days, criteria, or both.

    ``retention_days`` comes from the register's duration and unit through
    :func:`egide.registry.reference_data.duration_in_days`. ``retention_rule`` is a retention rule code
    (those of :mod:`egide.registry.retention`, e.g. ``"medical_record_hospital"``); when
    :data:`egide.registry.reference_data.LEGAL_MINIMUM_RETENTION` has it, the minimum is checked.
    """

    name: str
    special_category: bool = False  # GDPR Art. 9(1)
    health: bool = False  # GDPR Art. 4(15); health data is always special-category data
    retention_days: int | None = None
    retention_criteria: str = ""
    retention_start_event: str = ""
    retention_rule: str = ""

    @property
    def is_special(self) -> bool:
        return self.special_category or self.health


@dataclass(frozen=True)
class TransferFacts:
    """A transfer of personal data to a country (ISO 3166-1 alpha-2 code)."""

    country: str
    tool: TransferTool | None
    recipient: str = ""
    recipient_frameworks: frozenset[AdequacyFramework] = frozenset()
    impact_assessment_done: bool = False


@dataclass(frozen=True)
class RecipientFacts:
    """A recipient or vendor. ``art28_clauses`` is None while the clause checklist is not filled in."""

    name: str
    role: RecipientRole
    has_contract: bool = False
    art28_clauses: frozenset[Art28Clause] | None = None
    hosts_health_data: bool = False
    hds_certificate_expires_on: date | None = None

    @property
    def is_processor(self) -> bool:
        return self.role in PROCESSOR_ROLES


@dataclass(frozen=True)
class ActivityFacts:
    """One processing activity of the register (GDPR Art. 30(1)), as the rules see it.

    ``ref`` identifies the activity in findings (primary key or code). ``data_subject_count`` feeds the
    large-scale threshold when the DPO has not ticked ``large_scale``. ``dpia_reference`` is set once a
    DPIA covers the activity.
    """

    ref: str
    name: str
    purposes: tuple[PurposeFacts, ...] = ()
    data_categories: tuple[DataCategoryFacts, ...] = ()
    transfers: tuple[TransferFacts, ...] = ()
    recipients: tuple[RecipientFacts, ...] = ()
    security_measures: frozenset[str] = frozenset()
    large_scale: bool = False
    data_subject_count: int | None = None
    vulnerable_subjects: bool = False
    review_date: date | None = None
    dpia_reference: str = ""

    @property
    def special_categories(self) -> tuple[DataCategoryFacts, ...]:
        return tuple(c for c in self.data_categories if c.is_special)


@dataclass(frozen=True)
class OrganisationProfile:
    """What the DPO designation rule and the public-body checks read about the organisation.

    ``staff_count`` is carried for headcount-based screens (CNIL deliberation 2019-118: HR under 250 staff).
    """

    kind: OrganisationKind
    public_body: bool
    patient_volume: int | None = None
    staff_count: int | None = None
    large_scale_monitoring: bool = False  # GDPR Art. 37(1)(b): core activity monitors people

    @classmethod
    def from_record(
        cls,
        *,
        kind: str,
        legal_status: str,
        patient_volume: int | None = None,
        staff_count: int | None = None,
        large_scale_monitoring: bool = False,
    ) -> OrganisationProfile:
        """Build a profile from the organisation's stored values (``legal_status == "public"``)."""
        return cls(
            kind=OrganisationKind(kind),
            public_body=legal_status == "public",
            patient_volume=patient_volume,
            staff_count=staff_count,
            large_scale_monitoring=large_scale_monitoring,
        )


@dataclass(frozen=True)
class DpoDesignationFacts:
    """The organisation's DPO designation record (GDPR Art. 37(7))."""

    designated: bool
    declared_to_cnil_on: date | None = None
    contact_published: bool = False
