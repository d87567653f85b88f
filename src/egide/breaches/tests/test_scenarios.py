"""Breach scenarios of a hospital, each with the outcome Egide argues for (the DPO decides).

Each row is a full description as the CLI or the API would receive it, run through ``parse_description`` and
``assess``. The comment above a row argues the expected outcome.
"""

from __future__ import annotations

import pytest

from egide.breaches.assessment import assess, parse_description

AWARE = "2026-03-29T01:30:00+01:00"

PATIENT_FILE = ["identity", "contact", "health"]
NO_ENCRYPTION = {"encrypted": False, "state_of_the_art": None, "key_compromised": None}
RESTORED_IN_6H = {"available": True, "restored_within_hours": 6}


def breach(**fields):
    return {
        "aware_at": AWARE,
        "vulnerable_subjects": False,
        "ease_of_identification": "maximum",
    } | fields


SCENARIOS = [
    # Ransomware encrypts the patient records; forensics rule out exfiltration; restored from backup in
    # 6 hours with minor disruption and no delayed care. The health data at stake make the ENISA score very
    # high, but every loss was contained: nobody got the data, they came back quickly. EDPB Guidelines
    # 01/2021 case 1: record it, no notification. (The ARS / CERT Sante report is separate and still due.)
    pytest.param(
        breach(
            nature=["availability"], data_categories=PATIENT_FILE, subjects_count=40000,
            records_count=900000, malicious=True, exfiltration="none", recipients="none",
            backup=RESTORED_IN_6H, unavailability_hours=6, impact_on_operations="minor",
        ),
        4.5, "very_high", False, False,
        id="ransomware-with-backup-no-exfiltration",
    ),
    # Same attack, but the attacker's leak site shows the files: health data in unknown hands. Notify the
    # CNIL and tell the patients (EDPB Guidelines 01/2021, case 4: exfiltration means high risk).
    pytest.param(
        breach(
            nature=["availability", "confidentiality"], data_categories=PATIENT_FILE,
            subjects_count=40000, records_count=900000, malicious=True, exfiltration="confirmed",
            backup=RESTORED_IN_6H, unavailability_hours=6, impact_on_operations="minor",
        ),
        5.0, "very_high", True, True,
        id="ransomware-with-confirmed-exfiltration",
    ),
    # Ransomware, exfiltration not investigated yet (null): an attacker had the data, so Egide treats
    # exfiltration as suspected until forensics rule it out: notify and tell, and revise if cleared.
    pytest.param(
        breach(
            nature=["availability"], data_categories=PATIENT_FILE, subjects_count=40000,
            records_count=900000, malicious=True, exfiltration=None,
            backup=RESTORED_IN_6H, unavailability_hours=6, impact_on_operations="minor",
        ),
        5.0, "very_high", True, True,
        id="ransomware-exfiltration-not-ruled-out",
    ),
    # Ransomware with no usable backup: records rebuilt over three days, surgeries postponed. Care is
    # delayed: high risk to the patients (EDPB Guidelines 01/2021, case 3), notify and tell. The contact
    # details are still in the patient administration system (not among the categories lost), so each
    # patient is told directly.
    pytest.param(
        breach(
            nature=["availability", "integrity"], data_categories=["identity", "health"],
            subjects_count=40000, records_count=900000, malicious=True, exfiltration="none",
            backup={"available": False}, unavailability_hours=72,
            impact_on_operations="significant",
        ),
        5.5, "very_high", True, True,
        id="ransomware-without-backup-care-delayed",
    ),
    # A doctor's laptop with unencrypted patient files is lost on a train. Whoever finds it can read the
    # files; nobody can tell who that is. Health data exposed to unknown recipients: notify and tell (EDPB
    # Guidelines 01/2021, case 11).
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=PATIENT_FILE, subjects_count=350,
            records_count=350, malicious=False, recipients="unknown", exfiltration="none",
            encryption=NO_ENCRYPTION,
        ),
        4.5, "very_high", True, True,
        id="lost-unencrypted-laptop",
    ),
    # Lab results e-mailed to the wrong GP, who is bound by medical secrecy and confirmed in writing that
    # they deleted them. A trusted recipient who deleted the data removes the risk (EDPB Guidelines
    # 9/2022; Art. 34(3)(b)): record it, no notification.
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=["identity", "health"], subjects_count=1,
            records_count=1, malicious=False, recipients="known_trusted", exfiltration="none",
            encryption=NO_ENCRYPTION, recovered_or_deleted_by_recipient=True,
        ),
        4.0, "very_high", False, False,
        id="missent-lab-results-trusted-recipient-deleted",
    ),
    # The same results sent to a mistyped outside address: nobody knows who read them or forwarded
    # them. Notify and tell the patient, who may need to act.
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=["identity", "health"], subjects_count=1,
            records_count=1, malicious=False, recipients="unknown", exfiltration="none",
            encryption=NO_ENCRYPTION, recovered_or_deleted_by_recipient=False,
        ),
        4.5, "very_high", True, True,
        id="missent-lab-results-unknown-recipient",
    ),
    # A staff member browses a celebrity's record out of curiosity: intentional, unauthorised access to
    # health data (medical secrecy, CSP L.1110-4) by a known person with no right to it. Notify, and tell
    # the patient, who may face press exposure.
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=["identity", "health"], subjects_count=1,
            records_count=40, malicious=True, recipients="known_untrusted", exfiltration="none",
            encryption=NO_ENCRYPTION, recovered_or_deleted_by_recipient=False,
        ),
        4.75, "very_high", True, True,
        id="insider-browsing-vip-record",
    ),
    # A USB key with patient files is stolen; it is encrypted with AES-256 and the key is in the vault; the
    # files also live on the server. Unintelligible data (Art. 34(3)(a)), nothing lost: the EI drops to
    # negligible and nothing is notified (EDPB Guidelines 01/2021, case 10).
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=PATIENT_FILE, subjects_count=120,
            records_count=120, malicious=True, recipients="unknown", exfiltration="none",
            encryption={"encrypted": True, "state_of_the_art": True, "key_compromised": False},
        ),
        2.0, "medium", False, False,
        id="stolen-encrypted-usb-key-safe",
    ),
    # The same key, with the passphrase on a sticker: the encryption protects nothing. Notify and tell.
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=PATIENT_FILE, subjects_count=120,
            records_count=120, malicious=True, recipients="unknown", exfiltration="none",
            encryption={"encrypted": True, "state_of_the_art": True, "key_compromised": True},
        ),
        5.0, "very_high", True, True,
        id="stolen-encrypted-usb-key-on-a-sticker",
    ),
    # HIV test results posted on a social network by a former employee: public, malicious, stigmatising
    # health data of people ENISA counts as vulnerable. The highest severity; notify and tell at once.
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=["identity", "health"], subjects_count=12,
            records_count=12, vulnerable_subjects=True, malicious=True, recipients="public",
            exfiltration="none", encryption=NO_ENCRYPTION,
        ),
        5.0, "very_high", True, True,
        id="public-posting-of-hiv-results",
    ),
    # The appointment website shows every patient's name and appointment time to anyone who changes a
    # number in the address. Data collected for care are health data (GDPR recital 35); anyone could see
    # them. Notify and tell.
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=["identity", "health"],
            subjects_count=8000, records_count=8000, malicious=False, recipients="unknown",
            exfiltration="none", encryption=NO_ENCRYPTION,
        ),
        4.5, "very_high", True, True,
        id="appointment-website-exposes-names-and-times",
    ),
    # The same exposure, where the DPO judges (ENISA: sensitive data that "can lead to general
    # assumptions" only) that a general hospital's booking times without the department reveal little:
    # DPC 2 with that reason. Medium: notify the CNIL (health data, damage considered likely), no high
    # risk to tell the patients about.
    pytest.param(
        breach(
            nature=["confidentiality"], data_categories=["identity", "health"],
            subjects_count=8000, records_count=8000, malicious=False, recipients="unknown",
            exfiltration="none", encryption=NO_ENCRYPTION, dpc=2,
            dpc_reason="General hospital, no department shown: general assumptions only.",
        ),
        2.5, "medium", True, False,
        id="appointment-website-dpo-lowers-the-dpc",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("description", "score", "level", "notify_authority", "notify_subjects"), SCENARIOS
)
def test_scenario(description, score, level, notify_authority, notify_subjects):
    assessment = assess(parse_description(description))

    assert (assessment.severity.score, assessment.severity.level.value) == (score, level)
    assert assessment.notify_authority is notify_authority
    assert assessment.notify_subjects == notify_subjects
    assert not assessment.notify_subjects or assessment.notify_authority
