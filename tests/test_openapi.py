"""The OpenAPI schema is valid, and the API keeps its promises under a schemathesis run.

For every operation of the schema, schemathesis generates 40 requests (valid and invalid data) against the
WSGI application, authenticated with a DPO's token on a seeded organisation, and the test asserts: no 5xx,
only documented status codes and content types, response bodies matching the schema. Each example runs in a
savepoint that is rolled back, so examples are independent (a DELETE cannot revoke the DPO for the next one)
and the run is deterministic (``derandomize``).

The operations are parametrised here with plain pytest and ``APIOperation.as_strategy`` (schemathesis's
public strategy API) rather than ``schema.parametrize()``, whose items share one node id under pytest 9.2 and
are then silently dropped by pytest-xdist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from egide.config.wsgi import application

SLUG = "chu-api"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 40

# Loaded once at collection: the schema view needs no database. Without schemathesis's "constants"
# analysis (literals taken from the imported application modules): the examples then depend on the schema
# only, not on the code being edited or on which modules earlier tests imported.
SCHEMA = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    application,
    config=schemathesis.Config.from_dict({"analysis": {"constants": {"enabled": False}}}),
)
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}


@dataclass
class Seed:
    key: str
    ids: dict[str, list[int]]

    def ids_for(self, path: str) -> list[int]:
        """Real ids for the ``{id}`` of ``path``, keyed by the segment before it (``members``)."""
        segments = path.split("/")
        return self.ids.get(segments[segments.index("{id}") - 1], [])


def app_seed_ids(organisation: Any, actor: Any) -> dict[str, list[int]]:
    """Ids of objects each app seeds for this run: ``seed_ids(organisation=, actor=)`` of its
    ``tests/openapi.py`` (``egide.registry.tests.openapi``), by the URL segment before ``{id}``."""
    import importlib

    from django.apps import apps

    ids: dict[str, list[int]] = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("egide."):
            continue
        name = f"{app.name}.tests.openapi"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name is None or not (name == exc.name or name.startswith(exc.name + ".")):
                raise  # the module exists but imports something missing
            continue
        ids.update(module.seed_ids(organisation=organisation, actor=actor))
    return ids


# The seed of the running test, read by the hook below while cases are drawn.
CURRENT: dict[str, Seed] = {}


@SCHEMA.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """Mostly the seeded organisation and its real objects, sometimes whatever was generated."""
    seed = CURRENT.get("seed")
    if not path_parameters or seed is None:
        return st.just(path_parameters)
    chosen: dict[str, Any] = {}
    if "org" in path_parameters:
        chosen["org"] = st.sampled_from([SLUG, SLUG, SLUG, path_parameters["org"]])
    if "id" in path_parameters:
        real = seed.ids_for(context.operation.path)
        chosen["id"] = st.sampled_from([*real, path_parameters["id"]])
    return st.fixed_dictionaries(chosen).map(lambda values: {**path_parameters, **values})


@SCHEMA.hook
def flatmap_body(context: Any, body: Any) -> Any:
    """Ids in request bodies (``assigned_to``, ``activity``...) as in paths: mostly real objects of the seeded
    organisation (an app's seed names them ``body:<field>``), sometimes whatever was generated."""
    seed = CURRENT.get("seed")
    if seed is None or not isinstance(body, dict):
        return st.just(body)
    chosen = {
        field: st.sampled_from([*real, value])
        for field, value in body.items()
        if (real := seed.ids.get(f"body:{field}")) and (value is None or isinstance(value, int))
    }
    if not chosen:
        return st.just(body)
    return st.fixed_dictionaries(chosen).map(lambda values: {**body, **values})


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request served here must not close the test's connection.
    Both signals: at ``request_started`` Django closes a connection whose autocommit is off (the test's
    transaction), which on PostgreSQL leaves every later query on a closed connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)
    request_started.connect(close_old_connections)


@pytest.fixture
def seed(db):
    """An organisation with a DPO (whose token key is used), colleagues and an audit trail."""
    from egide.accounts.models import Membership
    from egide.accounts.services import api_token_create, membership_grant
    from egide.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from egide.core.models import AuditEvent

    organisation = OrganisationFactory(slug=SLUG)
    dpo = MembershipFactory(organisation=organisation, role="dpo").user
    for role in ("contributor", "manager"):
        membership_grant(actor=dpo, organisation=organisation, user=UserFactory(), role=role)
    membership_grant(
        actor=dpo,
        organisation=organisation,
        user=UserFactory(),
        role="auditor",
        expires_at=timezone.now() + timedelta(days=30),
    )
    _, key = api_token_create(actor=dpo, organisation=organisation, name="schemathesis", role="dpo")
    members = Membership.objects.filter(organisation=organisation).exclude(user=dpo)
    events = AuditEvent.objects.filter(organisation=organisation)
    CURRENT["seed"] = Seed(
        key=key,
        ids={
            **app_seed_ids(organisation, dpo),
            "members": list(members.values_list("pk", flat=True)),
            "audit-events": list(events.values_list("pk", flat=True)),
        },
    )
    yield CURRENT["seed"]
    CURRENT.clear()


def test_schema_is_a_valid_openapi_document():
    validate(SCHEMA.raw_schema)
    assert SCHEMA.raw_schema["openapi"].startswith("3.")


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    # --fail-on-warn: a view drf-spectacular cannot describe (untyped field, unknown serializer) fails.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_schema_covers_every_api_operation():
    assert {
        "GET /api/v1/",
        "GET /api/v1/me/",
        "GET /api/v1/organisations/",
        "GET /api/v1/o/{org}/",
        "GET /api/v1/o/{org}/members/",
        "POST /api/v1/o/{org}/members/",
        "GET /api/v1/o/{org}/members/{id}/",
        "PATCH /api/v1/o/{org}/members/{id}/",
        "DELETE /api/v1/o/{org}/members/{id}/",
        "GET /api/v1/o/{org}/audit-events/",
        "GET /api/v1/o/{org}/audit-events/{id}/",
    } <= set(OPERATIONS)


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_api_keeps_its_schema(label, seed):
    operation = OPERATIONS[label]
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    statuses: list[int] = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=cases)
    def check(case):
        with transaction.atomic():
            response = case.call(headers={"Authorization": f"Token {seed.key}"})
            transaction.set_rollback(True)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    check()
    # The run reached the operation itself, not only its refusals.
    assert any(200 <= status < 300 for status in statuses), (label, sorted(set(statuses)))
