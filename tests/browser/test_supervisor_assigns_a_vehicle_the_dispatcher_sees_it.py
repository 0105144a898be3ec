from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scheduling.models import DailyEntry, DailySchedule
from tests.browser.conftest import accessibility_violations, log_in
from vehicles.models import Assignment, Vehicle

pytestmark = pytest.mark.browser

PHOENIX = ZoneInfo("America/Phoenix")  # Nogales


def shift_around_now():
    """A ten-hour shift on today's G-481 that has begun: from the hour
    before the last whole hour (midnight at the earliest)."""
    now = timezone.now().astimezone(PHOENIX)
    start = time(max(now.hour - 1, 0))
    begins = datetime.combine(now.date(), start, tzinfo=PHOENIX)
    return now.date(), start, begins, begins + timedelta(hours=10)


def test_the_supervisor_assigns_a_vehicle_and_zone_and_the_dispatcher_sees_it(
    demo_site, browser
):
    day, start, begins, ends = shift_around_now()
    daily = DailySchedule.objects.get(station__name="Nogales", day=day)
    entry = (
        DailyEntry.objects.filter(daily=daily)
        .exclude(employee__user__username="supervisor")
        .select_related("employee")
        .order_by("employee__last_name")
        .first()
    )
    name = f"{entry.employee.last_name}, {entry.employee.first_name}"
    taken = Assignment.objects.filter(
        starts_at__lt=ends, ends_at__gt=begins
    ).values_list("vehicle_id", flat=True)
    free = (
        Vehicle.objects.filter(station=daily.station, status="IN_SERVICE")
        .exclude(pk__in=taken)
        .exclude(assignments__ends_at__isnull=True)
        .order_by("fleet_number")
        .first()
    )

    page = browser.new_context().new_page()
    log_in(page, demo_site, "supervisor")
    page.goto(demo_site + "/scheduling/")
    page.get_by_role("link", name="G-481 daily schedules").click()
    page.get_by_role("link", name=f"{day:%a} {day.day} {day:%b %Y}").click()
    expect(page.get_by_role("heading", name="G-481: Nogales")).to_be_visible()
    assert accessibility_violations(page) == []

    # The line's editor opens beside the day, in place.
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=f"{name}:")).to_be_visible()
    page.get_by_label("Shift starts").fill(f"{start:%H:%M}")
    page.get_by_label("Shift ends").fill(f"{ends.time():%H:%M}")
    page.get_by_label("Zone").select_option(label="Z02 Town corridor")
    page.get_by_label("Vehicle").select_option(
        label=f"{free.fleet_number} (in service)"
    )
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Save this line").click()
    expect(page.get_by_text(f"{name}: saved.")).to_be_visible()
    row = page.locator(f"#entry-{entry.pk}")
    expect(row).to_contain_text("Z02 Town corridor")
    expect(row).to_contain_text(free.fleet_number)

    entry.refresh_from_db()
    assert (entry.shift_start, entry.shift_end) == (begins, ends)
    assert entry.vehicle_assignment.vehicle_id == free.pk

    dispatch = browser.new_context().new_page()
    log_in(dispatch, demo_site, "dispatcher")
    dispatch.goto(demo_site + "/scheduling/")
    dispatch.get_by_role("link", name="On shift now").click()
    expect(
        dispatch.get_by_role("heading", name="On shift now: Nogales")
    ).to_be_visible()
    line = dispatch.get_by_role("row", name=name)
    expect(line).to_contain_text("Z02 Town corridor")
    expect(line).to_contain_text(free.fleet_number)
    expect(line).to_contain_text(f"{start:%H:%M}–{ends.time():%H:%M}")
    expect(dispatch.get_by_role("link", name="G-481 daily schedules")).to_have_count(0)
    assert accessibility_violations(dispatch) == []
