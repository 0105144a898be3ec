"""In a real browser, no page breaks its own Content Security Policy.

The policy refuses inline script and style. A library that adds a <style>
element or a style attribute (htmx's indicator, a design-system widget)
shows in the browser's console as a refusal; none may appear, also while
htmx swaps results into a page.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, policy_refusals

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/staffing/",
    "/staffing/me/",
    "/staffing/canines/",
    "/security/",
    "/security/access/",
    "/security/audit/",
    "/security/organization/",
]


def test_no_page_is_refused_anything_by_its_policy(demo_site, browser):
    page = browser.new_context().new_page()
    refusals = []
    page.on(
        "console",
        lambda message: (
            refusals.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: refusals.append(f"{page.url}: {error}"))
    log_in(page, demo_site, "supervisor")

    for path in PAGES:
        page.goto(demo_site + path)
        expect(page.locator("main h1").first).to_be_visible()
    page.goto(demo_site + "/staffing/")
    page.get_by_role("link", name="Staff directory").click()
    page.get_by_label("Name").press_sequentially("sagu", delay=40)
    expect(page.get_by_role("heading", name="1 person found")).to_be_visible()
    # The narrow layout opens the menu, which the design system's script draws.
    page.set_viewport_size({"width": 480, "height": 800})
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Primary navigation")).to_be_visible()

    assert refusals == []


def test_a_refusal_would_be_seen(demo_site, browser):
    page = browser.new_context().new_page()
    refusals = policy_refusals(page)
    page.goto(demo_site + "/accounts/login/")

    page.evaluate(
        "() => { const s = document.createElement('style');"
        " s.textContent = 'body { color: red }'; document.head.append(s); }"
    )
    page.wait_for_timeout(200)

    assert len(refusals) == 1
    assert "style-src 'self'" in refusals[0]
