import pytest
from playwright.sync_api import expect

from staffing import directory_push
from staffing.models import Employee
from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def nothing_sent(monkeypatch):
    """No push starts, so the demo's listings wait in the queue."""
    monkeypatch.setattr(directory_push, "_start_push", lambda: None)


def test_the_station_administrator_sees_what_the_demo_queued(
    nothing_sent, demo_site, browser
):
    waiting = Employee.objects.filter(duty_station__name="Nogales").count()
    page = browser.new_context().new_page()
    log_in(page, demo_site, "access-admin")
    page.get_by_role("link", name="Staffing", exact=True).click()

    page.get_by_role("link", name="Telephone directory push").click()

    expect(page.get_by_role("heading", name="Telephone directory push")).to_be_visible()
    expect(page.get_by_text(f"Waiting to be sent: {waiting}")).to_be_visible()
    expect(page.get_by_role("row", name="Alex Ocotillo")).to_contain_text(
        "Listing no. 1"
    )
    assert accessibility_violations(page) == []
