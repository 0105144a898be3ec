"""Hours and premiums of single shifts, worked out by hand from the domain
rules 4, 13 and 15 (DOMAIN-RULES "Rules a product must implement")."""

import dataclasses
from datetime import date, time

from tests.timesheet.pay_rules_helpers import RULES, TUCSON, h, shift, worked, worker
from timesheet.pay_rules import compute_period

# Pay period 13 of 2025: Sunday 29 June to Saturday 12 July (rule 1).
PP13 = date(2025, 6, 29)
PP14 = date(2025, 7, 13)
TUESDAY = date(2025, 7, 8)
NO_HOLIDAYS = ()


def one_shift(start, end, day=TUESDAY, agent=None, rules=RULES, first=PP13):
    agent = agent or worker()
    zone = agent.zone
    return compute_period(
        first,
        agent,
        [shift(day, start, end, zone)],
        [worked(day, start, end, zone=zone)],
        NO_HOLIDAYS,
        rules=rules,
    )


def test_a_level_1_day_shift_is_8_regular_and_2_tour_overtime_without_premiums():
    # 06:00-16:00: the last 2 hours are tour overtime; no hour in 18:00-06:00.
    period = one_shift(time(6), time(16)).period

    assert period.regular == h(8)
    assert period.tour_overtime == h(2)
    assert period.overtime_debt == h(0)
    assert period.night_differential == h(0)
    assert period.sunday_premium == h(0)
    assert period.by_code == {"REGULAR": h(10)}


def test_a_swing_shift_earns_night_pay_on_its_regular_hours_only():
    # 14:00-00:00: regular 14:00-22:00, tour overtime 22:00-00:00; the night
    # window holds 18:00-00:00 (6 h) of which 18:00-22:00 (4 h) is regular.
    period = one_shift(time(14), time(0)).period

    assert (period.regular, period.tour_overtime) == (h(8), h(2))
    assert period.night_differential == h(4)


def test_night_pay_on_tour_overtime_is_a_setting():
    rules = dataclasses.replace(RULES, night_pay_on_tour_overtime=True)

    assert one_shift(time(14), time(0), rules=rules).period.night_differential == h(6)


def test_tour_overtime_can_be_the_first_hours_of_the_shift():
    # Swing with tour overtime 14:00-16:00: regular 16:00-00:00, all 6 night
    # hours (18:00-00:00) are regular.
    rules = dataclasses.replace(RULES, tour_overtime_position="first")
    period = one_shift(time(14), time(0), rules=rules).period

    assert (period.regular, period.tour_overtime) == (h(8), h(2))
    assert period.night_differential == h(6)


def test_a_mid_shift_is_credited_to_the_days_and_pay_periods_it_is_worked_in():
    # Rule 4: Saturday 12 July 22:00 (last day of PP 13) to Sunday 08:00.
    # PP 13 gets 22:00-00:00 = 2 h; PP 14 gets 00:00-08:00 = 8 h, of which
    # 06:00-08:00 is tour overtime. Night 22:00-06:00 = 8 h (2 + 6); the
    # tour touches Sunday: Sunday premium on its 8 regular hours (2 + 6).
    saturday = date(2025, 7, 12)
    last = one_shift(time(22), time(8), day=saturday)
    next_one = one_shift(time(22), time(8), day=saturday, first=PP14)

    assert last.period.by_code == {"REGULAR": h(2)}
    assert last.days[saturday].regular == h(2)
    assert last.period.night_differential == h(2)
    assert last.period.sunday_premium == h(2)
    assert next_one.period.by_code == {"REGULAR": h(8)}
    assert next_one.days[date(2025, 7, 13)].regular == h(6)
    assert next_one.period.tour_overtime == h(2)
    assert next_one.period.night_differential == h(6)
    assert next_one.period.sunday_premium == h(6)
    assert last.period.overtime_debt + next_one.period.overtime_debt == h(0)


def test_a_mid_shift_can_be_credited_to_the_day_it_starts():
    rules = dataclasses.replace(RULES, credit_crossing_hours="start")
    saturday = date(2025, 7, 12)
    last = one_shift(time(22), time(8), day=saturday, rules=rules)
    next_one = one_shift(time(22), time(8), day=saturday, first=PP14, rules=rules)

    assert last.period.regular == h(8)
    assert last.period.tour_overtime == h(2)
    assert last.period.night_differential == h(8)
    assert next_one.period.by_code == {}
    assert next_one.period.regular == h(0)


def test_the_spring_forward_night_is_one_hour_short():
    # Laredo, 8-9 March 2025: 22:00-08:00 lasts 9 hours. The last 2 (06:00-
    # 08:00) are tour overtime, leaving 7 regular hours, all at night, all in
    # a tour touching Sunday.
    saturday = date(2025, 3, 8)
    period = one_shift(time(22), time(8), day=saturday, first=date(2025, 3, 2))
    totals = period.period

    assert totals.by_code == {"REGULAR": h(9)}
    assert (totals.regular, totals.tour_overtime) == (h(7), h(2))
    assert totals.night_differential == h(7)
    assert totals.sunday_premium == h(7)


def test_the_fall_back_night_has_one_hour_beyond_the_tour():
    # Laredo, 1-2 November 2025: 22:00-08:00 lasts 11 hours. Tour overtime
    # 06:00-08:00 (2 h); the 9 hours before it hold 8 regular ones and one
    # more, scheduled but outside the tour. With 10 hours of credit in the
    # pay period (far under 100) that hour only counts toward the tour,
    # which the 11 hours leave 89 short.
    saturday = date(2025, 11, 1)
    result = one_shift(time(22), time(8), day=saturday, first=date(2025, 10, 26))
    totals = result.period

    assert totals.by_code == {"REGULAR": h(11)}
    assert (totals.regular, totals.tour_overtime) == (h(8), h(2))
    assert totals.night_differential == h(8)
    assert totals.sunday_premium == h(8)
    assert totals.overtime == h(0)
    assert (
        "1 hour worked outside the tour counted toward the 100 hours of the "
        "tour, still 89 hours short: not overtime."
    ) in result.flags
    # On the clock the shift is the 10 hours of a Level 1 workday.
    assert not any("scheduled shift is" in flag for flag in result.flags)


def test_an_arizona_station_has_10_hour_nights_both_times():
    agent = worker(zone=TUCSON)
    for saturday, first in (
        (date(2025, 3, 8), date(2025, 3, 2)),
        (date(2025, 11, 1), date(2025, 10, 26)),
    ):
        totals = one_shift(time(22), time(8), saturday, agent, first=first).period

        assert totals.by_code == {"REGULAR": h(10)}
        assert (totals.regular, totals.tour_overtime) == (h(8), h(2))
        assert totals.night_differential == h(8)
