"""A request's search tasks, the letters issued for it and its identity documents, as sub-routes of the
request viewset (``requests/{id}/tasks/``, ``documents/``, ``identity-documents/``). Identity documents are
for the DPO team only (:data:`egide.rights.permissions.IDENTITY_DOCUMENTS_PERM`), list included."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from egide.rights import serializers as s
from egide.rights import services
from egide.rights.api.base import RequestViewSetBase
from egide.rights.models import IdentityDocument, IssuedDocument, SearchTask
from egide.rights.permissions import IDENTITY_DOCUMENTS_PERM
from egide.rights.uploads import MAX_UPLOAD_BYTES


class RequestFilesMixin(RequestViewSetBase):
    action_permissions = {
        "identity_documents": IDENTITY_DOCUMENTS_PERM,
        "identity_document_upload": IDENTITY_DOCUMENTS_PERM,
    }

    # --- Search tasks -------------------------------------------------------------------------

    @extend_schema(responses=s.SearchTaskSerializer(many=True))
    @action(detail=True, methods=["get"])
    def tasks(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The systems and activities to search for the person's data, and what was found."""
        rights_request = self.get_object()
        tasks = (
            SearchTask.objects.for_organisation(self.organisation)
            .filter(request=rights_request)
            .select_related("assigned_to", "done_by")
        )
        page = self.paginate_queryset(tasks)
        return self.get_paginated_response(s.SearchTaskSerializer(page, many=True).data)

    @extend_schema(request=s.SearchTaskInputSerializer, responses={201: s.SearchTaskSerializer})
    @tasks.mapping.post
    def task_add(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a search task: a label, an activity or a system of the register (at least one)."""
        rights_request = self.get_object()
        self.require_may_handle(rights_request)
        fields = self.validated_input(s.SearchTaskInputSerializer, request.data)
        task = services.search_task_add(
            actor=self.user, request=rights_request, clock=self.clock, **fields
        )
        return Response(s.SearchTaskSerializer(task).data, status=status.HTTP_201_CREATED)

    # --- Letters issued -----------------------------------------------------------------------

    @extend_schema(responses=s.IssuedDocumentSerializer(many=True))
    @action(detail=True, methods=["get"])
    def documents(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The letters issued for the request, archived (PDF: ``content_url``)."""
        rights_request = self.get_object()
        documents = IssuedDocument.objects.for_organisation(self.organisation).filter(
            request=rights_request
        )
        page = self.paginate_queryset(documents.defer("content", "body_text"))
        context = self.get_serializer_context()
        return self.get_paginated_response(
            s.IssuedDocumentSerializer(page, many=True, context=context).data
        )

    # --- Identity documents (the DPO team only) -----------------------------------------------

    @extend_schema(responses=s.IdentityDocumentSerializer(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="identity-documents",
        # The upload is multipart (a JSON body cannot carry a file).
        parser_classes=[MultiPartParser, FormParser],
    )
    def identity_documents(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The proofs of identity and standing received (deleted ones remain as tombstones)."""
        rights_request = self.get_object()
        documents = IdentityDocument.objects.for_organisation(self.organisation).filter(
            request=rights_request
        )
        page = self.paginate_queryset(documents.defer("content"))
        context = self.get_serializer_context()
        return self.get_paginated_response(
            s.IdentityDocumentSerializer(page, many=True, context=context).data
        )

    @extend_schema(
        request={"multipart/form-data": s.IdentityDocumentUploadSerializer},
        responses={201: s.IdentityDocumentSerializer},
    )
    @identity_documents.mapping.post
    def identity_document_upload(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a proof received from the requester (multipart: ``kind``, ``file``). PDF, JPEG or PNG
        of 10 MiB at most, recognised from the content (the extension must agree); stored encrypted."""
        rights_request = self.get_object()
        fields = self.validated_input(s.IdentityDocumentUploadSerializer, request.data)
        upload = fields["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise exceptions.ValidationError(
                {"file": [_("The file is larger than %d MiB.") % (MAX_UPLOAD_BYTES // 2**20)]}
            )
        try:
            document = services.identity_document_upload(
                actor=self.user,
                request=rights_request,
                kind=fields["kind"],
                filename=upload.name or "",
                content=upload.read(),
                clock=self.clock,
            )
        except services.RightsError as exc:
            if hasattr(exc, "error_dict"):
                raise
            raise exceptions.ValidationError({"file": exc.messages}) from exc
        context = self.get_serializer_context()
        return Response(
            s.IdentityDocumentSerializer(document, context=context).data,
            status=status.HTTP_201_CREATED,
        )
