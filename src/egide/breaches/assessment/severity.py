"""Severity of a breach by the ENISA 2013 method: SE = DPC x EI + CB. No Django.

Source: ENISA, *Recommendations for a methodology of the assessment of severity of personal data breaches*,
working document v1.0, December 2013.

- **DPC** (data processing context), 1 to 4. Base by data type: simple 1, behavioural 2, financial 3,
  sensitive 4; several types: the highest. ENISA then adjusts the score by context, within 1-4. Egide applies
  the adjustments it can read from the description (:func:`dpc_of`):

  - *volume* (+1): "the volume of data ... is such that a profile of the individual can be created" (ENISA's
    +1 lines of simple, behavioural and financial data). Egide's trigger: records per person at or above
    ``profiling_records_per_subject`` (reference/assessment.json);
  - *fraud* (+1): financial data "that could enable fraud" (ENISA's financial score 4). Egide's trigger:
    financial data together with credentials or a national identification number;
  - *vulnerable people* (to 4): "due to certain characteristics of the individual (e.g. vulnerable groups,
    minors), the information can be critical for their personal safety or physical/psychological
    conditions" (ENISA's simple-data score 4; it applies a fortiori to the higher data types).

  ENISA's other adjustments are judgments on the content of the data set that the description does not
  carry: the decreases ("does not provide any substantial insight", "can be collected easily through publicly
  available sources", sensitive data that "can lead to general assumptions" only) and the increase of simple
  data whose controller reveals a health status (a patient list: list ``health``, GDPR recital 35). The DPO
  applies them with the ``dpc`` override and a reason; the override is recorded as one more adjustment.
- **EI** (ease of identification): negligible 0.25, limited 0.5, significant 0.75, maximum 1. Data encrypted
  with a state-of-the-art method whose key is safe are unintelligible: EI negligible (0.25).
- **CB** (circumstances of the breach), added: loss of confidentiality 0 / 0.25 / 0.5, of integrity
  0 / 0.25 / 0.5, of availability 0 / 0.25 / 0.5, malicious intent +0.5 (:func:`circumstances_of`).
- **Bands**: SE < 2 low; 2 <= SE < 3 medium; 3 <= SE < 4 high; SE >= 4 very high (:func:`severity_level`).

Every value is a multiple of 0.25, exact in binary floating point, so the bands are compared exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from egide.breaches.assessment.facts import Facts, Notes
from egide.breaches.assessment.input import (
    DPC_MAX,
    DataCategory,
    Ease,
    Exfiltration,
    Impact,
    Nature,
)
from egide.breaches.assessment.input import Recipients as R
from egide.breaches.assessment.reasons import ReasonCode, number
from egide.breaches.assessment.reference import AssessmentReference, EnisaDataType

ENISA_2013 = "ENISA 2013"

# ENISA 2013: DPC base score by data type.
DPC_BASE: Mapping[EnisaDataType, int] = MappingProxyType(
    {
        EnisaDataType.SIMPLE: 1,
        EnisaDataType.BEHAVIOURAL: 2,
        EnisaDataType.FINANCIAL: 3,
        EnisaDataType.SENSITIVE: 4,
    }
)
# ENISA 2013: ease of identification.
EI_SCORE: Mapping[Ease, float] = MappingProxyType(
    {Ease.NEGLIGIBLE: 0.25, Ease.LIMITED: 0.5, Ease.SIGNIFICANT: 0.75, Ease.MAXIMUM: 1.0}
)
# ENISA 2013: circumstances of the breach; each loss scores 0, 0.25 or 0.5.
CB_NONE, CB_PARTIAL, CB_FULL = 0.0, 0.25, 0.5
CB_MALICIOUS = 0.5
# ENISA 2013: severity bands.
MEDIUM_FROM, HIGH_FROM, VERY_HIGH_FROM = 2.0, 3.0, 4.0


class SeverityLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def is_high(self) -> bool:
        return self in (SeverityLevel.HIGH, SeverityLevel.VERY_HIGH)


def severity_level(score: float) -> SeverityLevel:
    """ENISA 2013 band of ``score``: < 2 low, [2, 3) medium, [3, 4) high, >= 4 very high."""
    if score >= VERY_HIGH_FROM:
        return SeverityLevel.VERY_HIGH
    if score >= HIGH_FROM:
        return SeverityLevel.HIGH
    if score >= MEDIUM_FROM:
        return SeverityLevel.MEDIUM
    return SeverityLevel.LOW


@dataclass(frozen=True)
class DpcAdjustment:
    """One change of the DPC from its base: ``delta`` is the change actually made (after the 1-4 bounds)."""

    code: str
    delta: int
    source: str

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "delta": self.delta, "source": self.source}


@dataclass(frozen=True)
class Circumstances:
    """ENISA 2013 CB, component by component."""

    confidentiality: float = CB_NONE
    integrity: float = CB_NONE
    availability: float = CB_NONE
    malicious: float = CB_NONE

    @property
    def total(self) -> float:
        return self.confidentiality + self.integrity + self.availability + self.malicious

    def as_json(self) -> dict[str, float]:
        return {
            "confidentiality": self.confidentiality,
            "integrity": self.integrity,
            "availability": self.availability,
            "malicious": self.malicious,
        }


@dataclass(frozen=True)
class Severity:
    """SE = DPC x EI + CB (ENISA 2013); ``dpc == dpc_base + sum of the adjustments' deltas``."""

    score: float
    level: SeverityLevel
    dpc: int
    ei: float
    cb: float
    dpc_base: int
    dpc_adjustments: tuple[DpcAdjustment, ...]
    circumstances: Circumstances

    def as_json(self) -> dict[str, object]:
        return {
            "score": self.score,
            "level": self.level.value,
            "dpc": self.dpc,
            "ei": self.ei,
            "cb": self.cb,
            "dpc_base": self.dpc_base,
            "dpc_adjustments": [adjustment.as_json() for adjustment in self.dpc_adjustments],
            "cb_components": self.circumstances.as_json(),
        }


_FRAUD_COMPANIONS = frozenset({DataCategory.CREDENTIALS, DataCategory.NATIONAL_ID})


def dpc_of(
    facts: Facts, reference: AssessmentReference, notes: Notes
) -> tuple[int, int, tuple[DpcAdjustment, ...]]:
    """``(dpc, base, adjustments)`` per ENISA 2013 (see the module docstring); the DPO's override last."""
    dominant = max(facts.types, key=DPC_BASE.__getitem__)
    base = DPC_BASE[dominant]
    notes.add(
        ReasonCode.DPC_BASE,
        dpc=base,
        type=dominant.value,
        categories=", ".join(sorted(facts.categories)),
    )
    dpc = base
    adjustments: list[DpcAdjustment] = []

    def adjust(code: ReasonCode, target: int, **params: str | int | float) -> None:
        nonlocal dpc
        target = min(target, DPC_MAX)
        if target != dpc:
            adjustments.append(DpcAdjustment(code.value, target - dpc, ENISA_2013))
            notes.add(code, **params)
            dpc = target

    if dominant is not EnisaDataType.SENSITIVE:
        d = facts.description
        if d.subjects_count is None or d.records_count is None:
            notes.add(ReasonCode.UNKNOWN_VOLUME)
            adjust(ReasonCode.DPC_PROFILING, dpc + 1, records_per_subject="?")
        else:
            per_subject = d.records_count / d.subjects_count
            if per_subject >= reference.thresholds.profiling_records_per_subject:
                adjust(ReasonCode.DPC_PROFILING, dpc + 1, records_per_subject=f"{per_subject:.3g}")
        if DataCategory.FINANCIAL in facts.categories and facts.categories & _FRAUD_COMPANIONS:
            adjust(ReasonCode.DPC_FRAUD, dpc + 1)
    if facts.vulnerable:
        adjust(ReasonCode.DPC_VULNERABLE, DPC_MAX)

    override = facts.description.dpc
    if override is not None and override != dpc:
        adjustments.append(
            DpcAdjustment(
                ReasonCode.DPC_OVERRIDE.value, override - dpc, "ENISA 2013 (the DPO's judgment)"
            )
        )
        notes.add(
            ReasonCode.DPC_OVERRIDE,
            dpc=override,
            computed=dpc,
            reason=facts.description.dpc_reason or "",
        )
        dpc = override
    return dpc, base, tuple(adjustments)


def ei_of(facts: Facts, notes: Notes) -> float:
    """ENISA 2013 EI; unintelligible data (state-of-the-art encryption, key safe): negligible."""
    encryption = facts.description.encryption
    if facts.unintelligible:
        notes.add(ReasonCode.EI_UNINTELLIGIBLE)
        return EI_SCORE[Ease.NEGLIGIBLE]
    if encryption.encrypted is True and (
        encryption.state_of_the_art is False or encryption.key_compromised is True
    ):
        notes.add(ReasonCode.ENCRYPTION_NOT_EFFECTIVE)
    ei = EI_SCORE[facts.ease]
    notes.add(ReasonCode.EI_LEVEL, ease=facts.ease.value, ei=number(ei))
    return ei


def circumstances_of(facts: Facts, reference: AssessmentReference, notes: Notes) -> Circumstances:
    """ENISA 2013 CB read from the facts:

    - confidentiality: 0 no recipient or known trusted recipients only ("without evidence that illegal
      processing has occurred"); 0.25 known recipients; 0.5 unknown recipients, published, or exfiltration
      suspected or confirmed ("an unknown number of recipients");
    - integrity: 0 altered, recoverable (backup) and no effect on operations ("without any identified
      incorrect or illegal use"); 0.25 recoverable; 0.5 no backup ("without possibility to recover");
    - availability: 0 restored from a backup within ``quick_recovery_hours`` ("recovered without any
      difficulties"); 0.25 temporary; 0.5 no backup ("full unavailability");
    - malicious intent: +0.5.
    """
    confidentiality = integrity = availability = CB_NONE
    if facts.lost(Nature.CONFIDENTIALITY):
        if facts.exfiltration is not Exfiltration.NONE or facts.recipients in (R.UNKNOWN, R.PUBLIC):
            confidentiality = CB_FULL
            notes.add(
                ReasonCode.CB_CONFIDENTIALITY_UNKNOWN,
                recipients=facts.recipients.value,
                exfiltration=facts.exfiltration.value,
            )
        elif facts.recipients is R.KNOWN_UNTRUSTED:
            confidentiality = CB_PARTIAL
            notes.add(ReasonCode.CB_CONFIDENTIALITY_KNOWN)
        else:
            notes.add(ReasonCode.CB_CONFIDENTIALITY_0)
    if facts.lost(Nature.INTEGRITY):
        if not facts.backup_available:
            integrity = CB_FULL
            notes.add(ReasonCode.CB_INTEGRITY_LOST)
        elif facts.impact is not Impact.NONE:
            integrity = CB_PARTIAL
            notes.add(ReasonCode.CB_INTEGRITY_RECOVERABLE)
        else:
            notes.add(ReasonCode.CB_INTEGRITY_0)
    if facts.lost(Nature.AVAILABILITY):
        quick = reference.thresholds.quick_recovery_hours
        if not facts.backup_available:
            availability = CB_FULL
            notes.add(ReasonCode.CB_AVAILABILITY_FULL)
        elif facts.outage_hours is not None and facts.outage_hours <= quick:
            notes.add(ReasonCode.CB_AVAILABILITY_0, hours=number(quick))
        else:
            availability = CB_PARTIAL
            notes.add(ReasonCode.CB_AVAILABILITY_TEMPORARY)
    malicious = CB_MALICIOUS if facts.malicious else CB_NONE
    if facts.malicious:
        notes.add(ReasonCode.CB_MALICIOUS)
    return Circumstances(confidentiality, integrity, availability, malicious)


def severity_of(facts: Facts, reference: AssessmentReference, notes: Notes) -> Severity:
    """SE = DPC x EI + CB (ENISA 2013), each step explained in ``notes``."""
    dpc, base, adjustments = dpc_of(facts, reference, notes)
    ei = ei_of(facts, notes)
    circumstances = circumstances_of(facts, reference, notes)
    cb = circumstances.total
    score = dpc * ei + cb
    level = severity_level(score)
    notes.add(
        ReasonCode.SEVERITY,
        dpc=dpc,
        ei=number(ei),
        cb=number(cb),
        score=number(score),
        level=level.value.replace("_", " "),
    )
    return Severity(
        score=score,
        level=level,
        dpc=dpc,
        ei=ei,
        cb=cb,
        dpc_base=base,
        dpc_adjustments=adjustments,
        circumstances=circumstances,
    )
