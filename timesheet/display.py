"""A loaded timesheet as its page and its print-out show it: a row per day
the viewer may see, scheduled beside actual, the entries, and the totals
of the pay rules, in the station's local time."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from timesheet.codes import TimeCode
from timesheet.workflow import unclosed_shifts

PREMIUMS = (
    ("regular", "Regular"),
    ("tour_overtime", "Tour overtime"),
    ("overtime", "Overtime"),
    ("overtime_debt", "Overtime debt"),
    ("night_differential", "Night differential"),
    ("sunday_premium", "Sunday premium"),
    ("holiday_premium", "Holiday premium"),
    ("comp_time_earned", "Compensatory time earned"),
)


def clock(moment: datetime | None, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%H:%M}" if moment else ""


def span(start, end, zone) -> str:
    if start is None:
        return ""
    return f"{clock(start, zone)}–{clock(end, zone)}"


def hours_text(hours: Decimal) -> str:
    return f"{hours.quantize(Decimal('0.01')).normalize():f}"


@dataclass
class DayRow:
    day: date
    record: object
    scheduled: str
    actual: str
    closed: bool
    needs_closing: bool
    entries: list = field(default_factory=list)
    totals: object = None


def code_totals(totals) -> list[tuple[str, str]]:
    return [
        (TimeCode(code).label, hours_text(hours))
        for code, hours in sorted(totals.by_code.items())
        if hours
    ]


def premium_totals(totals) -> list[tuple[str, str]]:
    return [
        (label, hours_text(getattr(totals, name)))
        for name, label in PREMIUMS
        if getattr(totals, name, None)
    ]


def day_rows(loaded) -> list[DayRow]:
    zone = ZoneInfo(loaded.sheet.station.time_zone)
    open_ids = {day.pk for day in unclosed_shifts(loaded.days)}
    by_day = {}
    for entry in loaded.entries:
        by_day.setdefault(entry.day, []).append(
            {
                "entry": entry,
                "code": entry.get_code_display(),
                "span": span(entry.start, entry.end, zone),
                "hours": hours_text(entry.hours),
            }
        )
    rows = []
    for day in loaded.days:
        if day.day not in loaded.visible:
            continue
        rows.append(
            DayRow(
                day=day.day,
                record=day,
                scheduled=_scheduled_text(day, zone),
                actual=_actual_text(day, zone),
                closed=day.is_closed,
                needs_closing=day.pk in open_ids,
                entries=by_day.get(day.day, []),
                totals=loaded.totals.days.get(day.day),
            )
        )
    return rows


def _scheduled_text(day, zone) -> str:
    status = day.get_status_display()
    if day.leave_type:
        status = f"{status} ({day.get_leave_type_display().lower()})"
    times = span(day.scheduled_start, day.scheduled_end, zone)
    return f"{status}, {times}" if times else status


def _actual_text(day, zone) -> str:
    if not day.is_closed:
        return ""
    if day.actual_start is None:
        return "Not worked"
    return span(day.actual_start, day.actual_end, zone)
