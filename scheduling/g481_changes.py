"""A G-481 day's change history: who changed which line, when, from what
to what, newest first. The build's own writes (the lines made from the
G-259 and their default vehicles) are where the day starts, not changes."""

from zoneinfo import ZoneInfo

from scheduling import g481_build
from scheduling.g259_display import previous_records
from scheduling.g481 import shift_text
from scheduling.models import DailyEntry

BUILT = (g481_build.REASON, g481_build.VEHICLE_REASON)
RELATED = ("activity", "sub_activity", "zone", "vehicle")


def of_day(daily):
    return (
        DailyEntry.history.filter(daily_id=daily.pk)
        .exclude(history_change_reason__in=BUILT)
        .select_related("history_user", "employee", *RELATED)
        .order_by("-history_date", "-history_id")
    )


def words(record, zone) -> str:
    """The line as it read in the record: ``06:00–16:00, Patrol, zone Z01
    West desert, vehicle N-101, "remarks"``."""
    parts = [
        shift_text(record.shift_start, record.shift_end, zone)
        if record.on_duty
        else "Off"
    ]
    if record.activity is not None:
        parts.append(record.activity.name)
    if record.sub_activity is not None:
        parts.append(record.sub_activity.name)
    if record.zone is not None:
        parts.append(f"zone {record.zone.code} {record.zone.name}")
    if record.vehicle is not None:
        parts.append(f"vehicle {record.vehicle.fleet_number}")
    if record.remarks:
        parts.append(f"“{record.remarks}”")
    return ", ".join(parts)


def shown(records, station) -> list[dict]:
    """Each change with the line just before it (one more query)."""
    records = list(records)
    zone = ZoneInfo(station.time_zone)
    previous = previous_records(records, related=RELATED)
    rows = []
    for record in records:
        before = previous.get(record.history_id)
        employee = record.employee
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "employee_id": employee.pk,
                "person": f"{employee.last_name}, {employee.first_name}",
                "before": words(before, zone) if before else "",
                "after": "Line removed"
                if record.history_type == "-"
                else words(record, zone),
                "reason": record.history_change_reason or "",
            }
        )
    return rows
