"""An activity's history from the audit trail and the side-by-side diff of two versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.models import AuditEvent
from egide.registry.choices import LegalBasis
from egide.registry.services import (
    processing_activity_create,
    processing_activity_instantiate_template,
    processing_activity_update,
    processing_activity_validate,
    purpose_create,
    purpose_delete,
    purpose_update,
)
from egide.registry.tests.factories import ProcessingActivityFactory

pytestmark = pytest.mark.django_db


def _history_url(activity):
    return reverse(
        "registry:activity_history",
        kwargs={"org": activity.organisation.slug, "activity_id": activity.pk},
    )


def _diff_url(activity, first=None, second=None):
    url = reverse(
        "registry:activity_diff",
        kwargs={"org": activity.organisation.slug, "activity_id": activity.pk},
    )
    params = {"from": first, "to": second}
    query = "&".join(f"{k}={v.pk if hasattr(v, 'pk') else v}" for k, v in params.items() if v)
    return f"{url}?{query}" if query else url


def _event(organisation, action, **filters):
    return (
        AuditEvent.objects.for_organisation(organisation)
        .filter(action=action, **filters)
        .latest("sequence")
    )


@pytest.fixture
def story(organisation, dpo):
    """Billing: created, two purposes added, one changed, the other removed, renamed, validated."""
    activity = processing_activity_create(actor=dpo, organisation=organisation, name="Billing")
    kept = purpose_create(
        actor=dpo, activity=activity, description="Invoice", legal_basis=LegalBasis.PUBLIC_TASK
    )
    dropped = purpose_create(
        actor=dpo, activity=activity, description="Marketing", legal_basis=LegalBasis.CONSENT
    )
    purpose_update(actor=dpo, purpose=kept, description="Invoice the stay")
    purpose_delete(actor=dpo, purpose=dropped)
    processing_activity_update(actor=dpo, activity=activity, name="Patient billing", owner=dpo)
    processing_activity_validate(actor=dpo, activity=activity)
    return activity


@pytest.mark.parametrize("role", ["dpo", "manager", "contributor", "auditor"])
def test_every_member_reads_the_history_newest_first(login, member_factory, story, role):
    response = login(member_factory(role)).get(_history_url(story))
    assert response.status_code == 200
    actions = [entry["event"].action for entry in response.context["entries"]]
    assert actions == [
        "processing_activity.validate",
        "processing_activity.update",
        "purpose.delete",
        "purpose.update",
        "purpose.create",
        "purpose.create",
        "processing_activity.create",
    ]
    content = response.content.decode()
    assert "Purpose removed" in content
    assert "Validated" in content


def test_history_leaves_out_other_activities(login, dpo, organisation, story):
    other = processing_activity_create(actor=dpo, organisation=organisation, name="Other")
    purpose_create(actor=dpo, activity=other, description="Else", legal_basis="consent")
    entries = login(dpo).get(_history_url(story)).context["entries"]
    assert all(e["event"].object_repr != "Else" for e in entries)
    assert len(entries) == 7


def test_diff_from_creation_to_now(login, dpo, organisation, story):
    created = _event(organisation, "processing_activity.create")
    validated = _event(organisation, "processing_activity.validate")
    response = login(dpo).get(_diff_url(story, created, validated))
    assert response.status_code == 200
    fields = {f["label"]: f for f in response.context["readable"]["fields"]}
    assert (fields["name"]["left"], fields["name"]["right"]) == ("Billing", "Patient billing")
    assert fields["status"]["changed"]
    assert fields["status"]["right"] == "Validated"
    assert fields["owner"]["right"] == dpo.email
    (purposes,) = response.context["readable"]["sections"]
    assert [row["status"] for row in purposes["rows"]] == ["added"]
    values = {item["label"]: item["value"] for item in purposes["rows"][0]["right"]}
    assert values["purpose"] == "Invoice the stay"
    assert values["legal basis (GDPR Art. 6(1))"] == str(LegalBasis.PUBLIC_TASK.label)


def test_diff_shows_changed_and_removed_rows(login, dpo, organisation, story):
    both_added = _event(organisation, "purpose.create", after__description="Marketing")
    validated = _event(organisation, "processing_activity.validate")
    response = login(dpo).get(_diff_url(story, both_added, validated))
    (purposes,) = response.context["readable"]["sections"]
    assert sorted(row["status"] for row in purposes["rows"]) == ["changed", "removed"]
    content = response.content.decode()
    assert "<del>Invoice</del>" in content
    assert "<ins>Invoice the stay</ins>" in content


def test_diff_of_a_template_activity(login, dpo, organisation):
    activity = processing_activity_instantiate_template(
        actor=dpo, organisation=organisation, template_code="cctv"
    )
    processing_activity_update(actor=dpo, activity=activity, name="Car park cameras")
    created = _event(organisation, "processing_activity.create")
    filled = _event(organisation, "processing_activity.instantiate_template")
    last = _event(organisation, "processing_activity.update")
    client = login(dpo)
    response = client.get(_diff_url(activity, filled, last))
    assert response.status_code == 200
    changed = [f["label"] for f in response.context["readable"]["fields"] if f["changed"]]
    assert changed == ["name"]
    assert not [s for s in response.context["diff"].sections if s.changed]
    from_creation = client.get(_diff_url(activity, created, filled)).context["diff"]
    assert from_creation.left_exists
    assert [f.name for f in from_creation.fields if f.changed] == ["data_subjects"]
    added = {s.name for s in from_creation.sections if s.changed}
    assert {"purposes", "data_categories", "recipients", "security_measures"} <= added


@pytest.mark.parametrize(
    "query", [{}, {"first": "x", "second": 1}, {"first": 999999, "second": 999999}]
)
def test_bad_versions_answer_400(login, dpo, story, query):
    response = login(dpo).get(_diff_url(story, query.get("first"), query.get("second")))
    assert response.status_code == 400
    assert "cannot be compared" in response.content.decode()


def test_versions_of_another_activity_are_refused(login, dpo, organisation, story):
    other = processing_activity_create(actor=dpo, organisation=organisation, name="Other")
    foreign = _event(organisation, "processing_activity.create", object_id=str(other.pk))
    own = _event(organisation, "processing_activity.validate")
    assert login(dpo).get(_diff_url(story, foreign, own)).status_code == 400


def test_another_organisations_history_is_not_found(login, outsider, story):
    client = login(outsider)
    assert client.get(_history_url(story)).status_code == 404
    assert client.get(_diff_url(story, 1, 2)).status_code == 404


def test_history_pages_newest_first(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    for n in range(55):
        processing_activity_update(actor=dpo, activity=activity, name=f"Name {n}")
    client = login(dpo)
    first = client.get(_history_url(activity))
    assert len(first.context["entries"]) == 50
    second = client.get(_history_url(activity) + "?page=2")
    assert len(second.context["entries"]) == 5
