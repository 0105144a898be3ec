import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_agent_follows_the_profile_to_the_truck_and_the_administrator_keeps_it(
    demo_site, browser
):
    page = browser.new_context().new_page()
    log_in(page, demo_site, "agent")
    page.goto(demo_site + "/staffing/me/")
    panel = page.get_by_role("region", name="Current vehicle")
    expect(panel).to_contain_text("long-term custody, from 2026-01-05 07:00 MST")
    panel.get_by_role("link", name="NGL-1101").click()
    expect(page.get_by_role("heading", name="NGL-1101", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Alex Ocotillo")).to_be_visible()
    assert accessibility_violations(page) == []

    administrator = browser.new_context().new_page()
    log_in(administrator, demo_site, "access-admin")
    administrator.goto(demo_site + "/vehicles/")
    administrator.get_by_role("link", name="Nogales").click()
    administrator.get_by_label("Type").select_option(label="Transport van")
    administrator.get_by_role("button", name="Filter").click()
    expect(administrator.get_by_text("2 vehicles matching the filter")).to_be_visible()
    assert accessibility_violations(administrator) == []

    administrator.get_by_role("link", name="NGL-1201").click()
    administrator.get_by_role("link", name="Record the odometer").click()
    administrator.get_by_label("Miles").fill("10")
    administrator.get_by_role("button", name="Record the reading").click()
    expect(administrator.get_by_text("would mean it ran backwards")).to_be_visible()
    expect(administrator.get_by_label("Miles")).to_have_value("10")
    assert accessibility_violations(administrator) == []
