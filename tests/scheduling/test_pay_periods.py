from datetime import date, timedelta

import pytest
from django.test import override_settings

from scheduling import pay_periods


@pytest.mark.parametrize(
    ("year", "first_starts", "count"),
    [
        # 2023 began on a grid Sunday: 27 pay periods (OPM's leave year 2023
        # ran from 1 January 2023 to 13 January 2024).
        (2023, date(2023, 1, 1), 27),
        (2024, date(2024, 1, 14), 26),
        (2025, date(2025, 1, 12), 26),
        (2026, date(2026, 1, 11), 26),
    ],
)
def test_the_real_calendar(year, first_starts, count):
    periods = pay_periods.of_year(year)

    assert periods[0].start == first_starts
    assert periods[0].start.weekday() == 6  # a Sunday
    assert len(periods) == count
    assert pay_periods.count_in_year(year) == count
    # Back to back, 14 days each, up to the next year's first.
    for earlier, later in zip(periods, periods[1:], strict=False):
        assert (later.start - earlier.start).days == 14
    assert periods[-1].end == pay_periods.first_of_year(year + 1) - timedelta(days=1)


def test_the_last_pay_periods_run_into_january():
    assert pay_periods.numbered(2023, 27).start == date(2023, 12, 31)
    assert pay_periods.numbered(2023, 27).end == date(2024, 1, 13)
    assert pay_periods.numbered(2025, 26).end == date(2026, 1, 10)
    assert pay_periods.numbered(2026, 26).start == date(2026, 12, 27)
    assert pay_periods.numbered(2026, 26).end == date(2027, 1, 9)


@pytest.mark.parametrize(
    ("day", "label", "start", "end"),
    [
        (date(2025, 7, 4), "PP 13/2025", date(2025, 6, 29), date(2025, 7, 12)),
        (date(2025, 12, 31), "PP 26/2025", date(2025, 12, 28), date(2026, 1, 10)),
        (date(2026, 1, 10), "PP 26/2025", date(2025, 12, 28), date(2026, 1, 10)),
        (date(2026, 1, 11), "PP 01/2026", date(2026, 1, 11), date(2026, 1, 24)),
        (date(2024, 1, 1), "PP 27/2023", date(2023, 12, 31), date(2024, 1, 13)),
        # 322 days after 11 January: 23 pay periods on, so the 24th.
        (date(2026, 12, 4), "PP 24/2026", date(2026, 11, 29), date(2026, 12, 12)),
    ],
)
def test_the_pay_period_of_a_day(day, label, start, end):
    period = pay_periods.containing(day)

    assert (period.label, period.start, period.end) == (label, start, end)
    assert day in period


def test_payday_is_the_second_thursday_after_the_end():
    assert pay_periods.numbered(2025, 1).end == date(2025, 1, 25)
    assert pay_periods.numbered(2025, 1).payday == date(2025, 2, 6)


def test_the_following_pay_period_crosses_the_year():
    assert pay_periods.following(pay_periods.numbered(2025, 26)).label == "PP 01/2026"


def test_a_pay_period_that_does_not_exist_is_refused():
    with pytest.raises(ValueError, match="2024 has no pay period 27"):
        pay_periods.numbered(2024, 27)


@override_settings(PAY_PERIOD_ANCHOR=date(2016, 1, 17))
def test_an_agency_on_the_later_grid_sets_the_anchor():
    # Agencies on the grid a week later began 2023's first on 8 January.
    assert pay_periods.first_of_year(2023) == date(2023, 1, 8)
    assert pay_periods.count_in_year(2023) == 26


@override_settings(PAY_PERIOD_ANCHOR=date(2016, 1, 11))
def test_an_anchor_that_is_not_a_sunday_is_refused():
    with pytest.raises(ValueError, match="not a Sunday"):
        pay_periods.first_of_year(2026)
