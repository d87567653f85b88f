"""Top-level routes of the rights API: completing a search task, downloading a letter or an identity
document (each download audited by the services), and the deadline calculator for portals."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from egide.accounts.models import Organisation
from egide.rights import serializers as s
from egide.rights import services
from egide.rights.api.base import RightsViewSet
from egide.rights.deadlines import calendar_for, compute_deadlines
from egide.rights.models import IdentityDocument, IssuedDocument, SearchTask
from egide.rights.permissions import IDENTITY_DOCUMENTS_PERM

IDENTITY_CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png")


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SearchTaskViewSet(RightsViewSet):
    """A search task of a request (``requests/{id}/tasks/`` lists and adds them)."""

    serializer_class = s.SearchTaskSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> Any:
        return SearchTask.objects.for_organisation(organisation).select_related(
            "request", "assigned_to", "done_by"
        )

    @extend_schema(request=s.SearchTaskCompleteSerializer, responses=s.SearchTaskSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record what the search found (data found, no data held, not applicable). Contributors:
        on the requests assigned to them, or the tasks assigned to them."""
        task = self.get_object()
        if task.assigned_to_id != self.user.pk:
            self.require_may_handle(task.request)
        fields = self.validated_input(s.SearchTaskCompleteSerializer, request.data)
        task = services.search_task_complete(actor=self.user, task=task, clock=self.clock, **fields)
        return Response(s.SearchTaskSerializer(task).data)


class IssuedDocumentViewSet(RightsViewSet):
    """A letter issued for a request (``requests/{id}/documents/`` lists them)."""

    serializer_class = s.IssuedDocumentSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> Any:
        return IssuedDocument.objects.for_organisation(organisation)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"])
    def content(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """The letter's PDF, as archived (the download is written to the audit trail)."""
        document = self.get_object()
        content = services.issued_document_read(
            actor=self.user, document=document, clock=self.clock
        )
        return _download(content, content_type=document.content_type, filename=document.filename)


class IdentityDocumentViewSet(RightsViewSet):
    """A proof of identity or standing: the DPO team only; every view is audited and written to the
    request's timeline."""

    serializer_class = s.IdentityDocumentSerializer
    read_permission = IDENTITY_DOCUMENTS_PERM
    write_permission = IDENTITY_DOCUMENTS_PERM

    def get_organisation_queryset(self, organisation: Organisation) -> Any:
        return IdentityDocument.objects.for_organisation(organisation).select_related("request")

    @extend_schema(
        responses={
            (200, content_type): OpenApiResponse(OpenApiTypes.BINARY)
            for content_type in IDENTITY_CONTENT_TYPES
        },
    )
    @action(detail=True, methods=["get"])
    def content(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        """The document as received (404 once deleted: proofs are not kept after identity is
        confirmed)."""
        document = self.get_object()
        if document.is_deleted:
            raise exceptions.NotFound(_("This document was deleted."))
        content = services.identity_document_read(
            actor=self.user, document=document, clock=self.clock
        )
        return _download(
            content, content_type=document.content_type, filename=document.original_name
        )


class DeadlineViewSet(RightsViewSet):
    """The deadline calculator, in the organisation's calendar (Alsace-Moselle or not)."""

    write_permission = None
    serializer_class = s.DeadlineSerializer

    def get_organisation_queryset(self, organisation: Organisation) -> Any:
        # Nothing is read: the calculator is pure (the browsable API still asks).
        return SearchTask.objects.for_organisation(organisation).none()

    @extend_schema(parameters=[s.DeadlineQuerySerializer], responses=s.DeadlineSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The deadlines of a request received on ``received``: GDPR one month and three months when
        extended (Art. 12(3), Regulation 1182/71), and for the medical record (CSP L.1111-7) not
        before 48 hours, within 8 days or 2 months for information over 5 years old."""
        query = self.validated_input(s.DeadlineQuerySerializer, request.query_params)
        calendar = calendar_for(alsace_moselle=self.organisation.uses_alsace_moselle_calendar)
        try:
            deadlines = compute_deadlines(
                received=query["received"],
                calendar=calendar,
                medical_record=query["medical_record"],
                older_than_5_years=query["older_than_5_years"],
            )
        except (ValueError, OverflowError) as exc:
            raise exceptions.ValidationError(
                {"received": [str(exc) or _("Invalid date.")]}
            ) from exc
        return Response({"calendar": calendar.value, **deadlines.as_json()})
