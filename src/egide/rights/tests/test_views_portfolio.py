"""The rights requests of every organisation the user can see, on one page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from egide.accounts.tests.factories import MembershipFactory
from egide.core.clock import FrozenClock
from egide.rights.choices import RequestStatus
from egide.rights.tests.factories import WHEN, RightsRequestFactory
from egide.rights.views import _common

pytestmark = pytest.mark.django_db
URL = reverse("rights:portfolio")


@pytest.fixture(autouse=True)
def _frozen(monkeypatch):
    monkeypatch.setattr(_common, "CLOCK", FrozenClock(WHEN))


def test_one_row_per_organisation_of_the_user_and_none_of_the_others(
    client, login, dpo, organisation, other_organisation
):
    RightsRequestFactory.create_batch(
        2, organisation=organisation, status=RequestStatus.IN_PROGRESS
    )
    RightsRequestFactory(organisation=other_organisation, status=RequestStatus.IN_PROGRESS)
    login(dpo, client)
    response = client.get(URL)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.organisation for row in rows] == [organisation]
    assert rows[0].open == 2
    assert response.context["totals"]["open"] == 2
    assert other_organisation.legal_name not in response.content.decode()


def test_every_organisation_counts_and_the_queries_stay_bounded(
    client, login, dpo, organisation, other_organisation, django_assert_max_num_queries
):
    MembershipFactory(user=dpo, organisation=other_organisation, role="auditor")
    RightsRequestFactory(organisation=organisation, status=RequestStatus.IN_PROGRESS)
    RightsRequestFactory.create_batch(
        3, organisation=other_organisation, status=RequestStatus.RECEIVED
    )
    login(dpo, client)
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    opened = {row.organisation.pk: row.open for row in response.context["rows"]}
    assert opened == {organisation.pk: 1, other_organisation.pk: 3}
    assert response.context["totals"]["open"] == 4


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
