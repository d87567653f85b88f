"""Every route declares who may reach it (egide.core.policies), and the check really finds one that does not."""

from __future__ import annotations

import importlib.util
import sys
import types

import pytest
from django.conf import settings
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path
from rest_framework import mixins, routers, viewsets
from rest_framework.urlpatterns import format_suffix_patterns

from egide.accounts.models import Membership
from egide.accounts.roles import Perm
from egide.core.api import OrganisationScopedViewSet
from egide.core.policies import PUBLIC, Audience, declare
from egide.core.testing import iter_routes, routes_without_policy
from egide.core.views import org_view


def _describe(routes) -> str:
    return "\n".join(
        f"{r.label} ({r.pattern}) -> {r.callback.__module__}.{r.callback.__name__}" for r in routes
    )


def test_every_route_declares_an_access_policy():
    missing = routes_without_policy()
    assert not missing, (
        "routes without a policy (wrap the view with org_view/user_view/staff_view/declare):\n"
        + (_describe(missing))
    )


# Public pages that name an organisation without checking membership: the patients' portal (issue 4).
PUBLIC_ORGANISATION_PREFIXES = ("p/<slug:org>/",)


def test_organisation_urls_and_organisation_policies_go_together():
    """A route under /o/<org>/ checks membership; a membership check needs the <org> of the URL.
    Only the public portal's routes (``p/<org>/``) name an organisation and are open to anyone."""
    mismatched = [
        route
        for route in iter_routes()
        for method in route.methods
        if (policy := route.policy(method)) is not None
        and (policy.audience == Audience.ORGANISATION) != route.is_organisation_route
        and not (
            policy.audience == Audience.PUBLIC
            and route.pattern.startswith(PUBLIC_ORGANISATION_PREFIXES)
        )
    ]
    assert not mismatched, _describe(dict.fromkeys(mismatched))


def _view(request, **kwargs):
    return HttpResponse("probe")


class _DeclaredViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationScopedViewSet):
    def get_organisation_queryset(self, organisation):
        return Membership.objects.filter(organisation=organisation)


class _UndeclaredViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Membership.objects.none()


def _probe_patterns() -> list:
    router = routers.SimpleRouter()
    router.register(r"o/(?P<org>[^/.]+)/declared", _DeclaredViewSet, basename="declared")
    router.register(r"undeclared", _UndeclaredViewSet, basename="undeclared")
    inner = [
        path("inner/", _view, name="inner"),
        path("ok/", org_view(Perm.VIEW)(_view), name="ok"),
    ]
    return [
        path("public/", declare(PUBLIC)(_view), name="public"),
        path("bare/<int:pk>/", _view, name="bare"),
        path("o/<slug:org>/nested/", include((inner, "probe"))),
        path("api/", include((format_suffix_patterns(router.urls), "probe_api"))),
    ]


@pytest.fixture
def probe_urlconf(monkeypatch):
    """A URLconf module made in the test: what a developer would add, declared or not."""
    module = types.ModuleType("egide_route_policy_probe_urls")
    module.urlpatterns = _probe_patterns()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module.__name__


UNDECLARED = {
    "bare",
    "probe:inner",
    "probe_api:undeclared-list",
    "probe_api:undeclared-detail",
}


def test_an_undeclared_route_is_reported(probe_urlconf):
    reported = [route.label for route in routes_without_policy(probe_urlconf)]
    # The format-suffix copies of the router's routes are reported too (same names, regex with format).
    assert set(reported) == UNDECLARED
    assert len(reported) == 2 + 2 * 2
    with override_settings(ROOT_URLCONF=probe_urlconf):
        assert {route.label for route in routes_without_policy()} == UNDECLARED


def test_routes_are_walked_through_includes_namespaces_and_routers(probe_urlconf):
    routes = list(iter_routes(probe_urlconf))
    by_pattern = {route.pattern: route for route in routes}
    nested = by_pattern["o/<slug:org>/nested/ok/"]
    assert (nested.name, nested.kwarg_names) == ("probe:ok", ("org",))
    assert nested.policy("GET").read == Perm.VIEW
    assert nested.url(org="chu-a") == "/o/chu-a/nested/ok/"
    detail = next(
        r for r in routes if r.name == "probe_api:declared-detail" and "format" in r.kwarg_names
    )
    assert detail.kwarg_names == ("org", "pk", "format")
    assert detail.is_api
    assert detail.methods == ("GET", "POST", "PATCH", "DELETE")
    assert detail.policy("GET").audience == Audience.ORGANISATION
    assert detail.url(org="chu-a", pk=7, format="json") == "/api/o/chu-a/declared/7.json"
    assert by_pattern["bare/<int:pk>/"].url(pk=3) == "/bare/3/"
    with pytest.raises(ValueError, match="no value for pk"):
        by_pattern["bare/<int:pk>/"].url()


def _fresh_root_urlconf(monkeypatch) -> str:
    """The project's root URLconf executed again (with the settings in force), not the cached import."""
    spec = importlib.util.find_spec(settings.ROOT_URLCONF)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, "egide_fresh_root_urls", module)
    return "egide_fresh_root_urls"


@override_settings(DEBUG=True)
def test_debug_mode_adds_no_route_without_a_policy(monkeypatch):
    """Static files are served by WhiteNoise (a middleware, before URL resolution) in every mode, so DEBUG
    adds no static-serving route; were one added (``staticfiles_urlpatterns()``), it would be reported."""
    urlconf = _fresh_root_urlconf(monkeypatch)
    assert routes_without_policy(urlconf) == []
    assert not [r for r in iter_routes(urlconf) if r.callback.__module__.endswith(".static")]
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


@override_settings(DEBUG=True)
def test_a_static_serving_route_would_be_reported(monkeypatch):
    module = types.ModuleType("egide_static_probe_urls")
    module.urlpatterns = staticfiles_urlpatterns()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    reported = routes_without_policy(module.__name__)
    assert [route.pattern for route in reported] == ["static/(?P<path>.*)"]
