from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduling import pay_periods, time_rules

CENTRAL = ZoneInfo("America/Chicago")  # keeps daylight saving
ARIZONA = ZoneInfo("America/Phoenix")  # does not
MID_START, MID_END = time(22), time(8)


@pytest.mark.parametrize(
    ("zone", "night_of", "expected_hours"),
    [
        # Spring forward, 2026-03-08 02:00: the night is an hour short.
        (CENTRAL, date(2026, 3, 7), 9),
        # Fall back, 2026-11-01 02:00: an hour long.
        (CENTRAL, date(2026, 10, 31), 11),
        (CENTRAL, date(2026, 6, 6), 10),
        (ARIZONA, date(2026, 3, 7), 10),
        (ARIZONA, date(2026, 10, 31), 10),
    ],
)
def test_a_mid_shift_lasts_what_the_clocks_make_it(zone, night_of, expected_hours):
    start, end = time_rules.shift_instants(night_of, MID_START, MID_END, zone)

    assert start.tzinfo is not None and end.tzinfo is not None
    assert time_rules.hours(start, end) == expected_hours
    assert end.astimezone(zone).time() == MID_END
    assert end.astimezone(zone).date() == night_of + timedelta(days=1)


def test_the_instants_are_the_real_ones():
    start, end = time_rules.shift_instants(
        date(2026, 10, 31), MID_START, MID_END, CENTRAL
    )

    # 22:00 CDT is 03:00 UTC; 08:00 CST is 14:00 UTC.
    assert start == datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    assert end == datetime(2026, 11, 1, 14, 0, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(time_rules.ShiftTimeError, match="does not exist on 2026-03-08"):
        time_rules.shift_instants(date(2026, 3, 8), time(2, 30), time(12, 30), CENTRAL)


def test_a_repeated_time_means_the_first_one():
    start, _ = time_rules.shift_instants(
        date(2026, 11, 1), time(1, 30), time(9), CENTRAL
    )

    assert start == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 CDT


def test_hours_are_credited_to_the_day_and_pay_period_worked():
    # 22:00 on the last Saturday of PP 13/2025 to 08:00 on the Sunday that
    # opens PP 14: 2 hours in the one, 8 in the other.
    saturday = pay_periods.numbered(2025, 13).end
    start, end = time_rules.shift_instants(saturday, MID_START, MID_END, ARIZONA)

    credited = time_rules.hours_by_local_day(start, end, ARIZONA)

    assert credited == {saturday: 2, saturday + timedelta(days=1): 8}
    assert pay_periods.containing(saturday + timedelta(days=1)).label == "PP 14/2025"


def test_the_long_night_credits_its_extra_hour_to_the_sunday():
    start, end = time_rules.shift_instants(
        date(2026, 10, 31), MID_START, MID_END, CENTRAL
    )

    assert time_rules.hours_by_local_day(start, end, CENTRAL) == {
        date(2026, 10, 31): 2,
        date(2026, 11, 1): 9,
    }


@pytest.mark.parametrize(
    ("start", "end", "night"),
    [
        (time(6), time(16), 0),  # days
        (time(14), time(0), 6),  # swings: 18:00 to midnight
        (time(22), time(8), 8),  # mids: 22:00 to 06:00
    ],
)
def test_night_hours_of_the_three_shifts(start, end, night):
    instants = time_rules.shift_instants(date(2025, 7, 8), start, end, ARIZONA)

    assert time_rules.night_hours(*instants, ARIZONA) == night


def test_night_hours_on_the_short_night():
    instants = time_rules.shift_instants(date(2026, 3, 7), MID_START, MID_END, CENTRAL)

    # 22:00 to 06:00 by the clocks, one hour of it skipped.
    assert time_rules.night_hours(*instants, CENTRAL) == 7


def test_a_template_ends_where_the_clocks_say():
    start, end = time_rules.template_instants(
        date(2026, 10, 31), time(14), timedelta(hours=10), CENTRAL
    )

    assert end.astimezone(CENTRAL) == datetime(2026, 11, 1, 0, 0, tzinfo=CENTRAL)
    assert time_rules.hours(start, end) == 10


def test_overlapping_intervals():
    day = date(2026, 5, 5)
    swings = time_rules.shift_instants(day, time(14), time(0), ARIZONA)
    mids = time_rules.shift_instants(day, time(22), time(8), ARIZONA)
    next_days = time_rules.shift_instants(
        day + timedelta(days=1), time(8), time(18), ARIZONA
    )

    assert time_rules.overlaps(swings, mids)
    assert not time_rules.overlaps(mids, next_days)  # back to back is no overlap
