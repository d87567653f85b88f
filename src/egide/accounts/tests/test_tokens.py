"""Personal API tokens: the page, revocation, and authentication with a token (hashed at rest)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from egide.accounts.api_auth import ApiTokenAuthentication
from egide.accounts.models import ApiToken
from egide.accounts.services import api_token_create, api_token_revoke
from egide.accounts.token_keys import hash_token_key
from egide.core.clock import PARIS
from egide.core.models import AuditEvent


def tokens_url(organisation):
    return reverse("accounts:tokens", kwargs={"org": organisation.slug})


def revoke_url(organisation, token):
    return reverse("accounts:token_revoke", kwargs={"org": organisation.slug, "token_id": token.pk})


def make_token(user, organisation, role="auditor", name="export script", **extra):
    return api_token_create(actor=user, organisation=organisation, name=name, role=role, **extra)


def test_member_lists_only_their_own_tokens(client, organisation, dpo, member_factory, login):
    mine, _key = make_token(dpo, organisation, role="dpo", name="mine")
    colleague = member_factory("dpo_assistant")
    make_token(colleague, organisation, name="colleague's")
    login(dpo)

    response = client.get(tokens_url(organisation))

    assert response.status_code == 200
    assert list(response.context["tokens"]) == [mine]
    body = response.content.decode()
    assert "mine" in body
    assert "colleague" not in body
    assert mine.prefix in body


def test_create_shows_the_key_once_and_stores_only_its_hash(client, organisation, dpo, login):
    login(dpo)

    response = client.post(
        tokens_url(organisation), {"name": "Nightly export", "role": "manager", "expires_on": ""}
    )

    assert response.status_code == 200
    key = response.context["new_key"]
    assert key
    assert key in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.user, token.organisation, token.role) == (dpo, organisation, "manager")
    assert token.key_hash == hash_token_key(key)
    assert token.prefix == key[:8]
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert key not in stored
    assert AuditEvent.objects.filter(action="api_token.create", organisation=organisation).exists()
    assert key not in client.get(tokens_url(organisation)).content.decode(), "shown once"


def test_expiry_date_is_the_last_valid_day(client, organisation, dpo, login):
    login(dpo)
    tomorrow = (timezone.now().astimezone(PARIS) + timedelta(days=1)).date()
    client.post(
        tokens_url(organisation),
        {"name": "Short-lived", "role": "auditor", "expires_on": tomorrow.isoformat()},
    )
    token = ApiToken.objects.get()
    assert token.expires_at == datetime.combine(tomorrow, time(23, 59, 59), tzinfo=PARIS)


def test_expiry_date_must_be_in_the_future(client, organisation, dpo, login):
    login(dpo)
    today = timezone.now().astimezone(PARIS).date()
    response = client.post(
        tokens_url(organisation),
        {"name": "Stale", "role": "auditor", "expires_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_contributor_cannot_create_a_dpo_token(client, organisation, member_factory, login):
    contributor = member_factory("contributor")
    login(contributor)
    page = client.get(tokens_url(organisation))
    roles = [value for value, _label in page.context["form"].fields["role"].choices]
    assert roles == ["contributor"]

    response = client.post(tokens_url(organisation), {"name": "Sneaky", "role": "dpo"})

    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert response.context["new_key"] is None
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(action="api_token.create").exists()


def test_every_role_may_manage_its_tokens(client, organisation, member_factory, login):
    auditor = member_factory("auditor")
    login(auditor)
    response = client.post(tokens_url(organisation), {"name": "Audit pull", "role": "auditor"})
    assert response.status_code == 200
    assert response.context["new_key"]


def test_revoke_own_token(client, organisation, dpo, login):
    token, _key = make_token(dpo, organisation)
    login(dpo)

    response = client.post(revoke_url(organisation, token))

    assert response.status_code == 302
    assert response.url == tokens_url(organisation)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    page = client.get(tokens_url(organisation)).content.decode()
    assert "revoked on" in page


def test_another_users_token_is_not_found(client, organisation, dpo, member_factory, login):
    colleague = member_factory("contributor")
    token, _key = make_token(colleague, organisation, role="contributor")
    login(dpo)

    response = client.post(revoke_url(organisation, token))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_revoke_needs_post(client, organisation, dpo, login):
    token, _key = make_token(dpo, organisation)
    login(dpo)
    assert client.get(revoke_url(organisation, token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_outsider_and_anonymous(client, organisation, dpo, outsider, login):
    token, _key = make_token(dpo, organisation)
    anonymous = client.get(tokens_url(organisation))
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))
    login(outsider)
    assert client.get(tokens_url(organisation)).status_code == 404
    assert client.post(tokens_url(organisation), {"name": "x", "role": "dpo"}).status_code == 404
    assert client.post(revoke_url(organisation, token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


# Authenticating with a token.


class WhoAmI(APIView):
    """A tiny test-only API route: answers with the token's owner and role."""

    authentication_classes = [ApiTokenAuthentication]

    def get(self, request):
        return Response({"email": request.user.email, "role": request.auth.role})


def call_api(header):
    request = APIRequestFactory().get("/api/test/whoami", HTTP_AUTHORIZATION=header)
    return WhoAmI.as_view()(request)


def test_token_authenticates_an_api_request_and_records_last_use(organisation, dpo):
    token, key = make_token(dpo, organisation, role="manager")
    assert token.last_used_at is None

    response = call_api(f"Token {key}")

    assert response.status_code == 200
    assert response.data == {"email": dpo.email, "role": "manager"}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_authenticate_key_returns_owner_and_token(organisation, dpo):
    token, key = make_token(dpo, organisation)
    user, found = ApiTokenAuthentication().authenticate_key(key)
    assert user == dpo
    assert found == token


@pytest.mark.parametrize("header", ["Token", "Token a b", "Bearer abc", "Token not-a-real-key"])
def test_bad_headers_are_refused(organisation, dpo, header):
    make_token(dpo, organisation)
    assert call_api(header).status_code in {401, 403}


def test_revoked_token_is_refused(organisation, dpo):
    token, key = make_token(dpo, organisation)
    api_token_revoke(actor=dpo, token=token)
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate_key(key)
    assert call_api(f"Token {key}").status_code == 401


def test_expired_token_is_refused(organisation, dpo):
    token, key = make_token(dpo, organisation, expires_at=timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate_key(key)


def test_key_with_the_right_prefix_but_wrong_rest_is_refused(organisation, dpo):
    _token, key = make_token(dpo, organisation)
    forged = key[:8] + ("A" if key[8] != "A" else "B") + key[9:]
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate_key(forged)


def test_token_of_an_inactive_user_is_refused(organisation, dpo):
    _token, key = make_token(dpo, organisation)
    dpo.is_active = False
    dpo.save()
    with pytest.raises(exceptions.AuthenticationFailed):
        ApiTokenAuthentication().authenticate_key(key)
