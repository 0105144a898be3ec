import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_supervisor_prints_the_emergency_report_marked_on_every_page(
    demo_site, browser
):
    page = browser.new_context().new_page()
    log_in(page, demo_site, "supervisor")
    page.get_by_role("link", name="Staffing", exact=True).click()
    page.get_by_role("link", name="Emergency notification report").click()

    expect(
        page.get_by_role("heading", name="Emergency notification report")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    expect(page.get_by_text("Sam Ocotillo")).to_be_visible()
    assert accessibility_violations(page) == []

    # What the browser's Print makes of the page, through the print stylesheet.
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    texts = [" ".join(sheet.extract_text().split()) for sheet in printed.pages]
    assert "Sam Ocotillo" in "".join(texts)
    assert "Log out" not in "".join(texts)
    for number, text in enumerate(texts, start=1):
        assert text.count("For Official Use Only") >= 2
        assert f"Page {number} of {len(texts)}" in text
