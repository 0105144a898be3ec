"""The agent enters a day of annual leave on the timesheet and submits it;
the timekeeper validates it; the supervisor certifies it. No page breaks
its Content Security Policy, none fails axe."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in
from tests.browser.test_supervisor_decides_leave import watch_policy
from timesheet import entries, validation
from timesheet.models import Timesheet
from timesheet.workflow import unclosed_shifts

pytestmark = pytest.mark.browser


def open_the_agents_timesheet(browser, site, username, refusals):
    """``username`` logged in, from the list of timesheets to act on."""
    page = browser.new_context().new_page()
    watch_policy(page, refusals)
    log_in(page, site, username)
    page.goto(site + "/timesheet/")
    page.get_by_role("link", name="Timesheets to validate or certify").click()
    page.get_by_role("link", name="Ocotillo, Alex").click()
    return page


def test_annual_leave_from_entry_to_certification(demo_site, browser, monkeypatch):
    refusals = []
    today = timezone.localdate()
    # The current pay period's (the demo also has the one just ended).
    sheet = Timesheet.objects.filter(
        employee__user__username="agent",
        superseded_at__isnull=True,
        pay_period__start_date__lte=today,
        pay_period__end_date__gte=today,
    ).get()
    # The demo's pay period is the current one: the test runs after its
    # last shift, as worked time is recorded only once it is over.
    after = sheet.pay_period.end_date + timedelta(days=2)
    monkeypatch.setattr(
        validation, "now", lambda: datetime.combine(after, time(12), tzinfo=UTC)
    )
    open_shifts = unclosed_shifts(sheet.days.order_by("day"))
    leave_day = open_shifts[0]
    # The other shifts were worked as scheduled; closing each by hand is
    # the same form as below, ten times over.
    for day in open_shifts[1:]:
        entries.close_shift(
            actor=sheet.employee.user,
            sheet=sheet,
            day_pk=day.pk,
            start=day.scheduled_start,
            end=day.scheduled_end,
        )

    agent = browser.new_context().new_page()
    watch_policy(agent, refusals)
    log_in(agent, demo_site, "agent")
    agent.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Timesheet"
    ).click()
    agent.get_by_role("link", name="My timesheets").click()
    agent.get_by_role("link", name=str(sheet.pay_period)).click()
    label = f"{leave_day.day:%a} {leave_day.day.day} {leave_day.day:%b}"
    row = agent.locator(f"#day-{leave_day.day.isoformat()}")
    expect(row.get_by_text("Not closed")).to_be_visible()
    row.get_by_role("link", name=f"Edit {label}").click()
    agent.get_by_label("None of this shift was worked").check()
    agent.get_by_role("button", name="Close the shift").click()
    expect(agent.get_by_text("Shift closed.")).to_be_visible()
    agent.get_by_label("Time code or leave type").select_option(label="Annual leave")
    agent.get_by_label("Or hours").fill("8")
    agent.get_by_role("button", name="Add").click()
    expect(agent.get_by_text("Entry added.")).to_be_visible()
    expect(row.get_by_text("Annual leave: 8 h")).to_be_visible()
    assert accessibility_violations(agent) == []
    # The design system hides the box itself and draws it in the label.
    agent.locator("label[for=attest]").click()
    agent.get_by_role("button", name="Submit").click()
    expect(agent.get_by_text("Timesheet submitted to the timekeeper.")).to_be_visible()

    keeper = open_the_agents_timesheet(browser, demo_site, "timekeeper", refusals)
    keeper.get_by_role("button", name="Validate").click()
    expect(keeper.get_by_text("Timesheet validated")).to_be_visible()
    assert accessibility_violations(keeper) == []

    supervisor = open_the_agents_timesheet(browser, demo_site, "supervisor", refusals)
    expect(supervisor.get_by_text("Annual leave: 8 h").first).to_be_visible()
    supervisor.get_by_role("button", name="Certify for payroll").click()
    expect(supervisor.get_by_text("Timesheet certified for payroll.")).to_be_visible()
    expect(supervisor.locator("#timesheet-status")).to_have_text("Certified")
    assert accessibility_violations(supervisor) == []
    assert refusals == []
