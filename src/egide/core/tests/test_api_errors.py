"""Every API error answers ``{"error": {"code", "message", "fields"}}``; HTML pages keep HTML errors."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.test import RequestFactory
from rest_framework import throttling
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

from egide.accounts.models import Membership
from egide.accounts.services import api_token_create
from egide.core.api_views import not_found, server_error

MEMBERS = "/api/v1/o/chu-test/members/"


def assert_error_body(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]


def client_for(user, organisation) -> APIClient:
    role = Membership.objects.get(user=user, organisation=organisation).role
    _, key = api_token_create(actor=user, organisation=organisation, name="t", role=role)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_400_lists_the_invalid_fields(organisation, dpo):
    response = client_for(dpo, organisation).post(
        MEMBERS, {"email": "not-an-email", "role": "pope"}, format="json"
    )
    error = assert_error_body(response, 400, "invalid")
    assert set(error["fields"]) == {"email", "role"}
    assert all(isinstance(m, str) for messages in error["fields"].values() for m in messages)


def test_400_for_malformed_json(organisation, dpo):
    response = client_for(dpo, organisation).post(
        MEMBERS, data="{not json", content_type="application/json"
    )
    error = assert_error_body(response, 400, "parse_error")
    assert error["fields"] == {}


def test_401_without_credentials(db):
    assert_error_body(APIClient().get("/api/v1/me/"), 401, "not_authenticated")


def test_401_with_an_unknown_token(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    assert_error_body(client.get("/api/v1/me/"), 401, "authentication_failed")


def test_403_when_the_role_does_not_allow_it(organisation, member_factory):
    client = client_for(member_factory("contributor"), organisation)
    response = client.post(MEMBERS, {"email": "x@example.org", "role": "dpo"}, format="json")
    assert_error_body(response, 403, "permission_denied")


def test_404_for_an_unknown_object(organisation, dpo):
    assert_error_body(client_for(dpo, organisation).get(f"{MEMBERS}999999/"), 404, "not_found")


@pytest.mark.parametrize(
    "path", ["/api/nothing-here/", "/api/v1/nothing/", "/api/v1/o/chu-test/nothing/", "/api/v2/"]
)
def test_404_for_an_unknown_api_url_is_json(organisation, dpo, path):
    assert_error_body(client_for(dpo, organisation).get(path), 404, "not_found")


def test_404_outside_the_api_stays_html(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_405_for_an_unsupported_method(organisation, dpo):
    response = client_for(dpo, organisation).delete("/api/v1/me/")
    assert_error_body(response, 405, "method_not_allowed")


class _NeverAllowed(throttling.BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return False

    def wait(self) -> float:
        return 30.0


class _ThrottledView(APIView):
    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [_NeverAllowed]

    def get(self, request):
        return Response({})


class _ServiceErrorView(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def post(self, request):
        raise DjangoValidationError({"expires_at": ["An auditor's access must have an end date."]})


def test_429_has_the_error_body():
    response = _ThrottledView.as_view()(APIRequestFactory().get("/api/v1/anything/"))
    response.render()
    assert response.status_code == 429
    assert response.data["error"]["code"] == "throttled"
    assert response.data["error"]["fields"] == {}
    assert response["Retry-After"] == "30"


def test_a_services_validation_error_becomes_a_400_with_fields():
    response = _ServiceErrorView.as_view()(APIRequestFactory().post("/api/v1/anything/"))
    assert response.status_code == 400
    assert response.data["error"]["code"] == "invalid"
    assert response.data["error"]["fields"] == {
        "expires_at": ["An auditor's access must have an end date."]
    }


def test_500_under_the_api_is_json_and_html_elsewhere():
    factory = RequestFactory()
    response = server_error(factory.get("/api/v1/me/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"]["code"] == "server_error"
    page = server_error(factory.get("/portfolio/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_the_handlers_are_installed():
    from egide.config import urls

    assert urls.handler404 == "egide.core.api_views.not_found"
    assert urls.handler500 == "egide.core.api_views.server_error"
    assert not_found(RequestFactory().get("/api/x"), None).status_code == 404
