"""Reference data of the compliance checks: EEA, adequacy decisions, legal minimum retention, thresholds."""

from __future__ import annotations

import dataclasses

import pytest

from egide.registry import reference_data as ref
from egide.registry.facts import AdequacyFramework


def test_the_eea_is_the_eu_plus_iceland_liechtenstein_norway():
    assert len(ref.EU_MEMBER_STATES) == 27
    assert {"FR", "DE", "IE", "IS", "LI", "NO"} <= ref.EEA_COUNTRIES
    assert not {"CH", "GB", "US", "MC", "AD"} & ref.EEA_COUNTRIES


@pytest.mark.parametrize(
    ("code", "inside"),
    [("fr", True), (" el ", True), ("GR", True), ("RE", True), ("GF", True), ("AX", True),
     ("NO", True), ("CH", False), ("uk", False), ("US", False), ("PF", False)],
)  # fmt: skip
def test_is_eea_normalises_codes(code, inside):
    assert ref.is_eea(code) is inside


def test_adequacy_decisions_carry_their_scope():
    us = ref.adequacy_for("us")
    assert us is not None
    assert us.covers_only is AdequacyFramework.DPF
    assert not us.covers(frozenset())
    assert us.covers(frozenset({AdequacyFramework.DPF}))
    canada = ref.adequacy_for("CA")
    assert canada is not None
    assert canada.covers(frozenset({AdequacyFramework.PIPEDA}))
    assert not canada.covers(frozenset({AdequacyFramework.DPF}))
    switzerland = ref.adequacy_for("CH")
    assert switzerland is not None
    assert switzerland.covers(frozenset())
    assert ref.adequacy_for("UK") is ref.adequacy_for("GB")
    assert ref.adequacy_for("IN") is None


def test_the_adequacy_list_is_outside_the_eea_and_flagged_for_verification():
    assert len(ref.ADEQUACY_DECISIONS) == 15
    assert not set(ref.ADEQUACY_DECISIONS) & ref.EEA_COUNTRIES
    assert all(d.decision and d.verify for d in ref.ADEQUACY_DECISIONS.values())
    assert "verify" in ref.ADEQUACY_LIST_NOTE


def test_reference_tables_are_read_only():
    with pytest.raises(TypeError):
        ref.ADEQUACY_DECISIONS["IN"] = ref.AdequacyDecision("IN", "none")  # type: ignore[index]
    with pytest.raises(TypeError):
        ref.LEGAL_MINIMUM_RETENTION["x"] = ref.RetentionMinimum("x", 1, "years", "none")  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.LARGE_SCALE_THRESHOLDS.patients_in_one_system = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("code", "days", "source"),
    [
        ("medical_record_hospital", 7300, "CSP R.1112-7"),
        ("transfusion_record", 10950, "CSP R.1112-7 (transfusion traceability)"),
        ("clinical_trial_master_file", 9125, "Regulation (EU) 536/2014 Art. 58"),
        ("access_logs", 180, "CSP R.6113-9-2"),
    ],
)
def test_legal_minimum_retention(code, days, source):
    minimum = ref.LEGAL_MINIMUM_RETENTION[code]
    assert minimum.days == days
    assert minimum.source == source
    assert minimum.binding


def test_durations_count_the_shortest_month_and_year():
    assert ref.duration_in_days(20, "years") == ref.duration_in_days(240, "months") + 100
    assert ref.duration_in_days(6, "months") == 180
    assert ref.duration_in_days(30, "days") == 30
    with pytest.raises(KeyError):
        ref.duration_in_days(1, "weeks")


def test_private_practice_referential_is_indicative():
    referential = ref.LEGAL_MINIMUM_RETENTION["private_practice_record"]
    assert referential.binding is False
    assert referential.verify is True


def test_large_scale_threshold_defaults_to_ten_thousand_patients():
    assert ref.LARGE_SCALE_THRESHOLDS.patients_in_one_system == 10_000
    assert "verify" in ref.LARGE_SCALE_THRESHOLDS.source


# The register's Django-side tables (countries.py, retention.py) must say the same as the engine's data.


def test_eea_and_adequacy_countries_are_iso_codes():
    from egide.registry import countries

    assert ref.EEA_COUNTRIES <= countries.ISO_3166_ALPHA_2
    assert set(ref.ADEQUACY_DECISIONS) <= countries.ISO_3166_ALPHA_2


def test_minimums_match_the_register_retention_rules():
    from egide.registry import retention

    for code, minimum in ref.LEGAL_MINIMUM_RETENTION.items():
        rule = retention.retention_rule(code)
        assert (rule.duration, str(rule.unit), rule.source) == (
            minimum.duration,
            minimum.unit,
            minimum.source,
        ), code
    binding = {code for code, m in ref.LEGAL_MINIMUM_RETENTION.items() if m.binding}
    assert binding == {rule.code for rule in retention.RULES if rule.minimum}
