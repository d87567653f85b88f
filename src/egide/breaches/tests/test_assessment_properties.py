"""Properties of the assessment over generated breaches: the formula holds, the level follows the score, the
score never falls when a factor gets worse, and telling the people implies notifying the CNIL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from egide.breaches.assessment import (
    Backup,
    BreachDescription,
    DataCategory,
    Ease,
    Encryption,
    Exfiltration,
    Impact,
    Nature,
    Recipients,
    assess,
    severity_level,
)

maybe_bool = st.none() | st.booleans()
hours = st.none() | st.floats(min_value=0, max_value=200, allow_nan=False)


@st.composite
def backups(draw: st.DrawFn) -> Backup:
    available = draw(maybe_bool)
    restored = None if available is False else draw(hours)
    return Backup(available=available, restored_within_hours=restored)


def sets_of(enum: type) -> st.SearchStrategy[frozenset | None]:
    return st.none() | st.frozensets(st.sampled_from(list(enum)), min_size=1)


descriptions = st.builds(
    BreachDescription,
    aware_at=st.datetimes(  # hypothesis takes naive bounds; ``timezones`` makes the values aware
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=datetime(2035, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, ZoneInfo("Europe/Paris")]),
    ),
    nature=sets_of(Nature),
    data_categories=sets_of(DataCategory),
    subjects_count=st.none() | st.integers(1, 10**6),
    records_count=st.none() | st.integers(1, 10**7),
    vulnerable_subjects=maybe_bool,
    ease_of_identification=st.none() | st.sampled_from(list(Ease)),
    encryption=st.builds(
        Encryption, encrypted=maybe_bool, state_of_the_art=maybe_bool, key_compromised=maybe_bool
    ),
    malicious=maybe_bool,
    recipients=st.none() | st.sampled_from(list(Recipients)),
    exfiltration=st.none() | st.sampled_from(list(Exfiltration)),
    backup=backups(),
    unavailability_hours=hours,
    impact_on_operations=st.none() | st.sampled_from(list(Impact)),
    recovered_or_deleted_by_recipient=maybe_bool,
)


@given(descriptions)
def test_the_formula_and_the_bands_hold(description):
    result = assess(description)
    s = result.severity

    assert s.score == s.dpc * s.ei + s.cb
    assert s.cb == s.circumstances.total
    assert 0 <= s.cb <= 2
    assert 1 <= s.dpc <= 4
    assert s.dpc == s.dpc_base + sum(a.delta for a in s.dpc_adjustments)
    assert s.level is severity_level(s.score)
    assert s.score * 4 == int(s.score * 4)  # multiples of 0.25: the bands compare exactly


@given(descriptions)
def test_telling_the_people_implies_notifying_the_cnil(description):
    result = assess(description)

    assert not result.notify_subjects or result.notify_authority


@given(descriptions)
def test_the_json_is_serialisable_and_each_reason_given_once(description):
    result = assess(description)

    document = json.loads(json.dumps(result.as_json()))
    codes = [reason["code"] for reason in document["reasons"]]
    assert len(codes) == len(set(codes))
    assert document["severity"]["level"] == result.severity.level.value


def worse(order: list, value: object) -> list:
    """The values at or after ``value`` in ``order`` (None counts as the worst)."""
    if value is None:
        return [None]
    return order[order.index(value) :] + [None]


EASES = list(Ease)
RECIPIENTS = list(Recipients)
EXFILTRATIONS = list(Exfiltration)


def assert_not_lower(description: BreachDescription, **changes: object) -> None:
    before = assess(description).severity
    after = assess(replace(description, **changes)).severity
    assert after.score >= before.score, changes
    assert (
        after.cb >= before.cb
        or "ease_of_identification" in changes
        or "vulnerable_subjects" in changes
    )


@given(descriptions, st.data())
def test_score_never_falls_with_a_harder_to_hide_identity(description, data):
    ease = data.draw(st.sampled_from(worse(EASES, description.ease_of_identification)))

    assert_not_lower(description, ease_of_identification=ease)


@given(descriptions, st.data())
def test_score_never_falls_with_wider_recipients(description, data):
    recipients = data.draw(st.sampled_from(worse(RECIPIENTS, description.recipients)))

    assert_not_lower(description, recipients=recipients)


@given(descriptions, st.data())
def test_score_never_falls_with_more_exfiltration(description, data):
    # Unknown exfiltration is "none" for an error and "suspected" when malicious: below "confirmed" only.
    current = description.exfiltration
    options = [None, *EXFILTRATIONS[1:]] if current is None else worse(EXFILTRATIONS, current)[:-1]
    exfiltration = data.draw(st.sampled_from(options))

    assert_not_lower(description, exfiltration=exfiltration)


@given(descriptions)
def test_score_never_falls_with_malicious_intent(description):
    assert_not_lower(description, malicious=True)


@given(descriptions)
def test_score_never_falls_without_a_backup(description):
    assert_not_lower(description, backup=Backup(available=False))


@given(descriptions, st.floats(min_value=0, max_value=100))
def test_score_never_falls_with_a_longer_outage(description, extra):
    longer = (
        None
        if description.unavailability_hours is None
        else description.unavailability_hours + extra
    )
    assert_not_lower(description, unavailability_hours=longer)


@given(descriptions, st.sampled_from(list(Nature)))
def test_score_never_falls_with_one_more_loss(description, nature):
    more = None if description.nature is None else description.nature | {nature}

    assert_not_lower(description, nature=more)


@given(descriptions)
def test_score_never_falls_with_vulnerable_people(description):
    assert_not_lower(description, vulnerable_subjects=True)
