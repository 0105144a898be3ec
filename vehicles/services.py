"""The only code that changes vehicles: enter, edit, transfer, change status,
record the odometer, retire and dispose. Assignments are in ``assignments``.

Each function takes the acting user, checks the policy, changes the data in
one transaction and leaves history with the actor. A refusal raises
``VehicleRefused`` with a message for the user and changes nothing; a
refusal of access is an ``AccessRefused`` and an audit DENIED event.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from security import audit
from security.models import OrganizationUnit
from vehicles import local_time, policies, selectors
from vehicles.models import (
    OdometerReading,
    StatusChange,
    Transfer,
    Vehicle,
    VehicleStatus,
)

EDITABLE_FIELDS = (
    "fleet_number",
    "vin",
    "hull_number",
    "plate",
    "plate_state",
    "make",
    "model",
    "model_year",
    "vehicle_type",
    "is_marked",
    "remarks",
)
UPPER_CASE_FIELDS = ("fleet_number", "vin", "hull_number", "plate")


class VehicleRefused(Exception):
    """The change was refused as a whole; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AccessRefused(VehicleRefused):
    """The actor may not do this here (audited)."""


def refuse_access(actor, action: str, *, target, station, message: str):
    audit.record(
        audit.Kind.DENIED,
        actor=actor,
        target=target,
        details={"action": action, "station": station.pk},
    )
    raise AccessRefused(message)


def require_administrator(actor, station, action: str, target=None) -> None:
    if not policies.may_administer(actor, station):
        refuse_access(
            actor,
            action,
            target=target or station,
            station=station,
            message=(
                f"Only the vehicle administrators of {station} may change its fleet."
            ),
        )


def locked(vehicle: Vehicle) -> Vehicle:
    """The vehicle's row, locked until the transaction ends, as it now stands."""
    return (
        Vehicle.objects.select_for_update().select_related("station").get(pk=vehicle.pk)
    )


def _normalized(values: dict) -> dict:
    cleaned = dict(values)
    for name in UPPER_CASE_FIELDS:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = "".join(cleaned[name].split()).upper()
    for name in ("make", "model", "remarks"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    return cleaned


def _refuse_unknown_fields(values: dict) -> None:
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"Not vehicle fields a user changes: {', '.join(unknown)}")


def _refuse_closed(vehicle: Vehicle) -> None:
    if vehicle.is_disposed:
        raise VehicleRefused(
            f"{vehicle.fleet_number} has been disposed of; its record is closed."
        )


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise VehicleRefused(f"Say why {what}.", field="reason")
    return reason


def _day_not_ahead(day, station, field: str) -> None:
    today = local_time.today_at(station)
    if day > today:
        raise VehicleRefused(
            f"The date cannot be after today ({today:%Y-%m-%d} at {station}).",
            field=field,
        )


def vehicle_enter(*, actor, station: OrganizationUnit, values: dict) -> Vehicle:
    """Add a vehicle to a station's fleet, in service from today."""
    require_administrator(actor, station, "vehicles.enter")
    with transaction.atomic():
        return _enter(actor, station, values)


def _enter(actor, station, values) -> Vehicle:
    if station.kind != OrganizationUnit.Kind.STATION:
        raise VehicleRefused("Vehicles belong to a station, not a sector.")
    _refuse_unknown_fields(values)

    vehicle = Vehicle(station=station, status=VehicleStatus.IN_SERVICE)
    for name, value in _normalized(values).items():
        setattr(vehicle, name, value)
    vehicle.full_clean()
    vehicle._history_user = actor
    vehicle._change_reason = "Entered into the fleet"
    _save_unique(vehicle)

    _status_row(
        actor,
        vehicle,
        "",
        VehicleStatus.IN_SERVICE,
        local_time.today_at(station),
        "Entered into the fleet.",
    )
    return vehicle


def vehicle_edit(*, actor, vehicle: Vehicle, changes: dict) -> list[str]:
    """Change what describes the vehicle; the names of the fields changed."""
    require_administrator(actor, vehicle.station, "vehicles.edit", vehicle)
    with transaction.atomic():
        return _edit(actor, locked(vehicle), changes)


def _edit(actor, vehicle: Vehicle, changes: dict) -> list[str]:
    _refuse_unknown_fields(changes)
    _refuse_closed(vehicle)

    changes = _normalized(changes)
    changed = [
        name for name, value in changes.items() if getattr(vehicle, name) != value
    ]
    if not changed:
        return []
    for name in changed:
        setattr(vehicle, name, changes[name])
    vehicle.full_clean()
    vehicle._history_user = actor
    _save_unique(vehicle, update_fields=changed)
    return changed


def _save_unique(vehicle: Vehicle, **kwargs) -> None:
    """Save, turning a fleet number taken a moment ago into a refusal.

    full_clean has checked the number is free; another administrator saving
    the same number between that check and this save is only caught here.
    """
    try:
        with transaction.atomic():
            vehicle.save(**kwargs)
    except IntegrityError as error:
        raise VehicleRefused(
            f"Another vehicle has just been saved with fleet number "
            f"{vehicle.fleet_number}; check the fleet and choose another.",
            field="fleet_number",
        ) from error


def _open_or_coming(vehicle: Vehicle, at):
    """Assignments not ended by ``at``: running then, open-ended, or later."""
    return vehicle.assignments.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))


def _refuse_while_assigned(vehicle: Vehicle, what: str) -> None:
    pending = list(_open_or_coming(vehicle, timezone.now()).select_related("employee"))
    if pending:
        raise VehicleRefused(
            f"{vehicle.fleet_number} cannot be {what} while it is assigned: "
            + selectors.describe_assignments(pending, vehicle.station)
            + ". End or change the assignments first."
        )


def vehicle_transfer(
    *, actor, vehicle: Vehicle, to_station: OrganizationUnit, on, reason: str
) -> Transfer:
    """Move a vehicle to another station's fleet.

    The actor administers the vehicles of both stations. A vehicle still
    assigned (now or later) is refused rather than its assignments ended:
    they were made by a schedule or a custody, and only those who made
    them should end them.
    """
    require_administrator(actor, vehicle.station, "vehicles.transfer", vehicle)
    if to_station.kind != OrganizationUnit.Kind.STATION:
        raise VehicleRefused("Vehicles go to a station, not a sector.", "to_station")
    if to_station.pk == vehicle.station_id:
        raise VehicleRefused(
            f"{vehicle.fleet_number} is already at {vehicle.station}.", "to_station"
        )
    if to_station.status == OrganizationUnit.Status.CLOSED:
        raise VehicleRefused(f"{to_station} is closed.", "to_station")
    if not policies.may_administer(actor, to_station):
        refuse_access(
            actor,
            "vehicles.transfer",
            target=vehicle,
            station=to_station,
            message=(
                f"You do not administer the vehicles of {to_station}: a transfer "
                "needs a vehicle administrator of both stations."
            ),
        )
    with transaction.atomic():
        return _transfer(actor, locked(vehicle), to_station, on, reason)


def _transfer(actor, vehicle: Vehicle, to_station, on, reason: str) -> Transfer:
    from_station = vehicle.station
    _refuse_closed(vehicle)
    reason = _reason(reason, "the vehicle moves")
    _day_not_ahead(on, from_station, "on")
    _refuse_while_assigned(vehicle, "transferred")

    transfer = Transfer(
        vehicle=vehicle,
        from_station=from_station,
        to_station=to_station,
        transferred_on=on,
        reason=reason,
        transferred_by=actor,
    )
    transfer.full_clean()
    transfer._history_user = actor
    transfer.save()

    vehicle.station = to_station
    vehicle._history_user = actor
    vehicle._change_reason = f"Transferred to station {to_station.pk}"
    vehicle.save(update_fields=["station"])
    return transfer


def _status_row(actor, vehicle, from_status, to_status, on, reason) -> StatusChange:
    change = StatusChange(
        vehicle=vehicle,
        from_status=from_status,
        to_status=to_status,
        effective_on=on,
        reason=reason,
        changed_by=actor,
    )
    change.full_clean()
    change._history_user = actor
    change.save()
    return change


def vehicle_change_status(
    *, actor, vehicle: Vehicle, to_status: str, on, reason: str
) -> StatusChange:
    """Put a vehicle in or out of service, up for disposal, or disposed of.

    Disposal is final. A vehicle leaves service only when nobody holds it
    or will: its assignments are ended first, by whoever made them.
    """
    require_administrator(actor, vehicle.station, "vehicles.change_status", vehicle)
    with transaction.atomic():
        return _change_status(actor, locked(vehicle), to_status, on, reason)


def _change_status(actor, vehicle: Vehicle, to_status, on, reason) -> StatusChange:
    _refuse_closed(vehicle)
    if to_status not in VehicleStatus.values:
        raise VehicleRefused("Choose a status from the list.", "to_status")
    if to_status == vehicle.status:
        raise VehicleRefused(
            f"{vehicle.fleet_number} is already "
            f"{VehicleStatus(to_status).label.lower()}.",
            "to_status",
        )
    reason = _reason(reason, "the status changes")
    _day_not_ahead(on, vehicle.station, "on")
    latest = vehicle.status_changes.order_by("-effective_on").first()
    if latest is not None and on < latest.effective_on:
        raise VehicleRefused(
            f"The last change of status took effect on {latest.effective_on:%Y-%m-%d}"
            "; a new one cannot take effect before it.",
            "on",
        )
    if to_status != VehicleStatus.IN_SERVICE:
        _refuse_while_assigned(vehicle, "taken out of service")

    change = _status_row(actor, vehicle, vehicle.status, to_status, on, reason)
    vehicle.status = to_status
    vehicle._history_user = actor
    vehicle._change_reason = f"Status: {to_status}"
    vehicle.save(update_fields=["status"])
    return change


def vehicle_retire(*, actor, vehicle: Vehicle, on, reason: str) -> StatusChange:
    """Take a vehicle out of use for good: it awaits disposal."""
    return vehicle_change_status(
        actor=actor,
        vehicle=vehicle,
        to_status=VehicleStatus.AWAITING_DISPOSAL,
        on=on,
        reason=reason,
    )


def vehicle_dispose(*, actor, vehicle: Vehicle, on, reason: str) -> StatusChange:
    """The vehicle has left the agency (sold, scrapped, returned to GSA)."""
    return vehicle_change_status(
        actor=actor,
        vehicle=vehicle,
        to_status=VehicleStatus.DISPOSED,
        on=on,
        reason=reason,
    )


def odometer_record(*, actor, vehicle: Vehicle, read_on, miles: int) -> OdometerReading:
    """Record the miles read on a day; an odometer never runs backwards."""
    require_administrator(actor, vehicle.station, "vehicles.odometer", vehicle)
    with transaction.atomic():
        return _record_odometer(actor, locked(vehicle), read_on, miles)


def _record_odometer(actor, vehicle: Vehicle, read_on, miles: int) -> OdometerReading:
    _refuse_closed(vehicle)
    _day_not_ahead(read_on, vehicle.station, "read_on")
    readings = vehicle.odometer_readings
    if readings.filter(read_on=read_on).exists():
        raise VehicleRefused(
            f"{vehicle.fleet_number} already has a reading for {read_on:%Y-%m-%d}.",
            "read_on",
        )

    before = readings.filter(read_on__lt=read_on).order_by("-read_on").first()
    if before is not None and miles < before.miles:
        raise VehicleRefused(
            f"The odometer read {before.miles:,} miles on {before.read_on:%Y-%m-%d}; "
            f"{miles:,} on a later day would mean it ran backwards.",
            "miles",
        )
    after = readings.filter(read_on__gt=read_on).order_by("read_on").first()
    if after is not None and miles > after.miles:
        raise VehicleRefused(
            f"The odometer read {after.miles:,} miles on {after.read_on:%Y-%m-%d}; "
            f"{miles:,} on an earlier day would mean it ran backwards.",
            "miles",
        )

    reading = OdometerReading(
        vehicle=vehicle, read_on=read_on, miles=miles, recorded_by=actor
    )
    try:
        reading.full_clean()
    except ValidationError as error:
        raise VehicleRefused(" ".join(error.messages), "miles") from error
    reading._history_user = actor
    reading.save()
    return reading
