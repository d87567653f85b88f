"""Decision support for GDPR Art. 33 and 34: what to notify, with the reasons. No Django.

Egide proposes; the DPO decides and records the decision and its reasons. The rules:

**Contained loss.** A loss is *contained* when the data could not harm the people:

- confidentiality: the data are unintelligible (state-of-the-art encryption, key safe; GDPR Art. 34(3)(a),
  EDPB Guidelines 9/2022), or the only recipient is a trusted one who returned or deleted the data (EDPB
  Guidelines 9/2022: a trusted recipient "may remove the likelihood of risk"), or nobody received the data
  and none were exfiltrated;
- integrity: the altered data were restored from a backup with no effect on operations (ENISA 2013 CB 0);
- availability: the data were restored within ``quick_recovery_hours``, without significant impact and
  without delaying care (ENISA 2013 CB 0; EDPB Guidelines 01/2021, case 1).

**Art. 33(1), notify the CNIL** "unless the breach is unlikely to result in a risk": not when every loss was
contained; otherwise always when the risk is high or when health or other special-category data are involved
(EDPB Guidelines 9/2022: damage should then be considered likely); otherwise when the ENISA severity is
medium or above (ENISA 2013 low: people "will not be affected or may encounter a few inconveniences").

**Art. 34(1), tell the people** when the risk is high:

- the ENISA severity is high or very high and data were exposed or altered (a loss not contained);
- health data of vulnerable people were exposed (health-sector rule);
- the unavailability of health data delays care: a significant impact on operations, more than
  ``care_delay_hours`` of unavailability, or no backup (EDPB Guidelines 01/2021, case 3).

An availability loss that does not delay care is not, alone, a high risk to the people, however high the
ENISA score (which rates the data at stake). Exceptions (Art. 34(3)): (a) unintelligible data and (b) measures
that removed the risk (a trusted recipient's deletion) make the loss contained; (c) when the people's contact
details were lost with the breach (availability lost, no backup, contact data among the categories) telling
each would involve disproportionate effort: ``notify_subjects`` is ``"public_communication"``.

**Deadline.** The CNIL notification is due 72 hours after awareness (Art. 33(1)), counted in elapsed time
(UTC) and shown in Europe/Paris.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from egide.breaches.assessment.facts import Facts, Notes, resolve
from egide.breaches.assessment.input import (
    BreachDescription,
    DataCategory,
    Exfiltration,
    Impact,
    Nature,
    Recipients,
)
from egide.breaches.assessment.reasons import Reason, ReasonCode, number
from egide.breaches.assessment.reference import AssessmentReference, load_reference
from egide.breaches.assessment.severity import (
    CB_NONE,
    Severity,
    SeverityLevel,
    severity_of,
)

# GDPR Art. 33(1): "where feasible, not later than 72 hours after having become aware of it".
AUTHORITY_NOTIFICATION_DELAY = timedelta(hours=72)
PARIS = ZoneInfo("Europe/Paris")
PUBLIC_COMMUNICATION: Literal["public_communication"] = "public_communication"

SubjectsDecision = bool | Literal["public_communication"]


@dataclass(frozen=True)
class Assessment:
    """The severity, what Egide proposes to notify, the reasons in order, and the CNIL deadline."""

    severity: Severity
    notify_authority: bool
    notify_subjects: SubjectsDecision
    reasons: tuple[Reason, ...]
    deadlines: Mapping[str, str]

    @property
    def reason_codes(self) -> tuple[ReasonCode, ...]:
        return tuple(reason.code for reason in self.reasons)

    def as_json(self) -> dict[str, object]:
        return {
            "severity": self.severity.as_json(),
            "notify_authority": self.notify_authority,
            "notify_subjects": self.notify_subjects,
            "reasons": [reason.as_json() for reason in self.reasons],
            "deadlines": dict(self.deadlines),
        }


def authority_deadlines(aware_at: datetime) -> dict[str, str]:
    """Awareness and the CNIL notification due time (awareness + 72 hours of elapsed time, GDPR
    Art. 33(1)), as ISO 8601 in UTC and in Europe/Paris. ``ValueError`` for a naive ``aware_at``."""
    if aware_at.tzinfo is None or aware_at.utcoffset() is None:
        raise ValueError("aware_at must be timezone-aware.")
    aware_utc = aware_at.astimezone(UTC)
    due_utc = aware_utc + AUTHORITY_NOTIFICATION_DELAY  # in UTC: elapsed hours, not wall-clock
    return {
        "aware_at_utc": aware_utc.isoformat(),
        "aware_at_europe_paris": aware_utc.astimezone(PARIS).isoformat(),
        "cnil_due_utc": due_utc.isoformat(),
        "cnil_due_europe_paris": due_utc.astimezone(PARIS).isoformat(),
    }


def _care_delay(facts: Facts, reference: AssessmentReference) -> ReasonCode | None:
    """The reason the unavailability of health data delays care, if it does."""
    if not (facts.lost(Nature.AVAILABILITY) and facts.health):
        return None
    if facts.outage_hours == float("inf"):
        return ReasonCode.SUBJECTS_CARE_DELAY_NO_BACKUP
    if facts.impact is Impact.SIGNIFICANT:
        return ReasonCode.SUBJECTS_CARE_DELAY_IMPACT
    if (
        facts.outage_hours is not None
        and facts.outage_hours > reference.thresholds.care_delay_hours
    ):
        return ReasonCode.SUBJECTS_CARE_DELAY_HOURS
    return None


def _confidentiality_contained(facts: Facts, notes: Notes) -> bool:
    if facts.unintelligible:
        notes.add(ReasonCode.EXCEPTION_UNINTELLIGIBLE)
        return True
    if facts.exfiltration is not Exfiltration.NONE:
        return False
    if facts.recipients is Recipients.NONE:
        notes.add(ReasonCode.CONTAINED_NO_RECIPIENT)
        return True
    if facts.recipients is Recipients.KNOWN_TRUSTED:
        if facts.recovered:
            notes.add(ReasonCode.EXCEPTION_RISK_REMOVED)
            return True
        notes.add(ReasonCode.ASK_RECIPIENT_DELETION)
    elif facts.recipients is Recipients.KNOWN_UNTRUSTED and facts.recovered:
        notes.add(ReasonCode.UNTRUSTED_DELETION)
    return False


def assess(
    description: BreachDescription, *, reference: AssessmentReference | None = None
) -> Assessment:
    """The assessment of one breach (see the module docstrings of this package for every rule)."""
    reference = reference or load_reference()
    notes = Notes()
    facts = resolve(description, reference, notes)
    severity = severity_of(facts, reference, notes)
    cb = severity.circumstances

    care_delay = _care_delay(facts, reference)
    confidentiality_exposed = facts.lost(Nature.CONFIDENTIALITY) and not _confidentiality_contained(
        facts, notes
    )
    integrity_exposed = facts.lost(Nature.INTEGRITY) and cb.integrity != CB_NONE
    if facts.lost(Nature.INTEGRITY) and not integrity_exposed:
        notes.add(ReasonCode.CONTAINED_INTEGRITY)
    availability_open = facts.lost(Nature.AVAILABILITY) and (
        cb.availability != CB_NONE or facts.impact is Impact.SIGNIFICANT or care_delay is not None
    )
    if facts.lost(Nature.AVAILABILITY) and not availability_open:
        notes.add(
            ReasonCode.CONTAINED_AVAILABILITY,
            hours=number(reference.thresholds.quick_recovery_hours),
        )
    contained = not (confidentiality_exposed or integrity_exposed or availability_open)

    high_risk: list[ReasonCode] = []
    if severity.level.is_high and (confidentiality_exposed or integrity_exposed):
        high_risk.append(ReasonCode.SUBJECTS_HIGH_SEVERITY)
    if confidentiality_exposed and facts.health and facts.vulnerable:
        high_risk.append(ReasonCode.SUBJECTS_HEALTH_VULNERABLE)
    if care_delay is not None:
        high_risk.append(care_delay)

    notify_authority = _notify_authority(facts, severity, contained, bool(high_risk), notes)
    notify_subjects = _notify_subjects(facts, severity, contained, high_risk, reference, notes)
    deadlines = authority_deadlines(description.aware_at)
    if notify_authority:
        notes.add(ReasonCode.AUTHORITY_DEADLINE, due=deadlines["cnil_due_europe_paris"])
    if facts.health and (facts.malicious or facts.nature & {Nature.INTEGRITY, Nature.AVAILABILITY}):
        notes.add(ReasonCode.HEALTH_INCIDENT_REPORT)
    return Assessment(
        severity=severity,
        notify_authority=notify_authority,
        notify_subjects=notify_subjects,
        reasons=tuple(notes.reasons),
        deadlines=deadlines,
    )


def _notify_authority(
    facts: Facts, severity: Severity, contained: bool, high_risk: bool, notes: Notes
) -> bool:
    """GDPR Art. 33(1): notify unless the breach is unlikely to result in a risk."""
    if contained:
        notes.add(ReasonCode.AUTHORITY_CONTAINED)
        return False
    if facts.special_category and not high_risk:
        notes.add(ReasonCode.AUTHORITY_SPECIAL_CATEGORY)
    elif severity.level is SeverityLevel.LOW and not high_risk:
        notes.add(ReasonCode.AUTHORITY_LOW)
        return False
    notes.add(ReasonCode.AUTHORITY_NOTIFY, level=severity.level.value.replace("_", " "))
    return True


def _notify_subjects(
    facts: Facts,
    severity: Severity,
    contained: bool,
    high_risk: list[ReasonCode],
    reference: AssessmentReference,
    notes: Notes,
) -> SubjectsDecision:
    """GDPR Art. 34(1) with the exceptions of Art. 34(3)."""
    if contained:
        notes.add(ReasonCode.SUBJECTS_CONTAINED)
        return False
    if not high_risk:
        if severity.level.is_high:
            notes.add(ReasonCode.SUBJECTS_AVAILABILITY_ONLY)
        else:
            notes.add(
                ReasonCode.SUBJECTS_NOT_HIGH_RISK, level=severity.level.value.replace("_", " ")
            )
        return False
    for code in high_risk:
        if code is ReasonCode.SUBJECTS_HIGH_SEVERITY:
            notes.add(code, level=severity.level.value.replace("_", " "))
        elif code is ReasonCode.SUBJECTS_CARE_DELAY_HOURS:
            notes.add(
                code,
                hours=number(facts.outage_hours or 0.0),
                threshold=number(reference.thresholds.care_delay_hours),
            )
        else:
            notes.add(code)
    contact_lost = (
        facts.lost(Nature.AVAILABILITY)
        and facts.description.backup.available is False
        and DataCategory.CONTACT in facts.categories
    )
    if contact_lost:
        notes.add(ReasonCode.EXCEPTION_DISPROPORTIONATE)
        return PUBLIC_COMMUNICATION
    return True
