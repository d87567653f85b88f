"""``/healthz`` (process up, no database) and ``/readyz`` (database and a fresh worker heartbeat)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import resolve
from django.utils import timezone

from egide.core import views_ops
from egide.core.models import WorkerHeartbeat
from egide.core.policies import PUBLIC, policy_of


def _beat(seconds_ago: float) -> WorkerHeartbeat:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=f"w-{seconds_ago}", hostname="app-1", pid=42, started_at=seen, seen_at=seen
    )


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_public(path):
    assert policy_of(resolve(path).func) == PUBLIC


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_is_503_without_any_worker_heartbeat(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "worker": "stale"},
    }


@pytest.mark.django_db
def test_readyz_is_503_with_a_stale_heartbeat(client, settings):
    settings.EGIDE_WORKER_HEARTBEAT_STALE_SECONDS = 60
    _beat(seconds_ago=90)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "stale"


@pytest.mark.django_db
def test_readyz_is_200_with_a_fresh_heartbeat(client, settings):
    settings.EGIDE_WORKER_HEARTBEAT_STALE_SECONDS = 60
    _beat(seconds_ago=90)
    _beat(seconds_ago=5)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "worker": "ok"}}


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_database(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views_ops, "connection", BrokenConnection())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable", "worker": "unknown"},
    }


@pytest.mark.django_db
def test_probes_skip_the_mfa_redirect_for_a_signed_in_dpo(client, dpo):
    _beat(seconds_ago=1)
    client.force_login(dpo)  # signed in, MFA not passed: other pages redirect to enrolment
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
