"""The facts the rules use, with every unknown value resolved conservatively (and a reason saying so).

Resolution rules (Egide's, each reported with an ``unknown_*`` reason when it applies):

- nature unknown: confidentiality, integrity and availability were all lost;
- exfiltration suspected or confirmed: confidentiality was lost, whatever ``nature`` says (GDPR Art. 4(12));
- exfiltration unknown while the breach is or may be malicious: exfiltration suspected (the attacker may have
  copied the data before it is ruled out); for a non-malicious breach (an error), no exfiltration;
- data categories unknown: health data; vulnerability unknown: vulnerable; malicious unknown: malicious;
- recipients unknown: an unknown number of recipients; ease of identification unknown: maximum;
- backup unknown: no backup; restore time unknown: not a quick recovery; impact unknown: significant;
- encryption unknown (or partly): not unintelligible; recovery by the recipient unknown: not recovered.
"""

from __future__ import annotations

from dataclasses import dataclass

from egide.breaches.assessment.input import (
    BreachDescription,
    DataCategory,
    Ease,
    Exfiltration,
    Impact,
    Nature,
    Recipients,
)
from egide.breaches.assessment.reasons import Reason, ReasonCode
from egide.breaches.assessment.reference import AssessmentReference, EnisaDataType

ALL_NATURES = frozenset(Nature)


@dataclass(frozen=True)
class Facts:
    """A :class:`BreachDescription` with no unknown left (see the module docstring)."""

    description: BreachDescription
    nature: frozenset[Nature]
    categories: frozenset[DataCategory]
    types: frozenset[EnisaDataType]
    vulnerable: bool
    ease: Ease
    unintelligible: bool
    malicious: bool
    recipients: Recipients
    exfiltration: Exfiltration
    backup_available: bool
    # Hours the data were unavailable: None when unknown, infinite when there is no backup.
    outage_hours: float | None
    impact: Impact
    recovered: bool

    @property
    def special_category(self) -> bool:
        """Health or other special-category data (ENISA 2013 sensitive data; EDPB Guidelines 9/2022)."""
        return EnisaDataType.SENSITIVE in self.types

    @property
    def health(self) -> bool:
        return DataCategory.HEALTH in self.categories

    def lost(self, nature: Nature) -> bool:
        return nature in self.nature


class Notes:
    """The reasons given so far, in order; a code is given once."""

    def __init__(self) -> None:
        self.reasons: list[Reason] = []

    def add(self, code: ReasonCode, **params: str | int | float) -> None:
        if all(reason.code is not code for reason in self.reasons):
            self.reasons.append(Reason(code, params))


def resolve(description: BreachDescription, reference: AssessmentReference, notes: Notes) -> Facts:
    """The facts of ``description``, unknowns resolved; each resolution is added to ``notes``."""
    d = description
    if d.nature is None:
        notes.add(ReasonCode.UNKNOWN_NATURE)
    nature = d.nature if d.nature is not None else ALL_NATURES

    if d.malicious is None:
        notes.add(ReasonCode.UNKNOWN_MALICIOUS)
    malicious = d.malicious is not False

    exfiltration = d.exfiltration
    if exfiltration is None:
        if malicious:
            notes.add(ReasonCode.UNKNOWN_EXFILTRATION)
            exfiltration = Exfiltration.SUSPECTED
        else:
            exfiltration = Exfiltration.NONE
    if exfiltration is not Exfiltration.NONE and Nature.CONFIDENTIALITY not in nature:
        notes.add(ReasonCode.EXFILTRATION_MEANS_CONFIDENTIALITY, exfiltration=exfiltration.value)
        nature = nature | {Nature.CONFIDENTIALITY}

    if d.data_categories is None:
        notes.add(ReasonCode.UNKNOWN_DATA_CATEGORIES)
    categories = (
        d.data_categories if d.data_categories is not None else frozenset({DataCategory.HEALTH})
    )
    rules = [reference.categories[category] for category in categories]

    if d.vulnerable_subjects is None and not any(rule.minors for rule in rules):
        notes.add(ReasonCode.UNKNOWN_VULNERABLE)
    vulnerable = d.vulnerable_subjects is not False or any(rule.minors for rule in rules)

    if d.ease_of_identification is None:
        notes.add(ReasonCode.UNKNOWN_EASE)

    confidentiality = Nature.CONFIDENTIALITY in nature
    encryption = d.encryption
    if (
        confidentiality
        and encryption.encrypted is not False
        and not encryption.unintelligible
        and None in (encryption.encrypted, encryption.state_of_the_art, encryption.key_compromised)
        and not (encryption.state_of_the_art is False or encryption.key_compromised is True)
    ):
        notes.add(ReasonCode.UNKNOWN_ENCRYPTION)

    if confidentiality and d.recipients is None:
        notes.add(ReasonCode.UNKNOWN_RECIPIENTS)
    recipients = d.recipients if d.recipients is not None else Recipients.UNKNOWN

    integrity_or_availability = bool(nature & {Nature.INTEGRITY, Nature.AVAILABILITY})
    if integrity_or_availability and d.backup.available is None:
        notes.add(ReasonCode.UNKNOWN_BACKUP)
    backup_available = d.backup.available is True

    known_hours = [
        hours
        for hours in (d.unavailability_hours, d.backup.restored_within_hours)
        if hours is not None
    ]
    outage_hours: float | None
    if not backup_available:
        outage_hours = float("inf")  # nothing to restore from
    elif known_hours:
        outage_hours = max(known_hours)
    else:
        outage_hours = None
        if Nature.AVAILABILITY in nature:
            notes.add(ReasonCode.UNKNOWN_RESTORE_TIME)

    if integrity_or_availability and d.impact_on_operations is None:
        notes.add(ReasonCode.UNKNOWN_IMPACT)
    impact = d.impact_on_operations or Impact.SIGNIFICANT

    if (
        confidentiality
        and recipients in (Recipients.KNOWN_TRUSTED, Recipients.KNOWN_UNTRUSTED)
        and d.recovered_or_deleted_by_recipient is None
    ):
        notes.add(ReasonCode.UNKNOWN_RECOVERY)

    return Facts(
        description=d,
        nature=frozenset(nature),
        categories=frozenset(categories),
        types=frozenset(rule.enisa_type for rule in rules),
        vulnerable=vulnerable,
        ease=d.ease_of_identification or Ease.MAXIMUM,
        unintelligible=encryption.unintelligible,
        malicious=malicious,
        recipients=recipients,
        exfiltration=exfiltration,
        backup_available=backup_available,
        outage_hours=outage_hours,
        impact=impact,
        recovered=d.recovered_or_deleted_by_recipient is True,
    )
