"""The API: /api/v1/ (every app's api.py registers here), the OpenAPI schema and its docs page.

Organisation endpoints live under ``v1/o/<slug:org>/`` and subclass
``egide.core.api.OrganisationScopedViewSet``; register them on ``organisation_router`` with that prefix.
URL names are in the ``api`` namespace (``api:member-list``, ``api:audit-event-detail``).
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from egide.accounts import api as accounts_api
from egide.core import api_views
from egide.registry import api as registry_api
from egide.rights import api as rights_api

app_name = "api"

ORG = "o/<slug:org>"

router = SimpleRouter(use_regex_path=False)
router.register("organisations", accounts_api.OrganisationListViewSet, basename="organisation")
router.register(f"{ORG}/members", accounts_api.MemberViewSet, basename="member")
router.register(f"{ORG}/audit-events", api_views.AuditEventViewSet, basename="audit-event")

v1_patterns = [
    path("", api_views.ApiRootView.as_view(), name="root"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path(
        f"{ORG}/",
        accounts_api.OrganisationViewSet.as_view({"get": "retrieve"}),
        name="organisation-detail",
    ),
    path(f"{ORG}/registry/", include(registry_api.urlpatterns)),
    path(f"{ORG}/rights/", include(rights_api.urlpatterns)),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1_patterns)),
    path("schema/", api_views.SchemaView.as_view(), name="schema"),
    path("docs/", api_views.ApiDocsView.as_view(), name="docs"),
]
