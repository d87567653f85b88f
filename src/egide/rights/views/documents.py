"""Downloading a request's files: identity documents (the DPO team only, every read audited) and the
letters issued (audited)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from egide.accounts.roles import Perm
from egide.core.views import org_view
from egide.rights import services as s
from egide.rights.models import IdentityDocument, IssuedDocument
from egide.rights.permissions import IDENTITY_DOCUMENTS_PERM
from egide.rights.views import _common
from egide.rights.views._common import organisation_of, sees_identity_documents, user_of


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@org_view(IDENTITY_DOCUMENTS_PERM)
def identity_document_view(request: HttpRequest, document_id: int) -> HttpResponse:
    """A proof of identity or standing: the DPO team only (GDPR Art. 5(1)(f), 32); the read is audited
    and written in the request's timeline by ``identity_document_read``."""
    if not sees_identity_documents(request):
        raise PermissionDenied
    try:
        document = (
            IdentityDocument.objects.for_organisation(organisation_of(request))
            .select_related("request")
            .get(pk=document_id)
        )
    except IdentityDocument.DoesNotExist:
        raise Http404("No such document") from None
    if document.is_deleted:
        return HttpResponse(
            _("This document was deleted once identity was confirmed."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    try:
        content = s.identity_document_read(
            actor=user_of(request), document=document, clock=_common.clock()
        )
    except ValidationError as exc:
        return HttpResponse(
            " ".join(exc.messages), status=410, content_type="text/plain; charset=utf-8"
        )
    return _download(content, content_type=document.content_type, filename=document.original_name)


@org_view(Perm.VIEW)
def issued_document_view(request: HttpRequest, issued_document_id: int) -> HttpResponse:
    """A letter issued for a request (the archived PDF); the read is audited."""
    try:
        document = (
            IssuedDocument.objects.for_organisation(organisation_of(request))
            .select_related("request")
            .get(pk=issued_document_id)
        )
    except IssuedDocument.DoesNotExist:
        raise Http404("No such document") from None
    content = s.issued_document_read(
        actor=user_of(request), document=document, clock=_common.clock()
    )
    return _download(content, content_type=document.content_type, filename=document.filename)
