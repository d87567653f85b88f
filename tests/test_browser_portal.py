"""End to end in Debian's Chromium (Playwright): a patient files a request on the public portal, confirms
the email, follows it on the status page; a DPO answers it; the answer shows on the status page. And a
fake PDF sent as a proof of identity is refused with a clear message, nothing stored."""

from __future__ import annotations

import os
import re

import pyotp
import pytest
from conftest import skip_or_fail

pytestmark = [pytest.mark.browser]

CHROMIUM = os.environ.get("EGIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery-staple-42"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/p/[\w-]+/confirm/[^/\s]+/)")


@pytest.fixture
def browser(settings):
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # The live server runs in this process: tasks (the confirmation email, letters) run at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def hospital(transactional_db):
    from egide.accounts.services import mfa_device_enrol_confirmed
    from egide.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from egide.core.audit import Actor

    organisation = OrganisationFactory(
        slug="ch-portail", legal_name="Centre hospitalier du Portail"
    )
    dpo = UserFactory(email="dpo@portail.test", full_name="Camille Martin")
    MembershipFactory(user=dpo, organisation=organisation, role="dpo")
    mfa_device_enrol_confirmed(actor=Actor.system("test"), user=dpo, secret=SECRET)
    return organisation, dpo


def _file_request(page, base: str, organisation) -> None:
    """The patient's side: the notice comes first, the patient's identity shows only for someone else."""
    page.goto(f"{base}/p/{organisation.slug}/")
    notice = page.locator("#notice").bounding_box()
    form = page.locator("form[data-portal-form]").bounding_box()
    assert notice is not None
    assert form is not None
    assert notice["y"] < form["y"]
    patient = page.locator("fieldset[data-portal-patient]")
    assert patient.is_hidden()  # acting for oneself (JavaScript hides the patient's identity)
    page.check("input[name=requester_capacity][value=parent]")
    assert patient.is_visible()
    page.check("input[name=requester_capacity][value=self]")
    assert patient.is_hidden()
    page.check("input[name=right][value=access]")
    page.fill("input[name=requester_first_name]", "Jeanne")
    page.fill("input[name=requester_last_name]", "Dupont")
    page.fill("input[name=requester_email]", "jeanne.dupont@example.org")
    page.fill("textarea[name=description]", "Séjour en cardiologie, mars 2025.")
    # Submitting without the acknowledgement: refused, nothing stored, the error is announced.
    page.locator("form[data-portal-form] button[type=submit]").click()
    page.wait_for_selector("#form-errors")
    assert page.locator("#id_notice_acknowledged_error").is_visible()
    page.check("input[name=notice_acknowledged]")
    page.locator("form[data-portal-form] button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/p/{organisation.slug}/sent/$"))


def _sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(re.compile("adresse e-mail|courriel", re.IGNORECASE)).fill(user.email)
    page.get_by_label(re.compile("mot de passe", re.IGNORECASE)).fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    page.get_by_label(re.compile("code", re.IGNORECASE)).first.fill(pyotp.TOTP(SECRET).now())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/portfolio/"))


def _answer_as_dpo(page, base: str, organisation, request) -> None:
    """The DPO's side, on the staff pages: start working on the request, then answer it."""
    detail = f"{base}/o/{organisation.slug}/rights/{request.pk}/"
    page.goto(detail)
    page.locator(f"form[action$='/rights/{request.pk}/start/'] button[type=submit]").click()
    page.wait_for_url(detail)
    page.goto(f"{detail}answer/")
    page.fill("textarea[name=outcome]", "Voici la copie des données vous concernant.")
    page.locator("main form.card button[type=submit]:not([name=preview])").click()
    page.wait_for_url(detail)


def test_a_patient_files_confirms_and_gets_the_answer(live_server, browser, hospital, mailoutbox):
    from egide.rights.choices import LetterKind, RequestStatus
    from egide.rights.models import RightsRequest

    organisation, dpo = hospital
    patient = browser.new_context(locale="fr-FR").new_page()
    _file_request(patient, live_server.url, organisation)
    request = RightsRequest.objects.for_organisation(organisation).get()
    assert request.status == RequestStatus.AWAITING_CONFIRMATION

    # The confirmation email's link: a GET shows a button, the click confirms.
    link = CONFIRM_LINK.search(mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    patient.goto(live_server.url + link.group(1))
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_CONFIRMATION
    patient.locator("main form button[type=submit]").click()
    patient.wait_for_url(re.compile(rf"/p/{organisation.slug}/status/"))
    status_page = patient.url
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert request.reference in patient.locator("h1").inner_text()
    assert patient.locator("a[href*='/document/']").count() == 1  # the acknowledgement

    staff = browser.new_context(locale="fr-FR").new_page()
    _sign_in(staff, live_server.url, dpo)
    _answer_as_dpo(staff, live_server.url, organisation, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED

    patient.goto(status_page)
    answer = request.issued_documents.get(letter_kind=LetterKind.ACCESS_ANSWER)
    link_to_answer = patient.locator(f"a[href*='/document/'][href$='/{answer.pk}/']")
    assert link_to_answer.is_visible()
    assert answer.title in link_to_answer.inner_text()
    with patient.expect_download() as download:
        link_to_answer.click()
    assert download.value.suggested_filename == answer.filename


def test_a_fake_pdf_proof_is_refused_and_nothing_is_stored(live_server, browser, hospital):
    from egide.rights.choices import IdentityStatus, RequestStatus
    from egide.rights.models import IdentityDocument
    from egide.rights.status_links import status_token_for
    from egide.rights.tests.factories import RightsRequestFactory

    organisation, _dpo = hospital
    request = RightsRequestFactory(
        organisation=organisation,
        includes_medical_record=True,
        status=RequestStatus.VERIFYING_IDENTITY,
        identity_status=IdentityStatus.PROOF_REQUESTED,
    )
    page = browser.new_context(locale="fr-FR").new_page()
    page.goto(f"{live_server.url}/p/{organisation.slug}/status/{status_token_for(request)}/")
    page.check("input[name=kind][value=identity]")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "carte-identite.pdf",
                "mimeType": "application/pdf",
                "buffer": b"MZ\x90\x00\x03 an executable renamed .pdf " * 20,
            }
        ],
    )
    page.locator("#upload form button[type=submit]").click()
    error = page.locator("#id_file_error")
    error.wait_for()
    assert "PDF" in error.inner_text()
    assert not IdentityDocument.objects.filter(request=request).exists()
