"""Reads of the fleet and its assignments, each in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from security.models import OrganizationUnit
from vehicles import local_time, policies
from vehicles.models import Assignment, Vehicle

FLEET_PAGE_SIZE = 50


def running_at(at) -> Q:
    """Assignments whose half-open interval [starts_at, ends_at) holds ``at``."""
    return Q(starts_at__lte=at) & (Q(ends_at__isnull=True) | Q(ends_at__gt=at))


def overlapping(starts_at, ends_at) -> Q:
    """Assignments whose interval meets [starts_at, ends_at) (None: no end)."""
    condition = Q(ends_at__isnull=True) | Q(ends_at__gt=starts_at)
    if ends_at is not None:
        condition &= Q(starts_at__lt=ends_at)
    return condition


def holder_at(vehicle: Vehicle, at=None) -> Assignment | None:
    """The assignment that has the vehicle at the instant (now by default)."""
    at = at or timezone.now()
    return (
        Assignment.objects.filter(running_at(at), vehicle=vehicle)
        .select_related("employee")
        .first()
    )


def held_by(employee, at=None) -> list[Assignment]:
    """The assignments that give the employee a vehicle at the instant.

    Usually one; a pick-up and the horse trailer it tows are two.
    """
    at = at or timezone.now()
    return list(
        Assignment.objects.filter(running_at(at), employee=employee)
        .select_related("vehicle__station")
        .order_by("vehicle__fleet_number")
    )


def vehicle(pk: int) -> Vehicle:
    return Vehicle.objects.select_related("station__parent").get(pk=pk)


def station(pk: int) -> OrganizationUnit:
    return OrganizationUnit.objects.select_related("parent").get(
        pk=pk, kind=OrganizationUnit.Kind.STATION
    )


def fleet(station_id: int, *, vehicle_type: str = "", status: str = ""):
    """A station's vehicles, each with who holds it now (``current``)."""
    vehicles = Vehicle.objects.filter(station_id=station_id)
    if vehicle_type:
        vehicles = vehicles.filter(vehicle_type=vehicle_type)
    if status:
        vehicles = vehicles.filter(status=status)
    now = timezone.now()
    return vehicles.order_by("fleet_number").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(running_at(now)).select_related(
                "employee"
            ),
            to_attr="current",
        )
    )


def fleets_listed(user, administered: frozenset[int]):
    """The stations whose fleets the user sees and that have vehicles, and
    those the user administers, each with its count of vehicles."""
    return (
        OrganizationUnit.objects.filter(
            pk__in=policies.stations_seen(user), kind=OrganizationUnit.Kind.STATION
        )
        .annotate(vehicle_count=Count("vehicles"))
        .filter(Q(vehicle_count__gt=0) | Q(pk__in=administered))
        .select_related("parent")
        .order_by("parent__name", "name")
    )


@dataclass
class VehiclePage:
    vehicle: Vehicle
    assignments: list
    status_changes: list
    odometer_readings: list
    transfers: list
    current: list


def vehicle_page(vehicle: Vehicle) -> VehiclePage:
    assignments = list(
        vehicle.assignments.select_related("employee").order_by("-starts_at")
    )
    now = timezone.now()
    return VehiclePage(
        vehicle=vehicle,
        assignments=assignments,
        status_changes=list(vehicle.status_changes.select_related("changed_by")),
        odometer_readings=list(vehicle.odometer_readings.all()),
        transfers=list(vehicle.transfers.select_related("from_station", "to_station")),
        current=[
            assignment
            for assignment in assignments
            if assignment.starts_at <= now
            and (assignment.ends_at is None or assignment.ends_at > now)
        ],
    )


def describe_assignments(assignments, station) -> str:
    """``Alex Ocotillo from ... to ...; ...``, in the station's time."""
    return "; ".join(
        f"{assignment.employee.full_name} "
        + local_time.span(assignment.starts_at, assignment.ends_at, station)
        for assignment in assignments
    )
