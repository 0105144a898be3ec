"""Federal holidays and their observed days (domain facts 28-30, rules 18
and 19), worked out from the calendar by hand."""

from datetime import date

import pytest

from tests.timesheet.pay_rules_helpers import (
    MONDAY,
    SATURDAY,
    SUNDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
)
from timesheet import holidays


def test_the_holidays_of_2025():
    assert list(holidays.federal_holidays(2025)) == [
        date(2025, 1, 1),
        date(2025, 1, 20),  # third Monday of January
        date(2025, 2, 17),  # third Monday of February
        date(2025, 5, 26),  # last Monday of May
        date(2025, 6, 19),
        date(2025, 7, 4),
        date(2025, 9, 1),  # first Monday of September
        date(2025, 10, 13),  # second Monday of October
        date(2025, 11, 11),
        date(2025, 11, 27),  # fourth Thursday of November
        date(2025, 12, 25),
    ]


def test_juneteenth_from_2021_only():
    assert date(2020, 6, 19) not in holidays.federal_holidays(2020)
    assert holidays.federal_holidays(2021)[date(2021, 6, 19)].startswith("Juneteenth")


def test_inauguration_day_is_off_unless_set():
    assert date(2025, 1, 20) in holidays.federal_holidays(2025)  # MLK Day too
    assert len(holidays.federal_holidays(2029)) == 11
    with_it = holidays.federal_holidays(2029, inauguration_day=True)
    assert with_it[date(2029, 1, 20)] == "Inauguration Day"  # a Saturday
    # 20 January 2013 was a Sunday: moved to Monday the 21st.
    assert date(2013, 1, 21) in holidays.federal_holidays(2013, True)


@pytest.mark.parametrize(
    ("holiday", "observed"),
    [
        (date(2026, 7, 4), date(2026, 7, 3)),  # Saturday -> Friday
        (date(2027, 6, 19), date(2027, 6, 18)),
        (date(2027, 7, 4), date(2027, 7, 5)),  # Sunday -> Monday
        (date(2027, 12, 25), date(2027, 12, 24)),
        (date(2028, 1, 1), date(2027, 12, 31)),  # into the year before
        (date(2025, 7, 4), date(2025, 7, 4)),  # a Friday stays
    ],
)
def test_monday_to_friday_staff(holiday, observed):
    assert holidays.observed_monday_to_friday(holiday) == observed
    weekend = frozenset({SATURDAY, SUNDAY})
    assert holidays.observed_day(holiday, weekend, SUNDAY, True) == observed


def test_new_years_day_2028_is_found_for_the_last_period_of_2027():
    found = holidays.holidays_around(date(2027, 12, 26), date(2028, 1, 8))
    assert date(2028, 1, 1) in found


@pytest.mark.parametrize(
    ("holiday", "days_off", "in_lieu", "observed"),
    [
        # Labor Day, Monday 1 September 2025, off Monday and Tuesday (Tuesday
        # in lieu of Sunday): the workday before the day off, Sunday 31 Aug.
        (date(2025, 9, 1), {MONDAY, TUESDAY}, TUESDAY, date(2025, 8, 31)),
        # Thanksgiving, Thursday 27 November 2025, off Wednesday and Thursday
        # (Thursday in lieu): the next workday, Friday 28 November.
        (date(2025, 11, 27), {WEDNESDAY, THURSDAY}, THURSDAY, date(2025, 11, 28)),
        # Christmas 2024, a Wednesday (a day off, not the in-lieu one), same
        # agent: the workday before it, Tuesday 24 December.
        (date(2024, 12, 25), {WEDNESDAY, THURSDAY}, THURSDAY, date(2024, 12, 24)),
        # A holiday on a workday stays.
        (date(2025, 7, 4), {MONDAY, TUESDAY}, TUESDAY, date(2025, 7, 4)),
    ],
)
def test_rotating_staff(holiday, days_off, in_lieu, observed):
    found = holidays.observed_rotating(holiday, frozenset(days_off), in_lieu)
    assert found == observed
