import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_editor_takes_the_enforcement_systems_terrain(demo_site, page):
    log_in(page, demo_site, "bsits-editor")
    page.goto(demo_site + "/bsits/")
    page.get_by_role("link", name="Enforcement corrections to review (1)").click()

    table = page.get_by_role("table", name="Fields waiting for a decision, 1 in all")
    row = table.get_by_role("row").filter(has_text="Event: Terrain")
    expect(row.get_by_text("Mountains or canyon")).to_be_visible()
    expect(row.get_by_text("Brush or farmland")).to_be_visible()
    assert accessibility_violations(page) == []
    row.get_by_role("button", name="Take the system's terrain").click()

    expect(page.get_by_text("the terrain is decided.")).to_be_visible()
    expect(page.get_by_text("Nothing waits for a decision.")).to_be_visible()
    assert accessibility_violations(page) == []
    page.goto(demo_site + "/bsits/events/")
    page.get_by_role("row").filter(has_text="Lost or abandoned").get_by_role(
        "link"
    ).click()
    expect(page.get_by_text("Brush or farmland")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Review: the enforcement system's terrain taken")
    ).to_be_visible()
