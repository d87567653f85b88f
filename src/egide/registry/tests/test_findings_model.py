"""A stored finding renders in the reader's language from its rule id and parameters, and gives the JSON
shape of ``egide registry check --json``; the summary's counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext

from egide.registry.checks import Finding, Phrase, Severity
from egide.registry.models import ComplianceFinding, ComplianceSummary
from egide.registry.models import findings as findings_module
from egide.registry.tests.factories import ProcessingActivityFactory

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


def scope_finding(activity) -> Finding:
    return Finding(
        rule_id="TRANSFER_ADEQUACY_SCOPE",
        severity=Severity.HIGH,
        activity_ref=activity.reference,
        activity_name=activity.name,
        params={
            "country": "US",
            "recipient": "ClinData",
            "decision": "Decision 2023/1795",
            "scope": Phrase("organisations certified under the EU-US Data Privacy Framework"),
        },
    )


def saved(finding: Finding, activity) -> ComplianceFinding:
    row = ComplianceFinding.from_finding(
        finding, organisation=activity.organisation, activity=activity, computed_at=WHEN
    )
    row.save()
    return ComplianceFinding.objects.for_organisation(activity.organisation).get(pk=row.pk)


def test_a_stored_finding_gives_the_engines_finding_back(organisation):
    activity = ProcessingActivityFactory(organisation=organisation, reference="T-007")
    original = scope_finding(activity)
    row = saved(original, activity)
    assert row.phrase_params == ["scope"]
    back = row.as_finding()
    assert back == original
    assert isinstance(back.params["scope"], Phrase)
    assert not isinstance(back.params["recipient"], Phrase)
    assert row.message() == original.message(gettext)
    assert row.fix() == original.fix(gettext)
    with translation.override("en"):
        assert row.message() == original.message()


def test_message_fix_title_and_article_are_translated_with_their_phrases(organisation, monkeypatch):
    activity = ProcessingActivityFactory(organisation=organisation)
    row = saved(scope_finding(activity), activity)
    monkeypatch.setattr(findings_module, "gettext", lambda text: f"«{text}»")
    assert row.message().startswith("«The transfer to US (ClinData) relies on Decision 2023/1795")
    assert "««organisations certified under the EU-US Data Privacy Framework»" not in row.message()
    assert "«organisations certified under the EU-US Data Privacy Framework»" in row.message()
    assert row.fix().startswith("«Check the recipient's certification")
    assert row.title() == "«Transfer outside the scope of the adequacy decision»"
    assert row.article() == "«GDPR Art. 45»"


def test_as_dict_is_the_check_commands_json(organisation):
    activity = ProcessingActivityFactory(organisation=organisation, reference="T-007", name="EDC")
    row = saved(scope_finding(activity), activity)
    assert row.as_dict() == scope_finding(activity).as_dict(gettext)
    with translation.override("en"):
        english = row.as_dict()
    assert english == {
        "activity": "T-007",
        "activity_name": "EDC",
        "rule_id": "TRANSFER_ADEQUACY_SCOPE",
        "severity": "high",
        "article": "GDPR Art. 45",
        "message": scope_finding(activity).message(),
        "fix": scope_finding(activity).fix(),
    }


def test_an_organisation_level_finding_has_no_activity(organisation):
    row = ComplianceFinding.from_finding(
        Finding("DPO_DESIGNATION_MISSING", Severity.CRITICAL, None),
        organisation=organisation,
        computed_at=WHEN,
    )
    row.save()
    assert row.as_dict()["activity"] is None
    assert row.as_finding().activity_ref is None
    with translation.override("en"):
        message = row.message()
    assert message == (
        "Designating a DPO is mandatory for this organisation and no designation is recorded."
    )


def test_a_row_left_by_a_removed_rule_still_renders(organisation):
    row = ComplianceFinding.objects.create(
        organisation=organisation,
        rule_id="RULE_SINCE_REMOVED",
        severity="low",
        severity_rank=1,
        legal_reference="GDPR Art. 5",
        computed_at=WHEN,
    )
    assert not row.known_rule
    assert (row.title(), row.message(), row.fix()) == (
        "RULE_SINCE_REMOVED",
        "RULE_SINCE_REMOVED",
        "",
    )


def test_summary_counts(organisation):
    summary = ComplianceSummary.objects.create(
        organisation=organisation,
        score=40,
        critical_count=1,
        high_count=2,
        medium_count=3,
        low_count=4,
        info_count=5,
        activity_count=6,
        computed_at=WHEN,
    )
    assert list(summary.counts.items()) == [
        (Severity.CRITICAL, 1),
        (Severity.HIGH, 2),
        (Severity.MEDIUM, 3),
        (Severity.LOW, 4),
        (Severity.INFO, 5),
    ]
    assert (summary.urgent_count, summary.finding_count, str(summary)) == (3, 15, "40/100")
