"""Night pay during leave, Sunday premium and the holiday tour (domain
rules 14-16 and 19), worked out by hand."""

from datetime import date, time

from tests.timesheet.pay_rules_helpers import (
    MONDAY,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    h,
    leave,
    shift,
    worked,
    worker,
)
from timesheet.pay_rules import compute_period

# 23 February - 8 March 2025: no holiday, no clock change.
FIRST = date(2025, 2, 23)
TUE, WED = date(2025, 2, 25), date(2025, 2, 26)


def mids(entries, days=(TUE, WED), first=FIRST, agent=None, holidays=()):
    shifts = [shift(day, time(22), time(8)) for day in days]
    return compute_period(first, agent or worker(), shifts, entries, holidays)


def test_night_pay_continues_during_4_hours_of_leave():
    # Rule 14: a mid-shift agent works 22:00-02:00 and takes 4 h annual leave,
    # which fills 02:00-06:00 of the regular hours: 4 + 4 = 8 night hours.
    result = mids([worked(TUE, time(22), time(2)), leave(TUE, 4)], days=(TUE,))

    assert result.period.night_differential == h(8)
    assert result.period.overtime_debt == h(2)


def test_no_night_pay_on_leave_once_the_period_has_8_hours_of_it():
    # Rule 14: 4 h annual + 4 h sick leave = 8 h in the period: only the
    # 4 + 4 worked night hours are paid.
    entries = [worked(TUE, time(22), time(2)), leave(TUE, 4)]
    entries += [worked(WED, time(22), time(2)), leave(WED, 4, "SICK")]

    assert mids(entries).period.night_differential == h(8)


def test_a_holiday_off_keeps_night_pay_whatever_the_leave():
    # Monday 17 February 2025 off for Washington's Birthday on mids (8 h
    # holiday placed in 22:00-06:00: 8 night hours), plus a full day of
    # annual leave on Tuesday (no night pay: 8 h of leave in the period).
    monday, tuesday = date(2025, 2, 17), date(2025, 2, 18)
    result = mids(
        [leave(tuesday, 8)],
        days=(monday, tuesday),
        first=date(2025, 2, 9),
        holidays=None,
    )

    assert result.period.by_code == {"HOLIDAY": h(8), "ANNUAL": h(8)}
    assert result.period.night_differential == h(8)


def test_sunday_premium_covers_8_regular_hours_of_a_tour_touching_sunday():
    # Rule 15: Sunday 22:00 - Monday 08:00: 8 h (22:00-06:00 regular).
    sunday = date(2025, 3, 2)
    result = mids([worked(sunday, time(22), time(8))], days=(sunday,))

    assert result.period.sunday_premium == h(8)


def test_no_sunday_premium_on_weekday_days_training_or_overtime():
    monday = date(2025, 3, 3)
    sunday = date(2025, 3, 2)
    weekday = compute_period(
        FIRST,
        worker(),
        [shift(monday, time(6), time(16))],
        [worked(monday, time(6), time(16))],
        (),
    )
    training = compute_period(
        FIRST,
        worker(),
        [shift(sunday, time(6), time(16))],
        [worked(sunday, time(6), time(14), training=True)],
        (),
    )
    overtime = compute_period(
        FIRST,
        worker(),
        [],
        [worked(sunday, time(6), time(10), "SCHEDULED_OVERTIME")],
        (),
    )

    assert weekday.period.sunday_premium == h(0)
    assert training.period.sunday_premium == h(0)
    assert training.period.regular == h(8)
    assert overtime.period.sunday_premium == h(0)


def holiday_mid(day):
    agent = worker(days_off=(SUNDAY, MONDAY), in_lieu=MONDAY)
    return compute_period(
        date(2025, 6, 29),
        agent,
        [shift(day, time(22), time(8))],
        [worked(day, time(22), time(8))],
        None,
    ).period


def test_the_holiday_tour_is_the_one_that_begins_on_the_holiday():
    # Rule 16: Friday 4 July 2025. The mid from 3 July 22:00 is not the
    # holiday tour; the one from 4 July 22:00 is: 8 h premium on its regular
    # hours (22:00-06:00), none on the 2 tour-overtime hours.
    assert holiday_mid(date(2025, 7, 3)).holiday_premium == h(0)
    on_holiday = holiday_mid(date(2025, 7, 4))
    assert on_holiday.holiday_premium == h(8)
    assert on_holiday.tour_overtime == h(2)


def test_any_holiday_work_is_paid_for_at_least_2_hours():
    day = date(2025, 7, 4)
    agent = worker(days_off=(SUNDAY, MONDAY), in_lieu=MONDAY)
    result = compute_period(
        date(2025, 6, 29),
        agent,
        [shift(day, time(6), time(16))],
        [worked(day, time(6), time(7))],
        None,
    )

    assert result.period.regular == h(1)
    assert result.period.holiday_premium == h(2)


def test_a_rotating_agent_gets_the_holiday_premium_on_the_observed_day():
    # Rule 19: off Monday and Tuesday (Tuesday in lieu of Sunday), Labor Day
    # (Monday 1 September 2025) is observed on Sunday 31 August; working
    # 06:00-16:00 then earns 8 h of holiday premium and, it being Sunday,
    # 8 h of Sunday premium. Off Wednesday and Thursday (Thursday in lieu),
    # Thanksgiving (Thursday 27 November) moves to Friday 28 November.
    labor_day_agent = worker(days_off=(MONDAY, TUESDAY), in_lieu=TUESDAY)
    sunday = date(2025, 8, 31)
    labor_day = compute_period(
        date(2025, 8, 24),
        labor_day_agent,
        [shift(sunday, time(6), time(16))],
        [worked(sunday, time(6), time(16))],
        None,
    ).period
    thanksgiving_agent = worker(days_off=(WEDNESDAY, THURSDAY), in_lieu=THURSDAY)
    friday = date(2025, 11, 28)
    thanksgiving = compute_period(
        date(2025, 11, 23),
        thanksgiving_agent,
        [shift(friday, time(6), time(16))],
        [worked(friday, time(6), time(16))],
        None,
    ).period

    assert (labor_day.holiday_premium, labor_day.sunday_premium) == (h(8), h(8))
    assert thanksgiving.holiday_premium == h(8)
