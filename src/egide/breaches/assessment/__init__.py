"""Assessment of a personal data breach: ENISA 2013 severity and GDPR Art. 33-34 decision support. No Django.

    from egide.breaches.assessment import assess, parse_description

    assessment = assess(parse_description(json.loads(text)))
    assessment.severity.level, assessment.notify_authority, assessment.notify_subjects
    assessment.as_json()

The modules: :mod:`.input` (the description and its parser), :mod:`.facts` (unknowns resolved
conservatively), :mod:`.severity` (SE = DPC x EI + CB), :mod:`.decision` (Art. 33 and 34, the 72-hour
deadline), :mod:`.reasons` (codes, English texts, sources), :mod:`.reference` (Egide's choices, loaded from
``reference/assessment.json``). Each rule and its source: docs/breach-assessment.md.
"""

from egide.breaches.assessment.decision import (
    AUTHORITY_NOTIFICATION_DELAY,
    PUBLIC_COMMUNICATION,
    Assessment,
    SubjectsDecision,
    assess,
    authority_deadlines,
)
from egide.breaches.assessment.input import (
    Backup,
    BreachDescription,
    BreachInputError,
    DataCategory,
    Ease,
    Encryption,
    Exfiltration,
    Impact,
    Nature,
    Recipients,
    parse_description,
)
from egide.breaches.assessment.reasons import REASON_SOURCE, REASON_TEXT, Reason, ReasonCode
from egide.breaches.assessment.reference import (
    AssessmentReference,
    EnisaDataType,
    load_reference,
)
from egide.breaches.assessment.severity import (
    Circumstances,
    DpcAdjustment,
    Severity,
    SeverityLevel,
    severity_level,
)

__all__ = [
    "AUTHORITY_NOTIFICATION_DELAY",
    "PUBLIC_COMMUNICATION",
    "REASON_SOURCE",
    "REASON_TEXT",
    "Assessment",
    "AssessmentReference",
    "Backup",
    "BreachDescription",
    "BreachInputError",
    "Circumstances",
    "DataCategory",
    "DpcAdjustment",
    "Ease",
    "Encryption",
    "EnisaDataType",
    "Exfiltration",
    "Impact",
    "Nature",
    "Reason",
    "ReasonCode",
    "Recipients",
    "Severity",
    "SeverityLevel",
    "SubjectsDecision",
    "assess",
    "authority_deadlines",
    "load_reference",
    "parse_description",
    "severity_level",
]
