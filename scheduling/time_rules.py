"""Shifts as instants: entered in a station's local time, counted exactly.

A shift is kept as two time-zone-aware instants. It is entered as a local
start and end (an end at or before the start is on the next day), so a
10-hour mid shift across the autumn daylight-saving change really lasts
11 hours, and 9 across the spring one; at a station that keeps no daylight
saving (Arizona) it lasts 10 both nights. Hours are credited to the local
day in which they are worked (and so to that day's pay period).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HOUR = timedelta(hours=1)

# Night differential: regularly scheduled hours between 18:00 and 06:00.
NIGHT_STARTS, NIGHT_ENDS = time(18), time(6)


class ShiftTimeError(ValueError):
    """A local time that cannot be a shift's; the message says why."""


def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """``clock`` on ``day`` at the station, refusing a time the clocks skip.

    On the spring-forward night 02:30 never happens; on the fall-back night
    01:30 happens twice, and the first (daylight) one is meant.
    """
    moment = datetime.combine(day, clock, tzinfo=zone)
    round_trip = moment.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ShiftTimeError(
            f"{clock:%H:%M} does not exist on {day:%Y-%m-%d} at this station: "
            "the clocks go forward then."
        )
    return moment.astimezone(UTC)


def shift_instants(
    day: date, start: time, end: time, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """The instants of a shift starting on ``day``; an end at or before the
    start falls on the next day."""
    end_day = day if end > start else day + timedelta(days=1)
    return local_instant(day, start, zone), local_instant(end_day, end, zone)


def template_instants(
    day: date, start: time, length: timedelta, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """A shift template's start and nominal length, as the clocks read them:
    "14:00 for 10 hours" ends at 00:00 local, whatever the night."""
    wall_end = (datetime.combine(day, start) + length).time()
    return shift_instants(day, start, wall_end, zone)


def hours(start: datetime, end: datetime) -> float:
    """Exact elapsed hours between two instants."""
    return (end - start) / HOUR


def hours_by_local_day(
    start: datetime, end: datetime, zone: ZoneInfo
) -> dict[date, float]:
    """Elapsed hours of the interval credited to each local day."""
    credited = {}
    cursor = start
    while cursor < end:
        local_day = cursor.astimezone(zone).date()
        next_midnight = local_instant(local_day + timedelta(days=1), time(0), zone)
        piece_end = min(end, next_midnight)
        credited[local_day] = credited.get(local_day, 0.0) + hours(cursor, piece_end)
        cursor = piece_end
    return credited


def night_hours(start: datetime, end: datetime, zone: ZoneInfo) -> float:
    """Elapsed hours of the interval inside the local 18:00-06:00 window."""
    total = 0.0
    first_day = start.astimezone(zone).date() - timedelta(days=1)
    last_day = end.astimezone(zone).date()
    day = first_day
    while day <= last_day:
        window_start = local_instant(day, NIGHT_STARTS, zone)
        window_end = local_instant(day + timedelta(days=1), NIGHT_ENDS, zone)
        overlap = min(end, window_end) - max(start, window_start)
        if overlap > timedelta(0):
            total += overlap / HOUR
        day += timedelta(days=1)
    return total


def overlaps(first: tuple[datetime, datetime], second: tuple[datetime, datetime]):
    """Do two half-open intervals share any instant?"""
    return first[0] < second[1] and second[0] < first[1]
