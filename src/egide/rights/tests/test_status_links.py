"""Signed status links: genuine, of this organisation, of the current version."""

from __future__ import annotations

import pytest

from egide.rights.status_links import request_for_status_token, status_token_for
from egide.rights.tests.factories import RightsRequestFactory

pytestmark = pytest.mark.django_db


def test_round_trip_and_refusals(organisation, other_organisation):
    request = RightsRequestFactory(organisation=organisation)
    token = status_token_for(request)
    assert request_for_status_token(organisation=organisation, token=token) == request
    assert request_for_status_token(organisation=other_organisation, token=token) is None
    assert request_for_status_token(organisation=organisation, token=token[:-2] + "xx") is None
    assert request_for_status_token(organisation=organisation, token="") is None
    request.status_link_version += 1
    request.save()
    assert request_for_status_token(organisation=organisation, token=token) is None
    assert (
        request_for_status_token(organisation=organisation, token=status_token_for(request))
        == request
    )


def test_a_link_of_another_organisations_request_does_not_open(organisation, other_organisation):
    theirs = RightsRequestFactory(organisation=other_organisation)
    ours = RightsRequestFactory(organisation=organisation)
    assert (
        request_for_status_token(organisation=organisation, token=status_token_for(theirs)) is None
    )
    assert request_for_status_token(organisation=organisation, token=status_token_for(ours)) == ours


def test_a_link_stops_opening_a_year_after_it_was_made(organisation, monkeypatch):
    from django.core import signing

    from egide.rights.status_links import STATUS_LINK_MAX_AGE

    request = RightsRequestFactory(organisation=organisation)
    made_at = 1_780_000_000.0
    monkeypatch.setattr(signing.time, "time", lambda: made_at)
    token = status_token_for(request)
    later = made_at + STATUS_LINK_MAX_AGE.total_seconds() - 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert request_for_status_token(organisation=organisation, token=token) == request
    monkeypatch.setattr(signing.time, "time", lambda: later + 120)
    assert request_for_status_token(organisation=organisation, token=token) is None
