"""End to end in Debian's Chromium (Playwright): sign in with MFA, switch organisation, switch language,
and find no untranslated string on the pages visited."""

from __future__ import annotations

import os
import re
from pathlib import Path

import polib
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
FR_PO = Path(__file__).resolve().parent.parent / "src/egide/locale/fr/LC_MESSAGES/django.po"
# Words that only show up in English sentences: finding one in a French page means a string escaped translation.
ENGLISH_MARKERS = re.compile(
    r"\b(the|and|your|with|this|from|sign in|sign out|members|settings|organisation|language|"
    r"dashboard|portfolio|audit trail|save|cancel|search|password|required)\b",
    re.IGNORECASE,
)

# Text of the page, element by element, leaving out what is not in the page language on purpose:
# elements with their own lang (the language switcher), code and user data marked translate="no".
VISIBLE_TEXT_JS = """
() => {
  const skip = (el) => el.closest('[lang]:not(html), code, pre, [translate="no"], script, style, noscript');
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (text && !skip(node.parentElement)) out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], input[type=submit]')) {
    if (skip(el)) continue;
    for (const attr of ['placeholder', 'aria-label', 'title', 'value']) {
      if (attr === 'value' && el.type !== 'submit') continue;
      const v = el.getAttribute(attr);
      if (v && v.trim()) out.push(v.trim());
    }
  }
  return out;
}
"""


@pytest.fixture
def browser_page():
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's sync API runs an event loop in this thread
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        yield page
        context.close()
        browser.close()


@pytest.fixture
def two_organisations(transactional_db):
    from egide.accounts.services import mfa_device_enrol_confirmed
    from egide.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
    from egide.core.audit import Actor

    user = UserFactory(email="dpo@browser.test", full_name="Camille Martin")
    first = OrganisationFactory(slug="ch-alpha", legal_name="Centre hospitalier Alpha")
    second = OrganisationFactory(slug="clinique-beta", legal_name="Clinique Beta")
    MembershipFactory(user=user, organisation=first, role="dpo")
    MembershipFactory(user=user, organisation=second, role="manager")
    mfa_device_enrol_confirmed(actor=Actor.system("test"), user=user, secret=SECRET)
    return user, first, second


def _english_strings() -> set[str]:
    catalogue = polib.pofile(str(FR_PO))
    return {e.msgid for e in catalogue if e.msgstr and e.msgstr != e.msgid and len(e.msgid) > 3}


def _untranslated(texts: list[str], english: set[str]) -> list[str]:
    return [t for t in texts if t in english or ENGLISH_MARKERS.search(t)]


def test_sign_in_with_mfa_switch_organisation_and_language(
    live_server, browser_page, two_organisations
):
    from playwright.sync_api import expect

    user, first, second = two_organisations
    page = browser_page
    english = _english_strings()
    visited: dict[str, list[str]] = {}

    def check_french(label: str) -> None:
        assert page.locator("html").get_attribute("lang") == "fr"
        visited[label] = _untranslated(page.evaluate(VISIBLE_TEXT_JS), english)

    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response is not None
    assert response.status == 200, page.content()[:2000]
    check_french("login")
    page.get_by_label(re.compile("adresse e-mail|courriel", re.IGNORECASE)).fill(user.email)
    page.get_by_label(re.compile("mot de passe", re.IGNORECASE)).fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    page.wait_for_url(re.compile(r"/accounts/login/verify/"))
    check_french("login verify")
    page.get_by_label(re.compile("code", re.IGNORECASE)).first.fill(pyotp.TOTP(SECRET).now())
    page.locator("main form button[type=submit]").first.click()

    page.wait_for_url(re.compile(r"/portfolio/"))
    check_french("portfolio")
    assert page.get_by_text(first.legal_name).first.is_visible()
    assert page.get_by_text(second.legal_name).first.is_visible()

    page.goto(f"{live_server.url}/o/{first.slug}/")
    check_french("dashboard alpha")
    for path in ("members/", "settings/", "audit/", "tokens/"):
        page.goto(f"{live_server.url}/o/{first.slug}/{path}")
        check_french(f"alpha {path}")

    # Switch organisation with the switcher in the header.
    page.select_option("#organisation-select", second.slug)
    page.wait_for_url(re.compile(rf"/o/{second.slug}/"))
    check_french("dashboard beta")
    assert second.legal_name in page.locator(".sidenav-title").inner_text()

    # Switch language to English, then back to French.
    # The switch submits a form and reloads the same URL: wait for the new document's lang, not for "idle"
    # (idle can be observed before the navigation starts).
    page.select_option("#language-select", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.get_by_role("button", name="Sign out").is_visible()
    page.select_option("#language-select", "fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    check_french("back in French")
    assert page.get_by_role("button", name="Se déconnecter").is_visible()

    leaks = {label: found for label, found in visited.items() if found}
    assert not leaks, f"untranslated strings on French pages: {leaks}"
