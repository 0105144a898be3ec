"""The agent asks for leave; the supervisor approves it in place; the agent
is told. No page breaks its Content Security Policy, none fails axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def watch_policy(page, refusals):
    page.on(
        "console",
        lambda message: (
            refusals.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: refusals.append(f"{page.url}: {error}"))


def test_the_agent_asks_and_the_supervisor_approves_in_place(demo_site, browser):
    refusals = []
    agent = browser.new_context().new_page()
    watch_policy(agent, refusals)
    log_in(agent, demo_site, "agent")
    agent.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Scheduling"
    ).click()
    agent.get_by_role("link", name="My leave and schedule requests").click()
    expect(agent.get_by_role("cell", name="Pending")).to_have_count(1)
    agent.get_by_role("link", name="Request leave").click()
    agent.get_by_label("Type of leave").select_option(label="Sick leave")
    agent.get_by_label("First day").fill("2027-06-01")
    agent.get_by_label("Last day").fill("2027-06-01")
    agent.get_by_label("Hours of leave").fill("4")
    agent.get_by_role("button", name="Send to my supervisor").click()
    expect(agent.get_by_text("Sick leave, 4 hours on 2027-06-01")).to_be_visible()
    assert accessibility_violations(agent) == []

    supervisor = browser.new_context().new_page()
    watch_policy(supervisor, refusals)
    log_in(supervisor, demo_site, "supervisor")
    supervisor.goto(demo_site + "/scheduling/")
    supervisor.get_by_role("link", name="Requests to decide").click()
    card = supervisor.get_by_role("region", name="Alex Ocotillo: Sick leave")
    card.get_by_role("button", name="Approve").click()
    expect(card.get_by_text("Approved: the request was approved.")).to_be_visible()
    assert accessibility_violations(supervisor) == []

    agent.goto(demo_site + "/notifications/")
    expect(
        agent.get_by_role("rowheader", name="was approved by Jordan Mesquite").first
    ).to_be_visible()
    # The demo's approval and this one, counted in the header.
    header_count = agent.get_by_role("link", name="Notifications 2 unread")
    expect(header_count).to_be_visible()
    agent.get_by_role("button", name="Mark all read").click()
    expect(agent.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert accessibility_violations(agent) == []
    assert refusals == []
