"""Parsing a breach description: omitted means null, and a malformed value names the field at fault."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from egide.breaches.assessment import (
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

AWARE = "2026-03-29T01:30:00+01:00"

COMPLETE = {
    "nature": ["confidentiality", "availability"],
    "data_categories": ["identity", "health", "health"],
    "subjects_count": 120,
    "records_count": 450,
    "vulnerable_subjects": True,
    "ease_of_identification": "significant",
    "encryption": {"encrypted": True, "state_of_the_art": False, "key_compromised": None},
    "malicious": False,
    "recipients": "known_trusted",
    "exfiltration": "suspected",
    "backup": {"available": True, "restored_within_hours": 6},
    "unavailability_hours": 7.5,
    "impact_on_operations": "minor",
    "recovered_or_deleted_by_recipient": True,
    "aware_at": AWARE,
    "dpc": 3,
    "dpc_reason": "The lab results show only routine checks.",
}


def test_a_complete_description():
    description = parse_description(COMPLETE)

    assert description == BreachDescription(
        aware_at=datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=1))),
        nature=frozenset({Nature.CONFIDENTIALITY, Nature.AVAILABILITY}),
        data_categories=frozenset({DataCategory.IDENTITY, DataCategory.HEALTH}),
        subjects_count=120,
        records_count=450,
        vulnerable_subjects=True,
        ease_of_identification=Ease.SIGNIFICANT,
        encryption=Encryption(encrypted=True, state_of_the_art=False, key_compromised=None),
        malicious=False,
        recipients=Recipients.KNOWN_TRUSTED,
        exfiltration=Exfiltration.SUSPECTED,
        backup=Backup(available=True, restored_within_hours=6.0),
        unavailability_hours=7.5,
        impact_on_operations=Impact.MINOR,
        recovered_or_deleted_by_recipient=True,
        dpc=3,
        dpc_reason="The lab results show only routine checks.",
    )


def test_omitted_and_null_are_unknown():
    omitted = parse_description({"aware_at": AWARE})
    nulls = parse_description(
        {key: None for key in COMPLETE if key != "aware_at"} | {"aware_at": AWARE}
    )

    assert omitted == nulls
    assert omitted.nature is None
    assert omitted.encryption == Encryption()
    assert omitted.backup == Backup()


def test_aware_at_in_utc_with_z():
    description = parse_description({"aware_at": "2026-03-29T00:30:00Z"})

    assert description.aware_at == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"colour": "red"}, "colour", "unknown field"),
        ({"encryption": {"algorithm": "AES"}}, "encryption.algorithm", "unknown field"),
        ({"backup": {"when": 1}}, "backup.when", "unknown field"),
        ({"encryption": True}, "encryption", "expected an object"),
        ({"nature": "confidentiality"}, "nature", "expected a list"),
        ({"nature": ["theft"]}, "nature[0]", "'theft' is not one of confidentiality"),
        ({"nature": []}, "nature", "at least one"),
        ({"nature": [None]}, "nature", "null inside the list"),
        ({"data_categories": ["health", 3]}, "data_categories[1]", "expected one of identity"),
        ({"data_categories": []}, "data_categories", "at least one"),
        ({"subjects_count": "10"}, "subjects_count", "whole number"),
        ({"subjects_count": True}, "subjects_count", "whole number"),
        ({"subjects_count": 0}, "subjects_count", "at least 1"),
        ({"records_count": 1.5}, "records_count", "whole number"),
        ({"vulnerable_subjects": "yes"}, "vulnerable_subjects", "true, false or null"),
        ({"malicious": 1}, "malicious", "true, false or null"),
        ({"ease_of_identification": "high"}, "ease_of_identification", "'high' is not one of"),
        ({"encryption": {"encrypted": 1}}, "encryption.encrypted", "true, false or null"),
        ({"recipients": "everyone"}, "recipients", "'everyone' is not one of none"),
        ({"exfiltration": "maybe"}, "exfiltration", "'maybe' is not one of"),
        ({"impact_on_operations": "major"}, "impact_on_operations", "'major' is not one of"),
        ({"backup": {"restored_within_hours": -1}}, "backup.restored_within_hours", "negative"),
        ({"backup": {"restored_within_hours": "6h"}}, "backup.restored_within_hours", "number"),
        (
            {"backup": {"available": False, "restored_within_hours": 3}},
            "backup.restored_within_hours",
            "backup.available is false",
        ),
        ({"unavailability_hours": -0.5}, "unavailability_hours", "negative"),
        ({"unavailability_hours": float("nan")}, "unavailability_hours", "finite"),
        ({"recovered_or_deleted_by_recipient": "no"}, "recovered_or_deleted_by_recipient", "true"),
        ({"aware_at": None}, "aware_at", "required"),
        ({"aware_at": "2026-03-29T01:30:00"}, "aware_at", "needs a UTC offset"),
        ({"aware_at": "yesterday"}, "aware_at", "'yesterday' is not an ISO 8601"),
        ({"aware_at": 1774744200}, "aware_at", "ISO 8601"),
        ({"dpc": 5, "dpc_reason": "x"}, "dpc", "between 1 and 4"),
        ({"dpc": 0, "dpc_reason": "x"}, "dpc", "between 1 and 4"),
        ({"dpc": "3", "dpc_reason": "x"}, "dpc", "whole number"),
        ({"dpc": 2}, "dpc_reason", "required when dpc is set"),
        ({"dpc": 2, "dpc_reason": "  "}, "dpc_reason", "required when dpc is set"),
        ({"dpc_reason": "because"}, "dpc_reason", "given without dpc"),
        ({"dpc": 2, "dpc_reason": 7}, "dpc_reason", "expected a text"),
    ],
)
def test_a_malformed_value_names_its_field(change, field, message):
    with pytest.raises(BreachInputError, match=message) as raised:
        parse_description({"aware_at": AWARE} | change)

    assert raised.value.field == field
    assert str(raised.value).startswith(f"{field}: ")


@pytest.mark.parametrize("document", [[], "breach", 3, None])
def test_the_description_is_an_object(document):
    with pytest.raises(BreachInputError, match="expected a JSON object"):
        parse_description(document)


def test_nan_from_json_text_is_refused():
    with pytest.raises(BreachInputError) as raised:
        parse_description(json.loads(f'{{"aware_at": "{AWARE}", "unavailability_hours": NaN}}'))

    assert raised.value.field == "unavailability_hours"


def test_a_naive_aware_at_is_a_value_error_in_python_too():
    with pytest.raises(ValueError, match="UTC offset"):
        BreachDescription(aware_at=datetime(2026, 3, 29, 1, 30))  # noqa: DTZ001
