"""Review findings on entering time (issue 10): leave kept within the day's
regular time, worked time only once it is worked, and a day outside the
pay period refused on the form's day field.

The subject (Level 1, Nogales, UTC-7 all year) works Sunday and Wednesday
to Saturday, 06:00-16:00 local (13:00-23:00 UTC): ten-hour days of 8
regular hours and 2 of tour overtime; Monday and Tuesday are off.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from timesheet import entries, validation
from timesheet.validation import Proposed, Refused

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 1, 14)
MONDAY_OFF = date(2026, 1, 12)


def utc(day, hour, minute=0):
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


def add(actor, sheet, day, code, hours, start=None, end=None):
    return entries.add_entry(
        actor=actor,
        sheet=sheet,
        proposed=Proposed(day, code, Decimal(hours), start, end),
    )


def close(actor, sheet, day, start, end):
    return entries.close_shift(
        actor=actor, sheet=sheet, day_pk=day.pk, start=start, end=end
    )


@pytest.fixture
def on_tuesday_20_at_5(monkeypatch):
    """Now is Tue 20 Jan 2026, 05:00 at Nogales (12:00 UTC)."""
    monkeypatch.setattr(validation, "now", lambda: utc(20, 12))


# Finding 1: leave within the regular hours of a scheduled day.


def test_ten_hours_of_sick_leave_on_a_ten_hour_day_are_refused(timesheet, people):
    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, WEDNESDAY, "SICK", "10")

    assert refused.value.errors == {
        "hours": "Wed 14 Jan 2026: 10 hours of leave and nonpay, more than the "
        "8 hours of regular time of the day."
    }
    assert timesheet.entries.count() == 0


def test_hours_only_leave_adds_up_against_the_day(timesheet, people):
    # 8 h of court leave fill the day's 8 regular hours: leave given as
    # hours only has no room left, whatever its length.
    add(people["self"], timesheet, WEDNESDAY, "COURT", "8")

    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, WEDNESDAY, "LWOP", "10")
    assert refused.value.errors == {
        "hours": "Wed 14 Jan 2026: 18 hours of leave and nonpay, more than the "
        "8 hours of regular time of the day."
    }
    with pytest.raises(Refused, match="8.25 hours of leave and nonpay"):
        add(people["self"], timesheet, WEDNESDAY, "LWOP", "0.25")
    assert list(timesheet.entries.values_list("code", flat=True)) == ["COURT"]


def test_timed_and_hours_only_leave_share_the_day(timesheet, people):
    # 06:00-11:00 local of LWOP (5 h) and 3 h of court leave make 8.
    add(people["self"], timesheet, WEDNESDAY, "LWOP", "5", utc(14, 13), utc(14, 18))
    add(people["self"], timesheet, WEDNESDAY, "COURT", "3")

    with pytest.raises(Refused, match="8.25 hours of leave and nonpay"):
        add(people["self"], timesheet, WEDNESDAY, "COURT", "0.25")
    assert timesheet.entries.count() == 2


def test_leave_on_a_day_off_is_refused(timesheet, people):
    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, MONDAY_OFF, "LWOP", "1")

    assert refused.value.errors == {
        "day": "Mon 12 Jan 2026 has no scheduled shift: leave and nonpay are "
        "charged only on a scheduled workday."
    }


def test_a_day_the_schedule_set_to_leave_takes_8_hours(timesheet, people):
    day = timesheet.days.get(day=WEDNESDAY)
    day.status, day.leave_type = "LEAVE", "LWOP"
    day.scheduled_start = day.scheduled_end = None
    day.save()

    add(people["self"], timesheet, WEDNESDAY, "LWOP", "8")
    with pytest.raises(Refused, match="8.25 hours of leave and nonpay, more than "):
        add(people["self"], timesheet, WEDNESDAY, "LWOP", "0.25")


def test_work_is_not_limited_to_the_regular_hours(timesheet, people):
    # Worked time has the 24-hour day as its bound, not the 8 hours.
    kept = add(people["self"], timesheet, WEDNESDAY, "REGULAR", "10")

    assert kept.hours == Decimal(10)


# Finding 2: worked time only once it is worked.


def test_a_shift_still_to_come_is_not_closed_as_worked(
    timesheet, people, on_tuesday_20_at_5
):
    day = timesheet.days.get(day=date(2026, 1, 21))

    with pytest.raises(Refused) as refused:
        close(people["self"], timesheet, day, utc(21, 13), utc(21, 23))
    assert refused.value.errors == {
        "actual_end": "Wed 21 Jan 2026: the shift ends at 16:00, which has not "
        "come yet; close it as worked once it is over."
    }
    day.refresh_from_db()
    assert not day.is_closed


def test_a_past_shift_is_closed_as_worked(timesheet, people, on_tuesday_20_at_5):
    day = timesheet.days.get(day=date(2026, 1, 18))

    closed = close(people["self"], timesheet, day, utc(18, 13), utc(18, 23))
    assert (closed.actual_start, closed.actual_end) == (utc(18, 13), utc(18, 23))


def test_work_on_a_day_to_come_is_refused_and_leave_planned(
    timesheet, people, on_tuesday_20_at_5
):
    with pytest.raises(Refused) as refused:
        add(people["self"], timesheet, date(2026, 1, 22), "REGULAR", "8")
    assert refused.value.errors == {
        "day": "Thu 22 Jan 2026 has not come yet: record work once it is done."
    }

    planned = add(people["self"], timesheet, date(2026, 1, 22), "LWOP", "8")
    assert planned.hours == Decimal(8)


def test_timed_work_ending_after_now_is_refused(timesheet, people, on_tuesday_20_at_5):
    # Tue 20 Jan 04:00-06:00 local ends an hour after now (05:00).
    with pytest.raises(Refused) as refused:
        add(
            people["self"],
            timesheet,
            date(2026, 1, 20),
            "IRREGULAR_OVERTIME",
            "2",
            utc(20, 11),
            utc(20, 13),
        )
    assert refused.value.errors == {
        "end": "Tue 20 Jan 2026: this work ends at 06:00, which has not come yet."
    }
    # 02:00-04:00 local is over: kept.
    kept = add(
        people["self"],
        timesheet,
        date(2026, 1, 20),
        "IRREGULAR_OVERTIME",
        "2",
        utc(20, 9),
        utc(20, 11),
    )
    assert kept.hours == Decimal(2)


# Finding 5: a day outside the pay period is a form error.


def test_a_day_outside_the_pay_period_is_a_form_error_keeping_the_input(
    client, timesheet, people
):
    client.force_login(people["self"])

    response = client.post(
        reverse("timesheet:entry-add", args=[timesheet.pk]),
        {"day": "2026-01-25", "code": "LWOP", "hours": "1.5"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "Sun 25 Jan 2026 is outside the pay period (11 Jan – 24 Jan 2026)." in body
    assert 'value="2026-01-25"' in body
    assert 'value="1.5"' in body
    assert timesheet.entries.count() == 0
