"""The ENISA 2013 severity factor by factor, the band boundaries, and the Art. 33-34 decision rules.

Every test starts from ``BASE`` (simple identity data, fully identifiable, a non-malicious confidentiality
loss with no recipient: SE = 1 x 1 + 0 = 1) and changes what it tests.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from egide.breaches.assessment import (
    PUBLIC_COMMUNICATION,
    REASON_SOURCE,
    REASON_TEXT,
    Backup,
    BreachDescription,
    BreachInputError,
    Ease,
    Encryption,
    Exfiltration,
    Impact,
    Reason,
    assess,
    authority_deadlines,
    load_reference,
    severity_level,
)
from egide.breaches.assessment import DataCategory as C
from egide.breaches.assessment import Nature as N
from egide.breaches.assessment import ReasonCode as RC
from egide.breaches.assessment import Recipients as R
from egide.breaches.assessment import SeverityLevel as L
from egide.breaches.assessment.reference import Thresholds

PARIS = ZoneInfo("Europe/Paris")

BASE = BreachDescription(
    aware_at=datetime(2026, 5, 4, 9, 0, tzinfo=PARIS),
    nature=frozenset({N.CONFIDENTIALITY}),
    data_categories=frozenset({C.IDENTITY}),
    subjects_count=100,
    records_count=100,
    vulnerable_subjects=False,
    ease_of_identification=Ease.MAXIMUM,
    encryption=Encryption(encrypted=False),
    malicious=False,
    recipients=R.NONE,
    exfiltration=Exfiltration.NONE,
    backup=Backup(available=True, restored_within_hours=1),
    unavailability_hours=1,
    impact_on_operations=Impact.NONE,
    recovered_or_deleted_by_recipient=False,
)
SAFE_KEY = Encryption(encrypted=True, state_of_the_art=True, key_compromised=False)


def run(**changes):
    for name in ("nature", "data_categories"):
        if changes.get(name) is not None:
            changes[name] = frozenset(changes[name])
    return assess(replace(BASE, **changes))


def test_the_baseline():
    severity = run().severity

    assert (severity.score, severity.level, severity.dpc, severity.ei, severity.cb) == (
        1.0,
        L.LOW,
        1,
        1.0,
        0.0,
    )


# --- DPC: base by data type (ENISA 2013) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "base"),
    [
        (C.IDENTITY, 1),
        (C.CONTACT, 1),
        (C.EMPLOYMENT, 1),
        (C.CHILDREN, 1),
        (C.LOCATION, 2),
        (C.BEHAVIOURAL, 2),
        (C.FINANCIAL, 3),
        (C.CREDENTIALS, 3),
        (C.NATIONAL_ID, 3),
        (C.HEALTH, 4),
        (C.GENETIC, 4),
        (C.BIOMETRIC, 4),
        (C.CRIMINAL, 4),
        (C.OTHER_SENSITIVE, 4),
    ],
)
def test_dpc_base_per_category(category, base):
    assert run(data_categories={category}).severity.dpc_base == base


def test_every_category_has_an_enisa_type():
    assert set(load_reference().categories) == set(C)


def test_several_types_take_the_highest():
    severity = run(data_categories={C.IDENTITY, C.LOCATION, C.FINANCIAL}).severity

    assert (severity.dpc_base, severity.dpc) == (3, 3)


def test_unknown_categories_are_treated_as_health():
    result = run(data_categories=None)

    assert result.severity.dpc == 4
    assert RC.UNKNOWN_DATA_CATEGORIES in result.reason_codes


# --- DPC: adjustments (ENISA 2013) -------------------------------------------------------------------


def adjustments(result):
    return [(a.code, a.delta) for a in result.severity.dpc_adjustments]


@pytest.mark.parametrize(
    ("records", "dpc"),
    [(999, 1), (1000, 2)],  # 100 people: 9.99 records each, then 10 (the threshold)
)
def test_volume_allowing_a_profile_adds_one(records, dpc):
    result = run(records_count=records)

    assert result.severity.dpc == dpc
    assert (RC.DPC_PROFILING in result.reason_codes) is (dpc == 2)


@pytest.mark.parametrize(
    ("category", "dpc"), [(C.IDENTITY, 2), (C.LOCATION, 3), (C.FINANCIAL, 4), (C.HEALTH, 4)]
)
def test_volume_on_each_data_type(category, dpc):
    result = run(data_categories={category}, records_count=5000)

    assert result.severity.dpc == dpc
    assert adjustments(result) == ([] if category is C.HEALTH else [("dpc_profiling", 1)])


@pytest.mark.parametrize("change", [{"subjects_count": None}, {"records_count": None}])
def test_unknown_volume_is_assumed_to_allow_a_profile(change):
    result = run(**change)

    assert adjustments(result) == [("dpc_profiling", 1)]
    assert RC.UNKNOWN_VOLUME in result.reason_codes


@pytest.mark.parametrize(
    ("categories", "dpc"),
    [
        ({C.FINANCIAL, C.CREDENTIALS}, 4),
        ({C.FINANCIAL, C.NATIONAL_ID}, 4),
        ({C.FINANCIAL}, 3),
        ({C.CREDENTIALS, C.NATIONAL_ID}, 3),
    ],
)
def test_financial_data_enabling_fraud_add_one(categories, dpc):
    result = run(data_categories=categories)

    assert result.severity.dpc == dpc
    assert (RC.DPC_FRAUD in result.reason_codes) is (dpc == 4)


def test_adjustments_stay_within_four():
    result = run(data_categories={C.FINANCIAL, C.CREDENTIALS}, records_count=5000)

    assert result.severity.dpc == 4
    assert adjustments(result) == [("dpc_profiling", 1)]  # fraud would add nothing more


@pytest.mark.parametrize(
    ("category", "delta"), [(C.IDENTITY, 3), (C.LOCATION, 2), (C.FINANCIAL, 1), (C.HEALTH, None)]
)
def test_vulnerable_people_raise_the_dpc_to_four(category, delta):
    result = run(data_categories={category}, vulnerable_subjects=True)

    assert result.severity.dpc == 4
    assert adjustments(result) == ([] if delta is None else [("dpc_vulnerable", delta)])


def test_children_are_vulnerable():
    result = run(data_categories={C.CHILDREN, C.CONTACT}, vulnerable_subjects=False)

    assert result.severity.dpc == 4
    assert RC.DPC_VULNERABLE in result.reason_codes


def test_unknown_vulnerability_is_treated_as_vulnerable():
    result = run(vulnerable_subjects=None)

    assert result.severity.dpc == 4
    assert RC.UNKNOWN_VULNERABLE in result.reason_codes


def test_the_dpo_overrides_the_dpc_with_a_reason():
    result = run(data_categories={C.HEALTH}, dpc=2, dpc_reason="Only the name of the general ward.")

    assert result.severity.dpc == 2
    assert result.severity.dpc_base == 4
    assert adjustments(result) == [("dpc_override", -2)]
    override = next(r for r in result.reasons if r.code is RC.DPC_OVERRIDE)
    assert override.text == (
        "Data processing context set to 2 by the DPO (Egide computed 4): "
        "Only the name of the general ward."
    )


def test_an_override_equal_to_the_computed_dpc_changes_nothing():
    result = run(dpc=1, dpc_reason="Agreed.")

    assert adjustments(result) == []
    assert RC.DPC_OVERRIDE not in result.reason_codes


def test_an_override_needs_a_reason():
    with pytest.raises(BreachInputError) as raised:
        run(dpc=3)

    assert raised.value.field == "dpc_reason"


# --- EI ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ease", "ei"),
    [(Ease.NEGLIGIBLE, 0.25), (Ease.LIMITED, 0.5), (Ease.SIGNIFICANT, 0.75), (Ease.MAXIMUM, 1.0)],
)
def test_ei_levels(ease, ei):
    severity = run(data_categories={C.HEALTH}, ease_of_identification=ease).severity

    assert severity.ei == ei
    assert severity.score == 4 * ei


def test_unknown_ease_is_maximum():
    result = run(ease_of_identification=None)

    assert result.severity.ei == 1.0
    assert RC.UNKNOWN_EASE in result.reason_codes


def test_unintelligible_data_have_a_negligible_ei():
    result = run(encryption=SAFE_KEY)

    assert result.severity.ei == 0.25
    assert RC.EI_UNINTELLIGIBLE in result.reason_codes


@pytest.mark.parametrize(
    ("encryption", "code"),
    [
        (Encryption(encrypted=True, state_of_the_art=False, key_compromised=False), RC.ENCRYPTION_NOT_EFFECTIVE),
        (Encryption(encrypted=True, state_of_the_art=True, key_compromised=True), RC.ENCRYPTION_NOT_EFFECTIVE),
        (Encryption(encrypted=True, state_of_the_art=True, key_compromised=None), RC.UNKNOWN_ENCRYPTION),
        (Encryption(), RC.UNKNOWN_ENCRYPTION),
    ],
)  # fmt: skip
def test_encryption_that_does_not_make_the_data_unintelligible(encryption, code):
    result = run(encryption=encryption)

    assert result.severity.ei == 1.0
    assert code in result.reason_codes


# --- CB -----------------------------------------------------------------------------------------------


def cb(result):
    c = result.severity.circumstances
    return (c.confidentiality, c.integrity, c.availability, c.malicious)


@pytest.mark.parametrize(
    ("recipients", "expected"),
    [
        (R.NONE, 0.0),
        (R.KNOWN_TRUSTED, 0.0),
        (R.KNOWN_UNTRUSTED, 0.25),
        (R.UNKNOWN, 0.5),
        (R.PUBLIC, 0.5),
        (None, 0.5),
    ],
)
def test_cb_loss_of_confidentiality(recipients, expected):
    result = run(recipients=recipients)

    assert cb(result) == (expected, 0, 0, 0)
    assert result.severity.score == 1 + expected
    assert (RC.UNKNOWN_RECIPIENTS in result.reason_codes) is (recipients is None)


@pytest.mark.parametrize("exfiltration", [Exfiltration.SUSPECTED, Exfiltration.CONFIRMED])
def test_exfiltration_is_an_unknown_number_of_recipients(exfiltration):
    assert cb(run(recipients=R.NONE, exfiltration=exfiltration))[0] == 0.5


def test_exfiltration_is_a_loss_of_confidentiality_whatever_the_nature():
    result = run(nature={N.AVAILABILITY}, exfiltration=Exfiltration.CONFIRMED)

    assert cb(result)[0] == 0.5
    assert RC.EXFILTRATION_MEANS_CONFIDENTIALITY in result.reason_codes


@pytest.mark.parametrize(("malicious", "confidentiality"), [(True, 0.5), (None, 0.5), (False, 0)])
def test_unknown_exfiltration_is_suspected_when_the_breach_may_be_malicious(
    malicious, confidentiality
):
    result = run(nature={N.AVAILABILITY}, exfiltration=None, malicious=malicious)

    assert cb(result)[0] == confidentiality
    assert (RC.UNKNOWN_EXFILTRATION in result.reason_codes) is (malicious is not False)


@pytest.mark.parametrize(
    ("backup", "impact", "expected"),
    [
        (Backup(available=True), Impact.NONE, 0.0),
        (Backup(available=True), Impact.MINOR, 0.25),
        (Backup(available=True), None, 0.25),
        (Backup(available=False), Impact.NONE, 0.5),
        (Backup(), Impact.NONE, 0.5),
    ],
)
def test_cb_loss_of_integrity(backup, impact, expected):
    result = run(nature={N.INTEGRITY}, backup=backup, impact_on_operations=impact)

    assert cb(result) == (0, expected, 0, 0)


@pytest.mark.parametrize(
    ("backup", "hours", "expected"),
    [
        (Backup(available=True, restored_within_hours=8), None, 0.0),  # the quick-recovery limit
        (Backup(available=True, restored_within_hours=8.5), None, 0.25),
        (Backup(available=True, restored_within_hours=2), 30, 0.25),  # the longer of the two
        (Backup(available=True), None, 0.25),  # restore time unknown
        (Backup(available=False), 2, 0.5),
        (Backup(), 2, 0.5),  # backup unknown
    ],
)
def test_cb_loss_of_availability(backup, hours, expected):
    result = run(nature={N.AVAILABILITY}, backup=backup, unavailability_hours=hours)

    assert cb(result) == (0, 0, expected, 0)


@pytest.mark.parametrize(("malicious", "expected"), [(True, 0.5), (False, 0.0), (None, 0.5)])
def test_cb_malicious_intent(malicious, expected):
    result = run(malicious=malicious)

    assert cb(result)[3] == expected
    assert (RC.UNKNOWN_MALICIOUS in result.reason_codes) is (malicious is None)


def test_only_the_losses_that_happened_count():
    result = run(nature={N.INTEGRITY}, recipients=R.PUBLIC, backup=Backup(available=False))

    assert cb(result) == (0, 0.5, 0, 0)


def test_unknown_nature_is_every_loss():
    result = run(nature=None, recipients=R.PUBLIC, backup=Backup(available=False))

    assert cb(result) == (0.5, 0.5, 0.5, 0)
    assert RC.UNKNOWN_NATURE in result.reason_codes


# --- Bands (ENISA 2013) -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0.25, L.LOW),
        (1.99, L.LOW),
        (2.0, L.MEDIUM),
        (2.99, L.MEDIUM),
        (3.0, L.HIGH),
        (3.99, L.HIGH),
        (4.0, L.VERY_HIGH),
        (6.0, L.VERY_HIGH),
    ],
)
def test_band_boundaries(score, level):
    assert severity_level(score) is level


# Scores are multiples of 0.25: x.75 is the highest score below each boundary that a breach can reach.
@pytest.mark.parametrize(
    ("changes", "score", "level"),
    [
        ({"ease_of_identification": Ease.SIGNIFICANT, "recipients": R.PUBLIC, "malicious": True}, 1.75, L.LOW),
        ({"recipients": R.PUBLIC, "malicious": True}, 2.0, L.MEDIUM),
        ({"data_categories": {C.LOCATION}, "ease_of_identification": Ease.SIGNIFICANT, "recipients": R.PUBLIC, "malicious": True, "nature": {N.CONFIDENTIALITY, N.AVAILABILITY}, "backup": Backup(available=True, restored_within_hours=12)}, 2.75, L.MEDIUM),
        ({"data_categories": {C.FINANCIAL}}, 3.0, L.HIGH),
        ({"data_categories": {C.FINANCIAL}, "ease_of_identification": Ease.SIGNIFICANT, "recipients": R.PUBLIC, "malicious": True, "nature": {N.CONFIDENTIALITY, N.INTEGRITY}, "backup": Backup(available=False)}, 3.75, L.HIGH),
        ({"data_categories": {C.HEALTH}}, 4.0, L.VERY_HIGH),
        ({"data_categories": {C.FINANCIAL}, "recipients": R.PUBLIC, "malicious": True}, 4.0, L.VERY_HIGH),
    ],
)  # fmt: skip
def test_band_boundaries_reached_by_breaches(changes, score, level):
    severity = run(**changes).severity

    assert severity.score == score
    assert severity.level is level
    assert severity.score == severity.dpc * severity.ei + severity.cb


# --- Art. 33: notify the CNIL -------------------------------------------------------------------------


def test_a_low_breach_without_special_data_is_not_notified():
    result = run(recipients=R.KNOWN_UNTRUSTED)  # 1 x 1 + 0.25

    assert result.severity.level is L.LOW
    assert result.notify_authority is False
    assert RC.AUTHORITY_LOW in result.reason_codes
    assert RC.AUTHORITY_DEADLINE not in result.reason_codes


def test_a_medium_breach_is_notified():
    result = run(recipients=R.PUBLIC, malicious=True)  # 1 x 1 + 1

    assert result.severity.level is L.MEDIUM
    assert (result.notify_authority, result.notify_subjects) == (True, False)
    assert RC.SUBJECTS_NOT_HIGH_RISK in result.reason_codes
    assert RC.AUTHORITY_DEADLINE in result.reason_codes


def test_special_category_data_are_notified_even_when_the_score_is_low():
    result = run(
        data_categories={C.HEALTH},
        ease_of_identification=Ease.NEGLIGIBLE,
        recipients=R.KNOWN_UNTRUSTED,
    )  # 4 x 0.25 + 0.25

    assert result.severity.level is L.LOW
    assert result.notify_authority is True
    assert RC.AUTHORITY_SPECIAL_CATEGORY in result.reason_codes


def test_nobody_received_the_data_so_nothing_is_notified():
    result = run(data_categories={C.HEALTH}, recipients=R.NONE)

    assert result.severity.level is L.VERY_HIGH  # the data at stake
    assert (result.notify_authority, result.notify_subjects) == (False, False)
    assert RC.CONTAINED_NO_RECIPIENT in result.reason_codes
    assert RC.AUTHORITY_CONTAINED in result.reason_codes


def test_altered_data_restored_with_no_effect_are_contained():
    result = run(nature={N.INTEGRITY}, data_categories={C.HEALTH})

    assert (result.notify_authority, result.notify_subjects) == (False, False)
    assert RC.CONTAINED_INTEGRITY in result.reason_codes


def test_altered_data_not_restorable_are_notified_and_told():
    result = run(nature={N.INTEGRITY}, data_categories={C.HEALTH}, backup=Backup(available=False))

    assert (result.notify_authority, result.notify_subjects) == (True, True)
    assert RC.SUBJECTS_HIGH_SEVERITY in result.reason_codes


# --- Art. 34: tell the people ------------------------------------------------------------------------


HEALTH_EXPOSED = {
    "data_categories": {C.IDENTITY, C.HEALTH},
    "recipients": R.KNOWN_UNTRUSTED,
    "ease_of_identification": Ease.LIMITED,
}  # 4 x 0.5 + 0.25 = 2.25: medium


@pytest.mark.parametrize(("vulnerable", "told"), [(True, True), (False, False)])
def test_health_data_of_vulnerable_people_are_a_high_risk(vulnerable, told):
    result = run(**HEALTH_EXPOSED, vulnerable_subjects=vulnerable)

    assert result.severity.level is L.MEDIUM
    assert result.notify_authority is True
    assert result.notify_subjects is told
    assert (RC.SUBJECTS_HEALTH_VULNERABLE in result.reason_codes) is told


def test_a_high_severity_exposure_is_told():
    result = run(data_categories={C.FINANCIAL}, recipients=R.KNOWN_UNTRUSTED)  # 3.25

    assert result.severity.level is L.HIGH
    assert (result.notify_authority, result.notify_subjects) == (True, True)


OUTAGE = {"nature": {N.AVAILABILITY}, "data_categories": {C.IDENTITY, C.HEALTH}}


@pytest.mark.parametrize(
    ("changes", "told", "code"),
    [
        ({"backup": Backup(available=True, restored_within_hours=30), "impact_on_operations": Impact.MINOR}, True, RC.SUBJECTS_CARE_DELAY_HOURS),
        ({"backup": Backup(available=True, restored_within_hours=24), "impact_on_operations": Impact.MINOR}, False, RC.SUBJECTS_AVAILABILITY_ONLY),
        ({"backup": Backup(available=True, restored_within_hours=2), "impact_on_operations": Impact.SIGNIFICANT}, True, RC.SUBJECTS_CARE_DELAY_IMPACT),
        ({"backup": Backup(available=True, restored_within_hours=2), "impact_on_operations": None}, True, RC.SUBJECTS_CARE_DELAY_IMPACT),
        ({"backup": Backup(available=False), "impact_on_operations": Impact.MINOR}, True, RC.SUBJECTS_CARE_DELAY_NO_BACKUP),
    ],
)  # fmt: skip
def test_unavailability_that_delays_care_is_a_high_risk(changes, told, code):
    result = run(**OUTAGE, **changes)

    assert result.notify_authority is True
    assert result.notify_subjects is told
    assert code in result.reason_codes


def test_care_delay_text_gives_the_hours():
    result = run(**OUTAGE, backup=Backup(available=True, restored_within_hours=30))

    reason = next(r for r in result.reasons if r.code is RC.SUBJECTS_CARE_DELAY_HOURS)
    assert reason.text == (
        "High risk to the people: health data unavailable for 30 hours (more than 24) delays care."
    )


def test_an_outage_without_health_data_does_not_delay_care():
    result = run(
        nature={N.AVAILABILITY},
        data_categories={C.FINANCIAL},
        backup=Backup(available=True, restored_within_hours=72),
        impact_on_operations=Impact.SIGNIFICANT,
    )

    assert result.notify_authority is True
    assert result.notify_subjects is False


def test_a_quick_restore_without_impact_is_contained():
    result = run(**OUTAGE, backup=Backup(available=True, restored_within_hours=8))

    assert (result.notify_authority, result.notify_subjects) == (False, False)
    assert RC.CONTAINED_AVAILABILITY in result.reason_codes


def test_care_delay_threshold_comes_from_the_reference():
    reference = replace(
        load_reference(),
        thresholds=Thresholds(profiling_records_per_subject=10, quick_recovery_hours=8, care_delay_hours=48),
    )  # fmt: skip

    result = assess(
        replace(
            BASE,
            nature=frozenset(OUTAGE["nature"]),
            data_categories=frozenset(OUTAGE["data_categories"]),
            backup=Backup(available=True, restored_within_hours=30),
        ),
        reference=reference,
    )

    assert result.notify_subjects is False


# --- Art. 34(3) exceptions ----------------------------------------------------------------------------

STOLEN_HEALTH = {
    "data_categories": {C.IDENTITY, C.HEALTH},
    "vulnerable_subjects": True,
    "recipients": R.UNKNOWN,
    "malicious": True,
}


@pytest.mark.parametrize(
    ("encryption", "expected"),
    [(SAFE_KEY, (False, False)), (replace(SAFE_KEY, key_compromised=True), (True, True))],
)
def test_art_34_3_a_unintelligible_data(encryption, expected):
    result = run(**STOLEN_HEALTH, encryption=encryption)

    assert (result.notify_authority, result.notify_subjects) == expected
    assert (RC.EXCEPTION_UNINTELLIGIBLE in result.reason_codes) is (encryption == SAFE_KEY)


def test_art_34_3_a_does_not_cover_the_loss_of_the_only_copy():
    result = run(
        **STOLEN_HEALTH,
        encryption=SAFE_KEY,
        nature={N.CONFIDENTIALITY, N.AVAILABILITY},
        backup=Backup(available=False),
    )

    assert RC.EXCEPTION_UNINTELLIGIBLE in result.reason_codes
    assert (result.notify_authority, result.notify_subjects) == (True, True)  # care delayed


MISSENT_LAB_RESULTS = {
    "data_categories": {C.IDENTITY, C.HEALTH},
    "subjects_count": 1,
    "records_count": 1,
}


@pytest.mark.parametrize(
    ("recipients", "recovered", "expected", "code"),
    [
        (R.KNOWN_TRUSTED, True, (False, False), RC.EXCEPTION_RISK_REMOVED),
        (R.KNOWN_TRUSTED, False, (True, True), RC.ASK_RECIPIENT_DELETION),
        (R.KNOWN_TRUSTED, None, (True, True), RC.UNKNOWN_RECOVERY),
        (R.KNOWN_UNTRUSTED, True, (True, True), RC.UNTRUSTED_DELETION),
        (R.UNKNOWN, True, (True, True), RC.CB_CONFIDENTIALITY_UNKNOWN),
    ],
)  # fmt: skip
def test_art_34_3_b_measures_that_removed_the_risk(recipients, recovered, expected, code):
    result = run(
        **MISSENT_LAB_RESULTS, recipients=recipients, recovered_or_deleted_by_recipient=recovered
    )

    assert (result.notify_authority, result.notify_subjects) == expected
    assert code in result.reason_codes
    assert (RC.EXCEPTION_RISK_REMOVED in result.reason_codes) is (expected == (False, False))


def test_art_34_3_b_not_when_the_data_were_exfiltrated():
    result = run(
        **MISSENT_LAB_RESULTS,
        recipients=R.KNOWN_TRUSTED,
        recovered_or_deleted_by_recipient=True,
        exfiltration=Exfiltration.SUSPECTED,
    )

    assert (result.notify_authority, result.notify_subjects) == (True, True)


@pytest.mark.parametrize(
    ("categories", "backup", "told"),
    [
        ({C.IDENTITY, C.CONTACT, C.HEALTH}, Backup(available=False), PUBLIC_COMMUNICATION),
        ({C.IDENTITY, C.CONTACT, C.HEALTH}, Backup(), True),  # backup unknown: not known to be lost
        (
            {C.IDENTITY, C.HEALTH},
            Backup(available=False),
            True,
        ),  # the contact details are elsewhere
    ],
)
def test_art_34_3_c_contact_details_lost_means_a_public_communication(categories, backup, told):
    result = run(nature={N.AVAILABILITY}, data_categories=categories, backup=backup)

    assert result.notify_authority is True
    assert result.notify_subjects == told
    assert (RC.EXCEPTION_DISPROPORTIONATE in result.reason_codes) is (told == PUBLIC_COMMUNICATION)
    assert result.as_json()["notify_subjects"] == told


# --- Deadlines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("aware_at", "due_utc", "due_paris"),
    [
        # Summer time starts on 29 March 2026 at 02:00: 72 elapsed hours, not wall-clock.
        (datetime(2026, 3, 29, 1, 30, tzinfo=PARIS), "2026-04-01T00:30:00+00:00", "2026-04-01T02:30:00+02:00"),
        # Winter time starts on 25 October 2026 at 03:00; 02:30 happens twice (fold 0: summer time).
        (datetime(2026, 10, 25, 2, 30, tzinfo=PARIS), "2026-10-28T00:30:00+00:00", "2026-10-28T01:30:00+01:00"),
        (datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS), "2026-10-28T01:30:00+00:00", "2026-10-28T02:30:00+01:00"),
        (datetime(2026, 5, 4, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))), "2026-05-07T03:30:00+00:00", "2026-05-07T05:30:00+02:00"),
    ],
)  # fmt: skip
def test_cnil_deadline_is_72_elapsed_hours(aware_at, due_utc, due_paris):
    deadlines = run(aware_at=aware_at).deadlines

    assert deadlines["cnil_due_utc"] == due_utc
    assert deadlines["cnil_due_europe_paris"] == due_paris
    assert datetime.fromisoformat(due_utc) - aware_at == timedelta(hours=72)


def test_deadlines_reject_a_naive_time():
    with pytest.raises(ValueError, match="timezone-aware"):
        authority_deadlines(datetime(2026, 5, 4, 9, 0))  # noqa: DTZ001


def test_the_deadline_reason_gives_the_paris_time():
    result = run(
        recipients=R.PUBLIC, malicious=True, aware_at=datetime(2026, 5, 4, 7, 0, tzinfo=UTC)
    )

    reason = next(r for r in result.reasons if r.code is RC.AUTHORITY_DEADLINE)
    assert "2026-05-07T09:00:00+02:00 (Europe/Paris)" in reason.text


# --- Reasons ------------------------------------------------------------------------------------------


def test_every_reason_code_has_a_text_and_a_source():
    assert set(REASON_TEXT) == set(RC)
    assert set(REASON_SOURCE) == set(RC)


def test_a_reason_renders_through_a_translation():
    reason = Reason(RC.EI_LEVEL, {"ease": "limited", "ei": "0.5"})

    assert reason.render(
        lambda text: text.replace("Ease of identification", "Identifiabilité")
    ) == ("Identifiabilité limited: EI 0.5.")
    assert reason.as_json() == {
        "code": "ei_level",
        "text": "Ease of identification limited: EI 0.5.",
        "source": "ENISA 2013",
        "params": {"ease": "limited", "ei": "0.5"},
    }


def test_health_breaches_remind_the_health_incident_report():
    assert RC.HEALTH_INCIDENT_REPORT in run(**OUTAGE).reason_codes
    assert RC.HEALTH_INCIDENT_REPORT not in run(data_categories={C.HEALTH}).reason_codes
