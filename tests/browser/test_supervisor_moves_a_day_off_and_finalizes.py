from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scheduling import pay_periods
from scheduling.models import CellStatus, Schedule, ScheduleCell
from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_supervisor_moves_an_agents_day_off_and_finalizes(demo_site, browser):
    upcoming = pay_periods.following(pay_periods.containing(timezone.localdate()))
    schedule = Schedule.objects.get(
        station__name="Nogales", pay_period__start_date=upcoming.start
    )
    week = ScheduleCell.objects.filter(
        row__schedule=schedule,
        row__employee__user__username="agent",
        day__lt=upcoming.start + timedelta(days=7),
    ).order_by("day")
    day_off = next(cell for cell in week if cell.status == CellStatus.DAY_OFF)
    workday = next(
        cell
        for cell in week
        if cell.status == CellStatus.WORKDAY and cell.day > day_off.day
    )

    page = browser.new_context().new_page()
    log_in(page, demo_site, "supervisor")
    page.goto(demo_site + "/scheduling/")
    page.get_by_role("link", name="G-259 schedules").click()
    page.goto(demo_site + f"/scheduling/g259/{schedule.pk}/")
    expect(page.get_by_role("heading", name="G-259: Nogales")).to_be_visible()
    assert accessibility_violations(page) == []

    # The agent's workday becomes their day off, in place.
    page.get_by_label(f"Select {workday.day:%a %d %b}, Ocotillo, Alex").check()
    page.get_by_label("Status").select_option(label="Regular day off")
    page.get_by_role("button", name="Apply to the selected cells").click()
    expect(page.get_by_text("1 cell changed.")).to_be_visible()
    # One day off too many that week, until the old one is worked.
    expect(page.get_by_text("Week 1 has 4 workdays")).to_be_visible()

    page.get_by_label(f"Select {day_off.day:%a %d %b}, Ocotillo, Alex").check()
    page.get_by_label("Status").select_option(label="Scheduled workday")
    page.get_by_label("Shift", exact=True).select_option(label="Days (06:00, 10 h)")
    page.get_by_role("button", name="Apply to the selected cells").click()
    expect(page.get_by_text("1 cell changed.")).to_be_visible()
    expect(page.get_by_text("Week 1 has 4 workdays")).to_have_count(0)
    assert accessibility_violations(page) == []

    page.get_by_role("button", name="Finalize the G-259").click()
    expect(
        page.get_by_text("The G-259 is finalized; its G-481s are being built.")
    ).to_be_visible()
    expect(
        page.get_by_role("button", name="Apply to the selected cells")
    ).to_have_count(0)

    moved = {
        cell.day: cell
        for cell in ScheduleCell.objects.filter(pk__in=[day_off.pk, workday.pk])
    }
    assert moved[workday.day].status == CellStatus.DAY_OFF
    assert moved[day_off.day].status == CellStatus.WORKDAY
    assert (
        moved[day_off.day].shift_start.astimezone(ZoneInfo("America/Phoenix")).hour == 6
    )
    schedule.refresh_from_db()
    assert schedule.is_finalized
