"""The rights dashboard and the portfolio rows: the right figures, in a bounded number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from egide.accounts.tests.factories import OrganisationFactory
from egide.rights.choices import RequestStatus, Right
from egide.rights.stats import rights_dashboard, rights_portfolio_rows
from egide.rights.tests.factories import RequestPauseFactory, RightsRequestFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 10)


def open_request(organisation, due: date | None, **fields):
    return RightsRequestFactory(
        organisation=organisation,
        status=fields.pop("status", RequestStatus.IN_PROGRESS),
        governing_due_on=due,
        **fields,
    )


def answered(organisation, received: date, answered_at: datetime, *, late=False, **fields):
    return RightsRequestFactory(
        organisation=organisation,
        status=fields.pop("status", RequestStatus.ANSWERED),
        received_on=received,
        answered_at=answered_at,
        answered_late=late,
        **fields,
    )


def populate(organisation) -> None:
    open_request(organisation, TODAY - timedelta(days=1))  # overdue
    open_request(organisation, TODAY)  # due today: within 7 days
    open_request(organisation, TODAY + timedelta(days=7), status=RequestStatus.RECEIVED)
    open_request(organisation, TODAY + timedelta(days=8), status=RequestStatus.EXTENDED)  # later
    paused = open_request(
        organisation, TODAY - timedelta(days=5), status=RequestStatus.VERIFYING_IDENTITY
    )
    RequestPauseFactory(request=paused, started_on=TODAY - timedelta(days=20))
    RightsRequestFactory(organisation=organisation, awaiting=True)
    # Answered: 10, 20 and 40 days after receipt (the last one late), one of them the year before.
    answered(organisation, date(2026, 1, 5), datetime(2026, 1, 15, 10, tzinfo=UTC))
    # 23:30 UTC on 24 February is already 25 February in Paris: 20 days.
    answered(
        organisation,
        date(2026, 2, 5),
        datetime(2026, 2, 24, 23, 30, tzinfo=UTC),
        right=Right.ERASURE,
        status=RequestStatus.PARTIALLY_REFUSED,
    )
    answered(organisation, date(2025, 11, 3), datetime(2025, 12, 13, 9, tzinfo=UTC), late=True)


def test_the_dashboard_sorts_open_requests_by_deadline_and_measures_answers(
    organisation, django_assert_max_num_queries
):
    populate(organisation)
    RightsRequestFactory(organisation=OrganisationFactory())  # another organisation's: not counted

    with django_assert_max_num_queries(4):
        dashboard = rights_dashboard(organisation=organisation, today=TODAY)

    assert (dashboard.open, dashboard.overdue, dashboard.due_soon, dashboard.later) == (5, 1, 2, 1)
    assert (dashboard.paused, dashboard.awaiting_confirmation) == (1, 1)
    assert (dashboard.answered, dashboard.answered_late) == (3, 1)
    assert dashboard.late_share == pytest.approx(0.333)
    assert dashboard.median_days_to_answer == 20
    assert dashboard.received == 8  # the unconfirmed request was never received
    assert dashboard.by_right == {Right.ACCESS: 7, Right.ERASURE: 1}
    labelled = {value: count for value, _label, count in dashboard.by_right_labelled}
    assert labelled[Right.PORTABILITY] == 0
    by_year = {y.year: y for y in dashboard.by_year}
    assert [y.year for y in dashboard.by_year] == [2026, 2025]
    assert (by_year[2026].received, by_year[2026].answered, by_year[2026].answered_late) == (
        7,
        2,
        0,
    )
    assert by_year[2026].median_days_to_answer == 15
    assert (by_year[2025].answered, by_year[2025].answered_late) == (1, 1)
    assert by_year[2025].median_days_to_answer == 40
    assert by_year[2025].late_share == 1.0


def test_an_empty_dashboard(organisation):
    dashboard = rights_dashboard(organisation=organisation, today=TODAY)
    assert dashboard.open == dashboard.answered == 0
    assert dashboard.median_days_to_answer is None
    assert dashboard.late_share is None
    assert dashboard.by_year == []


def test_the_portfolio_costs_the_same_queries_for_many_organisations(
    django_assert_max_num_queries,
):
    few = [OrganisationFactory()]
    populate(few[0])
    many = few + [OrganisationFactory() for _ in range(6)]
    for organisation in many[1:4]:
        populate(organisation)

    with django_assert_max_num_queries(2):
        rights_portfolio_rows(organisations=few, today=TODAY)
    with django_assert_max_num_queries(2):
        rows = rights_portfolio_rows(organisations=many, today=TODAY)

    assert [row.organisation for row in rows] == many
    first, empty = rows[0], rows[-1]
    assert (first.open, first.overdue, first.due_soon, first.paused) == (5, 1, 2, 1)
    # The last 365 days of answers: all three.
    assert (first.answered, first.answered_late, first.median_days_to_answer) == (3, 1, 20)
    assert (empty.open, empty.answered, empty.median_days_to_answer, empty.late_share) == (
        0,
        0,
        None,
        None,
    )
    # A year later, the old answers have left the window.
    later = rights_portfolio_rows(organisations=few, today=date(2027, 1, 20))[0]
    assert (later.answered, later.answered_late) == (1, 0)
    assert rights_portfolio_rows(organisations=[], today=TODAY) == []
