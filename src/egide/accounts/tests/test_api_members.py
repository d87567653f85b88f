"""The members API: list, add, change, revoke; who may do what; every write audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from egide.accounts.models import Membership, User
from egide.accounts.services import api_token_create
from egide.accounts.tests.factories import MembershipFactory, UserFactory
from egide.core.models import AuditEvent

MEMBERS = "/api/v1/o/chu-test/members/"


def token_client(user, organisation, role=None) -> APIClient:
    membership = Membership.objects.get(user=user, organisation=organisation)
    _, key = api_token_create(
        actor=user, organisation=organisation, name="script", role=role or membership.role
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def audit_count() -> int:
    return AuditEvent.objects.count()


def test_members_list_shows_live_members_only(organisation, dpo, member_factory):
    member_factory("contributor")
    revoked = MembershipFactory(
        organisation=organisation, role="manager", revoked_at=timezone.now()
    )
    response = token_client(dpo, organisation).get(MEMBERS)
    assert response.status_code == 200
    emails = [row["user"]["email"] for row in response.json()["results"]]
    assert dpo.email in emails
    assert revoked.user.email not in emails
    assert response.json()["count"] == 2
    assert set(response.json()["results"][0]) == {
        "id",
        "user",
        "role",
        "expires_at",
        "mfa_enrolled",
        "created_at",
    }


def test_dpo_adds_a_new_person_by_email(
    organisation, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    client = token_client(dpo, organisation)
    before = audit_count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            MEMBERS, {"email": " New.Person@Example.org ", "role": "contributor"}, format="json"
        )
    assert response.status_code == 201, response.content
    assert response.json()["user"]["email"] == "new.person@example.org"
    assert response.json()["mfa_enrolled"] is False
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.role == "contributor"
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "actor_id")[before:])
    assert ("user.create", dpo.pk) in actions
    assert ("membership.grant", dpo.pk) in actions
    assert [m.to for m in mailoutbox] == [["new.person@example.org"]]
    assert "http://testserver/accounts/password/reset/" in mailoutbox[0].body


def test_dpo_adds_an_existing_user_and_regrants_a_revoked_one(organisation, dpo):
    existing = UserFactory()
    client = token_client(dpo, organisation)
    response = client.post(MEMBERS, {"email": existing.email, "role": "manager"}, format="json")
    assert response.status_code == 201
    assert User.objects.filter(email=existing.email).count() == 1
    membership = Membership.objects.get(user=existing, organisation=organisation)
    assert client.delete(f"{MEMBERS}{membership.pk}/").status_code == 204
    response = client.post(MEMBERS, {"email": existing.email, "role": "contributor"}, format="json")
    assert response.status_code == 201
    membership.refresh_from_db()
    assert membership.revoked_at is None
    assert membership.role == "contributor"


def test_adding_a_live_member_again_is_refused(organisation, dpo, member_factory):
    colleague = member_factory("contributor")
    client = token_client(dpo, organisation)
    before = audit_count()
    response = client.post(MEMBERS, {"email": colleague.email, "role": "dpo"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()["error"]["fields"]
    assert Membership.objects.get(user=colleague, organisation=organisation).role == "contributor"
    assert audit_count() == before


def test_auditor_without_end_date_is_refused_and_nothing_is_written(organisation, dpo):
    client = token_client(dpo, organisation)
    before = audit_count()
    response = client.post(
        MEMBERS, {"email": "auditor@example.org", "role": "auditor"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert "expires_at" in response.json()["error"]["fields"]
    assert not User.objects.filter(email="auditor@example.org").exists()
    assert audit_count() == before


def test_auditor_with_end_date_is_added(organisation, dpo):
    ends = (timezone.now() + timedelta(days=10)).isoformat()
    response = token_client(dpo, organisation).post(
        MEMBERS,
        {"email": "auditor@example.org", "role": "auditor", "expires_at": ends},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["expires_at"] is not None


def test_dpo_changes_a_role_and_it_is_audited(organisation, dpo, member_factory):
    colleague = member_factory("contributor")
    membership = Membership.objects.get(user=colleague, organisation=organisation)
    response = token_client(dpo, organisation).patch(
        f"{MEMBERS}{membership.pk}/", {"role": "dpo_assistant"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["role"] == "dpo_assistant"
    membership.refresh_from_db()
    assert membership.role == "dpo_assistant"
    event = AuditEvent.objects.filter(action="membership.update").get()
    assert event.actor_id == dpo.pk
    assert event.before["role"] == "contributor"
    assert event.after["role"] == "dpo_assistant"


def test_empty_patch_is_a_400(organisation, dpo):
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    response = token_client(dpo, organisation).patch(
        f"{MEMBERS}{membership.pk}/", {}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_put_is_not_offered(organisation, dpo):
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    response = token_client(dpo, organisation).put(
        f"{MEMBERS}{membership.pk}/", {"role": "dpo"}, format="json"
    )
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_revoking_revokes_access_and_the_members_tokens(organisation, dpo, member_factory):
    colleague = member_factory("contributor")
    colleague_client = token_client(colleague, organisation)
    membership = Membership.objects.get(user=colleague, organisation=organisation)
    response = token_client(dpo, organisation).delete(f"{MEMBERS}{membership.pk}/")
    assert response.status_code == 204
    membership.refresh_from_db()
    assert membership.revoked_at is not None
    assert AuditEvent.objects.filter(action="membership.revoke", actor=dpo).exists()
    assert colleague_client.get(MEMBERS).status_code == 401


def test_the_last_dpo_can_be_neither_removed_nor_downgraded(organisation, dpo):
    membership = Membership.objects.get(user=dpo, organisation=organisation)
    client = token_client(dpo, organisation)
    before = audit_count()
    response = client.patch(f"{MEMBERS}{membership.pk}/", {"role": "contributor"}, format="json")
    assert response.status_code == 400
    assert "last DPO" in response.json()["error"]["fields"]["non_field_errors"][0]
    assert client.delete(f"{MEMBERS}{membership.pk}/").status_code == 400
    membership.refresh_from_db()
    assert (membership.role, membership.revoked_at) == ("dpo", None)
    assert audit_count() == before


def test_member_of_another_organisation_is_404(organisation, dpo, outsider, other_organisation):
    foreign = Membership.objects.get(user=outsider, organisation=other_organisation)
    client = token_client(dpo, organisation)
    assert client.get(f"{MEMBERS}{foreign.pk}/").status_code == 404
    response = client.delete(f"{MEMBERS}{foreign.pk}/")
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


@pytest.mark.parametrize("role", ["dpo_assistant", "manager", "contributor", "auditor"])
def test_only_the_dpo_manages_members(organisation, member_factory, role):
    user = member_factory(role)
    target = Membership.objects.get(user=member_factory("contributor"), organisation=organisation)
    client = token_client(user, organisation)
    before = audit_count()
    assert client.get(MEMBERS).status_code == 200
    response = client.post(MEMBERS, {"email": "x@example.org", "role": "dpo"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert client.patch(f"{MEMBERS}{target.pk}/", {"role": "dpo"}, format="json").status_code == 403
    assert client.delete(f"{MEMBERS}{target.pk}/").status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()
    target.refresh_from_db()
    assert (target.role, target.revoked_at) == ("contributor", None)
    assert audit_count() == before


def test_session_write_needs_the_csrf_token(organisation, dpo, login):
    client = APIClient(enforce_csrf_checks=True)
    login(dpo, client)
    response = client.post(
        MEMBERS, {"email": "x@example.org", "role": "contributor"}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]
    assert not User.objects.filter(email="x@example.org").exists()


def test_session_write_with_csrf_token_works(organisation, dpo, login):
    client = APIClient(enforce_csrf_checks=True)
    login(dpo, client)
    secret = "abcdefghijklmnopqrstuvwxyz012345"  # what the CSRF cookie holds (32 characters)
    client.cookies["csrftoken"] = secret
    response = client.post(
        MEMBERS,
        {"email": "x@example.org", "role": "contributor"},
        format="json",
        HTTP_X_CSRFTOKEN=secret,
    )
    assert response.status_code == 201, response.content
