import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_administrator_completes_a_checkpoint_and_records_its_status(
    demo_site, page
):
    log_in(page, demo_site, "access-admin")
    page.goto(demo_site + "/checkpoints/")
    page.get_by_role("link", name="Checkpoints (7)").click()

    expect(page.get_by_role("heading", name="Checkpoints", exact=True)).to_be_visible()
    expect(page.locator("tbody th[data-label='Checkpoint']")).to_have_count(7)
    assert accessibility_violations(page) == []

    page.get_by_role("link", name="SR 80 (Tombstone)").click()
    page.get_by_role("link", name="Complete or correct the profile").click()
    page.get_by_label("Facility type").select_option("PERMANENT")
    page.get_by_label("Primary inspection lanes").fill("2")
    page.get_by_label("Latitude").fill("31.75")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Give the longitude with the latitude.")).to_be_visible()
    expect(page.get_by_label("Latitude")).to_have_value("31.75")
    expect(page.get_by_label("Primary inspection lanes")).to_have_value("2")
    assert accessibility_violations(page) == []

    page.get_by_label("Longitude").fill("-110.06")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("heading", name="SR 80 (Tombstone) checkpoint")
    ).to_be_visible()
    expect(page.get_by_text("31.75000, -110.06000")).to_be_visible()

    page.get_by_role("link", name="Change the operating status").click()
    page.locator("label[for=id_status_1]").click()
    page.get_by_label("In effect from").fill("2021-01-20")
    page.get_by_role("button", name="Record the status").click()
    expect(page.get_by_text("Say why the checkpoint is not operating.")).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_label("Why").fill("Staff sent to the border.")
    page.get_by_role("button", name="Record the status").click()

    expect(page.get_by_text("Non-operational since 2021-01-20")).to_be_visible()
    why = page.get_by_role("cell", name="Staff sent to the border.", exact=True)
    expect(why).to_be_visible()
    assert accessibility_violations(page) == []
