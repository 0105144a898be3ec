"""A station's own clock: its time zone, its today, its wall-clock times.

Instants are stored aware (UTC in the database) and shown and entered in
the station's local time. A local time that a daylight-saving change skips
does not exist and is refused; one it repeats is taken at its first
occurrence (still daylight time), which the forms say.
"""

import zoneinfo
from datetime import date, datetime, time

from bpets import clock


class NoSuchLocalTime(ValueError):
    pass


zone_of = clock.zone_at
today_at = clock.today_at


def local(instant: datetime, station) -> datetime:
    return instant.astimezone(zone_of(station))


def shown(instant: datetime, station) -> str:
    """``2026-03-08 01:30 MST``, in the station's zone."""
    return local(instant, station).strftime("%Y-%m-%d %H:%M %Z")


def span(starts_at: datetime, ends_at: datetime | None, station) -> str:
    """``from ... to ...``, or ``from ... until further notice``."""
    if ends_at is None:
        return f"from {shown(starts_at, station)} until further notice"
    return f"from {shown(starts_at, station)} to {shown(ends_at, station)}"


def instant(day: date, clock: time, station) -> datetime:
    """The aware instant of a wall-clock time at the station."""
    zone = zone_of(station)
    wall = datetime.combine(day, clock).replace(tzinfo=zone)
    # A skipped time comes back changed from a round trip through UTC.
    back = wall.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone)
    if back.replace(tzinfo=None) != wall.replace(tzinfo=None):
        raise NoSuchLocalTime(
            f"There is no {clock:%H:%M} on {day:%Y-%m-%d} at this station: the "
            "clocks go forward that night."
        )
    return wall
