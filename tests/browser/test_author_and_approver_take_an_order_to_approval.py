import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser

PARAGRAPHS = {
    "1. Situation": "Foot traffic on the Sky Island trails rose in May.",
    "2. Mission": "Nogales Station patrols the trails from 0400 to 1600.",
    "3. Execution": "Two teams of three on foot; one UTV at the trailhead.",
    "4. Administration and logistics": "Water and radios from the station.",
    "5. Command and control, and communications": "Hourly reports to the watch.",
}


def test_the_author_writes_an_order_and_the_sector_approver_approves_it(
    demo_site, browser
):
    author = browser.new_context().new_page()
    log_in(author, demo_site, "ops-author")
    author.goto(demo_site + "/operations-orders/")
    author.get_by_role("link", name="Write an operations order").first.click()

    expect(
        author.get_by_role("heading", name="Write an operations order")
    ).to_be_visible()
    assert accessibility_violations(author) == []
    author.get_by_label("Sector").select_option(label="Tucson Sector")
    author.get_by_label("Station").select_option(label="Nogales (Tucson Sector)")
    author.get_by_label("Operation name").fill("Operation Sky Island")
    author.get_by_label("Purpose").fill("Interdiction on the Sky Island trails.")
    author.get_by_label("Start date").fill("2026-06-01")
    author.get_by_label("End date").fill("2026-06-14")
    for label, text in PARAGRAPHS.items():
        author.get_by_label(label).fill(text)
    author.get_by_label("1. Situation").fill("Seen with SSN 078-05-1120 on the trail.")
    author.locator("#id_estimate-0-category").select_option("OVERTIME")
    author.locator("#id_estimate-0-description").fill("Overtime, 6 agents")
    author.locator("#id_estimate-0-amount").fill("7200.00")
    author.locator("#id_estimate-1-category").select_option("FUEL")
    author.locator("#id_estimate-1-description").fill("Fuel for the UTV")
    author.locator("#id_estimate-1-amount").fill("310.40")
    author.get_by_role("button", name="Save the draft").click()

    expect(
        author.get_by_text("Situation holds what looks like a Social Security number.")
    ).to_be_visible()
    expect(author.get_by_label("1. Situation")).to_have_value(
        "Seen with SSN 078-05-1120 on the trail."
    )
    expect(author.locator("#id_estimate-1-amount")).to_have_value("310.40")
    assert accessibility_violations(author) == []
    author.get_by_label("1. Situation").fill(PARAGRAPHS["1. Situation"])
    author.get_by_role("button", name="Save the draft").click()

    expect(
        author.get_by_role("heading", name=re.compile("Operation Sky Island"))
    ).to_be_visible()
    expect(author.get_by_role("cell", name="7,510.40")).to_be_visible()
    assert accessibility_violations(author) == []
    author.get_by_role("button", name="Submit for approval").click()
    expect(
        author.get_by_role("status").get_by_text("Submitted for approval.")
    ).to_be_visible()
    expect(author.get_by_role("button", name="Approve")).to_have_count(0)

    approver = browser.new_context().new_page()
    log_in(approver, demo_site, "ops-approver")
    approver.goto(demo_site + "/operations-orders/orders/?text=Sky+Island")
    assert accessibility_violations(approver) == []
    approver.get_by_role("rowheader").get_by_role("link").click()
    approver.get_by_role("button", name="Approve").click()

    expect(approver.get_by_role("status").get_by_text("Approved.")).to_be_visible()
    expect(
        approver.get_by_text("Approved. Tucson Sector, Nogales Station")
    ).to_be_visible()
    assert accessibility_violations(approver) == []


def test_the_amended_demo_order_reads_side_by_side_and_prints(demo_site, page):
    log_in(page, demo_site, "ops-approver")
    page.goto(demo_site + "/operations-orders/orders/?status=ACTIVE")
    page.get_by_role("rowheader").get_by_role("link").click()
    page.get_by_role("link", name="revisions side by side").click()

    table = page.get_by_role("table", name="Revision 1 beside revision 2")
    expect(table.get_by_text("From the 15th, a third 4x4 team")).to_be_visible()
    expect(table.get_by_text("Changed")).to_have_count(2)
    assert accessibility_violations(page) == []

    page.get_by_role("link", name=re.compile("Back to TCA-")).click()
    page.get_by_role("link", name="Print the order").click()
    expect(
        page.get_by_role("heading", name=re.compile("Operations order TCA-"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    assert accessibility_violations(page) == []
