"""The register's API, reference and compliance: the template library, the DPO designation (and whether
it is mandatory), the compliance findings and score."""

from __future__ import annotations

import pytest

from egide.registry.compliance import compliance_recompute
from egide.registry.library import TEMPLATES
from egide.registry.models import DpoDesignation
from egide.registry.tests.api_client import (
    fields_of,
    registry_url,
    token_client,
)
from egide.registry.tests.factories import ProcessingActivityFactory


def test_the_template_library_is_listed_in_full(organisation, member_factory):
    auditor = member_factory("auditor")
    response = token_client(auditor, organisation).get(
        registry_url(organisation, "templates"), {"page_size": 100}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(TEMPLATES)
    record = next(t for t in body["results"] if t["code"] == "electronic_patient_record")
    assert all([record["purposes"], record["data_categories"], record["security_measures"]])
    medical = next(d for d in record["data_categories"] if d["category"] == "health.medical_record")
    assert medical["retention_duration"] == 20


def test_dpo_designation_state_set_and_replace(organisation, dpo):
    client = token_client(dpo, organisation)
    url = registry_url(organisation, "dpo-designation")
    empty = client.get(url).json()
    assert empty["current"] is None
    assert empty["assessment"]["required"] is True  # a public hospital (GDPR Art. 37(1)(a))
    assert any(r["mandatory"] for r in empty["assessment"]["reasons"])
    first = client.post(
        url,
        {
            "kind": "internal",
            "person_name": "Claire Martin",
            "email": "dpo@chu-test.fr",
            "designated_on": "2024-01-02",
        },
        format="json",
    )
    assert first.status_code == 200, first.content
    assert first.json()["current"]["person_name"] == "Claire Martin"
    earlier = client.post(
        url,
        {
            "kind": "external",
            "person_name": "Paul Durand",
            "firm_name": "Cabinet Conseil",
            "email": "dpo@cabinet.fr",
            "designated_on": "2023-06-01",
        },
        format="json",
    )
    assert "designated_on" in fields_of(earlier)
    replaced = client.post(
        url,
        {
            "kind": "external",
            "person_name": "Paul Durand",
            "firm_name": "Cabinet Conseil",
            "email": "dpo@cabinet.fr",
            "designated_on": "2025-09-01",
        },
        format="json",
    ).json()
    assert replaced["current"]["person_name"] == "Paul Durand"
    assert [d["ended_on"] for d in replaced["history"]] == ["2025-09-01"]


def test_an_external_dpo_needs_a_firm_and_readers_cannot_set_one(organisation, dpo, member_factory):
    url = registry_url(organisation, "dpo-designation")
    payload = {
        "kind": "external",
        "person_name": "P",
        "email": "p@example.org",
        "designated_on": "2024-01-01",
    }
    assert "firm_name" in fields_of(
        token_client(dpo, organisation).post(url, payload, format="json")
    )
    contributor = token_client(member_factory("contributor"), organisation)
    assert contributor.get(url).status_code == 200
    refused = contributor.post(url, {**payload, "firm_name": "F"}, format="json")
    assert refused.status_code == 403
    assert not DpoDesignation.objects.for_organisation(organisation).exists()


def test_findings_and_compliance_summary(organisation, dpo):
    gap = ProcessingActivityFactory(organisation=organisation, reference="T-001")
    client = token_client(dpo, organisation)
    summary = client.get(registry_url(organisation, "compliance")).json()
    assert summary["score"] is None
    assert summary["counts"] == {"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0}
    compliance_recompute(organisation=organisation)
    summary = client.get(registry_url(organisation, "compliance")).json()
    assert 0 <= summary["score"] <= 100
    assert summary["activity_count"] == 1
    findings = client.get(registry_url(organisation, "findings"), {"page_size": 500}).json()
    assert findings["count"] == sum(summary["counts"].values()) > 0
    first = findings["results"][0]
    assert set(first) == {
        "activity",
        "activity_name",
        "rule_id",
        "severity",
        "article",
        "message",
        "fix",
    }
    of_activity = client.get(registry_url(organisation, "findings"), {"activity": gap.pk}).json()
    assert of_activity["count"] > 0
    assert {f["activity"] for f in of_activity["results"]} == {"T-001"}
    high = client.get(registry_url(organisation, "findings"), {"severity": "high"}).json()
    assert {f["severity"] for f in high["results"]} <= {"high"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"severity": "dire"}, "severity"),
        ({"activity": "x"}, "activity"),
        ({"activity": 999999}, "activity"),
    ],
)
def test_findings_filters_are_validated(organisation, dpo, params, field):
    response = token_client(dpo, organisation).get(registry_url(organisation, "findings"), params)
    assert field in fields_of(response)


def test_another_organisations_activity_is_no_findings_filter(
    organisation, other_organisation, dpo
):
    theirs = ProcessingActivityFactory(organisation=other_organisation)
    response = token_client(dpo, organisation).get(
        registry_url(organisation, "findings"), {"activity": theirs.pk}
    )
    assert "activity" in fields_of(response)


def test_findings_and_templates_are_read_only(organisation, dpo):
    client = token_client(dpo, organisation)
    for name in ("findings", "templates", "compliance"):
        assert client.post(registry_url(organisation, name), {}, format="json").status_code == 403


def test_the_browsable_api_renders_every_register_endpoint(organisation, dpo, client, login):
    """The HTML view of the API (for people exploring it) works on lists that are not querysets."""
    activity = ProcessingActivityFactory(organisation=organisation)
    login(dpo)
    for parts in [
        ("activities",),
        ("activities", activity.pk),
        ("templates",),
        ("findings",),
        ("compliance",),
        ("dpo-designation",),
        ("vendors",),
    ]:
        response = client.get(registry_url(organisation, *parts), HTTP_ACCEPT="text/html")
        assert response.status_code == 200, parts
        assert response["Content-Type"].startswith("text/html")
