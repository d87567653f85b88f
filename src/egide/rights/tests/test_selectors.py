"""Reads are scoped to one organisation; filters, overdue, timeline and settings."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from egide.rights.choices import RequestStatus, Right, TimelineKind
from egide.rights.models import RightsSettings
from egide.rights.selectors import (
    duplicate_candidates,
    rights_request_get,
    rights_requests_for,
    rights_settings_for,
    timeline_for,
)
from egide.rights.tests.factories import (
    RequestPauseFactory,
    RightsRequestFactory,
    TimelineEntryFactory,
)

pytestmark = pytest.mark.django_db
S = RequestStatus
TODAY = date(2026, 1, 15)


def test_another_organisation_cannot_reach_the_request(organisation, other_organisation):
    theirs = RightsRequestFactory(organisation=other_organisation, requester_last_name="Dupont")
    with pytest.raises(Http404):
        rights_request_get(organisation=organisation, pk=theirs.pk)
    assert list(rights_requests_for(organisation=organisation, today=TODAY)) == []
    assert rights_request_get(organisation=other_organisation, pk=theirs.pk) == theirs


def test_filters(organisation, dpo):
    a = RightsRequestFactory(
        organisation=organisation, requester_last_name="Dupont", assigned_to=dpo
    )
    b = RightsRequestFactory(organisation=organisation, right=Right.ERASURE, status=S.IN_PROGRESS)
    c = RightsRequestFactory(organisation=organisation, status=S.CLOSED, patient_last_name="Zola")

    def ids(**kwargs):  # noqa: ANN003, ANN202
        return {r.pk for r in rights_requests_for(organisation=organisation, today=TODAY, **kwargs)}

    assert ids() == {a.pk, b.pk, c.pk}
    assert ids(status=S.IN_PROGRESS) == {b.pk}
    assert ids(status=[S.IN_PROGRESS, S.CLOSED]) == {b.pk, c.pk}
    assert ids(right=Right.ERASURE) == {b.pk}
    assert ids(assigned_to=dpo) == {a.pk}
    assert ids(q="dupo") == {a.pk}
    assert ids(q="zola") == {c.pk}
    assert ids(q=a.reference) == {a.pk}


def test_overdue(organisation):
    late = RightsRequestFactory(organisation=organisation, status=S.IN_PROGRESS)
    paused = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    RequestPauseFactory(request=paused)
    # Verifying identity without an open pause (no proof asked for): the clock runs.
    unpaused = RightsRequestFactory(organisation=organisation, status=S.VERIFYING_IDENTITY)
    answered = RightsRequestFactory(organisation=organisation, status=S.ANSWERED)
    after = date(2026, 3, 1)
    overdue = set(rights_requests_for(organisation=organisation, today=after, overdue=True))
    assert overdue == {late, unpaused}
    assert set(rights_requests_for(organisation=organisation, today=after, overdue=False)) == {
        paused,
        answered,
    }
    assert not rights_requests_for(organisation=organisation, today=TODAY, overdue=True).exists()


def test_duplicate_candidates(organisation, other_organisation):
    request = RightsRequestFactory(organisation=organisation, requester_email="a@example.net")
    same = RightsRequestFactory(organisation=organisation, requester_email="A@EXAMPLE.NET")
    RightsRequestFactory(
        organisation=organisation, requester_email="a@example.net", status=S.CLOSED
    )
    RightsRequestFactory(
        organisation=organisation, requester_email="a@example.net", right=Right.ERASURE
    )
    RightsRequestFactory(organisation=other_organisation, requester_email="a@example.net")
    assert list(duplicate_candidates(request=request)) == [same]


def test_timeline_for_the_requester_hides_internal_entries(organisation):
    request = RightsRequestFactory(organisation=organisation)
    note = TimelineEntryFactory(request=request, kind=TimelineKind.NOTE)
    shown = TimelineEntryFactory(
        request=request, kind=TimelineKind.EMAIL_CONFIRMED, visible_to_requester=True
    )
    assert list(timeline_for(request=request)) == [note, shown]
    assert list(timeline_for(request=request, include_internal=False)) == [shown]


def test_settings_read_never_writes(organisation):
    defaults = rights_settings_for(organisation)
    assert defaults.pk is None
    assert defaults.identity_document_retention_days == 0
    assert not RightsSettings.objects.for_organisation(organisation).exists()
    saved = RightsSettings.objects.create(organisation=organisation, reminder_days=[10])
    assert rights_settings_for(organisation) == saved
