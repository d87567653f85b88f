"""The API bases: the organisation-scoped viewset cannot be bypassed and every API route has a policy."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from egide.accounts.roles import Perm
from egide.core.api import OrganisationScopedViewSet
from egide.core.policies import AUTHENTICATED, PUBLIC, Audience, organisation_policy, policy_of


@pytest.mark.parametrize("method", ["get_queryset", "initial", "get_object"])
def test_a_subclass_cannot_override_the_scoping(method):
    with pytest.raises(TypeError, match=method):
        type("Leaky", (OrganisationScopedViewSet,), {method: lambda self, *a, **k: None})


def test_a_subclass_must_say_how_to_read_its_organisations_rows():
    class Forgetful(OrganisationScopedViewSet):
        pass

    with pytest.raises(TypeError, match="get_organisation_queryset"):
        Forgetful().get_organisation_queryset(None)


def test_action_permissions_override_the_read_and_write_permissions():
    class Validating(OrganisationScopedViewSet):
        read_permission = Perm.VIEW
        write_permission = Perm.EDIT
        action_permissions = {"validate": Perm.VALIDATE}

    assert Validating.egide_policy_for("list") == organisation_policy(Perm.VIEW, Perm.EDIT)
    assert Validating.egide_policy_for("validate") == organisation_policy(
        Perm.VALIDATE, Perm.VALIDATE
    )


def _api_routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("api/"):
            yield route, pattern.callback


EXPECTED = {
    "api/v1/": AUTHENTICATED,
    "api/v1/me/": AUTHENTICATED,
    "api/v1/organisations/": AUTHENTICATED,
    "api/v1/o/<slug:org>/": organisation_policy(Perm.VIEW),
    "api/v1/o/<slug:org>/members/": organisation_policy(Perm.VIEW, Perm.MANAGE_MEMBERS),
    "api/v1/o/<slug:org>/members/<int:pk>/": organisation_policy(Perm.VIEW, Perm.MANAGE_MEMBERS),
    "api/v1/o/<slug:org>/audit-events/": organisation_policy(Perm.VIEW_AUDIT),
    "api/v1/o/<slug:org>/audit-events/<int:pk>/": organisation_policy(Perm.VIEW_AUDIT),
    "api/schema/": PUBLIC,
    "api/docs/": PUBLIC,
}


def test_every_api_route_declares_its_policy():
    routes = dict(_api_routes(get_resolver().url_patterns))
    assert set(EXPECTED) <= set(routes)
    for route, callback in routes.items():
        for method in ("GET", "POST", "PATCH", "DELETE"):
            assert policy_of(callback, method) is not None, (route, method)
    for route, policy in EXPECTED.items():
        assert policy_of(routes[route], "GET") == policy, route
    organisation_routes = [r for r in routes if "<slug:org>" in r]
    for route in organisation_routes:
        assert policy_of(routes[route]).audience == Audience.ORGANISATION, route
