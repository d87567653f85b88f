"""Reference data the compliance rules compare against: kept as data, never as logic.

Every entry carries its legal source. Entries marked ``verify=True`` were not confirmed against the
official text (see ``shared/domain/REFERENCE.md``): check them at each release, change the data here,
and the rules follow. The engine takes these tables through :class:`egide.registry.checks.CheckContext`,
so an organisation or a test can pass its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from egide.registry.facts import AdequacyFramework
from egide.registry.facts import gettext_noop as _

# --- European Economic Area --------------------------------------------------------------------------

EU_MEMBER_STATES = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
        "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
EEA_NON_EU = frozenset({"IS", "LI", "NO"})
# French outermost regions have their own ISO 3166-1 codes but are part of the EU (TFEU Art. 349, 355(1)).
FRENCH_OUTERMOST_REGIONS = frozenset({"GF", "GP", "MQ", "RE", "YT", "MF"})
# Aland has its own ISO 3166-1 code but is part of Finland, hence of the EU.
EU_TERRITORIES_WITH_OWN_CODE = FRENCH_OUTERMOST_REGIONS | {"AX"}
EEA_COUNTRIES = EU_MEMBER_STATES | EEA_NON_EU | EU_TERRITORIES_WITH_OWN_CODE

_ALIASES = {"EL": "GR", "UK": "GB"}  # EU usage for Greece; common shorthand for the United Kingdom


def normalise_country(code: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case, with the EU's aliases mapped (``el`` -> ``GR``)."""
    code = code.strip().upper()
    return _ALIASES.get(code, code)


def is_eea(code: str, eea: frozenset[str] = EEA_COUNTRIES) -> bool:
    return normalise_country(code) in eea


# --- Adequacy decisions (GDPR Art. 45) ---------------------------------------------------------------

ADEQUACY_LIST_NOTE = (
    "Adequacy decisions as listed by the European Commission; verify the list, and each decision's "
    "scope, at every release (decisions are reviewed, renewed and can be annulled, see CJEU C-311/18)."
)


@dataclass(frozen=True)
class AdequacyDecision:
    """An adequacy decision; ``covers_only`` limits it to recipients belonging to a framework."""

    country: str
    decision: str
    scope: str = _("the whole country")
    covers_only: AdequacyFramework | None = None
    verify: bool = True

    def covers(self, frameworks: frozenset[AdequacyFramework]) -> bool:
        return self.covers_only is None or self.covers_only in frameworks


_DECISIONS = (
    AdequacyDecision("AD", "Commission Decision 2010/625/EU"),
    AdequacyDecision("AR", "Commission Decision 2003/490/EC"),
    AdequacyDecision(
        "CA",
        "Commission Decision 2002/2/EC",
        scope=_("commercial organisations subject to PIPEDA"),
        covers_only=AdequacyFramework.PIPEDA,
    ),
    AdequacyDecision("FO", "Commission Decision 2010/146/EU"),
    AdequacyDecision("GG", "Commission Decision 2003/821/EC"),
    AdequacyDecision("IL", "Commission Decision 2011/61/EU"),
    AdequacyDecision("IM", "Commission Decision 2004/411/EC"),
    AdequacyDecision(
        "JP",
        "Commission Implementing Decision (EU) 2019/419",
        scope=_("private-sector business operators subject to the APPI"),
    ),
    AdequacyDecision("JE", "Commission Decision 2008/393/EC"),
    AdequacyDecision("NZ", "Commission Decision 2013/65/EU"),
    AdequacyDecision(
        "KR",
        "Commission Implementing Decision (EU) 2022/254",
        scope=_("entities subject to the PIPA"),
    ),
    AdequacyDecision("CH", "Commission Decision 2000/518/EC"),
    AdequacyDecision("GB", "Commission Implementing Decision (EU) 2021/1772"),
    AdequacyDecision(
        "US",
        "Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)",
        scope=_("organisations certified under the EU-US Data Privacy Framework"),
        covers_only=AdequacyFramework.DPF,
    ),
    AdequacyDecision("UY", "Commission Implementing Decision 2012/484/EU"),
)
ADEQUACY_DECISIONS: Mapping[str, AdequacyDecision] = MappingProxyType(
    {d.country: d for d in _DECISIONS}
)


def adequacy_for(
    code: str, decisions: Mapping[str, AdequacyDecision] = ADEQUACY_DECISIONS
) -> AdequacyDecision | None:
    return decisions.get(normalise_country(code))


# --- Legal minimum retention -------------------------------------------------------------------------

DAYS_PER_UNIT = {"days": 1, "months": 30, "years": 365}  # the lower bound of each unit


def duration_in_days(duration: int, unit: str) -> int:
    """A retention duration in days, counting the shortest month and year: "20 years" is 7,300 days.

    Both the register's durations and the legal minimums go through this function, so a category kept
    "20 years" meets a 20-year minimum and one kept "239 months" does not.
    """
    return duration * DAYS_PER_UNIT[unit]


@dataclass(frozen=True)
class RetentionMinimum:
    """A minimum retention period, keyed by the retention rule codes of :mod:`egide.registry.retention`.

    ``binding`` is False for an indicative referential (the checks then only give a low-severity hint).
    """

    code: str
    duration: int
    unit: str
    source: str
    binding: bool = True
    verify: bool = False

    @property
    def days(self) -> int:
        return duration_in_days(self.duration, self.unit)


_MINIMUMS = (
    # 20 years from the last stay or external consultation; longer for minors, shorter after death.
    RetentionMinimum("medical_record_hospital", 20, "years", "CSP R.1112-7"),
    RetentionMinimum(
        "transfusion_record", 30, "years", "CSP R.1112-7 (transfusion traceability)", verify=True
    ),
    RetentionMinimum("clinical_trial_master_file", 25, "years", "Regulation (EU) 536/2014 Art. 58"),
    RetentionMinimum("access_logs", 6, "months", "CSP R.6113-9-2"),
    RetentionMinimum("hr_payslips", 5, "years", "Code du travail L.3243-4", verify=True),
    RetentionMinimum("hr_staff_register", 5, "years", "Code du travail R.1221-26", verify=True),
    RetentionMinimum("accounting_records", 10, "years", "Code de commerce L.123-22", verify=True),
    RetentionMinimum("pharmacy_dispensing", 10, "years", "CSP R.5132-10", verify=True),
    # 5 years active + 15 years archive from the last intervention (indicative).
    RetentionMinimum(
        "private_practice_record",
        20,
        "years",
        "CNIL referential 2020-081",
        binding=False,
        verify=True,
    ),
)
LEGAL_MINIMUM_RETENTION: Mapping[str, RetentionMinimum] = MappingProxyType(
    {m.code: m for m in _MINIMUMS}
)


# --- Large scale (WP243) -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LargeScaleThresholds:
    """Numbers behind "large scale", which the GDPR does not define: configurable, never hard-coded.

    ``patients_in_one_system``: the Dutch authority's figure for care providers other than hospitals
    (WP243 gives no number: a hospital is large scale, an individual physician is not) (verify).
    """

    patients_in_one_system: int = 10_000
    source: str = "WP243 rev.01 section 2.1.3; Autoriteit Persoonsgegevens (NL) threshold (verify)"


LARGE_SCALE_THRESHOLDS = LargeScaleThresholds()

# Days before an HDS certificate's expiry from which the checks warn (a renewal audit takes months).
HDS_EXPIRY_WARNING_DAYS = 90
