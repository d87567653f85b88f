"""Validators of French establishment identifiers (SIREN, SIRET, FINESS)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

# FINESS: 9 characters, the first two the department (01-95, 2A/2B, 97x overseas). The checksum rule
# is unconfirmed (REFERENCE.md section 9: "verify"), so only the structure is enforced here.
FINESS_PATTERN = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2A|2B|97|98)[0-9]{7}$")


def validate_siren(value: str) -> None:
    if not stdnum_siren.is_valid(value):
        raise ValidationError(
            _("Enter a valid SIREN (9 digits with a valid check digit)."), code="siren"
        )


def validate_siret(value: str) -> None:
    if not stdnum_siret.is_valid(value):
        raise ValidationError(
            _("Enter a valid SIRET (14 digits with a valid check digit)."), code="siret"
        )


def validate_finess(value: str) -> None:
    if not FINESS_PATTERN.match(value.upper()):
        raise ValidationError(
            _("Enter a valid FINESS number (9 characters starting with a department code)."),
            code="finess",
        )
