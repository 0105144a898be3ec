"""Nogales's supervisor proposes a detail to Tucson Station; Tucson
Station's scheduling supervisor accepts it, naming the shift; Nogales's
supervisor is told. No page breaks its Content Security Policy, none fails
axe."""

import pytest
from playwright.sync_api import expect

from bpets.demo_population import DEMO_PASSWORD
from security.models import User
from tests.browser.conftest import accessibility_violations, log_in
from tests.browser.test_supervisor_decides_leave import watch_policy

pytestmark = pytest.mark.browser


def test_one_side_proposes_and_the_other_accepts(demo_site, browser):
    # The demo's Tucson Station scheduler has no password; this test gives
    # one, as an administrator would.
    gaining = User.objects.get(username="tucson.scheduler")
    gaining.set_password(DEMO_PASSWORD)
    gaining.save()
    refusals = []

    home = browser.new_context().new_page()
    watch_policy(home, refusals)
    log_in(home, demo_site, "supervisor")
    home.goto(demo_site + "/scheduling/")
    home.get_by_role("link", name="Details").click()
    home.get_by_role("link", name="Propose a detail").click()
    assert accessibility_violations(home) == []
    home.get_by_label("Person").select_option(
        label="Ironwood, Sam (Nogales Station (Tucson Sector))"
    )
    home.get_by_label("Detailed to (gaining station)").select_option(
        label="Tucson Station (Tucson Sector)"
    )
    home.get_by_label("First day").fill("2027-06-07")
    home.get_by_label("Last day").fill("2027-06-11")
    home.get_by_label("Purpose").fill("Relief at the I-19 checkpoint.")
    home.get_by_role("button", name="Propose").click()
    expect(
        home.get_by_text("The detail was proposed to the other station.")
    ).to_be_visible()
    expect(home.get_by_role("heading", name="Detail of Sam Ironwood")).to_be_visible()

    other = browser.new_context().new_page()
    watch_policy(other, refusals)
    log_in(other, demo_site, "tucson.scheduler")
    other.goto(demo_site + "/scheduling/details/")
    waiting = other.get_by_role("table").first
    waiting.get_by_role("link", name="Ironwood, Sam").click()
    other.get_by_label("Shift at the gaining station").select_option(
        label="Tucson: Days (07:00)"
    )
    other.get_by_role("button", name="Accept").click()
    expect(other.get_by_text("The detail was accepted.")).to_be_visible()
    expect(other.get_by_role("definition").filter(has_text="Accepted")).to_be_visible()
    assert accessibility_violations(other) == []

    home.goto(demo_site + "/notifications/")
    expect(
        home.get_by_role("rowheader", name="Sam Ironwood from Nogales to Tucson").first
    ).to_be_visible()
    assert refusals == []
