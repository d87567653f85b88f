"""The portal after filing: email confirmation (POST only), the signed status page, downloads of issued
letters, and the upload of a proof while identity is being verified."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from egide.core.models import AuditEvent
from egide.rights.choices import RequestStatus
from egide.rights.models import IdentityDocument, RightsRequest
from egide.rights.portal import throttle
from egide.rights.status_links import request_for_status_token, status_token_for
from egide.rights.tests.factories import (
    PDF_BYTES,
    IssuedDocumentFactory,
    RightsRequestFactory,
)
from egide.rights.tests.test_portal import assert_strict_page, form_data, start_url
from egide.rights.uploads import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/p/[\w-]+/confirm/[^/\s]+/)")


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as soon as they are enqueued (the services enqueue on commit)."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def file_request(
    client, organisation, mailoutbox, immediate_tasks, django_capture_on_commit_callbacks
):
    """``file_request(**form overrides)`` files on the portal and returns the confirmation link's path."""

    def file(**overrides: object) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(start_url(organisation), form_data(**overrides))
        assert response.status_code == 302
        match = CONFIRM_LINK.search(mailoutbox[-1].body)
        assert match, mailoutbox[-1].body
        return match.group(1)

    return file


def status_url(request: RightsRequest, token: str | None = None) -> str:
    token = token or status_token_for(request)
    return reverse(
        "rights_portal:status", kwargs={"org": request.organisation.slug, "token": token}
    )


def upload_url(request: RightsRequest, token: str | None = None) -> str:
    token = token or status_token_for(request)
    return reverse(
        "rights_portal:upload", kwargs={"org": request.organisation.slug, "token": token}
    )


def assert_redirects_to_status_of(response, request: RightsRequest) -> str:
    """The response redirects to ``request``'s status page (signed tokens carry a timestamp: compare
    what the token names, not the token); the token."""
    assert response.status_code == 302
    match = resolve(response["Location"])
    assert match.view_name == "rights_portal:status"
    token = match.kwargs["token"]
    found = request_for_status_token(organisation=request.organisation, token=token)
    assert found is not None
    assert found.pk == request.pk
    return token


def assert_private(response, referrer_policy: str = "strict-origin") -> None:
    """Never cached; the token of the URL never in a Referer (pages with a form: the origin only, so
    the form's POST still passes the CSRF origin check; downloads: nothing)."""
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == referrer_policy


def test_confirming_the_email_leads_to_the_status_page(client, organisation, file_request):
    link = file_request()
    request = RightsRequest.objects.for_organisation(organisation).get()

    # A GET (what a mail scanner does) only shows the button.
    page = client.get(link)
    assert page.status_code == 200
    assert_private(page)
    assert "Confirm my email address" in page.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_CONFIRMATION

    response = client.post(link)
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    token = assert_redirects_to_status_of(response, request)

    status = client.get(response["Location"])
    html = status.content.decode()
    assert status.status_code == 200
    assert_private(status)
    assert_strict_page(html)
    for fact in (request.reference, "Access", "Received", "Answer due by", "What happens next"):
        assert fact in html, fact
    assert request.governing_due_on is not None
    assert "Extended deadline" not in html  # only once the deadline was extended
    # The acknowledgement of receipt is on the page, and downloads (audited).
    document = request.issued_documents.get()
    download = reverse(
        "rights_portal:document",
        kwargs={"org": organisation.slug, "token": token, "document_id": document.pk},
    )
    assert download in html
    events = AuditEvent.objects.filter(organisation=organisation).count()
    pdf = client.get(download)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    assert_private(pdf, referrer_policy="no-referrer")
    assert AuditEvent.objects.filter(organisation=organisation).count() == events + 1

    # Clicking the link again: the same status page, nothing changes.
    assert_redirects_to_status_of(client.post(link), request)


@pytest.mark.parametrize("token", ["not-a-token", "x" * 43])
def test_an_invalid_confirmation_link_explains_how_to_file_again(client, organisation, token):
    url = reverse("rights_portal:confirm", kwargs={"org": organisation.slug, "token": token})
    response = client.post(url)
    assert response.status_code == 410
    assert start_url(organisation) in response.content.decode()
    assert_private(response)


def test_an_expired_confirmation_link_is_refused(client, organisation, file_request):
    link = file_request()
    RightsRequest.objects.for_organisation(organisation).update(
        confirmation_expires_at="2000-01-01T00:00:00Z"
    )
    response = client.post(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    request = RightsRequest.objects.for_organisation(organisation).get()
    assert request.status == RequestStatus.AWAITING_CONFIRMATION


def test_a_bad_status_link_is_not_found(client, organisation, other_organisation):
    request = RightsRequestFactory(organisation=organisation)
    good = status_url(request)
    assert client.get(good).status_code == 200
    assert client.get(good[:-3] + "xx/").status_code == 404
    # A link of another organisation's request does not open under this organisation.
    theirs = RightsRequestFactory(organisation=other_organisation)
    foreign = reverse(
        "rights_portal:status",
        kwargs={"org": organisation.slug, "token": status_token_for(theirs)},
    )
    assert client.get(foreign).status_code == 404
    assert (
        client.get(
            reverse("rights_portal:upload", kwargs={"org": organisation.slug, "token": "nope"})
        ).status_code
        == 404
    )


def test_only_the_requests_own_status_page_documents_download(client, organisation):
    request = RightsRequestFactory(organisation=organisation)
    shown = IssuedDocumentFactory(request=request, title="Accusé de réception")
    internal = IssuedDocumentFactory(request=request, on_status_page=False)
    other = IssuedDocumentFactory(request=RightsRequestFactory(organisation=organisation))
    html = client.get(status_url(request)).content.decode()
    assert "Accusé de réception" in html

    def download(document_id: int) -> int:
        url = reverse(
            "rights_portal:document",
            kwargs={
                "org": organisation.slug,
                "token": status_token_for(request),
                "document_id": document_id,
            },
        )
        return client.get(url).status_code

    assert download(shown.pk) == 200
    assert download(internal.pk) == 404
    assert download(other.pk) == 404


@pytest.fixture
def verifying(client, organisation, file_request):
    """A medical-record request confirmed on the portal: a proof of identity is asked at once."""
    link = file_request(includes_medical_record="on", health_data_consent="on")
    client.post(link)
    request = RightsRequest.objects.for_organisation(organisation).get()
    assert request.status == RequestStatus.VERIFYING_IDENTITY
    return request


def upload(client, request, name: str, content: bytes, kind: str = "identity"):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(upload_url(request), {"kind": kind, "file": file})


def test_the_status_page_asks_for_a_proof_while_verifying(client, verifying):
    token = status_token_for(verifying)
    html = client.get(status_url(verifying, token)).content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert upload_url(verifying, token) in html
    assert "Send a document" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("passport.pdf", b"MZ\x90\x00 this is an executable, not a PDF" * 10, "PDF"),
        ("passport.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PDF"),
        ("passport.pdf", b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES, "too big"),
    ],
    ids=["not-a-pdf-renamed", "png-renamed", "too-big"],
)
def test_a_refused_upload_shows_why_and_stores_nothing(client, verifying, name, content, message):
    response = upload(client, verifying, name, content)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'id="id_file_error"' in html  # the error is tied to the file field
    assert not IdentityDocument.objects.filter(request=verifying).exists()
    assert_private(response)


def test_a_pdf_proof_is_received(client, verifying):
    response = upload(client, verifying, "piece-identite.pdf", PDF_BYTES)
    assert_redirects_to_status_of(response, verifying)
    document = IdentityDocument.objects.get(request=verifying)
    assert (document.original_name, document.kind) == ("piece-identite.pdf", "identity")
    assert "your document was received" in client.get(response["Location"]).content.decode()


def test_no_upload_when_no_proof_is_expected(client, organisation):
    request = RightsRequestFactory(organisation=organisation)
    response = upload(client, request, "piece-identite.pdf", PDF_BYTES)
    assert response.status_code == 302
    assert not IdentityDocument.objects.filter(request=request).exists()
    assert "/upload/" not in client.get(status_url(request)).content.decode()


def test_token_page_posts_are_rate_limited(client, verifying, monkeypatch):
    monkeypatch.setattr(
        throttle,
        "TOKEN_POST_PER_ADDRESS",
        throttle.Limit("token-post-10min", 2, throttle.TOKEN_POST_PER_ADDRESS.window),
    )
    # The confirmation (in the fixture) counted once; one more POST passes, the next is refused.
    assert upload(client, verifying, "a.pdf", b"not a pdf").status_code == 400
    refused = upload(client, verifying, "piece-identite.pdf", PDF_BYTES)
    assert refused.status_code == 429
    assert "Retry-After" in refused
    assert not IdentityDocument.objects.filter(request=verifying).exists()
