"""The payroll file of a fixture pay period, matched line by line against
``fixtures/payroll_pp13_2025.csv``, written by hand from the rules.

Pay period 13 of 2025 runs Sunday 29 June to Saturday 12 July; Friday
4 July is Independence Day.

Agent A, Level 1, Monday to Friday, days 06:00-16:00 on the ten weekdays:
works eight of them in full (8 x 8 = 64 regular, 8 x 2 = 16 tour
overtime), takes Tuesday 8 July as 8 h annual leave, and has the holiday
off (8 h holiday). 64 h of plain regular time go out as TC 01.

Agent B, Level 2, off Sunday and Monday, mids 22:00-07:00 Tuesday to
Saturday. Nine mids lie wholly in the period (9 x 8 regular, 9 x 1 tour
overtime); the one from Saturday 28 June gives the period Sunday 29 June
00:00-07:00 (6 regular, 1 tour overtime); the one from Saturday 12 July
gives it 22:00-00:00 (2 regular). Regular: 72 + 6 + 2 = 80, all at night;
tour overtime 10. Tours touching Sunday: from 28 June (6 h of its 8
Sunday-premium hours fall in the period), from 5 July (8 h) and from
12 July (2 h): 16 h at night with Sunday premium (TC 05); 80 - 16 = 64 h
at night only (TC 11). The mid beginning on Friday 4 July is the holiday
tour: 8 h holiday premium (TC 31). 3 h of irregular overtime on 10 July
after the shift put the period at 93 h against 90: 3 h comp time (TC 32).

Agent C, Basic, Monday to Friday, days 06:00-14:00: works Monday 30 June
06:00-10:00 then 4 h sick leave, Wednesday 9 July on LWOP (8 h), has the
holiday off (8 h), works the other seven days (56 h): 60 regular. 2 h of
scheduled overtime on Saturday 12 July only make up the short tour
(60 + 4 + 8 + 2 = 74 < 80), so they go out as regular time: TC 01 62 h.
"""

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from scheduling.pay_periods import numbered
from tests.timesheet.pay_rules_helpers import (
    MONDAY,
    SUNDAY,
    leave,
    shift,
    workdays,
    worked,
    worker,
)
from timesheet.pay_rules import compute_period
from timesheet.payroll_file import payroll_file, payroll_lines

EXPECTED = Path(__file__).parent / "fixtures" / "payroll_pp13_2025.csv"
A, B, C = ("a" * 64, "b" * 64, "c" * 64)
FIRST = date(2025, 6, 29)
ONE_DAY = timedelta(days=1)


def agent_a():
    days = workdays(FIRST)
    holiday, annual = date(2025, 7, 4), date(2025, 7, 8)
    shifts = [shift(day, time(6), time(16)) for day in days]
    entries = [
        worked(day, time(6), time(16)) for day in days if day not in (holiday, annual)
    ]
    return compute_period(FIRST, worker(), shifts, entries + [leave(annual, 8)])


def agent_b():
    days_off = (SUNDAY, MONDAY)
    days = [FIRST - ONE_DAY] + workdays(FIRST, days_off)
    shifts = [shift(day, time(22), time(7)) for day in days]
    entries = [worked(day, time(22), time(7)) for day in days]
    entries.append(worked(date(2025, 7, 10), time(7), time(10), "IRREGULAR_OVERTIME"))
    agent = worker("LEVEL_2", days_off=days_off, in_lieu=MONDAY)
    return compute_period(FIRST, agent, shifts, entries)


def agent_c():
    days = workdays(FIRST)
    monday, lwop, holiday = date(2025, 6, 30), date(2025, 7, 9), date(2025, 7, 4)
    shifts = [shift(day, time(6), time(14)) for day in days]
    entries = [
        worked(day, time(6), time(14))
        for day in days
        if day not in (monday, lwop, holiday)
    ]
    entries += [
        worked(monday, time(6), time(10)),
        leave(monday, 4, "SICK"),
        leave(lwop, 8, "LWOP"),
        worked(date(2025, 7, 12), time(8), time(10), "SCHEDULED_OVERTIME"),
    ]
    return compute_period(FIRST, worker("BASIC"), shifts, entries)


@pytest.fixture(scope="module")
def results():
    return {A: agent_a(), B: agent_b(), C: agent_c()}


def test_the_fixture_period_matches_the_file_worked_out_by_hand(results):
    # Given in another order: the file sorts by employee.
    totals = [(C, results[C].period), (A, results[A].period), (B, results[B].period)]
    lines = payroll_lines(numbered(2025, 13), totals)

    assert lines == EXPECTED.read_text().splitlines()
    assert payroll_file(numbered(2025, 13), totals) == EXPECTED.read_text()


def test_the_figures_behind_the_file(results):
    b, c = results[B].period, results[C].period

    assert (b.regular, b.tour_overtime, b.night_differential) == (80, 10, 80)
    assert (b.sunday_premium, b.sunday_night, b.holiday_premium) == (16, 16, 8)
    assert b.comp_time_earned == 3
    assert (c.regular, c.tour_fill_in, c.overtime) == (60, 2, 0)
    assert results[A].work_credit == 100
    assert results[B].work_credit == 90
    assert results[C].work_credit == 72
