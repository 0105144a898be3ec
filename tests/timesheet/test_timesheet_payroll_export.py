"""The payroll file of a station's certified pay period, downloaded by a
timekeeper: refused while a timesheet waits, and line by line as worked
out by hand once all are certified."""

from decimal import Decimal

import pytest
from django.urls import reverse

from scheduling.models import ScheduleDefault
from security.models import AuditEvent
from tests.timesheet.conftest import close_every_shift
from timesheet import workflow
from timesheet.models import PayrollRecord, Timesheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(keeper, give):
    """The file names people by hash ID: its downloader is personnel too."""
    give(keeper, "staffing", "personnel", "nogales")
    return keeper


def ask(client, timesheet):
    return client.get(
        reverse("timesheet:payroll"),
        {"station": timesheet.station_id, "pay_period": timesheet.pay_period_id},
    )


def certify_alone(timesheet, people, keeper):
    """The subject's timesheet certified; the others of the test station
    keep no time here."""
    Timesheet.objects.exclude(pk=timesheet.pk).delete()
    close_every_shift(timesheet, people["self"])
    workflow.submit(actor=people["self"], sheet=timesheet, attested=True)
    workflow.validate(actor=keeper, sheet=timesheet)
    workflow.certify(actor=people["first_line"], sheet=timesheet)


def test_the_file_waits_for_every_timesheet(client, timesheet, keeper):
    client.force_login(keeper)

    response = ask(client, timesheet)

    assert response.status_code == 409
    assert "5 of 5 timesheets are not certified yet" in response.content.decode()


def test_a_certified_period_as_worked_out_by_hand(client, timesheet, people, keeper):
    certify_alone(timesheet, people, keeper)
    client.force_login(keeper)

    response = ask(client, timesheet)

    # Ten 06:00-16:00 Level 1 days: 80 regular hours and 20 of tour
    # overtime. Two Sundays (11 and 18 January): 16 regular hours with
    # Sunday premium. Martin Luther King Jr. Day, Monday 19 January, falls
    # on a day off that is not the one in lieu of Sunday: observed on the
    # workday before, Sunday 18, whose 8 regular hours earn holiday pay.
    hash_id = "a" * 64
    assert response.content.decode().splitlines() == [
        "pay_period,employee_hash_id,transaction_code,prefix,hours,item,mapping",
        f"2026-01,{hash_id},01,,64.00,REGULAR_BASE,confirmed",
        f"2026-01,{hash_id},04,,16.00,SUNDAY_BASE,confirmed",
        f"2026-01,{hash_id},31,,8.00,HOLIDAY_PREMIUM,confirmed",
        f"2026-01,{hash_id},,,20.00,TOUR_OVERTIME,none",
    ]
    assert AuditEvent.objects.filter(kind="export", actor_id=keeper.pk).exists()
    # Certifying kept the same totals as the employee's payroll record.
    assert dict(
        PayrollRecord.objects.filter(employee=timesheet.employee).values_list(
            "item", "hours"
        )
    ) == {
        "REGULAR_BASE": Decimal("64.00"),
        "SUNDAY_BASE": Decimal("16.00"),
        "HOLIDAY_PREMIUM": Decimal("8.00"),
        "TOUR_OVERTIME": Decimal("20.00"),
    }


def test_the_file_is_what_certification_recorded(client, timesheet, people, keeper):
    certify_alone(timesheet, people, keeper)
    client.force_login(keeper)
    # The agent's tour changed after certification (Basic: no tour
    # overtime) leaves the certified period's 20 hours as they were.
    ScheduleDefault.objects.filter(employee=timesheet.employee).update(
        overtime_level="BASIC"
    )

    kept = ask(client, timesheet).content.decode().splitlines()
    PayrollRecord.objects.all().delete()
    refused = ask(client, timesheet)

    assert f"2026-01,{'a' * 64},,,20.00,TOUR_OVERTIME,none" in kept
    assert refused.status_code == 409
    assert "No payroll record was kept" in refused.content.decode()


def test_only_timekeepers_download_it(client, timesheet, people):
    client.force_login(people["first_line"])

    assert ask(client, timesheet).status_code == 403
