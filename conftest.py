"""Shared pytest fixtures. Test users in the Healthchecks way: each role, plus an outsider."""

from __future__ import annotations

import os

import pytest

REQUIRE_SERVICES = os.environ.get("EGIDE_REQUIRE_SERVICES", "") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing, or fail it when CI requires services (EGIDE_REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    """Egide defaults to French (LANGUAGE_CODE); tests read English messages unless they ask for French
    (``translation.override("fr")`` or an ``Accept-Language: fr`` header, as the browser test does)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def organisation(db):
    from egide.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(slug="chu-test", legal_name="CHU de Test")


@pytest.fixture
def other_organisation(db):
    from egide.accounts.tests.factories import OrganisationFactory

    return OrganisationFactory(slug="clinique-autre", legal_name="Clinique Autre")


@pytest.fixture
def member_factory(organisation):
    """``member_factory(role)`` returns a user holding ``role`` in ``organisation``."""
    from egide.accounts.tests.factories import MembershipFactory

    def make(role: str, org=None):
        return MembershipFactory(role=role, organisation=org or organisation).user

    return make


@pytest.fixture
def dpo(member_factory):
    return member_factory("dpo")


@pytest.fixture
def outsider(other_organisation):
    from egide.accounts.tests.factories import MembershipFactory

    return MembershipFactory(role="dpo", organisation=other_organisation).user


@pytest.fixture
def login(client):
    """``login(user)`` signs ``user`` in on the test client with MFA already passed."""
    from egide.accounts.middleware import MFA_SESSION_KEY

    def do(user, c=None):
        c = c or client
        c.force_login(user)
        session = c.session
        session[MFA_SESSION_KEY] = True
        session.save()
        return c

    return do
