"""How a G-481 reads on screen and on paper: each line's shift in the
station's local time, its departure from the G-259 marked, and who is on
shift now. Worked out here once, so that templates only print strings."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from scheduling.g481 import shift_text


@dataclass
class ShownEntry:
    entry: object
    name: str
    shift: str
    activity: str
    zone: str
    vehicle: str
    remarks: str
    departure: object
    is_own: bool
    token: str


def _activity(entry) -> str:
    if entry.activity is None:
        return ""
    if entry.sub_activity is None:
        return entry.activity.name
    return f"{entry.activity.name}: {entry.sub_activity.name}"


def present(day, *, viewer) -> list[ShownEntry]:
    zone = ZoneInfo(day.daily.station.time_zone)
    own = getattr(getattr(viewer, "employee", None), "pk", None)
    shown = []
    for entry in day.entries:
        employee = entry.employee
        shown.append(
            ShownEntry(
                entry=entry,
                name=f"{employee.last_name}, {employee.first_name}",
                shift=shift_text(entry.shift_start, entry.shift_end, zone)
                if entry.on_duty
                else "Off",
                activity=_activity(entry),
                zone=f"{entry.zone.code} {entry.zone.name}" if entry.zone else "",
                vehicle=entry.vehicle.fleet_number if entry.vehicle else "",
                remarks=entry.remarks,
                departure=day.departures.get(entry.pk),
                is_own=employee.pk == own,
                token=str(entry.version),
            )
        )
    return shown


def local_times(entry, station) -> dict:
    if entry.shift_start is None:
        return {}
    zone = ZoneInfo(station.time_zone)
    return {
        "start_time": entry.shift_start.astimezone(zone).time(),
        "end_time": entry.shift_end.astimezone(zone).time(),
    }


@dataclass
class OnShift:
    name: str
    shift: str
    zone: str
    vehicle: str
    activity: str


def on_shift(entries, station) -> list[OnShift]:
    zone = ZoneInfo(station.time_zone)
    return [
        OnShift(
            name=f"{entry.employee.last_name}, {entry.employee.first_name}",
            shift=shift_text(entry.shift_start, entry.shift_end, zone),
            zone=f"{entry.zone.code} {entry.zone.name}" if entry.zone else "No zone",
            vehicle=entry.vehicle.fleet_number if entry.vehicle else "",
            activity=entry.activity.name if entry.activity else "",
        )
        for entry in entries
    ]


def local_clock(instant, station) -> str:
    """``07:30 MST, Wed 14 Jan 2026``: the instant on the station's clocks."""
    return f"{instant.astimezone(ZoneInfo(station.time_zone)):%H:%M %Z, %a %d %b %Y}"
