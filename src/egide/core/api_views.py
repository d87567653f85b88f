"""Platform API views: the API root, the audit trail endpoint, the schema and its docs page, and the
404/500 handlers that answer the API's error body under ``/api/`` (the HTML pages elsewhere)."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, reverse
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from egide.accounts.models import Organisation
from egide.accounts.roles import Perm
from egide.core.api import OrganisationScopedViewSet, validated
from egide.core.api_defaults import error_body
from egide.core.models import AuditEvent
from egide.core.policies import AUTHENTICATED, PUBLIC
from egide.core.selectors import AuditFilters, audit_events_list
from egide.core.serializers import (
    ApiRootSerializer,
    AuditEventFilterSerializer,
    AuditEventSerializer,
)

API_PREFIX = "/api/"


class AuditEventViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganisationScopedViewSet
):
    """The organisation's audit trail, newest first. Read-only: events are never changed."""

    read_permission = Perm.VIEW_AUDIT
    write_permission = None
    serializer_class = AuditEventSerializer
    lookup_value_converter = "int"

    def get_organisation_queryset(self, organisation: Organisation) -> QuerySet[AuditEvent]:
        if self.action != "list":
            return audit_events_list(organisation=organisation)
        params = validated(AuditEventFilterSerializer, self.request.query_params)
        filters = AuditFilters(
            action=params.get("action", ""),
            object_type=params.get("object_type", ""),
            actor=params.get("actor", ""),
        )
        events = audit_events_list(organisation=organisation, filters=filters)
        if "since" in params:
            events = events.filter(occurred_at__gte=params["since"])
        if "until" in params:
            events = events.filter(occurred_at__lt=params["until"])
        return events

    @extend_schema(parameters=[AuditEventFilterSerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _placeholders(route: str) -> str:
    """``o/<slug:org>/members/<int:pk>/`` -> ``o/{org}/members/{id}/``."""
    return _CONVERTER.sub(lambda m: "{id}" if m.group(1) == "pk" else f"{{{m.group(1)}}}", route)


def _endpoints(patterns: list[Any], prefix: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _endpoints(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name != "root":
            found.append(
                {"name": pattern.name, "url": _placeholders(prefix + str(pattern.pattern))}
            )
    return found


class ApiRootView(APIView):
    """What this API offers: every v1 endpoint (with placeholders), the schema and its docs."""

    egide_policy = AUTHENTICATED

    @extend_schema(responses=ApiRootSerializer)
    def get(self, request: Request) -> Response:
        from egide.config.api_urls import v1_patterns

        return Response(
            {
                "version": "v1",
                "endpoints": _endpoints(v1_patterns, reverse("api:root")),
                "schema": reverse("api:schema"),
                "docs": reverse("api:docs"),
            }
        )


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema: public, like the source code it describes."""

    egide_policy = PUBLIC


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar package (no CDN). The page loads its init script from this URL
    (``?script``), so the strict Content Security Policy holds: no inline script, no inline style."""

    egide_policy = PUBLIC
    url_name = "api:schema"
    template_name = "core/api_docs.html"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: the API's error body under /api/, Django's HTML page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the API's error body under /api/, Django's HTML page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(
            error_body("server_error", _("An unexpected error occurred. It has been logged.")),
            status=500,
        )
    return defaults.server_error(request)
