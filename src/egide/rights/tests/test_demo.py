"""The demo's rights requests: every status, live deadlines, real timelines, letters and audit; idempotent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from egide.accounts.models import Organisation
from egide.core.audit import audit_verify
from egide.core.clock import PARIS, FrozenClock
from egide.core.models import AuditEvent
from egide.demo import data
from egide.demo.loader import demo_load
from egide.rights.choices import (
    Channel,
    IdentityStatus,
    RequesterCapacity,
    RequestStatus,
    TimelineKind,
)
from egide.rights.demo_data import STORIES
from egide.rights.models import IssuedDocument, RightsRequest, SearchTask, TimelineEntry
from egide.rights.stats import rights_dashboard

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 20, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def loaded():
    clock = FrozenClock(NOW)
    demo_load(clock=clock)
    return clock, {o.slug: o for o in Organisation.objects.all()}


def requests_of(organisation):
    return RightsRequest.objects.for_organisation(organisation)


def test_the_demo_tells_every_story_and_loads_once(loaded):
    clock, organisations = loaded
    hospital = organisations[data.HOSPITAL]
    everyone = RightsRequest.objects.all_organisations_unscoped()
    assert everyone.count() == len(STORIES)
    assert set(everyone.values_list("status", flat=True)) == set(RequestStatus.values)
    for slug in (data.CLINIC, data.NURSING_HOME, data.LABORATORY):
        assert requests_of(organisations[slug]).exists()

    capacities = set(everyone.values_list("requester_capacity", flat=True))
    assert {
        RequesterCapacity.PARENT,
        RequesterCapacity.LEGAL_REPRESENTATIVE,
        RequesterCapacity.HEIR,
    } <= capacities
    assert everyone.filter(
        includes_medical_record=True, medical_record_older_than_5_years=True
    ).exists()
    assert everyone.filter(extended_at__isnull=False, status=RequestStatus.EXTENDED).exists()
    assert everyone.filter(answered_late=True).count() == 1
    assert everyone.filter(channel=Channel.PORTAL).count() >= 4

    today = NOW.astimezone(PARIS).date()
    dashboard = rights_dashboard(organisation=hospital, today=today)
    assert dashboard.overdue == 1
    assert dashboard.due_soon >= 1
    assert dashboard.paused == 1
    assert dashboard.awaiting_confirmation == 1
    assert dashboard.answered_late == 1

    # Proofs were asked and received; identity confirmed; the documents deleted.
    confirmed = hospital_request(hospital, "Marchand")
    assert confirmed.identity_status == IdentityStatus.CONFIRMED
    assert confirmed.identity_documents.count() == 2
    # Deleted as soon as identity was confirmed (the default: kept 0 days), the rows kept as tombstones.
    assert all(d.is_deleted and d.content is None for d in confirmed.identity_documents.all())
    paused = hospital_request(hospital, "Haddad")
    assert paused.status == RequestStatus.VERIFYING_IDENTITY
    assert paused.pauses.filter(ended_on__isnull=True).exists()

    # Search tasks point at the register; letters were issued; timelines are real.
    tasks = SearchTask.objects.for_organisation(hospital)
    assert tasks.filter(system__isnull=False, activity__isnull=False).exists()
    assert tasks.exclude(status="todo").exists()
    letters = IssuedDocument.objects.for_organisation(hospital)
    assert {
        "acknowledgement",
        "extension_notice",
        "access_answer",
        "erasure_retention_refusal",
    } <= set(letters.values_list("letter_kind", flat=True))
    kinds = set(TimelineEntry.objects.for_organisation(hospital).values_list("kind", flat=True))
    assert {
        TimelineKind.SUBMITTED,
        TimelineKind.NOTE,
        TimelineKind.CLOCK_PAUSED,
        TimelineKind.EXTENDED,
    } <= kinds
    assert AuditEvent.objects.filter(action__startswith="rights_request.").exists()
    assert audit_verify(all_chains=True) == []

    # Deadlines look live.
    overdue = hospital_request(hospital, "Perrin")
    assert overdue.governing_due_on < today
    extended = hospital_request(hospital, "Blanc")
    assert extended.governing_due_on == extended.extended_due_on > today
    late = hospital_request(hospital, "Gauthier")
    assert late.answered_late
    assert late.status == RequestStatus.CLOSED
    # Nothing happened after the demo's now.
    latest = TimelineEntry.objects.for_organisation(hospital).order_by("-at").first()
    assert latest.at <= NOW

    # Loading again adds nothing.
    before = (
        RightsRequest.objects.all_organisations_unscoped().count(),
        AuditEvent.objects.count(),
    )
    clock.advance(timedelta(days=1))
    context = demo_load(clock=clock)
    assert "rights requests" not in context.created
    assert before == (
        RightsRequest.objects.all_organisations_unscoped().count(),
        AuditEvent.objects.count(),
    )


def hospital_request(hospital, last_name: str) -> RightsRequest:
    return requests_of(hospital).get(requester_last_name=last_name)
