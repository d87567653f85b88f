"""``me``, the caller's organisations and an organisation's profile; how tokens are scoped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from egide.accounts.models import ApiToken, Membership
from egide.accounts.services import api_token_create, api_token_revoke
from egide.accounts.tests.factories import MembershipFactory


def token_client(user, organisation, role=None, **kwargs) -> tuple[APIClient, ApiToken]:
    membership = Membership.objects.get(user=user, organisation=organisation)
    token, key = api_token_create(
        actor=user, organisation=organisation, name="script", role=role or membership.role, **kwargs
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, token


@pytest.fixture
def dpo_of_both(organisation, other_organisation, dpo):
    MembershipFactory(user=dpo, organisation=other_organisation, role="contributor")
    return dpo


def test_me_with_a_session_lists_every_live_membership(dpo_of_both, login):
    response = login(dpo_of_both, APIClient()).get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {
        "id": dpo_of_both.pk,
        "email": dpo_of_both.email,
        "full_name": dpo_of_both.full_name,
    }
    assert {(m["organisation"], m["role"]) for m in body["memberships"]} == {
        ("chu-test", "dpo"),
        ("clinique-autre", "contributor"),
    }
    assert body["token"] is None


def test_me_with_a_token_shows_only_the_tokens_organisation(dpo_of_both, organisation):
    client, token = token_client(dpo_of_both, organisation, role="auditor")
    body = client.get("/api/v1/me/").json()
    assert [m["organisation"] for m in body["memberships"]] == ["chu-test"]
    assert body["token"] == {
        "name": "script",
        "prefix": token.prefix,
        "organisation": "chu-test",
        "role": "auditor",
        "expires_at": None,
    }


def test_organisations_for_a_session_and_for_a_token(dpo_of_both, organisation, login):
    session = login(dpo_of_both, APIClient()).get("/api/v1/organisations/").json()
    assert [(o["slug"], o["role"]) for o in session["results"]] == [
        ("chu-test", "dpo"),
        ("clinique-autre", "contributor"),
    ]
    client, _ = token_client(dpo_of_both, organisation, role="manager")
    scoped = client.get("/api/v1/organisations/").json()
    assert [(o["slug"], o["role"]) for o in scoped["results"]] == [("chu-test", "manager")]


def test_organisations_leave_out_expired_and_revoked_memberships(organisation, dpo, login):
    from egide.accounts.tests.factories import OrganisationFactory

    MembershipFactory(user=dpo, organisation=OrganisationFactory(), revoked_at=timezone.now())
    MembershipFactory(
        user=dpo,
        organisation=OrganisationFactory(),
        role="auditor",
        expires_at=timezone.now() - timedelta(days=1),
    )
    body = login(dpo, APIClient()).get("/api/v1/organisations/").json()
    assert [o["slug"] for o in body["results"]] == ["chu-test"]


def test_organisation_detail(organisation, member_factory):
    client, _ = token_client(member_factory("contributor"), organisation)
    response = client.get("/api/v1/o/chu-test/")
    assert response.status_code == 200
    assert response.json()["legal_name"] == "CHU de Test"
    assert response.json()["role"] == "contributor"
    assert (
        client.patch("/api/v1/o/chu-test/", {"legal_name": "X"}, format="json").status_code == 403
    )
    organisation.refresh_from_db()
    assert organisation.legal_name == "CHU de Test"


def test_a_token_of_organisation_a_cannot_reach_organisation_b(dpo_of_both, organisation):
    client, _ = token_client(dpo_of_both, organisation)
    for url in ("/api/v1/o/clinique-autre/", "/api/v1/o/clinique-autre/members/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    response = client.post(
        "/api/v1/o/clinique-autre/members/",
        {"email": "x@example.org", "role": "dpo"},
        format="json",
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def test_outsiders_get_404_whether_or_not_the_organisation_exists(outsider, login):
    client = login(outsider, APIClient())
    assert client.get("/api/v1/o/chu-test/members/").status_code == 404
    assert client.get("/api/v1/o/no-such-org/members/").status_code == 404


def test_revoked_and_expired_tokens_answer_401(organisation, dpo):
    client, token = token_client(dpo, organisation)
    assert client.get("/api/v1/me/").status_code == 200
    api_token_revoke(actor=dpo, token=token)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"
    expired, token = token_client(dpo, organisation)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert expired.get("/api/v1/o/chu-test/").status_code == 401


def test_a_token_is_capped_at_its_own_role(organisation, dpo):
    client, _ = token_client(dpo, organisation, role="auditor")
    assert client.get("/api/v1/o/chu-test/audit-events/").status_code == 200
    response = client.post(
        "/api/v1/o/chu-test/members/", {"email": "x@example.org", "role": "dpo"}, format="json"
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="x@example.org").exists()


def test_a_token_above_its_owners_current_role_is_refused(organisation, dpo):
    client, _ = token_client(dpo, organisation, role="dpo")
    Membership.objects.filter(user=dpo, organisation=organisation).update(role="contributor")
    response = client.get("/api/v1/o/chu-test/members/")
    assert response.status_code == 403
    assert "exceeds" in response.json()["error"]["message"]


def test_a_session_without_mfa_is_refused(organisation, dpo):
    client = APIClient()
    client.force_login(dpo)
    response = client.get("/api/v1/o/chu-test/members/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"


@pytest.mark.parametrize("url", ["/api/v1/", "/api/v1/me/", "/api/v1/organisations/"])
def test_anonymous_callers_get_401(db, url):
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
