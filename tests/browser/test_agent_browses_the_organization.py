import re

import pytest
from playwright.sync_api import expect

from bpets.demo_population import DEMO_PASSWORD
from tests.browser.conftest import accessibility_violations

pytestmark = pytest.mark.browser


def test_the_agent_logs_in_opens_a_sector_and_logs_out(demo_site, page):
    page.goto(demo_site + "/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_text("For Official Use Only (FOUO)")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_label("Username").fill("agent")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    # The design system hides the box itself and draws it in the label.
    page.locator("label[for=id_accept_notice]").click()
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Welcome, Alex Ocotillo")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Security", exact=True).click()
    page.get_by_role("link", name="Browse the organization").click()
    expect(page.get_by_role("heading", name="Organization", exact=True)).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="Tucson", exact=True).click()

    expect(page.get_by_role("heading", name="Tucson Sector")).to_be_visible()
    stations = page.locator("tbody th[data-label='Station']")
    expect(stations).to_have_count(9)
    expect(page.get_by_role("link", name="Nogales")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Log out").click()

    expect(page.get_by_role("heading", name="Log in to BPETS")).to_be_visible()
    page.goto(demo_site + "/security/organization/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_wrong_password_is_explained_and_accessible(demo_site, page):
    page.goto(demo_site + "/accounts/login/")

    page.get_by_label("Username").fill("agent")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("agent")
    assert accessibility_violations(page) == []


def test_the_accessibility_check_finds_a_real_violation(page):
    page.set_content(
        '<html lang="en"><head><title>t</title></head>'
        '<body><main><img src="data:,"></main></body></html>'
    )

    violations = accessibility_violations(page)

    assert any(line.startswith("image-alt:") for line in violations)
