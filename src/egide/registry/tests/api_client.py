"""Helpers of the register's API tests: a client with a member's API token, URLs, the audit trail."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from egide.accounts.models import Membership, Organisation, User
from egide.accounts.services import api_token_create
from egide.core.models import AuditEvent


def token_client(user: User, organisation: Organisation, role: str | None = None) -> APIClient:
    """An API client sending ``user``'s token for ``organisation`` (of their role, or ``role``)."""
    membership = Membership.objects.get(user=user, organisation=organisation)
    _, key = api_token_create(
        actor=user, organisation=organisation, name="tests", role=role or membership.role
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def registry_url(organisation: Organisation, *parts: Any) -> str:
    """``/api/v1/o/<slug>/registry/<parts>/``."""
    path = "/".join(str(part) for part in parts)
    return f"/api/v1/o/{organisation.slug}/registry/{path}/"


def last_event_id() -> int:
    event = AuditEvent.objects.order_by("-pk").first()
    return event.pk if event is not None else 0


def events_since(event_id: int) -> list[tuple[str, int | None]]:
    """(action, actor id) of the events written after ``event_id``, oldest first."""
    events = AuditEvent.objects.filter(pk__gt=event_id)
    return list(events.order_by("pk").values_list("action", "actor_id"))


def fields_of(response: Any) -> dict[str, list[str]]:
    """The invalid fields of a 400 answer (asserting it is one, with the API's error body)."""
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    return dict(error["fields"])
