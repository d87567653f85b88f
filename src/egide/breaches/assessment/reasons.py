"""The reasons an assessment gives: stable codes, an English text per code, and the source of each rule.

The Django layer translates by code: ``reason.render(gettext)`` looks the English template up in the
catalogue and fills in the parameters. Templates are marked with :func:`gettext_noop` so ``makemessages``
extracts them. Never change a code's meaning: stored assessments refer to it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

Translate = Callable[[str], str]
Param = str | int | float


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without importing Django; returns it unchanged."""
    return message


_ = gettext_noop


def _same(text: str) -> str:
    return text


class ReasonCode(StrEnum):
    # Unknown values, treated conservatively.
    UNKNOWN_NATURE = "unknown_nature"
    UNKNOWN_DATA_CATEGORIES = "unknown_data_categories"
    UNKNOWN_VULNERABLE = "unknown_vulnerable"
    UNKNOWN_VOLUME = "unknown_volume"
    UNKNOWN_EASE = "unknown_ease"
    UNKNOWN_ENCRYPTION = "unknown_encryption"
    UNKNOWN_RECIPIENTS = "unknown_recipients"
    UNKNOWN_EXFILTRATION = "unknown_exfiltration"
    UNKNOWN_MALICIOUS = "unknown_malicious"
    UNKNOWN_BACKUP = "unknown_backup"
    UNKNOWN_RESTORE_TIME = "unknown_restore_time"
    UNKNOWN_IMPACT = "unknown_impact"
    UNKNOWN_RECOVERY = "unknown_recovery"
    EXFILTRATION_MEANS_CONFIDENTIALITY = "exfiltration_means_confidentiality"
    # Severity (ENISA 2013).
    DPC_BASE = "dpc_base"
    DPC_PROFILING = "dpc_profiling"
    DPC_FRAUD = "dpc_fraud"
    DPC_VULNERABLE = "dpc_vulnerable"
    DPC_OVERRIDE = "dpc_override"
    EI_LEVEL = "ei_level"
    EI_UNINTELLIGIBLE = "ei_unintelligible"
    ENCRYPTION_NOT_EFFECTIVE = "encryption_not_effective"
    CB_CONFIDENTIALITY_0 = "cb_confidentiality_0"
    CB_CONFIDENTIALITY_KNOWN = "cb_confidentiality_known"
    CB_CONFIDENTIALITY_UNKNOWN = "cb_confidentiality_unknown"
    CB_INTEGRITY_0 = "cb_integrity_0"
    CB_INTEGRITY_RECOVERABLE = "cb_integrity_recoverable"
    CB_INTEGRITY_LOST = "cb_integrity_lost"
    CB_AVAILABILITY_0 = "cb_availability_0"
    CB_AVAILABILITY_TEMPORARY = "cb_availability_temporary"
    CB_AVAILABILITY_FULL = "cb_availability_full"
    CB_MALICIOUS = "cb_malicious"
    SEVERITY = "severity"
    # Notification of the supervisory authority (GDPR Art. 33).
    AUTHORITY_NOTIFY = "authority_notify"
    AUTHORITY_SPECIAL_CATEGORY = "authority_special_category"
    CONTAINED_NO_RECIPIENT = "contained_no_recipient"
    CONTAINED_INTEGRITY = "contained_integrity"
    CONTAINED_AVAILABILITY = "contained_availability"
    AUTHORITY_CONTAINED = "authority_contained"
    AUTHORITY_LOW = "authority_low"
    AUTHORITY_DEADLINE = "authority_deadline"
    # Communication to the people (GDPR Art. 34).
    SUBJECTS_HIGH_SEVERITY = "subjects_high_severity"
    SUBJECTS_HEALTH_VULNERABLE = "subjects_health_vulnerable"
    SUBJECTS_CARE_DELAY_IMPACT = "subjects_care_delay_impact"
    SUBJECTS_CARE_DELAY_HOURS = "subjects_care_delay_hours"
    SUBJECTS_CARE_DELAY_NO_BACKUP = "subjects_care_delay_no_backup"
    SUBJECTS_CONTAINED = "subjects_contained"
    SUBJECTS_NOT_HIGH_RISK = "subjects_not_high_risk"
    SUBJECTS_AVAILABILITY_ONLY = "subjects_availability_only"
    EXCEPTION_UNINTELLIGIBLE = "exception_unintelligible"
    EXCEPTION_RISK_REMOVED = "exception_risk_removed"
    EXCEPTION_DISPROPORTIONATE = "exception_disproportionate"
    ASK_RECIPIENT_DELETION = "ask_recipient_deletion"
    UNTRUSTED_DELETION = "untrusted_deletion"
    HEALTH_INCIDENT_REPORT = "health_incident_report"


_CONSERVATIVE = "Egide: an unknown value is treated conservatively"
_ENISA = "ENISA 2013"

REASON_TEXT: Mapping[ReasonCode, str] = MappingProxyType(
    {
        ReasonCode.UNKNOWN_NATURE: _(
            "The nature of the breach is unknown: treated as a loss of confidentiality, integrity "
            "and availability."
        ),
        ReasonCode.UNKNOWN_DATA_CATEGORIES: _(
            "The categories of data are unknown: treated as sensitive (health) data."
        ),
        ReasonCode.UNKNOWN_VULNERABLE: _(
            "Whether the people are vulnerable is unknown: treated as vulnerable."
        ),
        ReasonCode.UNKNOWN_VOLUME: _(
            "The number of people or of records is unknown: the volume is assumed to allow a "
            "profile of the people."
        ),
        ReasonCode.UNKNOWN_EASE: _(
            "How easily the people can be identified is unknown: treated as maximum (EI 1)."
        ),
        ReasonCode.UNKNOWN_ENCRYPTION: _(
            "Whether the data were encrypted with a state-of-the-art method and a safe key is "
            "unknown: the data are not treated as unintelligible."
        ),
        ReasonCode.UNKNOWN_RECIPIENTS: _(
            "Who received the data is unknown: treated as an unknown number of recipients."
        ),
        ReasonCode.UNKNOWN_EXFILTRATION: _(
            "Whether the data were exfiltrated is unknown and the breach may be malicious: "
            "exfiltration is treated as suspected, a loss of confidentiality."
        ),
        ReasonCode.UNKNOWN_MALICIOUS: _(
            "Whether the breach was malicious is unknown: treated as malicious."
        ),
        ReasonCode.UNKNOWN_BACKUP: _(
            "Whether a backup is available is unknown: the data are treated as not recoverable."
        ),
        ReasonCode.UNKNOWN_RESTORE_TIME: _(
            "How long the data were unavailable is unknown: the unavailability is treated as "
            "longer than a quick recovery."
        ),
        ReasonCode.UNKNOWN_IMPACT: _(
            "The impact on operations is unknown: treated as significant."
        ),
        ReasonCode.UNKNOWN_RECOVERY: _(
            "Whether the recipient returned or deleted the data is unknown: treated as not done."
        ),
        ReasonCode.EXFILTRATION_MEANS_CONFIDENTIALITY: _(
            "Exfiltration (%(exfiltration)s) is a loss of confidentiality: counted as one."
        ),
        ReasonCode.DPC_BASE: _(
            "Data processing context %(dpc)s: %(type)s data (%(categories)s), the highest type "
            "involved."
        ),
        ReasonCode.DPC_PROFILING: _(
            "Data processing context +1: the volume of data about each person (%(records_per_subject)s "
            "records per person) allows a profile of them."
        ),
        ReasonCode.DPC_FRAUD: _(
            "Data processing context +1: financial data together with credentials or a national "
            "identification number could enable fraud."
        ),
        ReasonCode.DPC_VULNERABLE: _(
            "Data processing context raised to 4: the people are vulnerable (e.g. patients, minors), "
            "so the information can be critical for their safety or their physical or psychological "
            "condition."
        ),
        ReasonCode.DPC_OVERRIDE: _(
            "Data processing context set to %(dpc)s by the DPO (Egide computed %(computed)s): "
            "%(reason)s"
        ),
        ReasonCode.EI_LEVEL: _("Ease of identification %(ease)s: EI %(ei)s."),
        ReasonCode.EI_UNINTELLIGIBLE: _(
            "The data are encrypted with a state-of-the-art method and the key is safe: they are "
            "unintelligible, EI negligible (0.25)."
        ),
        ReasonCode.ENCRYPTION_NOT_EFFECTIVE: _(
            "The data are encrypted, but not with a state-of-the-art method or the key is "
            "compromised: the encryption does not lower the severity."
        ),
        ReasonCode.CB_CONFIDENTIALITY_0: _(
            "Loss of confidentiality without evidence of unlawful processing (no recipient, or known "
            "trusted recipients only): +0."
        ),
        ReasonCode.CB_CONFIDENTIALITY_KNOWN: _(
            "Loss of confidentiality: data disclosed to known recipients: +0.25."
        ),
        ReasonCode.CB_CONFIDENTIALITY_UNKNOWN: _(
            "Loss of confidentiality: data exposed to an unknown number of recipients (recipients "
            "%(recipients)s, exfiltration %(exfiltration)s): +0.5."
        ),
        ReasonCode.CB_INTEGRITY_0: _(
            "Loss of integrity: data altered, recoverable, with no effect on operations: +0."
        ),
        ReasonCode.CB_INTEGRITY_RECOVERABLE: _(
            "Loss of integrity: data altered and possibly used wrongly, but recoverable from a "
            "backup: +0.25."
        ),
        ReasonCode.CB_INTEGRITY_LOST: _(
            "Loss of integrity: data altered and possibly used wrongly, with no backup to recover "
            "them: +0.5."
        ),
        ReasonCode.CB_AVAILABILITY_0: _(
            "Loss of availability: data recovered without difficulty (restored within %(hours)s "
            "hours): +0."
        ),
        ReasonCode.CB_AVAILABILITY_TEMPORARY: _("Loss of availability: temporary: +0.25."),
        ReasonCode.CB_AVAILABILITY_FULL: _(
            "Loss of availability: full, the data cannot be recovered (no backup): +0.5."
        ),
        ReasonCode.CB_MALICIOUS: _("Malicious intent: +0.5."),
        ReasonCode.SEVERITY: _(
            "Severity SE = DPC x EI + CB = %(dpc)s x %(ei)s + %(cb)s = %(score)s: %(level)s."
        ),
        ReasonCode.AUTHORITY_NOTIFY: _(
            "Notify the CNIL: the breach is likely to result in a risk to the people's rights and "
            "freedoms (severity %(level)s)."
        ),
        ReasonCode.AUTHORITY_SPECIAL_CATEGORY: _(
            "Health or other special-category data are involved and the loss is not contained: "
            "damage should be considered likely."
        ),
        ReasonCode.CONTAINED_NO_RECIPIENT: _(
            "Nobody outside the authorised staff received the data and none were exfiltrated."
        ),
        ReasonCode.CONTAINED_INTEGRITY: _(
            "The altered data were restored from a backup with no effect on operations."
        ),
        ReasonCode.CONTAINED_AVAILABILITY: _(
            "The data were restored within %(hours)s hours, without significant impact on operations "
            "and without delaying care."
        ),
        ReasonCode.AUTHORITY_CONTAINED: _(
            "Notification to the CNIL not required: every loss was contained, so the breach is "
            "unlikely to result in a risk. Record it in the breach register with these reasons."
        ),
        ReasonCode.AUTHORITY_LOW: _(
            "Notification to the CNIL not required: low severity and no special-category data, so "
            "the breach is unlikely to result in a risk. Record it in the breach register; the DPO "
            "may still notify."
        ),
        ReasonCode.AUTHORITY_DEADLINE: _(
            "The notification is due within 72 hours of awareness: %(due)s (Europe/Paris). If late, "
            "give the reasons for the delay; information may be provided in phases."
        ),
        ReasonCode.SUBJECTS_HIGH_SEVERITY: _(
            "High risk to the people: severity %(level)s with data exposed or altered."
        ),
        ReasonCode.SUBJECTS_HEALTH_VULNERABLE: _(
            "High risk to the people: health data of vulnerable people were exposed."
        ),
        ReasonCode.SUBJECTS_CARE_DELAY_IMPACT: _(
            "High risk to the people: the unavailability of health data has a significant impact "
            "on operations, which delays care."
        ),
        ReasonCode.SUBJECTS_CARE_DELAY_HOURS: _(
            "High risk to the people: health data unavailable for %(hours)s hours (more than "
            "%(threshold)s) delays care."
        ),
        ReasonCode.SUBJECTS_CARE_DELAY_NO_BACKUP: _(
            "High risk to the people: health data lost with no backup to restore them from, which "
            "delays care."
        ),
        ReasonCode.SUBJECTS_CONTAINED: _(
            "No communication to the people required: the loss was contained, so the breach does "
            "not result in a high risk to them."
        ),
        ReasonCode.SUBJECTS_NOT_HIGH_RISK: _(
            "No communication to the people required: the risk is not high (severity %(level)s)."
        ),
        ReasonCode.SUBJECTS_AVAILABILITY_ONLY: _(
            "No communication to the people required: the severity rates the data at stake, but "
            "what remains of the breach is a loss of availability that does not delay care, not a "
            "high risk to them."
        ),
        ReasonCode.EXCEPTION_UNINTELLIGIBLE: _(
            "The data are unintelligible to anyone not authorised (state-of-the-art encryption, key "
            "safe): no communication to the people is required for their confidentiality."
        ),
        ReasonCode.EXCEPTION_RISK_REMOVED: _(
            "The trusted recipient returned or deleted the data: the high risk is no longer likely "
            "to materialise, no communication to the people is required. Keep the recipient's "
            "written confirmation with the breach."
        ),
        ReasonCode.EXCEPTION_DISPROPORTIONATE: _(
            "The people's contact details were lost with the breach: telling each of them would "
            "involve disproportionate effort, so make a public communication instead. If the "
            "contact details exist elsewhere (e.g. the patient administration system), tell the "
            "people directly."
        ),
        ReasonCode.ASK_RECIPIENT_DELETION: _(
            "The recipient is trusted: ask them to confirm in writing that they deleted or returned "
            "the data; with that confirmation the risk is removed."
        ),
        ReasonCode.UNTRUSTED_DELETION: _(
            "The recipient says the data were deleted, but is not bound by confidentiality: whether "
            "this removes the high risk is the DPO's call."
        ),
        ReasonCode.HEALTH_INCIDENT_REPORT: _(
            "Health or medico-social establishments: a significant or serious security incident "
            "of the information system is also reported without delay to the regional health "
            "agency and CERT Santé, separately from the CNIL."
        ),
    }
)

REASON_SOURCE: Mapping[ReasonCode, str] = MappingProxyType(
    {
        **{code: _CONSERVATIVE for code in ReasonCode if code.value.startswith("unknown_")},
        ReasonCode.EXFILTRATION_MEANS_CONFIDENTIALITY: "GDPR Art. 4(12); EDPB Guidelines 9/2022",
        ReasonCode.DPC_BASE: _ENISA,
        ReasonCode.DPC_PROFILING: _ENISA,
        ReasonCode.DPC_FRAUD: _ENISA,
        ReasonCode.DPC_VULNERABLE: _ENISA,
        ReasonCode.DPC_OVERRIDE: "ENISA 2013 (the DPO's judgment of the context)",
        ReasonCode.EI_LEVEL: _ENISA,
        ReasonCode.EI_UNINTELLIGIBLE: "ENISA 2013; GDPR Art. 34(3)(a)",
        ReasonCode.ENCRYPTION_NOT_EFFECTIVE: "ENISA 2013; GDPR Art. 34(3)(a)",
        ReasonCode.CB_CONFIDENTIALITY_0: _ENISA,
        ReasonCode.CB_CONFIDENTIALITY_KNOWN: _ENISA,
        ReasonCode.CB_CONFIDENTIALITY_UNKNOWN: _ENISA,
        ReasonCode.CB_INTEGRITY_0: _ENISA,
        ReasonCode.CB_INTEGRITY_RECOVERABLE: _ENISA,
        ReasonCode.CB_INTEGRITY_LOST: _ENISA,
        ReasonCode.CB_AVAILABILITY_0: _ENISA,
        ReasonCode.CB_AVAILABILITY_TEMPORARY: _ENISA,
        ReasonCode.CB_AVAILABILITY_FULL: _ENISA,
        ReasonCode.CB_MALICIOUS: _ENISA,
        ReasonCode.SEVERITY: _ENISA,
        ReasonCode.AUTHORITY_NOTIFY: "GDPR Art. 33(1)",
        ReasonCode.AUTHORITY_SPECIAL_CATEGORY: "EDPB Guidelines 9/2022",
        ReasonCode.CONTAINED_NO_RECIPIENT: "GDPR Art. 33(1); EDPB Guidelines 9/2022",
        ReasonCode.CONTAINED_INTEGRITY: "GDPR Art. 33(1); ENISA 2013",
        ReasonCode.CONTAINED_AVAILABILITY: "GDPR Art. 33(1); EDPB Guidelines 01/2021 (case 1)",
        ReasonCode.AUTHORITY_CONTAINED: "GDPR Art. 33(1), 33(5); EDPB Guidelines 9/2022",
        ReasonCode.AUTHORITY_LOW: "GDPR Art. 33(1), 33(5); ENISA 2013",
        ReasonCode.AUTHORITY_DEADLINE: "GDPR Art. 33(1), 33(4)",
        ReasonCode.SUBJECTS_HIGH_SEVERITY: "GDPR Art. 34(1); ENISA 2013",
        ReasonCode.SUBJECTS_HEALTH_VULNERABLE: "GDPR Art. 34(1); EDPB Guidelines 9/2022",
        **{
            code: "GDPR Art. 34(1); EDPB Guidelines 01/2021 (case 3)"
            for code in (
                ReasonCode.SUBJECTS_CARE_DELAY_IMPACT,
                ReasonCode.SUBJECTS_CARE_DELAY_HOURS,
                ReasonCode.SUBJECTS_CARE_DELAY_NO_BACKUP,
            )
        },
        ReasonCode.SUBJECTS_CONTAINED: "GDPR Art. 34(1), 34(3)",
        ReasonCode.SUBJECTS_NOT_HIGH_RISK: "GDPR Art. 34(1)",
        ReasonCode.SUBJECTS_AVAILABILITY_ONLY: "GDPR Art. 34(1); EDPB Guidelines 01/2021",
        ReasonCode.EXCEPTION_UNINTELLIGIBLE: "GDPR Art. 34(3)(a); EDPB Guidelines 9/2022",
        ReasonCode.EXCEPTION_RISK_REMOVED: "GDPR Art. 34(3)(b); EDPB Guidelines 9/2022",
        ReasonCode.EXCEPTION_DISPROPORTIONATE: "GDPR Art. 34(3)(c); EDPB Guidelines 9/2022",
        ReasonCode.ASK_RECIPIENT_DELETION: "GDPR Art. 34(3)(b)",
        ReasonCode.UNTRUSTED_DELETION: "GDPR Art. 34(3)(b)",
        ReasonCode.HEALTH_INCIDENT_REPORT: "CSP L.1111-8-2, D.1111-16-2",
    }
)


@dataclass(frozen=True)
class Reason:
    """One step of the assessment's reasoning: a stable ``code``, its English ``text`` and ``source``."""

    code: ReasonCode
    params: Mapping[str, Param] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.render()

    @property
    def source(self) -> str:
        return REASON_SOURCE[self.code]

    def render(self, translate: Translate = _same) -> str:
        """The text in the reader's language (``translate`` is e.g. Django's ``gettext``)."""
        template = translate(REASON_TEXT[self.code])
        return template % dict(self.params) if self.params else template

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code.value,
            "text": self.text,
            "source": self.source,
            "params": dict(self.params),
        }


def number(value: float) -> str:
    """A score as people write it: 4, 0.25, 3.75."""
    return f"{value:g}"
