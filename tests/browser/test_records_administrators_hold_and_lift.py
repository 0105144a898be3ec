import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_one_records_administrator_holds_a_person_and_another_lifts_it(
    demo_site, browser
):
    placer = browser.new_context().new_page()
    log_in(placer, demo_site, "access-admin")
    placer.get_by_role("link", name="Security", exact=True).click()
    placer.get_by_role("link", name="Records retention").click()

    expect(placer.get_by_role("heading", name="Records retention")).to_be_visible()
    expect(placer.get_by_role("rowheader", name="Medical information")).to_be_visible()
    assert accessibility_violations(placer) == []

    placer.get_by_label("Person (username)").fill("agent")
    placer.get_by_label("Reason").fill("Claim 2026-31.")
    placer.get_by_role("button", name="Place the hold").click()
    expect(placer.get_by_text("The legal hold stands.")).to_be_visible()
    expect(
        placer.get_by_text("Another records administrator lifts it.")
    ).to_be_visible()

    placer.get_by_role("button", name="Dry run: list what the next run removes").click()
    expect(
        placer.get_by_role("heading", name="Audit records", exact=True)
    ).to_be_visible()
    assert accessibility_violations(placer) == []

    lifter = browser.new_context().new_page()
    log_in(lifter, demo_site, "supervisor")
    lifter.goto(demo_site + "/security/retention/")
    lifter.get_by_role("link", name="Lift hold").click()
    lifter.get_by_role("button", name="Lift the hold").click()
    expect(lifter.get_by_text("This field is required.")).to_be_visible()
    assert accessibility_violations(lifter) == []
    lifter.get_by_label("Reason").fill("Claim withdrawn.")
    lifter.get_by_role("button", name="Lift the hold").click()

    expect(lifter.get_by_text("The legal hold is lifted.")).to_be_visible()
    expect(lifter.get_by_text("No legal hold stands.")).to_be_visible()
