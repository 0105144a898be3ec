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

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

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
        raise VehicleRefused(
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
