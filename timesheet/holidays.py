"""Federal holidays and the day each employee observes them.

Sources:

- 5 U.S.C. 6103(a) names the legal public holidays (Juneteenth was added in
  2021) and 6103(c) Inauguration Day, a holiday only for employees in the
  Washington, D.C. area: off unless ``TIMESHEET_RULES["INAUGURATION_DAY"]``.
- 5 U.S.C. 6103(b) and OPM's fact sheet "Federal Holidays - Work Schedules
  and Pay": for a Monday-to-Friday employee a Saturday holiday is observed
  on the Friday before and a Sunday one on the Monday after, even when that
  Friday lies in the previous calendar year (1 January 2028 is observed on
  31 December 2027).
- 5 U.S.C. 6103(b)(2), 44 Comp. Gen. 803 (1965) and Executive Order 11582
  section 3: for an employee on any other week, a holiday on a regular day
  off moves to the workday just before that day off; a holiday on the day
  off designated "in lieu of Sunday" moves to the next workday.

Weekdays are counted as the schedule counts them: 0 = Sunday ... 6 = Saturday.
"""

from datetime import date, timedelta

SUNDAY, MONDAY, THURSDAY, SATURDAY = 0, 1, 4, 6
ONE_DAY = timedelta(days=1)
JUNETEENTH_FROM = 2021


def weekday_of(day: date) -> int:
    """The day of the week, 0 = Sunday ... 6 = Saturday."""
    return (day.weekday() + 1) % 7


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-based) given weekday of a month."""
    first = date(year, month, 1)
    ahead = (weekday - weekday_of(first)) % 7
    return first + timedelta(days=ahead + 7 * (nth - 1))


def last_weekday(year: int, month: int, weekday: int) -> date:
    following_month = date(year + month // 12, month % 12 + 1, 1)
    last = following_month - ONE_DAY
    return last - timedelta(days=(weekday_of(last) - weekday) % 7)


def federal_holidays(year: int, inauguration_day: bool = False) -> dict[date, str]:
    """The legal public holidays falling in a calendar year, by date."""
    holidays = {
        date(year, 1, 1): "New Year's Day",
        nth_weekday(year, 1, MONDAY, 3): "Birthday of Martin Luther King, Jr.",
        nth_weekday(year, 2, MONDAY, 3): "Washington's Birthday",
        last_weekday(year, 5, MONDAY): "Memorial Day",
        date(year, 7, 4): "Independence Day",
        nth_weekday(year, 9, MONDAY, 1): "Labor Day",
        nth_weekday(year, 10, MONDAY, 2): "Columbus Day",
        date(year, 11, 11): "Veterans Day",
        nth_weekday(year, 11, THURSDAY, 4): "Thanksgiving Day",
        date(year, 12, 25): "Christmas Day",
    }
    if year >= JUNETEENTH_FROM:
        holidays[date(year, 6, 19)] = "Juneteenth National Independence Day"
    # Inauguration Day: 20 January of the year after a presidential
    # election; moved to the 21st when the 20th is a Sunday.
    if inauguration_day and year % 4 == 1:
        inauguration = date(year, 1, 20)
        if weekday_of(inauguration) == SUNDAY:
            inauguration += ONE_DAY
        holidays[inauguration] = "Inauguration Day"
    return dict(sorted(holidays.items()))


def holidays_around(
    first_day: date, last_day: date, inauguration_day: bool = False
) -> dict[date, str]:
    """The holidays whose observed date may fall between two days: those of
    the calendar years touched, and of the next one (1 January on a
    Saturday is observed in December)."""
    found: dict[date, str] = {}
    for year in range(first_day.year - 1, last_day.year + 2):
        found.update(federal_holidays(year, inauguration_day))
    return found


def observed_monday_to_friday(holiday: date) -> date:
    weekday = weekday_of(holiday)
    if weekday == SATURDAY:
        return holiday - ONE_DAY
    if weekday == SUNDAY:
        return holiday + ONE_DAY
    return holiday


def observed_rotating(
    holiday: date, days_off: frozenset[int], in_lieu_of_sunday: int | None
) -> date:
    """The observed day for an employee whose days off are not Saturday and
    Sunday. A holiday on a workday stays where it is."""
    weekday = weekday_of(holiday)
    if weekday not in days_off:
        return holiday
    if len(days_off) >= 7:
        raise ValueError("An employee with no workday observes no holiday.")
    step = ONE_DAY if weekday == in_lieu_of_sunday else -ONE_DAY
    observed = holiday + step
    while weekday_of(observed) in days_off:
        observed += step
    return observed


def observed_day(
    holiday: date,
    days_off: frozenset[int],
    in_lieu_of_sunday: int | None,
    monday_to_friday: bool,
) -> date:
    if monday_to_friday:
        return observed_monday_to_friday(holiday)
    return observed_rotating(holiday, days_off, in_lieu_of_sunday)
