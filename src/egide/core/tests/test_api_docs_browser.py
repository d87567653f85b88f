"""The Swagger UI page really works under the strict Content Security Policy (Debian's Chromium)."""

from __future__ import annotations

import os

import pytest
from conftest import skip_or_fail

pytestmark = [pytest.mark.browser]

CHROMIUM = os.environ.get("EGIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def test_swagger_ui_renders_without_any_csp_violation(live_server, transactional_db):
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = (
        "true"  # Playwright's sync API runs an event loop here
    )
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    requested: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on(
            "console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("request", lambda request: requested.append(request.url))
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        page.goto(f"{live_server.url}/api/docs/")
        page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
        title = page.inner_text(".swagger-ui .info .title")
        page.wait_for_selector("#operations-members-members_list", timeout=20_000)
        violations = page.evaluate("window.__csp")
        browser.close()
    assert "Egide API" in title
    assert violations == []
    assert not [p for p in problems if "Content Security Policy" in p], problems
    assert all(url.startswith(live_server.url) for url in requested), requested
