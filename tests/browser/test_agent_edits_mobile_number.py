import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_agent_edits_their_mobile_and_their_supervisor_sees_it(demo_site, browser):
    agent = browser.new_context().new_page()
    log_in(agent, demo_site, "agent")
    agent.get_by_role("link", name="Staffing", exact=True).click()
    agent.get_by_role("link", name="My profile").click()
    expect(agent.get_by_role("heading", name="Alex Ocotillo")).to_be_visible()
    assert accessibility_violations(agent) == []

    agent.get_by_role("link", name="Change personal information").click()
    agent.get_by_label("Mobile phone").fill("(520) 555-0163")
    agent.get_by_role("button", name="Save").click()
    expect(agent.get_by_text("Saved.")).to_be_visible()

    supervisor = browser.new_context().new_page()
    log_in(supervisor, demo_site, "supervisor")
    supervisor.get_by_role("link", name="Staffing", exact=True).click()
    supervisor.get_by_role("link", name="Alex Ocotillo").click()

    expect(supervisor.get_by_text("(520) 555-0163", exact=True)).to_be_visible()
    expect(supervisor.get_by_role("cell", name="Mobile phone:")).to_contain_text(
        "→ (520) 555-0163"
    )
    assert accessibility_violations(supervisor) == []
