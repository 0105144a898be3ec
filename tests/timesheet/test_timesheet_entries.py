"""Entering time and leave: the increments, the 24-hour day, overlaps, the
pay period's bounds, AWOL by a supervisor only, and closing a shift."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from timesheet import entries
from timesheet.validation import Proposed, Refused

pytestmark = pytest.mark.django_db

SUNDAY = date(2026, 1, 11)
# The subject works Sunday and Wednesday to Saturday, 06:00-16:00 local.
WEDNESDAY = date(2026, 1, 14)


def utc(day, hour, minute=0):
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


def add(actor, sheet, day, code, hours=None, start=None, end=None):
    if hours is None:
        hours = Decimal((end - start).total_seconds()) / 3600
    return entries.add_entry(
        actor=actor,
        sheet=sheet,
        proposed=Proposed(day, code, Decimal(str(hours)), start, end),
    )


def sunday_worked(timesheet, people):
    day = timesheet.days.get(day=SUNDAY)
    # 06:00-16:00 at Nogales (UTC-7).
    return entries.close_shift(
        actor=people["self"],
        sheet=timesheet,
        day_pk=day.pk,
        start=utc(11, 13),
        end=utc(11, 23),
    )


def test_leave_is_taken_in_the_smallest_increment(timesheet, people):
    kept = add(people["self"], timesheet, WEDNESDAY, "LWOP", "0.25")

    assert kept.hours == Decimal("0.25")
    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, WEDNESDAY, "LWOP", "0.1")
    assert refused.value.errors == {
        "hours": "Wed 14 Jan 2026: Leave without pay is charged in steps of "
        "0.25 hours; 0.1 hours is not one."
    }
    assert timesheet.entries.filter(code="LWOP").count() == 1


def test_military_leave_is_taken_in_whole_hours(timesheet, people):
    add(people["self"], timesheet, WEDNESDAY, "COURT", "0.5")

    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, WEDNESDAY, "MILITARY", "1.5")
    assert "Military leave is charged in steps of 1 hour; 1.5 hours" in str(
        refused.value
    )


def test_the_leave_increment_is_a_setting(timesheet, people, settings):
    settings.TIMESHEET_LEAVE_INCREMENT_MINUTES = 60

    with pytest.raises(Refused, match="steps of 1 hour; 0.25 hours is not one"):
        add(people["self"], timesheet, WEDNESDAY, "LWOP", "0.25")


def test_a_day_holds_no_more_than_24_hours(timesheet, people):
    sunday_worked(timesheet, people)
    add(people["self"], timesheet, SUNDAY, "IRREGULAR_OVERTIME", "14")

    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, SUNDAY, "COMP_TIME_EARNED", "0.25")
    # 10 hours worked + 14 of overtime + 0.25.
    assert refused.value.errors == {
        "hours": "Sun 11 Jan 2026: 24.25 hours recorded, more than the 24 "
        "hours of a day."
    }


def test_leave_may_not_overlap_work(timesheet, people):
    sunday_worked(timesheet, people)

    with pytest.raises(Refused) as refused:
        # 15:00-17:00 local: the last hour of the shift worked.
        add(
            people["self"], timesheet, SUNDAY, "LWOP", start=utc(11, 22), end=utc(12, 0)
        )
    assert refused.value.errors == {
        "start": "Sun 11 Jan 2026: this leave overlaps the shift worked (06:00–16:00)."
    }
    # Right after the shift, it is kept.
    kept = add(
        people["self"], timesheet, SUNDAY, "LWOP", start=utc(11, 23), end=utc(12, 0)
    )
    assert kept.hours == Decimal("1.00")


def test_a_shift_closed_over_leave_is_refused(timesheet, people):
    add(people["self"], timesheet, SUNDAY, "LWOP", start=utc(11, 13), end=utc(11, 15))
    day = timesheet.days.get(day=SUNDAY)

    with pytest.raises(Refused) as refused:
        entries.close_shift(
            actor=people["self"],
            sheet=timesheet,
            day_pk=day.pk,
            start=utc(11, 13),
            end=utc(11, 23),
        )
    assert refused.value.errors == {
        "actual_start": "Sun 11 Jan 2026: the shift overlaps the leave without "
        "pay entered for 06:00–08:00."
    }
    day.refresh_from_db()
    assert not day.is_closed


def test_an_entry_outside_the_pay_period_is_refused(timesheet, people):
    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, date(2026, 1, 25), "REGULAR", "8")

    assert refused.value.errors == {
        "day": "Sun 25 Jan 2026 is outside the pay period (11 Jan – 24 Jan 2026)."
    }


def test_only_a_supervisor_in_the_chain_charges_awol(timesheet, people):
    with pytest.raises(PermissionDenied):
        add(people["self"], timesheet, SUNDAY, "AWOL", "8")
    with pytest.raises(PermissionDenied):
        add(people["peer"], timesheet, SUNDAY, "AWOL", "8")

    charged = add(people["first_line"], timesheet, SUNDAY, "AWOL", "8")

    assert (charged.code, charged.hours, charged.entered_by) == (
        "AWOL",
        Decimal("8.00"),
        people["first_line"],
    )


def test_closing_a_shift_keeps_scheduled_and_actual_side_by_side(timesheet, people):
    closed = sunday_worked(timesheet, people)

    closed.refresh_from_db()
    assert (closed.scheduled_start, closed.scheduled_end) == (utc(11, 13), utc(11, 23))
    assert (closed.actual_start, closed.actual_end) == (utc(11, 13), utc(11, 23))
    assert closed.closed_by == people["self"]
    assert closed.history.first().history_user == people["self"]
