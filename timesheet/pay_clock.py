"""Exact hours between instants, for the pay rules.

Spans are pairs of time-zone-aware instants; their hours are exact
decimals (seconds / 3600), so a quarter hour is 0.25 and never 0.2499...
Local days and the night window are read on the station's clock, which
makes a night across a daylight-saving change one hour longer or shorter.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from scheduling import time_rules

SECONDS_IN_HOUR = Decimal(3600)
# Night differential: regularly scheduled hours between 18:00 and 06:00
# (5 U.S.C. 5545(a); 5 CFR 550.122).
NIGHT_ENDS, NIGHT_STARTS = time(6), time(18)


@dataclass(frozen=True, order=True)
class Span:
    start: datetime
    end: datetime

    @property
    def hours(self) -> Decimal:
        return hours_between(self.start, self.end)

    def overlap(self, other: "Span") -> "Span | None":
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Span(start, end) if start < end else None


@lru_cache(maxsize=4096)
def local_instant(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """Scheduling's local instant, remembered: a pay period asks for the
    same midnights and night-window edges again and again."""
    return time_rules.local_instant(day, clock, zone)


def hours_between(start: datetime, end: datetime) -> Decimal:
    seconds = int((end - start).total_seconds())
    return Decimal(seconds) / SECONDS_IN_HOUR


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def split_by_local_day(span: Span, zone: ZoneInfo) -> list[tuple[date, Span]]:
    """The parts of a span on each local calendar day, in order."""
    parts = []
    cursor = span.start
    while cursor < span.end:
        day = local_day(cursor, zone)
        midnight = local_instant(day + timedelta(days=1), time(0), zone)
        piece_end = min(span.end, midnight)
        parts.append((day, Span(cursor, piece_end)))
        cursor = piece_end
    return parts


def night_hours(span: Span, zone: ZoneInfo) -> Decimal:
    """Hours of the span inside the local 18:00-06:00 window."""
    total = Decimal(0)
    for day, part in split_by_local_day(span, zone):
        morning = Span(
            local_instant(day, time(0), zone), local_instant(day, NIGHT_ENDS, zone)
        )
        evening = Span(
            local_instant(day, NIGHT_STARTS, zone),
            local_instant(day + timedelta(days=1), time(0), zone),
        )
        for window in (morning, evening):
            inside = part.overlap(window)
            if inside:
                total += inside.hours
    return total


def touches_sunday(span: Span, zone: ZoneInfo) -> bool:
    return any(day.weekday() == 6 for day, _ in split_by_local_day(span, zone))


def free_parts(window: Span, taken: list[Span]) -> list[Span]:
    """The parts of a window that no taken span covers, in order."""
    free = []
    cursor = window.start
    for busy in sorted(taken):
        if busy.end <= cursor or busy.start >= window.end:
            continue
        if busy.start > cursor:
            free.append(Span(cursor, busy.start))
        cursor = max(cursor, busy.end)
    if cursor < window.end:
        free.append(Span(cursor, window.end))
    return free


def free_parts_of_all(windows: list[Span], taken: list[Span]) -> list[Span]:
    return [part for window in windows for part in free_parts(window, taken)]


def take_first(spans: list[Span], hours: Decimal) -> tuple[list[Span], list[Span]]:
    """The earliest ``hours`` of some spans, and the rest of them."""
    taken, rest = [], []
    left = hours
    for span in sorted(spans):
        if left >= span.hours:
            taken.append(span)
            left -= span.hours
        elif left > 0:
            cut = span.start + timedelta(seconds=int(left * SECONDS_IN_HOUR))
            taken.append(Span(span.start, cut))
            rest.append(Span(cut, span.end))
            left = Decimal(0)
        else:
            rest.append(span)
    return taken, rest


def total_hours(spans: list[Span]) -> Decimal:
    return sum((span.hours for span in spans), Decimal(0))
