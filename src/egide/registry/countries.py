"""Countries as data: the ISO 3166-1 alpha-2 codes and the validators of country fields.

The European Economic Area and the GDPR Art. 45 adequacy decisions (verify at release time, REFERENCE.md
section 8) are kept once, in :mod:`egide.registry.reference_data`, where the compliance rules read them.
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
