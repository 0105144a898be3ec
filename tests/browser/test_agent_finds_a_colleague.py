import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_results_follow_the_typing_and_the_personnel_decide_a_correction(
    demo_site, browser
):
    page = browser.new_context().new_page()
    log_in(page, demo_site, "agent")
    page.goto(demo_site + "/staffing/")
    page.get_by_role("link", name="Staff directory").click()

    # No button pressed: htmx fetches the results as the name is typed.
    page.get_by_label("Name").press_sequentially("sagu", delay=40)
    results = page.locator("#directory-results")
    expect(results.get_by_role("heading", name="1 person found")).to_be_visible()
    expect(results.get_by_role("link", name="Saguaro, Dana")).to_be_visible()
    assert "name=sagu" in page.url
    assert accessibility_violations(page) == []

    page.get_by_label("Name").fill("")
    page.get_by_label("Special skill").select_option(
        label="BORSTAR (search, trauma and rescue)"
    )
    expect(results.get_by_role("link", name="Brittlebush, Priya")).to_be_visible()

    page.goto(demo_site + "/staffing/me/corrections/")
    expect(page.get_by_text("Waiting for personnel")).to_be_visible()
    assert accessibility_violations(page) == []

    personnel = browser.new_context().new_page()
    log_in(personnel, demo_site, "personnel")
    personnel.goto(demo_site + "/staffing/")
    personnel.get_by_role(
        "link", name="Correction requests waiting for personnel: 1"
    ).click()
    personnel.get_by_role("row", name="Alex Ocotillo").get_by_role("link").click()
    # The design system hides the radio itself and draws it in the label.
    personnel.get_by_text("Decline", exact=True).click()
    personnel.get_by_label("Reason").fill("The DD-214 has not reached HR yet.")
    personnel.get_by_role("button", name="Record the decision").click()
    expect(
        personnel.get_by_text("Declined; the person can read your reason.")
    ).to_be_visible()

    page.reload()
    expect(
        page.get_by_text("Declined: The DD-214 has not reached HR yet.")
    ).to_be_visible()
