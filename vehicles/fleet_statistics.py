"""Counts of the fleet for the statistical reports above vehicles: how many
vehicles each station has on file, not yet disposed. Counts only."""

from django.db.models import Count

from vehicles.models import Vehicle, VehicleStatus


def on_file_by_station(station_ids) -> dict[int, int]:
    return dict(
        Vehicle.objects.filter(station_id__in=station_ids)
        .exclude(status=VehicleStatus.DISPOSED)
        .order_by()
        .values("station_id")
        .annotate(vehicles=Count("id"))
        .values_list("station_id", "vehicles")
    )
