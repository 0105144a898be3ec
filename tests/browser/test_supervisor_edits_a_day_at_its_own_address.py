from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scheduling import pay_periods
from scheduling.models import CellStatus, Schedule, ScheduleCell
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_the_day_editor_opened_at_its_own_address_saves(demo_site, browser):
    # A bookmark, a reload or a new tab opens the editor without the grid:
    # its form must still post, and lead back to the grid.
    upcoming = pay_periods.following(pay_periods.containing(timezone.localdate()))
    schedule = Schedule.objects.get(
        station__name="Nogales", pay_period__start_date=upcoming.start
    )
    workday = (
        ScheduleCell.objects.filter(
            row__schedule=schedule,
            row__employee__user__username="agent",
            day__lt=upcoming.start + timedelta(days=7),
            status=CellStatus.WORKDAY,
        )
        .order_by("day")
        .first()
    )

    page = browser.new_context().new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, demo_site, "supervisor")
    page.goto(demo_site + f"/scheduling/g259/{schedule.pk}/cells/{workday.pk}/")
    expect(page.get_by_role("button", name="Save this day")).to_be_visible()

    page.get_by_label("Status").select_option(label="Regular day off")
    page.get_by_label("Remarks").fill("Swapped with Monday")
    page.get_by_role("button", name="Save this day").click()

    expect(page.get_by_role("heading", name="G-259: Nogales")).to_be_visible()
    assert page.url == demo_site + f"/scheduling/g259/{schedule.pk}/"
    expect(page.get_by_text("1 cell changed.")).to_be_visible()
    expect(page.get_by_text("Week 1 has 4 workdays")).to_be_visible()
    assert not [text for text in console if "targetError" in text]
    workday.refresh_from_db()
    assert (workday.status, workday.remarks) == (
        CellStatus.DAY_OFF,
        "Swapped with Monday",
    )
