"""SIREN, SIRET and FINESS validators."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from egide.accounts.validators import validate_finess, validate_siren, validate_siret


@pytest.mark.parametrize("value", ["732829320", "552081317"])
def test_valid_siren(value):
    validate_siren(value)


@pytest.mark.parametrize("value", ["732829321", "73282932", "7328293200", "abcdefghi", ""])
def test_invalid_siren(value):
    with pytest.raises(ValidationError) as raised:
        validate_siren(value)
    assert raised.value.code == "siren"


@pytest.mark.parametrize("value", ["73282932000074", "55208131700018", "35600000000048"])
def test_valid_siret(value):
    validate_siret(value)  # the last one is La Poste's, which follows its own checksum rule


@pytest.mark.parametrize("value", ["73282932000075", "7328293200007", "732829320000740", "siret"])
def test_invalid_siret(value):
    with pytest.raises(ValidationError) as raised:
        validate_siret(value)
    assert raised.value.code == "siret"


@pytest.mark.parametrize("value", ["690000001", "750712184", "2A0000011", "2b0000011", "971234567"])
def test_valid_finess(value):
    validate_finess(value)


@pytest.mark.parametrize(
    "value", ["000000001", "960000001", "99000000A", "69000000", "6900000011", "2C0000011", ""]
)
def test_invalid_finess(value):
    with pytest.raises(ValidationError) as raised:
        validate_finess(value)
    assert raised.value.code == "finess"


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_any_number_with_its_luhn_digit_is_a_siren(body):
    validate_siren(body + luhn.calc_check_digit(body))


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=1, max_value=9),
)
def test_a_single_mistyped_digit_is_caught(body, position, shift):
    siren = body + luhn.calc_check_digit(body)
    typo = siren[:position] + str((int(siren[position]) + shift) % 10) + siren[position + 1 :]
    with pytest.raises(ValidationError):
        validate_siren(typo)
