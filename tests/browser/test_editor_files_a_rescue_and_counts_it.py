from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_editor_files_a_rescue_with_its_subject_and_finds_it_counted(
    demo_site, page
):
    log_in(page, demo_site, "bsits-editor")
    page.goto(demo_site + "/bsits/")
    page.get_by_role("link", name="Record a death or a rescue").click()

    expect(page.get_by_text("A use-of-force incident is never").first).to_be_visible()
    assert accessibility_violations(page) == []
    page.locator("#id_station").select_option(label="Nogales (Tucson Sector)")
    page.locator("label[for=id_event_type_1]").click()
    yesterday = timezone.localdate() - timedelta(days=1)
    page.locator("#id_day").fill(f"{yesterday:%Y-%m-%d}")
    page.get_by_label("Time (the station's local time)").fill("16:45")
    page.get_by_label("Location").fill("Peck Canyon, 3 miles north of the road.")
    page.get_by_label("Latitude").fill("31.45")
    page.get_by_role("button", name="Save the event").click()

    expect(
        page.get_by_text("Give the latitude and the longitude, or neither.")
    ).to_be_visible()
    expect(page.get_by_label("Latitude")).to_have_value("31.45")
    assert accessibility_violations(page) == []
    page.get_by_label("Longitude").fill("-111.12")
    page.get_by_label("Terrain").select_option(label="Mountains or canyon")
    page.get_by_label("Circumstance").select_option(
        label="Fall (wall, cliff or canyon)"
    )
    page.locator("label[for=id_responses_0]").click()
    page.get_by_role("button", name="Save the event").click()

    expect(page.get_by_role("heading", name="Rescue BSI-TCA-")).to_be_visible()
    page.get_by_role("link", name="Add a subject").click()
    page.get_by_label("Family name").fill("Ejemplo")
    page.get_by_label("Given names").fill("Tomás")
    page.get_by_label("Nationality").fill("Honduras")
    page.get_by_label("Gender").select_option(label="Male")
    page.get_by_label("Citizenship status").select_option(label="Non-citizen")
    page.get_by_label("Disposition").select_option(label="In hospital")
    page.get_by_label("Enforcement event number").fill("NGL2607000123")
    page.get_by_role("button", name="Save the subject").click()

    expect(
        page.get_by_role("alert").get_by_text("The link to an enforcement")
    ).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_label("Enforcement event number").fill("")
    page.get_by_role("button", name="Save the subject").click()

    expect(page.get_by_role("rowheader", name="Tomás Ejemplo")).to_be_visible()
    assert accessibility_violations(page) == []

    page.goto(demo_site + "/bsits/")
    page.get_by_role("link", name="Counts").click()
    by_station = page.get_by_role("table", name="Deaths and rescues by station")
    # The demo's death and two rescues at Nogales (one from the enforcement
    # system), and this rescue.
    expect(by_station.get_by_role("row", name="Nogales 1 3 4")).to_be_visible()
    expect(
        page.get_by_role(
            "table", name="Deaths and rescues by circumstance"
        ).get_by_role("row", name="Fall (wall, cliff or canyon) 0 1 1")
    ).to_be_visible()
    assert "Ejemplo" not in page.content()
    assert accessibility_violations(page) == []
