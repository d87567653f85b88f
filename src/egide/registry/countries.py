"""Countries as data: ISO 3166-1 alpha-2 codes, the European Economic Area, adequacy decisions.

The adequacy list changes (new decisions, the US Data Privacy Framework): REFERENCE.md section 8 says to
verify it at release time, so it is kept as data with the scope each decision covers. The compliance
rules keep the same tables in :mod:`egide.registry.reference_data`; a test holds the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ISO_3166_ALPHA_2: frozenset[str] = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
    BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET
    FI FJ FK FM FO FR
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
    HK HM HN HR HT HU
    ID IE IL IM IN IO IQ IR IS IT
    JE JM JO JP
    KE KG KH KI KM KN KP KR KW KY KZ
    LA LB LC LI LK LR LS LT LU LV LY
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ
    OM
    PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA
    RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
    TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
    UA UG UM US UY UZ
    VA VC VE VG VI VN VU
    WF WS
    YE YT
    ZA ZM ZW
    """.split()
)


# The 27 EU member states, the EU territories with their own code (Åland, the French outermost regions)
# and Iceland, Liechtenstein, Norway: transfers between these are not Chapter V transfers.
EEA_COUNTRIES: frozenset[str] = frozenset(
    """
    AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE
    AX GF GP MQ RE YT MF
    IS LI NO
    """.split()
)

# GDPR Art. 45 adequacy decisions (verify at release time): code -> the part of the country covered,
# empty when the decision covers the whole country.
ADEQUACY_DECISIONS: dict[str, object] = {
    "AD": "",
    "AR": "",
    "CA": _("commercial organisations subject to PIPEDA only"),
    "CH": "",
    "FO": "",
    "GB": "",
    "GG": "",
    "IL": "",
    "IM": "",
    "JE": "",
    "JP": _("private sector only (APPI)"),
    "KR": "",
    "NZ": "",
    "US": _("organisations certified under the EU-US Data Privacy Framework only"),
    "UY": "",
}


def is_in_eea(code: str) -> bool:
    return code.upper() in EEA_COUNTRIES


def validate_country_code(value: str) -> None:
    if value not in ISO_3166_ALPHA_2:
        raise ValidationError(
            _("%(value)s is not an ISO 3166 alpha-2 country code (two capital letters, e.g. FR)."),
            code="country",
            params={"value": value},
        )


def validate_country_codes(values: Iterable[str]) -> None:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError(_("Give a list of country codes."), code="countries")
    for value in values:
        validate_country_code(value)
