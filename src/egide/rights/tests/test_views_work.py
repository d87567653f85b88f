"""Assignment, internal notes and search tasks from the request's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.core.clock import FrozenClock
from egide.registry.tests.factories import InformationSystemFactory, ProcessingActivityFactory
from egide.rights.choices import RequestStatus, SearchTaskStatus, TimelineKind
from egide.rights.models import RightsRequest, SearchTask, TimelineEntry
from egide.rights.tests.factories import RightsRequestFactory, SearchTaskFactory
from egide.rights.views import _common

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock())


def _url(rr, name):
    return reverse(name, kwargs={"org": rr.organisation.slug, "request_id": rr.pk})


def _task_url(task):
    return reverse(
        "rights:task_complete", kwargs={"org": task.organisation.slug, "task_id": task.pk}
    )


def _fresh(rr):
    return RightsRequest.objects.for_organisation(rr.organisation).get(pk=rr.pk)


def test_the_dpo_team_assigns_and_unassigns(login, dpo, member_factory, organisation):
    contributor = member_factory("contributor")
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    client = login(dpo)
    assert client.post(_url(rr, "rights:assign"), {"assignee": contributor.pk}).status_code == 302
    assert _fresh(rr).assigned_to == contributor
    assert client.post(_url(rr, "rights:assign"), {"assignee": ""}).status_code == 302
    assert _fresh(rr).assigned_to is None


def test_only_members_who_may_edit_can_be_assigned(login, dpo, member_factory, organisation):
    auditor = member_factory("auditor")
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = login(dpo).post(_url(rr, "rights:assign"), {"assignee": auditor.pk})
    assert response.status_code == 400
    assert _fresh(rr).assigned_to is None


@pytest.mark.parametrize("role", ["contributor", "manager", "auditor"])
def test_only_the_dpo_team_assigns(login, member_factory, organisation, role):
    member = member_factory(role)
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = login(member).post(_url(rr, "rights:assign"), {"assignee": member.pk})
    assert response.status_code == 403
    assert _fresh(rr).assigned_to is None


def test_notes_go_in_the_timeline(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    client = login(dpo)
    assert client.post(_url(rr, "rights:note"), {"text": "Patient called back."}).status_code == 302
    note = TimelineEntry.objects.get(request=rr, kind=TimelineKind.NOTE)
    assert note.message == "Patient called back."
    assert "Patient called back." in client.get(_url(rr, "rights:detail")).content.decode()
    assert client.post(_url(rr, "rights:note"), {"text": ""}).status_code == 400


def test_tasks_added_from_the_register_and_completed(login, dpo, organisation):
    activity = ProcessingActivityFactory(organisation=organisation, name="Patient file")
    system = InformationSystemFactory(organisation=organisation, name="DPI")
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    client = login(dpo)
    response = client.post(
        _url(rr, "rights:task_add"), {"activity": activity.pk, "system": system.pk}
    )
    assert response.status_code == 302
    task = SearchTask.objects.get(request=rr)
    assert (task.activity, task.system) == (activity, system)
    response = client.post(
        _task_url(task), {"status": SearchTaskStatus.FOUND, "result": "12 stays"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.result) == (SearchTaskStatus.FOUND, "12 stays")


def test_a_task_needs_something_to_search(login, dpo, organisation):
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = login(dpo).post(_url(rr, "rights:task_add"), {"label": ""})
    assert response.status_code == 400
    assert not SearchTask.objects.filter(request=rr).exists()


def test_another_organisations_activity_cannot_be_picked(
    login, dpo, organisation, other_organisation
):
    foreign = ProcessingActivityFactory(organisation=other_organisation)
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = login(dpo).post(_url(rr, "rights:task_add"), {"activity": foreign.pk})
    assert response.status_code == 400
    assert not SearchTask.objects.filter(request=rr).exists()


def test_tasks_suggested_from_the_register(login, dpo, organisation):
    ProcessingActivityFactory(organisation=organisation, name="Patient file")
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    response = login(dpo).post(_url(rr, "rights:tasks_suggest"))
    assert response.status_code == 302
    assert SearchTask.objects.filter(request=rr).exists()


def test_contributors_complete_tasks_assigned_to_them_only(login, member_factory, organisation):
    contributor = member_factory("contributor")
    rr = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    theirs = SearchTaskFactory(request=rr, assigned_to=contributor)
    others = SearchTaskFactory(request=rr)
    client = login(contributor)
    data = {"status": SearchTaskStatus.NO_DATA}
    assert client.post(_task_url(others), data).status_code == 403
    others.refresh_from_db()
    assert others.status == SearchTaskStatus.TODO
    assert client.post(_task_url(theirs), data).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == SearchTaskStatus.NO_DATA


def test_another_organisations_task_is_not_found(login, dpo, other_organisation, organisation):
    task = SearchTaskFactory(request=RightsRequestFactory(organisation=other_organisation))
    url = reverse("rights:task_complete", kwargs={"org": organisation.slug, "task_id": task.pk})
    assert login(dpo).post(url, {"status": SearchTaskStatus.NO_DATA}).status_code == 404
    task.refresh_from_db()
    assert task.status == SearchTaskStatus.TODO
