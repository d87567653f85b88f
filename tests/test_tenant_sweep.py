"""The tenant-isolation sweep: every route x every kind of visitor x every method, against its policy.

Routes are enumerated at collection time (one test id per route, visitor and method). Every URL points at
organisation A (its slug, and objects of A made by the sweep fixtures, see tests/sweep_fixtures.py and
``src/egide/<app>/tests/sweep.py``). Visitors: anonymous, the DPO of organisation B (outsider), a platform
operator who belongs to no organisation (staff), each role of A; on API routes also B's DPO's API token and
a token of each role of A. Expected:

- anonymous on a protected route: redirect to the login page (pages), 401/403 (API); outside
  organisations 405 too, for a method the route never accepts;
- outsider and staff on an organisation route: 404, whatever the method;
- a role of A: 403 when the policy denies the method to the role, otherwise an answer that is not
  403/404/5xx (405 is fine for a method the route does not support);
- a staff route: 403 for signed-in users who are not platform operators;
- public and sign-in routes: never 5xx;
- every refused request leaves every table as it was (see ``egide.core.testing.db_snapshot``).

The world is built once per module inside a transaction; each test runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import include, path

from egide.accounts.models import Organisation
from egide.accounts.roles import Perm
from egide.core.policies import Audience, declare, organisation_policy
from egide.core.testing import (
    PerMember,
    Route,
    SweepWorld,
    db_snapshot,
    discover_sweep_fixtures,
    iter_routes,
    resolve_route_kwargs,
    snapshot_changes,
)
from egide.core.views import org_view
from tests.sweep_fixtures import ROLES, build_world, keep_alive

ROUTES = list(iter_routes())


@dataclass(frozen=True)
class Visitor:
    name: str
    who: str  # anonymous | outsider | staff | member
    role: str | None = None
    token: bool = False


PAGE_VISITORS = (
    Visitor("anonymous", "anonymous"),
    Visitor("outsider", "outsider"),
    Visitor("staff", "staff"),
    *(Visitor(role, "member", role) for role in ROLES),
)
API_VISITORS = (
    *PAGE_VISITORS,
    Visitor("outsider_token", "outsider", token=True),
    *(Visitor(f"{role}_token", "member", role, token=True) for role in ROLES),
)


def _cases(routes: list[Route]) -> list[object]:
    return [
        pytest.param(route, visitor, method, id=f"{route.label}-{visitor.name}-{method}")
        for route in routes
        for visitor in (API_VISITORS if route.is_api else PAGE_VISITORS)
        for method in route.methods
    ]


@dataclass(frozen=True)
class Expected:
    refused: bool
    text: str
    accepts: Callable[[HttpResponse], bool]


def _to_login(response: HttpResponse) -> bool:
    login_path = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and urlparse(response["Location"]).path == login_path


ANSWERS = Expected(
    False,
    "an answer (not 403, 404 or 5xx)",
    lambda r: r.status_code not in (403, 404) and r.status_code < 500,
)
ANY_BUT_5XX = Expected(False, "any answer but 5xx", lambda r: r.status_code < 500)
NOT_FOUND = Expected(True, "404", lambda r: r.status_code == 404)
FORBIDDEN = Expected(True, "403", lambda r: r.status_code == 403)
TO_LOGIN = Expected(True, "a redirect to the login page", _to_login)
API_UNAUTHENTICATED = Expected(True, "401 or 403", lambda r: r.status_code in (401, 403))
# Outside organisations, a method the route never accepts may be refused first (require_POST): 405.
TO_LOGIN_OR_405 = Expected(
    True, "a redirect to the login page (or 405)", lambda r: r.status_code == 405 or _to_login(r)
)
API_UNAUTHENTICATED_OR_405 = Expected(
    True, "401, 403 (or 405)", lambda r: r.status_code in (401, 403, 405)
)


def expected(route: Route, visitor: Visitor, method: str) -> Expected:
    policy = route.policy(method)
    assert policy is not None, f"{route.label} declares no access policy for {method}"
    if policy.audience in (Audience.PUBLIC, Audience.ANONYMOUS_FLOW):
        return ANY_BUT_5XX
    if visitor.who == "anonymous" and policy.audience == Audience.ORGANISATION:
        return API_UNAUTHENTICATED if route.is_api else TO_LOGIN
    if visitor.who == "anonymous":
        return API_UNAUTHENTICATED_OR_405 if route.is_api else TO_LOGIN_OR_405
    if policy.audience == Audience.ORGANISATION:
        assert route.is_organisation_route, (
            f"{route.label}: organisation policy but no <org> in the URL"
        )
        if visitor.who != "member":
            return NOT_FOUND
        return ANSWERS if policy.role_may(str(visitor.role), method) else FORBIDDEN
    if policy.audience == Audience.STAFF and visitor.who != "staff":
        return FORBIDDEN
    return ANSWERS


def _send(
    client: Client, method: str, url: str, *, api: bool, headers: dict[str, str]
) -> HttpResponse:
    if method == "GET":
        return client.get(url, headers=headers)
    if api:
        return client.generic(method, url, b"{}", content_type="application/json", headers=headers)
    return client.generic(
        method, url, b"", content_type="application/x-www-form-urlencoded", headers=headers
    )


def visit(
    client: Client, login, world: SweepWorld, route: Route, visitor: Visitor, method: str
) -> list[str]:
    """Send one request as ``visitor``; the problems found (empty: the route behaved)."""
    url = route.url(**world.kwargs_for(route, visitor.role))
    keep_alive(world)
    headers: dict[str, str] = {}
    if visitor.token:
        holder = "outsider" if visitor.who == "outsider" else str(visitor.role)
        headers["Authorization"] = f"Token {world.token_keys[holder]}"
    elif visitor.who != "anonymous":
        user = {"outsider": world.outsider, "staff": world.staff}.get(visitor.who)
        login(user or world.members[str(visitor.role)], client)
    want = expected(route, visitor, method)
    before = db_snapshot() if want.refused else None
    response = _send(client, method, url, api=route.is_api, headers=headers)
    problems = []
    if not want.accepts(response):
        where = response.get("Location", "") or response.content[:200].decode("utf-8", "replace")
        problems.append(
            f"{method} {url} as {visitor.name}: expected {want.text}, got {response.status_code} {where}"
        )
    if before is not None:
        changes = snapshot_changes(before, db_snapshot())
        if changes:
            problems.append(
                f"{method} {url} as {visitor.name} was refused but changed: {', '.join(changes)}"
            )
    return problems


@pytest.fixture(scope="module")
def sweep_world(django_db_setup, django_db_blocker):
    """Organisation A, B, their people and every route's kwargs, built once and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        resolve_route_kwargs(world, ROUTES, discover_sweep_fixtures(("tests.sweep_fixtures",)))
        yield world
        transaction.set_rollback(True)


def test_every_route_kwarg_has_a_sweep_fixture(sweep_world):
    problems = [p for errors in sweep_world.route_errors.values() for p in errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("route", "visitor", "method"), _cases(ROUTES))
def test_route_answers_each_visitor_as_its_policy_says(
    route, visitor, method, sweep_world, db, client, login
):
    assert route.label not in sweep_world.route_errors, "\n".join(
        sweep_world.route_errors[route.label]
    )
    problems = visit(client, login, sweep_world, route, visitor, method)
    assert not problems, "\n".join(problems)


# --- The sweep itself is tested: it catches a leaky view, and passes a well-behaved one. ---


def _leaky_view(request, org):
    Organisation.objects.filter(slug=org).update(city="Leaked")
    return HttpResponse("secrets of " + org)


def _guarded_view(request):
    return HttpResponse(request.organisation.legal_name)


@pytest.fixture
def probe_urlconf(monkeypatch):
    module = types.ModuleType("egide_sweep_probe_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path(
            "o/<slug:org>/leaky/",
            declare(organisation_policy(Perm.VIEW, Perm.EDIT))(_leaky_view),
            name="leaky",
        ),
        path(
            "o/<slug:org>/guarded/", org_view(Perm.VIEW, Perm.EDIT)(_guarded_view), name="guarded"
        ),
        path(
            "o/<slug:org>/things/<int:thing_id>/", org_view(Perm.VIEW)(_guarded_view), name="thing"
        ),
        path("", include(settings.ROOT_URLCONF)),  # the login page the refusals redirect to
    ]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    with override_settings(ROOT_URLCONF=module.__name__):
        yield {route.name: route for route in iter_routes()}


def test_sweep_reports_a_leaky_view_and_its_write(sweep_world, db, client, login, probe_urlconf):
    route = probe_urlconf["leaky"]
    sweep_world.route_kwargs[route.label] = {"org": sweep_world.organisation.slug}
    problems = visit(client, login, sweep_world, route, Visitor("outsider", "outsider"), "POST")
    assert len(problems) == 2
    assert "expected 404, got 200" in problems[0]
    assert "was refused but changed: accounts.Organisation (rows altered)" in problems[1]


@pytest.mark.parametrize("visitor", [*PAGE_VISITORS], ids=lambda v: v.name)
def test_sweep_passes_a_guarded_view(sweep_world, db, client, login, probe_urlconf, visitor):
    route = probe_urlconf["guarded"]
    sweep_world.route_kwargs[route.label] = {"org": sweep_world.organisation.slug}
    for method in ("GET", "POST"):
        assert visit(Client(), login, sweep_world, route, visitor, method) == []


def test_sweep_fixtures_are_found_in_each_apps_tests_sweep_module(monkeypatch):
    module = types.ModuleType("egide.core.tests.sweep")
    module.SWEEP_FIXTURES = {"thing_id": lambda world: 1}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    assert {"thing_id", "membership_id"} <= set(discover_sweep_fixtures(("tests.sweep_fixtures",)))
    module.SWEEP_FIXTURES = {"membership_id": lambda world: 1}  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured, match="'membership_id' is registered twice"):
        discover_sweep_fixtures(("tests.sweep_fixtures",))


def test_route_kwargs_come_per_member_or_fail_with_a_clear_message(sweep_world, db, probe_urlconf):
    world = replace(sweep_world, route_kwargs={}, route_errors={})
    thing = probe_urlconf["thing"]
    resolve_route_kwargs(world, [thing], {})
    assert world.route_errors["thing"] == [
        "no sweep fixture gives 'thing_id' for route thing (o/<slug:org>/things/<int:thing_id>/). "
        "Register one: in src/egide/<app>/tests/sweep.py, SWEEP_FIXTURES = {'thing_id': lambda world: "
        "<an object of world.organisation>.pk} (or key it by ('thing', 'thing_id') when the kwarg means "
        "something else on other routes)"
    ]
    resolve_route_kwargs(
        world, [thing], {("thing", "thing_id"): PerMember(lambda w, role: len(role))}
    )
    assert "thing" not in world.route_errors
    assert world.kwargs_for(thing, "manager") == {"org": "sweep-a", "thing_id": len("manager")}
    assert world.kwargs_for(thing, None)["thing_id"] == len("dpo")  # non-members name the DPO's
    resolve_route_kwargs(world, [thing], {"thing_id": lambda w: 1 / 0})
    assert world.route_errors["thing"] == [
        "sweep fixture 'thing_id' failed: ZeroDivisionError('division by zero')"
    ]
