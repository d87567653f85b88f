"""Is designating a DPO mandatory for this organisation, and why (GDPR Art. 37(1), WP243)? No Django.

:func:`dpo_designation_required` reads the organisation's profile and answers with the grounds that make
designation mandatory, or the reasons it is not (designation stays recommended). :func:`designation_findings`
compares that answer with the DPO designation record and flags what is missing (Art. 37(1), 37(7)), as
findings of the rule engine so they count in the organisation's score.

"Large scale" has no number in the GDPR: a hospital is large scale, an individual physician is not
(WP243); for other care providers the threshold is data (``LargeScaleThresholds.patients_in_one_system``,
10,000 patients by default, the Dutch authority's figure, verify) compared with the patient volume.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from egide.registry.facts import DpoDesignationFacts, OrganisationKind, OrganisationProfile
from egide.registry.facts import gettext_noop as _
from egide.registry.reference_data import LARGE_SCALE_THRESHOLDS, LargeScaleThresholds
from egide.registry.rule_engine import Finding, Severity, Translate, declare, finding

# Health establishments: patient care is their core activity and WP243 counts a hospital as large scale.
HEALTH_ESTABLISHMENTS = frozenset({OrganisationKind.HOSPITAL, OrganisationKind.CLINIC})
# Other care providers and sponsors: health data is core, large scale depends on the patient volume.
OTHER_CARE_PROVIDERS = frozenset(
    {
        OrganisationKind.MEDICO_SOCIAL,
        OrganisationKind.LABORATORY,
        OrganisationKind.PHARMACY,
        OrganisationKind.PRACTICE,
        OrganisationKind.RESEARCH_SPONSOR,
    }
)


@dataclass(frozen=True)
class DesignationReason:
    """One reason of the assessment; ``mandatory`` when it makes designation compulsory on its own."""

    code: str
    mandatory: bool
    legal_reference: str
    text: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def message(self, translate: Translate = lambda text: text) -> str:
        return translate(self.text) % dict(self.params)


@dataclass(frozen=True)
class DesignationAssessment:
    required: bool
    recommended: bool
    reasons: tuple[DesignationReason, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


def _reason(
    code: str, mandatory: bool, reference: str, text: str, **params: Any
) -> DesignationReason:
    return DesignationReason(code, mandatory, reference, text, params)


def dpo_designation_required(
    profile: OrganisationProfile, *, thresholds: LargeScaleThresholds = LARGE_SCALE_THRESHOLDS
) -> DesignationAssessment:
    """Whether GDPR Art. 37(1) makes designating a DPO mandatory for this organisation, and why."""
    grounds = _mandatory_grounds(profile, thresholds)
    if grounds:
        return DesignationAssessment(required=True, recommended=True, reasons=tuple(grounds))
    reasons = [*_why_not_mandatory(profile, thresholds), _reason(
        "RECOMMENDED", False, _("GDPR Art. 37(4); WP243 rev.01 section 2.1"),
        _("Designation remains recommended: a DPO helps a health organisation comply, and the analysis "
          "that led to this answer should be documented."),
    )]  # fmt: skip
    return DesignationAssessment(required=False, recommended=True, reasons=tuple(reasons))


def _mandatory_grounds(
    profile: OrganisationProfile, thresholds: LargeScaleThresholds
) -> list[DesignationReason]:
    grounds = []
    if profile.public_body:
        grounds.append(_reason(
            "PUBLIC_BODY", True, _("GDPR Art. 37(1)(a)"),
            _("The organisation is a public authority or body (public hospitals are)."),
        ))  # fmt: skip
    if profile.large_scale_monitoring:
        grounds.append(_reason(
            "LARGE_SCALE_MONITORING", True, _("GDPR Art. 37(1)(b)"),
            _("Its core activities consist of regular and systematic monitoring of people on a large scale."),
        ))  # fmt: skip
    volume = profile.patient_volume
    if profile.kind in HEALTH_ESTABLISHMENTS:
        grounds.append(_reason(
            "HEALTH_ESTABLISHMENT", True, _("GDPR Art. 37(1)(c); WP243 rev.01 section 2.1.3"),
            _("Caring for patients is its core activity and a health establishment processes health data "
              "on a large scale."),
        ))  # fmt: skip
    elif profile.kind in OTHER_CARE_PROVIDERS and volume is not None:
        if volume >= thresholds.patients_in_one_system:
            grounds.append(_reason(
                "LARGE_SCALE_HEALTH_DATA", True, _("GDPR Art. 37(1)(c); WP243 rev.01 section 2.1.3"),
                _("Health data is its core activity and its %(volume)s patients reach the large-scale "
                  "threshold of %(threshold)s patients (%(source)s)."),
                volume=volume, threshold=thresholds.patients_in_one_system, source=thresholds.source,
            ))  # fmt: skip
    return grounds


def _why_not_mandatory(
    profile: OrganisationProfile, thresholds: LargeScaleThresholds
) -> list[DesignationReason]:
    volume = profile.patient_volume
    if profile.kind not in OTHER_CARE_PROVIDERS:
        return [_reason(
            "NO_MANDATORY_GROUND", False, _("GDPR Art. 37(1)"),
            _("The organisation is not a public body, does not monitor people on a large scale and is not "
              "recorded as a care provider: no ground makes designation mandatory."),
        )]  # fmt: skip
    if volume is None:
        return [_reason(
            "PATIENT_VOLUME_UNKNOWN", False, _("GDPR Art. 37(1)(c); WP243 rev.01 section 2.1.3"),
            _("Health data is its core activity but the patient volume is not recorded, so large scale "
              "cannot be assessed: record it (threshold: %(threshold)s patients)."),
            threshold=thresholds.patients_in_one_system,
        )]  # fmt: skip
    if profile.kind is OrganisationKind.PRACTICE:
        return [_reason(
            "INDIVIDUAL_PRACTICE", False, _("WP243 rev.01 section 2.1.3"),
            _("An individual practice does not process health data on a large scale (%(volume)s patients)."),
            volume=volume,
        )]  # fmt: skip
    return [_reason(
        "BELOW_LARGE_SCALE_THRESHOLD", False, _("GDPR Art. 37(1)(c); WP243 rev.01 section 2.1.3"),
        _("Its %(volume)s patients stay below the large-scale threshold of %(threshold)s patients (%(source)s)."),
        volume=volume, threshold=thresholds.patients_in_one_system, source=thresholds.source,
    )]  # fmt: skip


declare(
    "DPO_DESIGNATION_MISSING", Severity.CRITICAL, _("GDPR Art. 37(1)"),
    title=_("Mandatory DPO not designated"),
    message=_("Designating a DPO is mandatory for this organisation and no designation is recorded."),
    fix=_("Designate a DPO (staff member or external, Art. 37(6)) and record the designation."),
)  # fmt: skip
declare(
    "DPO_NOT_DECLARED_TO_CNIL", Severity.HIGH, _("GDPR Art. 37(7)"),
    title=_("DPO not declared to the CNIL"),
    message=_("The DPO's designation has not been communicated to the CNIL."),
    fix=_("Declare the DPO on the CNIL's online service and record the date."),
)  # fmt: skip
declare(
    "DPO_CONTACT_NOT_PUBLISHED", Severity.MEDIUM, _("GDPR Art. 37(7)"),
    title=_("DPO contact details not published"),
    message=_("The DPO's contact details are not published."),
    fix=_("Publish a contact address for the DPO (website, patient booklet) and record where."),
)  # fmt: skip


def designation_findings(
    profile: OrganisationProfile,
    designation: DpoDesignationFacts | None,
    *,
    thresholds: LargeScaleThresholds = LARGE_SCALE_THRESHOLDS,
) -> list[Finding]:
    """Organisation-level findings about the DPO (``activity_ref`` is None)."""
    if designation is None or not designation.designated:
        required = dpo_designation_required(profile, thresholds=thresholds).required
        return [finding("DPO_DESIGNATION_MISSING", None)] if required else []
    found = []
    if designation.declared_to_cnil_on is None:
        found.append(finding("DPO_NOT_DECLARED_TO_CNIL", None))
    if not designation.contact_published:
        found.append(finding("DPO_CONTACT_NOT_PUBLISHED", None))
    return found
