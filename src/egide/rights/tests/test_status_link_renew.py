"""Renewing the requester's status link: every earlier link stops working, a new one is emailed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from egide.core.models import AuditEvent
from egide.rights.choices import RequestStatus, TimelineKind
from egide.rights.services import RightsError, rights_status_link_renew
from egide.rights.status_links import request_for_status_token, status_token_for
from egide.rights.tests.factories import RightsRequestFactory

pytestmark = pytest.mark.django_db
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATUS_LINK = re.compile(r"/p/[\w-]+/status/([^/\s]+)/")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


def test_old_links_stop_working_and_the_new_one_is_emailed(
    organisation, dpo, mailoutbox, immediate_tasks, django_capture_on_commit_callbacks
):
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    old = status_token_for(request)
    with django_capture_on_commit_callbacks(execute=True):
        rights_status_link_renew(actor=dpo, request=request)
    assert request_for_status_token(organisation=organisation, token=old) is None
    (email,) = mailoutbox
    assert email.to == [request.requester_email]
    assert request.reference in email.subject
    new = STATUS_LINK.search(email.body).group(1)
    assert request_for_status_token(organisation=organisation, token=new) == request
    assert request.timeline.filter(kind=TimelineKind.STATUS_LINK_RENEWED).count() == 1
    event = AuditEvent.objects.get(action="rights_request.status_link_renew")
    assert event.after == {"status_link_version": 2}


@pytest.mark.parametrize(
    "overrides",
    [{"requester_email": ""}, {"status": RequestStatus.AWAITING_CONFIRMATION}],
)
def test_no_renewal_without_a_confirmed_address(organisation, dpo, overrides):
    request = RightsRequestFactory(organisation=organisation, **overrides)
    token = status_token_for(request)
    with pytest.raises(RightsError):
        rights_status_link_renew(actor=dpo, request=request)
    request.refresh_from_db()
    assert request.status_link_version == 1
    assert request_for_status_token(organisation=organisation, token=token) == request
    assert not AuditEvent.objects.filter(action="rights_request.status_link_renew").exists()


def test_the_page_button_renews_and_an_auditor_cannot(
    client, login, organisation, dpo, member_factory, immediate_tasks
):
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    url = reverse("rights:status_link_renew", args=[organisation.slug, request.pk])
    login(member_factory("auditor"), client)
    assert client.post(url).status_code == 403
    request.refresh_from_db()
    assert request.status_link_version == 1
    login(dpo, client)
    detail = client.get(reverse("rights:detail", args=[organisation.slug, request.pk]))
    assert url in detail.content.decode()
    assert client.post(url).status_code == 302
    request.refresh_from_db()
    assert request.status_link_version == 2
