"""The public patient portal: file a request, confirm the email address, follow the request.

No login: the requester proves control of their mailbox with a one-time link, then holds a signed status
link (egide.rights.status_links). Every page is public (``@declare(PUBLIC)``) and thin: the services do the
work. Filing needs the organisation's portal open; confirming and following a request that exists do not
(closing the portal must not strand requests already filed).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from egide.accounts.models import Organisation
from egide.accounts.views.auth import client_ip
from egide.core.clock import SYSTEM_CLOCK
from egide.core.forms import add_service_errors
from egide.core.policies import PUBLIC, declare
from egide.core.ratelimit import RateLimitResult
from egide.rights.choices import ANSWERED_STATUSES, RequestStatus
from egide.rights.models import IdentityDocument, IssuedDocument, RightsRequest, RightsSettings
from egide.rights.portal.forms import PortalRequestForm, ProofUploadForm
from egide.rights.portal.notice import portal_notice
from egide.rights.portal.throttle import submission_hit, token_post_hit
from egide.rights.selectors import rights_settings_for, timeline_for
from egide.rights.services import (
    PORTAL_ACTOR,
    RightsError,
    identity_document_upload,
    rights_request_confirm_email,
    rights_request_submit,
    rights_submission_exists,
)
from egide.rights.status_links import request_for_status_token, status_token_for

TEMPLATES = "rights/portal/"


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def _open_portal(slug: str) -> tuple[Organisation, RightsSettings]:
    """The organisation and its settings, when its portal is open (404 otherwise: closed looks absent)."""
    organisation = _organisation(slug)
    settings = rights_settings_for(organisation)
    if not settings.portal_enabled:
        raise Http404("Portal closed")
    return organisation, settings


# Pages behind a token (confirm, status, and their error pages) are never cached (shared computers,
# proxies) and never put the token of their URL in a Referer header: "strict-origin" sends the origin
# only, even to this site (its access logs). Not "no-referrer" on pages with a form: with it, browsers
# send "Origin: null" with the form's POST, which Django's CSRF check rightly refuses. Downloads, which
# hold no form, send no referrer at all.
PAGE_REFERRER_POLICY = "strict-origin"
DOWNLOAD_REFERRER_POLICY = "no-referrer"


def _private(
    response: HttpResponse, *, referrer_policy: str = PAGE_REFERRER_POLICY
) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = referrer_policy
    return response


def _throttled(
    request: HttpRequest, organisation: Organisation, result: RateLimitResult
) -> HttpResponse:
    minutes = max(1, -(-result.retry_after_seconds // 60))
    response = render(
        request,
        TEMPLATES + "throttled.html",
        {"organisation": organisation, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(result.retry_after_seconds)
    return _private(response)


def _language() -> str:
    code = (translation.get_language() or "fr")[:2]
    return code if code in ("fr", "en") else "fr"


def _request_or_404(organisation: Organisation, token: str) -> RightsRequest:
    found = request_for_status_token(organisation=organisation, token=token)
    if found is None:
        raise Http404("Bad status link")
    return found


@declare(PUBLIC)
@require_http_methods(["GET", "POST"])
def start_view(request: HttpRequest, org: str) -> HttpResponse:
    """The information notice, then the request form. A filled honeypot gets the "sent" page and
    nothing is stored; the one-time submission key makes a double POST store one request."""
    organisation, settings = _open_portal(org)
    status = 200
    if request.method == "POST":
        form = PortalRequestForm(request.POST)
        if form.honeypot_filled:
            return redirect("rights_portal:sent", org=organisation.slug)
        if form.is_valid():
            key = form.cleaned_data["submission_key"]
            if rights_submission_exists(organisation=organisation, submission_key=key):
                # A retried POST of a form already stored: nothing to store, nothing to count.
                return redirect("rights_portal:sent", org=organisation.slug)
            refused = submission_hit(organisation=organisation, address=client_ip(request))
            if refused is not None:
                return _throttled(request, organisation, refused)
            try:
                rights_request_submit(
                    organisation=organisation,
                    intake=form.intake(language=_language()),
                    submission_key=key,
                    clock=SYSTEM_CLOCK,
                    acknowledgements={
                        "notice_acknowledged": form.cleaned_data["notice_acknowledged"],
                        "health_data_consent": bool(form.cleaned_data.get("health_data_consent")),
                    },
                )
            except RightsError as error:
                add_service_errors(form, error)
            else:
                return redirect("rights_portal:sent", org=organisation.slug)
        status = 400
    else:
        form = PortalRequestForm()
    context = {
        "organisation": organisation,
        "notice": portal_notice(organisation=organisation, settings=settings),
        "form": form,
    }
    return render(request, TEMPLATES + "start.html", context, status=status)


@declare(PUBLIC)
@require_GET
def sent_view(request: HttpRequest, org: str) -> HttpResponse:
    organisation, settings = _open_portal(org)
    context = {"organisation": organisation, "expiry_hours": settings.unconfirmed_expiry_hours}
    return render(request, TEMPLATES + "sent.html", context)


@declare(PUBLIC)
@require_http_methods(["GET", "POST"])
def confirm_view(request: HttpRequest, org: str, token: str) -> HttpResponse:
    """GET only shows a button; the POST confirms. Mail scanners and link previewers follow the links
    of incoming mail with GET requests: confirming on GET would confirm addresses nobody read, and use
    up the one-time token before the requester clicks."""
    organisation = _organisation(org)
    context: dict[str, Any] = {"organisation": organisation}
    if request.method == "GET":
        return _private(render(request, TEMPLATES + "confirm.html", context))
    refused = token_post_hit(address=client_ip(request))
    if refused is not None:
        return _throttled(request, organisation, refused)
    try:
        confirmed = rights_request_confirm_email(
            organisation=organisation, token=token, clock=SYSTEM_CLOCK
        )
    except RightsError as error:
        context["reason"] = " ".join(error.messages)
        return _private(render(request, TEMPLATES + "confirm_invalid.html", context, status=410))
    return redirect(
        "rights_portal:status", org=organisation.slug, token=status_token_for(confirmed)
    )


def _status_page(
    request: HttpRequest,
    organisation: Organisation,
    token: str,
    rights_request: RightsRequest,
    upload_form: ProofUploadForm | None = None,
    status: int = 200,
) -> HttpResponse:
    verifying = rights_request.status == RequestStatus.VERIFYING_IDENTITY
    if verifying and upload_form is None:
        upload_form = ProofUploadForm()
    context = {
        "organisation": organisation,
        "token": token,
        "rr": rights_request,
        "documents": IssuedDocument.objects.filter(
            request=rights_request, on_status_page=True
        ).order_by("created_at", "pk"),
        "proofs": IdentityDocument.objects.filter(request=rights_request).order_by(
            "uploaded_at", "pk"
        ),
        "history": timeline_for(request=rights_request, include_internal=False),
        "verifying": verifying,
        "upload_form": upload_form if verifying else None,
        "answered": rights_request.answered_at is not None
        or rights_request.status in ANSWERED_STATUSES,
    }
    return _private(render(request, TEMPLATES + "status.html", context, status=status))


@declare(PUBLIC)
@require_GET
def status_view(request: HttpRequest, org: str, token: str) -> HttpResponse:
    organisation = _organisation(org)
    return _status_page(request, organisation, token, _request_or_404(organisation, token))


@declare(PUBLIC)
@require_GET
def document_view(request: HttpRequest, org: str, token: str, document_id: int) -> HttpResponse:
    """One issued letter of the request, read through the audited service."""
    organisation = _organisation(org)
    rights_request = _request_or_404(organisation, token)
    document = IssuedDocument.objects.filter(
        request=rights_request, pk=document_id, on_status_page=True
    ).first()
    if document is None:
        raise Http404("No such document")
    from egide.rights.services import letters  # WeasyPrint and the letters load on first use

    content = letters.issued_document_read(
        actor=PORTAL_ACTOR, document=document, clock=SYSTEM_CLOCK
    )
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=document.filename) or "attachment"
    )
    return _private(response, referrer_policy=DOWNLOAD_REFERRER_POLICY)


@declare(PUBLIC)
@require_http_methods(["GET", "POST"])
def upload_view(request: HttpRequest, org: str, token: str) -> HttpResponse:
    """A proof of identity or standing, while the request waits for one. A refused file (type told by
    its content, size) shows the reason on the status page and nothing is stored."""
    organisation = _organisation(org)
    rights_request = _request_or_404(organisation, token)
    if request.method == "GET":
        return redirect("rights_portal:status", org=organisation.slug, token=token)
    refused = token_post_hit(address=client_ip(request))
    if refused is not None:
        return _throttled(request, organisation, refused)
    if rights_request.status != RequestStatus.VERIFYING_IDENTITY:
        messages.info(request, _("No document is expected for this request."))
        return redirect("rights_portal:status", org=organisation.slug, token=token)
    form = ProofUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            identity_document_upload(
                actor=PORTAL_ACTOR,
                request=rights_request,
                kind=form.cleaned_data["kind"],
                filename=upload.name or "",
                content=upload.read(),
                clock=SYSTEM_CLOCK,
            )
        except ValidationError as error:
            add_service_errors(form, error, fallback="file")
        else:
            messages.success(
                request, _("Thank you: your document was received. The DPO team will check it.")
            )
            return redirect("rights_portal:status", org=organisation.slug, token=token)
    return _status_page(request, organisation, token, rights_request, form, status=400)
