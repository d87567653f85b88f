"""The rights counters of the portfolio: open and overdue requests, one query each."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from egide.accounts.tests.factories import OrganisationFactory
from egide.core.clock import FrozenClock
from egide.core.portfolio import open_item_counters, open_items_by_organisation
from egide.rights.choices import RequestStatus
from egide.rights.open_items import rights_requests_open_count, rights_requests_overdue_count
from egide.rights.tests.factories import RequestPauseFactory, RightsRequestFactory

pytestmark = pytest.mark.django_db

# The factory's requests are due on Monday 16 February 2026.
AFTER_DEADLINE = FrozenClock(datetime(2026, 2, 16, 23, 30, tzinfo=UTC))  # 17 February in Paris
ON_DEADLINE = FrozenClock(datetime(2026, 2, 16, 22, 30, tzinfo=UTC))  # 23:30 on the 16th in Paris


def organisation_with(*, running: int, paused: int = 0, closed: int = 0):
    organisation = OrganisationFactory()
    for _ in range(running):
        RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    for _ in range(paused):
        request = RightsRequestFactory(
            organisation=organisation, status=RequestStatus.VERIFYING_IDENTITY
        )
        RequestPauseFactory(request=request, started_on=date(2026, 1, 20))
    for status in [RequestStatus.ANSWERED, RequestStatus.CLOSED][:closed]:
        RightsRequestFactory(organisation=organisation, status=status)
    RightsRequestFactory(organisation=organisation, awaiting=True)
    return organisation


def test_open_and_overdue_counts():
    busy = organisation_with(running=2, paused=1, closed=2)
    quiet = organisation_with(running=0, closed=1)
    ids = [busy.pk, quiet.pk]
    assert rights_requests_open_count(ids) == {busy.pk: 3}
    # Paused requests are not overdue: their clock stands still.
    assert rights_requests_overdue_count(ids, clock=AFTER_DEADLINE) == {busy.pk: 2}
    assert rights_requests_overdue_count(ids, clock=ON_DEADLINE) == {}


def test_each_counter_costs_one_query_whatever_the_number_of_organisations(
    django_assert_num_queries,
):
    few = [organisation_with(running=1).pk]
    many = few + [organisation_with(running=2, paused=1).pk for _ in range(5)]
    for count in (rights_requests_open_count, rights_requests_overdue_count):
        with django_assert_num_queries(1):
            count(few)
        with django_assert_num_queries(1):
            values = count(many)
        assert len(values) == 6


def test_the_counters_are_registered_for_the_portfolio():
    organisation = organisation_with(running=1, paused=1)
    counters = {c.key: c for c in open_item_counters()}
    assert counters["rights_requests_open"].url_name == "rights:list"
    assert str(counters["rights_requests_overdue"].label) == "Rights requests overdue"
    items = {
        i.counter.key: i.value
        for i in open_items_by_organisation([organisation.pk])[organisation.pk]
    }
    assert items["rights_requests_open"] == 2
