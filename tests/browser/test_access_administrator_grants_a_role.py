import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_agent_sees_checkpoints_once_granted_the_viewer_role(demo_site, browser):
    agent_page = browser.new_context().new_page()
    log_in(agent_page, demo_site, "agent")
    navigation = agent_page.get_by_role("navigation", name="Primary navigation")
    expect(navigation.get_by_role("link", name="Timesheet")).to_be_visible()
    expect(navigation.get_by_role("link", name="Checkpoints")).to_have_count(0)
    # The station's fleet is open to everyone with a role there.
    expect(navigation.get_by_role("link", name="Vehicles")).to_be_visible()

    admin_page = browser.new_context().new_page()
    log_in(admin_page, demo_site, "access-admin")
    admin_page.get_by_role("link", name="Security", exact=True).click()
    admin_page.get_by_role("link", name="People").click()
    admin_page.get_by_label("Search by name or username").fill("Ocotillo")
    admin_page.get_by_role("button", name="Search").click()
    admin_page.get_by_role("link", name="Alex Ocotillo").click()
    expect(admin_page.get_by_role("heading", name="Alex Ocotillo")).to_be_visible()
    assert accessibility_violations(admin_page) == []

    admin_page.get_by_label("Role").select_option(
        label="Checkpoints: Checkpoint viewer"
    )
    admin_page.get_by_label("Over").select_option(
        label="Nogales Station (Tucson Sector)"
    )
    admin_page.get_by_label("Why it is granted").fill(
        "Covers the checkpoint desk on weekends."
    )
    admin_page.get_by_role("button", name="Grant", exact=True).click()

    expect(admin_page.get_by_text("The role was granted.")).to_be_visible()
    expect(
        admin_page.get_by_role("rowheader", name="Checkpoint viewer (Checkpoints)")
    ).to_be_visible()

    agent_page.reload()
    expect(navigation.get_by_role("link", name="Checkpoints")).to_be_visible()
    navigation.get_by_role("link", name="Checkpoints").click()
    expect(
        agent_page.get_by_role("heading", name="Checkpoints", exact=True)
    ).to_be_visible()
    assert accessibility_violations(agent_page) == []
