"""A mid shift begun on the last Saturday of one pay period: its hours after
midnight are worked in the next pay period, and the next timesheet's totals
credit them (DOMAIN rule: hours are credited to the day in which they are
worked)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from scheduling import services
from scheduling.models import CellStatus
from timesheet import totals
from timesheet.codes import TimeCode
from timesheet.models import ScheduledDay, Timesheet

pytestmark = pytest.mark.django_db

LAST_SATURDAY_OF_2025 = date(2026, 1, 10)  # PP 26/2025 ends that day


def previous_timesheet(sheet, *, superseded=False):
    """The employee's PP 26/2025 with a mid shift that Saturday, 22:00 to
    08:00 at Nogales (UTC-7): 05:00 to 15:00 UTC on 11 January, worked."""
    previous = Timesheet.objects.create(
        employee=sheet.employee,
        pay_period=services.pay_period_row(date(2025, 12, 28)),
        station=sheet.station,
        overtime_level=sheet.overtime_level,
        superseded_at=timezone.now() if superseded else None,
    )
    start = datetime(2026, 1, 11, 5, tzinfo=UTC)
    end = datetime(2026, 1, 11, 15, tzinfo=UTC)
    ScheduledDay.objects.create(
        timesheet=previous,
        day=LAST_SATURDAY_OF_2025,
        source="G259",
        station=sheet.station,
        status=CellStatus.WORKDAY,
        scheduled_start=start,
        scheduled_end=end,
        actual_start=start,
        actual_end=end,
        closed_at=timezone.now(),
    )
    return previous


def worked(sheet, before):
    period = totals.compute(
        sheet, list(sheet.days.all()), list(sheet.entries.all()), None, before
    ).period
    return period.by_code.get(TimeCode.REGULAR, Decimal(0))


def test_the_hours_after_midnight_count_in_the_next_pay_period(timesheet):
    previous = previous_timesheet(timesheet)

    before = totals.day_before(timesheet)

    assert [day.day for day in before[0]] == [LAST_SATURDAY_OF_2025]
    # Nothing of PP 1/2026 is closed yet: all it holds is 00:00 to 08:00 on
    # Sunday 11 January, eight hours; the two before midnight are PP 26's.
    assert worked(timesheet, before) == Decimal("8.00")
    assert worked(timesheet, ((), ())) == Decimal("0")
    assert worked(previous, totals.day_before(previous)) == Decimal("2.00")


def test_a_superseded_version_of_the_previous_timesheet_is_not_read(timesheet):
    previous_timesheet(timesheet, superseded=True)

    assert totals.day_before(timesheet) == ([], [])
