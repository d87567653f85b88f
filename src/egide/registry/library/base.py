"""The shape of a processing template: plain data, checked by ``tests/test_library.py`` against the
taxonomy, the security catalogue and the retention rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise

from egide.registry.choices import (
    DataSource,
    LegalBasis,
    RecipientKind,
    RecordKind,
    RetentionStart,
    RetentionUnit,
    SpecialCategoryCondition,
)
from egide.registry.retention import retention_rule

Text = str | Promise


@dataclass(frozen=True)
class PurposeSpec:
    description: Text
    legal_basis: LegalBasis
    condition: SpecialCategoryCondition | str = (
        ""  # GDPR Art. 9(2), when special-category data is processed
    )
    is_main: bool = False
    basis_reference: str = ""  # the text providing the obligation or task
    portability: bool = False


@dataclass(frozen=True)
class DataSpec:
    """A data category with its retention: a legal rule, a fixed period, or criteria."""

    category: str  # code in egide.registry.taxonomy
    source: DataSource | str = ""
    rule: str = ""  # code in egide.registry.retention
    duration: int | None = None
    unit: RetentionUnit | str = ""
    start: RetentionStart | str = ""
    criteria: Text = ""

    def retention(self) -> tuple[int | None, str, str]:
        """(duration, unit, start event): the rule's when the category follows one."""
        if self.rule:
            rule = retention_rule(self.rule)
            return rule.duration, rule.unit, rule.start_event
        return self.duration, str(self.unit), str(self.start)


@dataclass(frozen=True)
class RecipientSpec:
    kind: RecipientKind
    name: Text
    detail: Text = ""


@dataclass(frozen=True)
class ProcessingTemplate:
    code: str
    name: Text
    description: Text
    purposes: tuple[PurposeSpec, ...]
    data_subjects: tuple[str, ...]
    data: tuple[DataSpec, ...]
    recipients: tuple[RecipientSpec, ...]
    security: tuple[str, ...]
    record_kind: RecordKind = RecordKind.CONTROLLER
    large_scale: bool = False
    vulnerable_subjects: bool = False
    # Kinds of organisation (egide.accounts.choices.OrganisationKind) the template usually fits.
    suits: tuple[str, ...] = field(default=("hospital", "clinic"))


def keep(category: str, rule: str, source: DataSource | str = "") -> DataSpec:
    """A category kept as a legal rule says."""
    return DataSpec(category, source=source, rule=rule)


def keep_for(
    category: str,
    duration: int,
    unit: RetentionUnit,
    start: RetentionStart,
    source: DataSource | str = "",
) -> DataSpec:
    """A category kept for a fixed period from an event."""
    return DataSpec(category, source=source, duration=duration, unit=unit, start=start)


def keep_while(category: str, criteria: Text, source: DataSource | str = "") -> DataSpec:
    """A category kept as long as a criterion holds (no fixed period)."""
    return DataSpec(category, source=source, criteria=criteria)


# Security measures every health processing should have (CNIL, REFERENCE.md section 10).
HEALTH_BASELINE: tuple[str, ...] = (
    "access_control",
    "access_review",
    "traceability",
    "log_review",
    "encryption_in_transit",
    "backup",
    "awareness",
)
