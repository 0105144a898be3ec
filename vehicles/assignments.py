"""Assignment records: the only code that creates, changes and ends them.

Scheduling calls these for its daily rows and schedule defaults (with the
row's id as ``source_reference``); vehicle administrators record long-term
custody. Each refuses, with a message for the user and changing nothing:

- a vehicle that is not in service;
- a vehicle someone else holds for an overlapping interval: a hard
  refusal, since one vehicle cannot be in two places (PostgreSQL refuses it
  too, by an exclusion constraint, should two requests race);
- an employee who is separated, or not at the vehicle's station, unless a
  detail provider (``vehicles.providers``, registered by scheduling) says
  the employee is detailed to that station for the interval.

Intervals are half-open, [starts_at, ends_at), with aware datetimes; an
open end (None) lasts until the assignment is ended.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from bpets.bulk_history import create_with_history
from staffing.models import Employee
from vehicles import local_time, policies, providers, selectors
from vehicles.models import (
    SCHEDULED_SOURCES,
    Assignment,
    AssignmentSource,
    Vehicle,
    VehicleStatus,
)
from vehicles.services import VehicleRefused, locked, refuse_access

OVERLAP_CONSTRAINT = "assignment_one_holder_at_a_time"


def _require_aware(*instants) -> None:
    for instant in instants:
        if instant is not None and timezone.is_naive(instant):
            # A programming error, not the user's: instants are always aware.
            raise ValueError("Assignment instants must be aware datetimes.")


def require_assigner(actor, vehicle: Vehicle, source: str, target) -> None:
    if not policies.may_assign(actor, vehicle.station, source):
        who = (
            "Only the station's vehicle administrators record long-term custody."
            if source == AssignmentSource.CUSTODY
            else "Only the station's vehicle administrators and scheduling "
            "supervisors assign its vehicles."
        )
        refuse_access(
            actor,
            "vehicles.assign",
            target=target,
            station=vehicle.station,
            message=f"{who} You are neither at {vehicle.station}.",
        )


def _check_interval(starts_at: datetime, ends_at: datetime | None) -> None:
    _require_aware(starts_at, ends_at)
    if ends_at is not None and ends_at <= starts_at:
        raise VehicleRefused("An assignment ends after it starts.", "ends_at")


def _check_in_service(vehicle: Vehicle) -> None:
    if vehicle.status != VehicleStatus.IN_SERVICE:
        raise VehicleRefused(
            f"{vehicle.fleet_number} is {vehicle.get_status_display().lower()}; "
            "only a vehicle in service can be assigned."
        )


def _check_employee(employee: Employee, vehicle: Vehicle, starts_at, ends_at) -> None:
    if employee.status != Employee.Status.ACTIVE:
        raise VehicleRefused(
            f"{employee.full_name} has separated and cannot be assigned a vehicle.",
            "employee",
        )
    if employee.duty_station_id == vehicle.station_id:
        return
    if providers.is_detailed_to(
        employee=employee, station=vehicle.station, starts_at=starts_at, ends_at=ends_at
    ):
        return
    raise VehicleRefused(
        f"{employee.full_name} is at {employee.duty_station}, not at "
        f"{vehicle.station}, and is not detailed there for that time: only the "
        "station's own staff, or staff detailed to it, take its vehicles.",
        "employee",
    )


def _check_free(vehicle, employee, starts_at, ends_at, *, leaving_out=None) -> None:
    others = (
        Assignment.objects.filter(selectors.overlapping(starts_at, ends_at))
        .filter(vehicle=vehicle)
        .exclude(employee=employee)
        .select_related("employee")
        .order_by("starts_at")
    )
    if leaving_out is not None:
        others = others.exclude(pk=leaving_out.pk)
    clashes = list(others[:3])
    if clashes:
        raise _taken(vehicle, clashes)


def _taken(vehicle, clashes) -> VehicleRefused:
    return VehicleRefused(
        f"{vehicle.fleet_number} is already assigned to "
        + selectors.describe_assignments(clashes, vehicle.station)
        + ": one vehicle cannot be in two places. Choose another vehicle or "
        "time.",
        "vehicle",
    )


def _save(assignment: Assignment, actor, update_fields=None) -> Assignment:
    assignment.full_clean(validate_constraints=False)
    assignment._history_user = actor
    try:
        # A savepoint, so that the exclusion constraint's refusal (a race
        # the checks above lost) leaves the caller's transaction usable.
        with transaction.atomic():
            assignment.save(update_fields=update_fields)
    except IntegrityError as error:
        if OVERLAP_CONSTRAINT not in str(error):
            raise
        raise VehicleRefused(
            f"{assignment.vehicle.fleet_number} was just assigned to someone else "
            "for that time: one vehicle cannot be in two places.",
            "vehicle",
        ) from error
    return assignment


def assignment_create(
    *,
    actor,
    vehicle: Vehicle,
    employee: Employee,
    starts_at: datetime,
    ends_at: datetime | None = None,
    source: str,
    source_reference: int | None = None,
    remarks: str = "",
) -> Assignment:
    """Give the employee the vehicle for [starts_at, ends_at)."""
    if source not in AssignmentSource.values:
        raise ValueError(f"Unknown assignment source: {source}")
    require_assigner(actor, vehicle, source, vehicle)
    _check_interval(starts_at, ends_at)

    with transaction.atomic():
        vehicle = locked(vehicle)
        _check_new(vehicle, employee, starts_at, ends_at)
        assignment = Assignment(
            vehicle=vehicle,
            employee=employee,
            starts_at=starts_at,
            ends_at=ends_at,
            source=source,
            source_reference=source_reference,
            remarks=(remarks or "").strip(),
            created_by=actor,
        )
        return _save(assignment, actor)


def _check_new(vehicle, employee, starts_at, ends_at) -> None:
    _check_in_service(vehicle)
    _check_employee(employee, vehicle, starts_at, ends_at)
    _check_free(vehicle, employee, starts_at, ends_at)


def _within(starts_at, ends_at, assignment: Assignment) -> bool:
    """Does [starts_at, ends_at) lie inside the assignment's interval?"""
    if starts_at < assignment.starts_at:
        return False
    if assignment.ends_at is None:
        return True
    return ends_at is not None and ends_at <= assignment.ends_at


def assignment_change(
    *, actor, assignment: Assignment, starts_at: datetime, ends_at: datetime | None
) -> Assignment:
    """Move an assignment's start or end.

    Shortening it is always possible; lengthening or moving it is checked
    as a new assignment would be.
    """
    require_assigner(actor, assignment.vehicle, assignment.source, assignment)
    _check_interval(starts_at, ends_at)

    with transaction.atomic():
        vehicle = locked(assignment.vehicle)
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        assignment.vehicle = vehicle
        return _change(actor, assignment, starts_at, ends_at)


def _change(actor, assignment: Assignment, starts_at, ends_at) -> Assignment:
    vehicle = assignment.vehicle
    if not _within(starts_at, ends_at, assignment):
        _check_in_service(vehicle)
        _check_employee(assignment.employee, vehicle, starts_at, ends_at)
        _check_free(
            vehicle, assignment.employee, starts_at, ends_at, leaving_out=assignment
        )

    assignment.starts_at, assignment.ends_at = starts_at, ends_at
    return _save(assignment, actor, update_fields=["starts_at", "ends_at"])


def assignment_end(*, actor, assignment: Assignment, ends_at: datetime) -> Assignment:
    """End an assignment at the instant (it gives the vehicle back)."""
    _require_aware(ends_at)
    if assignment.ends_at is not None and assignment.ends_at <= ends_at:
        raise VehicleRefused(
            "This assignment already ended, at "
            f"{local_time.shown(assignment.ends_at, assignment.vehicle.station)}.",
            "ends_at",
        )
    return assignment_change(
        actor=actor,
        assignment=assignment,
        starts_at=assignment.starts_at,
        ends_at=ends_at,
    )


def assignment_cancel(*, actor, assignment: Assignment) -> None:
    """Withdraw a schedule's assignment that has not begun (the schedule
    changed before the shift); its history keeps that it was made."""
    require_assigner(actor, assignment.vehicle, assignment.source, assignment)
    if assignment.source not in SCHEDULED_SOURCES:
        raise VehicleRefused(
            "Only a schedule's assignment is withdrawn; end custody instead."
        )
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.starts_at <= timezone.now():
            raise VehicleRefused(
                "This assignment has begun; it can only be ended.", "starts_at"
            )
        assignment._history_user = actor
        assignment.delete()


@dataclass
class ShiftWanted:
    """A schedule's request for a vehicle over one shift (``key`` is the
    caller's, to match the answer to it)."""

    key: object
    vehicle: Vehicle
    employee: Employee
    starts_at: datetime
    ends_at: datetime
    source_reference: int | None = None


def _meets(starts_at, ends_at, other) -> bool:
    """Do [starts_at, ends_at) and the other interval overlap (None: no end)?"""
    return (other.ends_at is None or other.ends_at > starts_at) and (
        ends_at is None or other.starts_at < ends_at
    )


def shift_assignments_create(*, actor, station, wanted: list[ShiftWanted]) -> dict:
    """Many schedule assignments of one station's vehicles at once, by the
    rules of ``assignment_create``, in a few statements whatever their
    number (a G-481 build). Returns {key: the assignment, or the
    ``VehicleRefused`` saying why it was refused}; the refusals change
    nothing, the others are made with their history."""
    if not wanted:
        return {}
    if any(item.vehicle.station_id != station.pk for item in wanted):
        raise ValueError("Every vehicle must be at the station.")
    source = AssignmentSource.DAILY_SCHEDULE
    try:
        require_assigner(actor, wanted[0].vehicle, source, station)
    except VehicleRefused as refusal:
        return {item.key: refusal for item in wanted}

    vehicle_ids = {item.vehicle.pk for item in wanted}
    answers = {}
    with transaction.atomic():
        vehicles = {
            vehicle.pk: vehicle
            for vehicle in Vehicle.objects.select_for_update()
            .select_related("station")
            .filter(pk__in=vehicle_ids)
        }
        first = min(item.starts_at for item in wanted)
        last = max(item.ends_at for item in wanted)
        held = defaultdict(list)
        for assignment in (
            Assignment.objects.filter(selectors.overlapping(first, last))
            .filter(vehicle_id__in=vehicle_ids)
            .select_related("employee")
        ):
            held[assignment.vehicle_id].append(assignment)

        made = []
        for item in sorted(wanted, key=lambda item: (item.starts_at, str(item.key))):
            vehicle = vehicles[item.vehicle.pk]
            try:
                _check_interval(item.starts_at, item.ends_at)
                _check_in_service(vehicle)
                _check_employee(item.employee, vehicle, item.starts_at, item.ends_at)
                clashes = [
                    other
                    for other in sorted(held[vehicle.pk], key=lambda a: a.starts_at)
                    if other.employee_id != item.employee.pk
                    and _meets(item.starts_at, item.ends_at, other)
                ]
                if clashes:
                    raise _taken(vehicle, clashes[:3])
            except VehicleRefused as refusal:
                answers[item.key] = refusal
                continue
            assignment = Assignment(
                vehicle=vehicle,
                employee=item.employee,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                source=source,
                source_reference=item.source_reference,
                created_by=actor,
                created_at=timezone.now(),
            )
            held[vehicle.pk].append(assignment)
            made.append(assignment)
            answers[item.key] = assignment
        create_with_history(Assignment, made, user=actor)
    return answers
