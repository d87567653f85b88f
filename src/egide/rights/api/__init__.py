"""The rights-request API, under ``/api/v1/o/<org>/rights/`` (``egide.config.api_urls`` includes
:data:`urlpatterns`). URL names are in the ``api`` namespace, prefixed ``rights-``."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from egide.rights.api.documents import (
    DeadlineViewSet,
    IdentityDocumentViewSet,
    IssuedDocumentViewSet,
    SearchTaskViewSet,
)
from egide.rights.api.requests import RightsRequestViewSet

router = SimpleRouter(use_regex_path=False)
router.register("requests", RightsRequestViewSet, basename="rights-request")
router.register("tasks", SearchTaskViewSet, basename="rights-task")
router.register("documents", IssuedDocumentViewSet, basename="rights-document")
router.register("identity-documents", IdentityDocumentViewSet, basename="rights-identity-document")

urlpatterns: list[URLPattern | URLResolver] = [
    path("deadline/", DeadlineViewSet.as_view({"get": "retrieve"}), name="rights-deadline"),
    *router.urls,
]
