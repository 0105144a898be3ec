"""The one way the fleet pages get a station or a vehicle for a user.

A station or vehicle the user may not see answers "not found", and the
probe is an audit event; one they see but may not change answers 403,
which the security middleware records as a denial (with the path).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from security import audit
from security.models import OrganizationUnit
from vehicles import policies, selectors
from vehicles.models import Vehicle


def _denied(request, action: str, target, station_id: int) -> None:
    audit.record(
        audit.Kind.DENIED,
        request=request,
        target=target,
        details={"action": action, "station": station_id},
    )


def station_for(request, pk: int, *, change: bool = False) -> OrganizationUnit:
    try:
        station = selectors.station(pk)
    except OrganizationUnit.DoesNotExist:
        raise Http404("No such station.") from None
    if not policies.may_see_fleet(request.user, station):
        _denied(request, "vehicles.see_fleet", station, station.pk)
        raise Http404("No such station.")
    if change and not policies.may_administer(request.user, station):
        raise PermissionDenied(
            f"Only the vehicle administrators of {station} change its fleet."
        )
    return station


def vehicle_for(request, pk: int, *, change: bool = False) -> Vehicle:
    try:
        vehicle = selectors.vehicle(pk)
    except Vehicle.DoesNotExist:
        raise Http404("No such vehicle.") from None
    if not policies.may_see_fleet(request.user, vehicle.station_id):
        _denied(request, "vehicles.see_vehicle", vehicle, vehicle.station_id)
        raise Http404("No such vehicle.")
    if change and not policies.may_administer(request.user, vehicle.station_id):
        raise PermissionDenied(
            f"Only the vehicle administrators of {vehicle.station} change its vehicles."
        )
    return vehicle
