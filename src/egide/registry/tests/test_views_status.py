"""The status workflow from the activity's sheet: submit, validate, archive, restore, by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.models import AuditEvent
from egide.core.testing import db_snapshot, snapshot_changes
from egide.registry.choices import ActivityStatus
from egide.registry.tests.factories import ProcessingActivityFactory

pytestmark = pytest.mark.django_db


def _url(action, activity):
    return reverse(
        f"registry:activity_{action}",
        kwargs={"org": activity.organisation.slug, "activity_id": activity.pk},
    )


def _status(activity):
    activity.refresh_from_db()
    return activity.status


def test_owner_submits_and_manager_validates(login, member_factory, organisation):
    contributor = member_factory("contributor")
    manager = member_factory("manager")
    activity = ProcessingActivityFactory(organisation=organisation, owner=contributor)
    response = login(contributor).post(_url("submit", activity))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "registry:activity_detail", kwargs={"org": organisation.slug, "activity_id": activity.pk}
    )
    assert _status(activity) == ActivityStatus.IN_REVIEW
    login(manager).post(_url("validate", activity))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.VALIDATED
    assert activity.validated_by == manager
    actions = list(
        AuditEvent.objects.for_organisation(organisation)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["processing_activity.submit", "processing_activity.validate"]


@pytest.mark.parametrize("role", ["contributor", "dpo_assistant", "auditor"])
def test_only_managers_and_the_dpo_validate(login, member_factory, organisation, role):
    user = member_factory(role)
    activity = ProcessingActivityFactory(organisation=organisation, owner=user)
    client = login(user)
    before = db_snapshot()
    assert client.post(_url("validate", activity)).status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []


def test_the_dpo_validates_too(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    login(dpo).post(_url("validate", activity))
    assert _status(activity) == ActivityStatus.VALIDATED


def test_a_contributor_cannot_move_another_owners_activity(login, member_factory, organisation):
    contributor = member_factory("contributor")
    activity = ProcessingActivityFactory(organisation=organisation)
    client = login(contributor)
    before = db_snapshot()
    for action in ("submit", "archive"):
        assert client.post(_url(action, activity)).status_code == 403
    assert snapshot_changes(before, db_snapshot()) == []


def test_archive_then_restore(login, member_factory, organisation):
    assistant = member_factory("dpo_assistant")
    activity = ProcessingActivityFactory(organisation=organisation)
    client = login(assistant)
    client.post(_url("archive", activity))
    assert _status(activity) == ActivityStatus.ARCHIVED
    client.post(_url("restore", activity))
    assert _status(activity) == ActivityStatus.DRAFT


def test_a_step_the_status_does_not_allow_is_explained(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation, status=ActivityStatus.VALIDATED)
    client = login(dpo)
    before = db_snapshot()
    response = client.post(_url("restore", activity), follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("cannot become" in m for m in messages)
    assert _status(activity) == ActivityStatus.VALIDATED
    assert snapshot_changes(before, db_snapshot()) == []


def test_status_actions_answer_only_post(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation)
    assert login(dpo).get(_url("submit", activity)).status_code == 405
    assert _status(activity) == ActivityStatus.DRAFT
