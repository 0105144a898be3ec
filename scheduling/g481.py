"""The G-481 as supervisors keep it: who may read and change it, the day
loaded in a fixed number of queries with its departures from the G-259 and
its zones short of their minimum, edits of one line, overrides, and who is
on shift at an instant.

An edit names the version of the line it was made from, as on the G-259:
one made from an older version is refused with the line as it is now. A
vehicle goes through the vehicles module, whose refusal (out of service,
someone else's for that time, not at the station) refuses the whole edit.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bpets.bulk_history import update_with_history
from scheduling import conflicts, detail_notices, g259, time_rules
from scheduling.models import (
    CellStatus,
    DailyEntry,
    DailySchedule,
    ScheduleCell,
    StationScheduleRules,
    Zone,
)
from security import audit
from security import policies as security_policies
from vehicles import assignments
from vehicles.models import AssignmentSource
from vehicles.services import VehicleRefused

ON_SHIFT_ROLES = (*g259.EDITING_ROLES, "dispatcher")
CHANGED_FIELDS = [
    "on_duty",
    "shift_start",
    "shift_end",
    "activity",
    "sub_activity",
    "zone",
    "vehicle",
    "vehicle_assignment",
    "remarks",
    "version",
    "changed_by_hand",
]
# No shift is longer than a day and a daylight-saving hour: a shift begun
# earlier than this has ended.
LONGEST_SHIFT = timedelta(hours=25)

StaleEdit = g259.StaleEdit
STALE_LINE = (
    "Someone changed this line after you opened it; nothing was saved. It is "
    "shown as it is now."
)
Blocked = g259.Blocked


class VehicleRefusal(Exception):
    """The vehicles module refused the vehicle; nothing was changed."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


may_read = g259.may_read
may_edit = g259.may_edit


def may_see_on_shift(user, station) -> bool:
    return any(
        security_policies.holds_role(user, "scheduling", role, station)
        for role in ON_SHIFT_ROLES
    )


def stations_on_shift_for(user):
    return g259.stations_where(user, ON_SHIFT_ROLES)


# ---- the day as it is shown ------------------------------------------------


@dataclass
class Departure:
    kind: str
    text: str


@dataclass
class Day:
    daily: DailySchedule
    entries: list
    departures: dict
    conflicts: list
    zones: list = field(default_factory=list)
    # Hand-changed lines that a detail's step left disagreeing with it.
    notices: list = field(default_factory=list)

    @property
    def open_conflicts(self):
        return [conflict for conflict in self.conflicts if conflict.is_open]


def entries_of(daily: DailySchedule):
    return (
        DailyEntry.objects.filter(daily=daily)
        .select_related("employee", "activity", "sub_activity", "zone", "vehicle")
        .order_by("employee__last_name", "employee__first_name", "employee_id")
    )


def load(daily: DailySchedule) -> Day:
    """The lines by name, their departures from the G-259 and the day's
    conflicts, in a fixed number of queries."""
    entries = list(entries_of(daily))
    cells = {
        employee_id: (status, start, end)
        for employee_id, status, start, end in ScheduleCell.objects.filter(
            row__schedule_id=daily.schedule_id, day=daily.day
        ).values_list("row__employee_id", "status", "shift_start", "shift_end")
    }
    zone = ZoneInfo(daily.station.time_zone)
    departures = {
        entry.pk: departure
        for entry in entries
        if (departure := departure_of(entry, cells.get(entry.employee_id), zone))
    }
    zones = list(Zone.objects.filter(station_id=daily.station_id, is_active=True))
    return Day(
        daily,
        entries,
        departures,
        find_conflicts(daily, entries, zones),
        zones,
        detail_notices.of_day(daily, entries, cells),
    )


def _clock(moment, zone) -> str:
    return f"{moment.astimezone(zone):%H:%M}"


def shift_text(start, end, zone) -> str:
    if start is None:
        return "no shift"
    return f"{_clock(start, zone)}–{_clock(end, zone)}"


def departure_of(entry, cell, zone) -> Departure | None:
    """How the line departs from the person's G-259 day, if it does."""
    status, start, end = cell or (None, None, None)
    scheduled = status in CellStatus.with_shift() and start is not None
    if entry.on_duty and not scheduled:
        was = CellStatus(status).label.lower() if status else "not on the G-259"
        return Departure("WORKING_WHEN_OFF", f"Working; the G-259 has {was}.")
    if not entry.on_duty and scheduled:
        return Departure(
            "OFF_WHEN_SCHEDULED",
            f"Off; the G-259 has a shift {shift_text(start, end, zone)}.",
        )
    if entry.on_duty and (entry.shift_start, entry.shift_end) != (start, end):
        return Departure(
            "OTHER_SHIFT", f"Other shift; the G-259 has {shift_text(start, end, zone)}."
        )
    return None


# ---- zones short of their minimum -------------------------------------------


def find_conflicts(daily, entries, zones) -> list[conflicts.Conflict]:
    """A zone with fewer people than its minimum on a shift (the people
    starting at the same time) is a warning, or a block where the station
    says so; an override of the warning is kept on the G-259, by day."""
    rules = StationScheduleRules.objects.filter(station_id=daily.station_id).first()
    blocking = frozenset(rules.blocking if rules else ())
    overrides = {
        (override.kind, override.key): override
        for override in daily.schedule.overrides.filter(
            kind=conflicts.Kind.ZONE_MINIMUM, key__startswith=f"{daily.day}:"
        ).select_related("overridden_by")
    }
    zone = ZoneInfo(daily.station.time_zone)
    counts = defaultdict(int)
    starts = set()
    for entry in entries:
        if entry.on_duty:
            starts.add(entry.shift_start)
            counts[(entry.zone_id, entry.shift_start)] += 1

    found = []
    for start in sorted(starts):
        for place in zones:
            count = counts[(place.pk, start)]
            if count >= place.minimum_agents:
                continue
            clock = _clock(start, zone)
            conflict = conflicts.Conflict(
                conflicts.Kind.ZONE_MINIMUM,
                f"{daily.day}:{place.pk}:{clock}",
                f"{count} in {place.code} {place.name} on the shift starting "
                f"{clock}; the zone's minimum is {place.minimum_agents}.",
                (daily.day,),
                blocking=conflicts.Kind.ZONE_MINIMUM in blocking,
            )
            if not conflict.blocking:
                conflict.override = overrides.get((conflict.kind, conflict.key))
            found.append(conflict)
    return found


# ---- edits ------------------------------------------------------------------


@dataclass
class EntryChange:
    on_duty: bool
    start_time: time | None = None
    end_time: time | None = None
    activity: object = None
    sub_activity: object = None
    zone: object = None
    vehicle: object = None
    remarks: str = ""


@transaction.atomic
def change_entry(*, actor, daily: DailySchedule, entry_pk: int, version: int, change):
    """Apply ``change`` to the line, or nothing (refusals raise)."""
    check_may_edit(actor, daily)
    entry = (
        DailyEntry.objects.select_for_update(of=("self",))
        .select_related("employee", "vehicle_assignment__vehicle", "daily__station")
        .filter(pk=entry_pk, daily=daily)
        .first()
    )
    if entry is None:
        raise ValidationError("That line is not on this G-481.")
    if entry.version != version:
        raise StaleEdit([entry], STALE_LINE)
    own = getattr(actor, "employee", None)
    if own is not None and entry.employee_id == own.pk:
        raise PermissionDenied("Nobody changes their own schedule.")

    before = {(c.kind, c.key) for c in load(daily).conflicts if c.blocking}
    times_before = (entry.on_duty, entry.shift_start, entry.shift_end)
    apply_change(entry, change, daily)
    move_vehicle(actor, entry, change.vehicle if entry.on_duty else None, times_before)

    entries = [entry if other.pk == entry.pk else other for other in entries_of(daily)]
    zones = list(Zone.objects.filter(station_id=daily.station_id, is_active=True))
    after = find_conflicts(daily, entries, zones)
    brought_about = [c for c in after if c.blocking and (c.kind, c.key) not in before]
    if brought_about:
        raise Blocked(brought_about)

    entry.version += 1
    entry.changed_by_hand = True
    update_with_history(
        DailyEntry, [entry], CHANGED_FIELDS, user=actor, reason="Edited on the G-481"
    )
    return entry


def apply_change(entry: DailyEntry, change: EntryChange, daily) -> None:
    entry.on_duty = change.on_duty
    entry.remarks = change.remarks
    entry.activity = change.activity
    entry.sub_activity = change.sub_activity
    entry.zone = change.zone
    if not change.on_duty:
        # The shift stays, to say what was not worked.
        return
    if change.start_time is None or change.end_time is None:
        raise ValidationError({"start_time": "Someone on duty needs a start and end."})
    try:
        entry.shift_start, entry.shift_end = time_rules.shift_instants(
            daily.day,
            change.start_time,
            change.end_time,
            ZoneInfo(daily.station.time_zone),
        )
    except time_rules.ShiftTimeError as error:
        raise ValidationError({"start_time": str(error)}) from None


def move_vehicle(actor, entry: DailyEntry, vehicle, times_before) -> None:
    """Bring the vehicles module's record in line with the line."""
    held = entry.vehicle_assignment
    moved = times_before != (entry.on_duty, entry.shift_start, entry.shift_end)
    same = vehicle is not None and held is not None and held.vehicle_id == vehicle.pk
    try:
        if held is not None and not same:
            release_vehicle(actor, held)
            held = None
        elif held is not None and moved:
            held = assignments.assignment_change(
                actor=actor,
                assignment=held,
                starts_at=entry.shift_start,
                ends_at=entry.shift_end,
            )
        if vehicle is not None and held is None:
            held = assignments.assignment_create(
                actor=actor,
                vehicle=vehicle,
                employee=entry.employee,
                starts_at=entry.shift_start,
                ends_at=entry.shift_end,
                source=AssignmentSource.DAILY_SCHEDULE,
                source_reference=entry.pk,
            )
    except VehicleRefused as refusal:
        raise VehicleRefusal(refusal.message) from None
    entry.vehicle, entry.vehicle_assignment = vehicle, held


def release_vehicle(actor, held) -> None:
    """Give the vehicle back: withdrawn if the shift has not begun, ended
    now if it has, left alone if it is over."""
    now = timezone.now()
    if held.starts_at > now:
        assignments.assignment_cancel(actor=actor, assignment=held)
    elif held.ends_at is None or held.ends_at > now:
        assignments.assignment_end(actor=actor, assignment=held, ends_at=now)


@transaction.atomic
def override(*, actor, daily: DailySchedule, key: str, reason: str):
    """Keep a zone short of its minimum, with the supervisor's reason."""
    check_may_edit(actor, daily)
    day = load(daily)
    kind = conflicts.Kind.ZONE_MINIMUM
    conflict = next((c for c in day.conflicts if c.key == key), None)
    return g259.keep(
        actor=actor,
        schedule=daily.schedule,
        conflict=conflict,
        kind=kind,
        key=key,
        reason=reason,
    )


def check_may_edit(actor, daily: DailySchedule) -> None:
    if not may_edit(actor, daily.station):
        audit.record(
            audit.Kind.DENIED,
            actor=actor,
            target=daily,
            details={"action": "edit G-481"},
        )
        raise PermissionDenied(
            "Only the station's scheduling supervisors and administrators do that."
        )


# ---- on shift now -----------------------------------------------------------


def on_shift(station, at=None) -> list[DailyEntry]:
    """Who works at the station at the instant (now by default): a shift
    begun and not ended, also one begun the day before."""
    at = at or timezone.now()
    return list(
        DailyEntry.objects.filter(
            daily__station=station,
            on_duty=True,
            shift_start__lte=at,
            shift_start__gt=at - LONGEST_SHIFT,
            shift_end__gt=at,
        )
        .select_related("employee", "zone", "vehicle", "activity")
        .only(
            "shift_start",
            "shift_end",
            "employee__first_name",
            "employee__last_name",
            "zone__code",
            "zone__name",
            "vehicle__fleet_number",
            "activity__name",
        )
        .order_by("zone__code", "employee__last_name", "employee__first_name")
    )


def days_around(station, today: date) -> list[DailySchedule]:
    return list(
        DailySchedule.objects.filter(
            station=station,
            day__gte=today - timedelta(days=7),
            day__lte=today + timedelta(days=14),
        ).order_by("day")
    )
