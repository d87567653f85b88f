"""Search tasks from the register, and the organisation's settings."""

from __future__ import annotations

import pytest

from egide.core.models import AuditEvent
from egide.registry.choices import ActivityStatus
from egide.registry.tests.factories import InformationSystemFactory, ProcessingActivityFactory
from egide.rights.choices import RequestStatus, SearchTaskStatus, TimelineKind
from egide.rights.models import RightsSettings
from egide.rights.services import (
    RightsError,
    rights_settings_update,
    search_task_add,
    search_task_complete,
    search_tasks_suggest,
)
from egide.rights.tests import services_support
from egide.rights.tests.factories import RightsRequestFactory

pytestmark = pytest.mark.django_db
clock = services_support.clock


def test_suggest_from_live_activities_and_systems(organisation, other_organisation, dpo, clock):
    dpi = InformationSystemFactory(organisation=organisation, name="DPI")
    pacs = InformationSystemFactory(organisation=organisation, name="PACS")
    care = ProcessingActivityFactory(
        organisation=organisation, name="Care", status=ActivityStatus.VALIDATED
    )
    care.systems.set([dpi, pacs])
    ProcessingActivityFactory(
        organisation=organisation, name="Payroll", status=ActivityStatus.DRAFT
    )
    old = ProcessingActivityFactory(
        organisation=organisation, name="Old", status=ActivityStatus.ARCHIVED
    )
    old.systems.set([InformationSystemFactory(organisation=organisation, name="Legacy")])
    ProcessingActivityFactory(organisation=other_organisation, name="Theirs")
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    created = search_tasks_suggest(actor=dpo, request=request, clock=clock)
    assert [t.label for t in created] == ["DPI", "PACS", "Payroll"]
    assert search_tasks_suggest(actor=dpo, request=request, clock=clock) == []
    assert request.timeline.filter(kind=TimelineKind.TASK_ADDED).count() == 3


def test_add_and_complete(organisation, other_organisation, dpo, clock):
    request = RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    with pytest.raises(RightsError):
        search_task_add(actor=dpo, request=request, label=" ", clock=clock)
    with pytest.raises(RightsError):
        search_task_add(
            actor=dpo,
            request=request,
            system=InformationSystemFactory(organisation=other_organisation),
            clock=clock,
        )
    task = search_task_add(actor=dpo, request=request, label="Paper archives", clock=clock)
    with pytest.raises(RightsError):
        search_task_complete(actor=dpo, task=task, status=SearchTaskStatus.TODO, clock=clock)
    search_task_complete(
        actor=dpo, task=task, status=SearchTaskStatus.FOUND, result="3 boxes", clock=clock
    )
    task.refresh_from_db()
    assert task.status == SearchTaskStatus.FOUND
    assert task.done_by == dpo
    assert task.done_at == clock.now()
    assert AuditEvent.objects.filter(action__startswith="rights_search_task.").count() == 2


def test_settings_update_validates_and_audits(organisation, dpo, clock):
    settings = rights_settings_update(
        actor=dpo,
        organisation=organisation,
        clock=clock,
        identity_document_retention_days=7,
        reminder_days=[2, 7, 7],
    )
    assert settings.pk
    assert settings.reminder_days == [7, 2]
    for bad in (
        {"identity_document_retention_days": 365},
        {"reminder_days": ["x"]},
        {"unconfirmed_expiry_hours": 0},
        {"contact_email": "nope"},
    ):
        with pytest.raises(RightsError):
            rights_settings_update(actor=dpo, organisation=organisation, clock=clock, **bad)
    with pytest.raises(ValueError, match="unknown"):
        rights_settings_update(actor=dpo, organisation=organisation, clock=clock, organisation_id=3)
    stored = RightsSettings.objects.for_organisation(organisation).get()
    assert stored.identity_document_retention_days == 7
    assert AuditEvent.objects.filter(action="rights_settings.update").count() == 1
