"""The vehicles module's part of the national data set: 8,000 vehicles
over the stations, in proportion to their people, with their history."""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from bpets.bulk_history import create_with_history
from bpets.national import VEHICLES, Nation, shares
from vehicles.demo import demo_vin
from vehicles.models import Vehicle, VehicleType

REASON = "National data set"
# (type, make, model, VIN prefix, plant), in turn.
KINDS = (
    (VehicleType.PICKUP_4X4, "Ford", "F-150", "1FTFW1E8", "F"),
    (VehicleType.SUV, "Chevrolet", "Tahoe", "1GNSKDKD", "R"),
    (VehicleType.PICKUP_4X4, "Ram", "1500", "1C6SRFFT", "N"),
    (VehicleType.TRANSPORT_VAN, "Ford", "Transit", "1FBAX2C8", "K"),
    (VehicleType.SEDAN, "Ford", "Taurus", "1FAHP2MK", "G"),
)
FIRST_SERIAL = 500_000


def build(nation: Nation) -> None:
    people = Counter(person.station_id for person in nation.people)
    per_station = shares(nation.scaled(VEHICLES), dict(people))
    now = timezone.now()
    vehicles = []
    for station_id in nation.station_ids:
        for _ in range(per_station.get(station_id, 0)):
            number = len(vehicles)
            kind, make, model, prefix, plant = KINDS[number % len(KINDS)]
            year = 2016 + number % 10
            vehicles.append(
                Vehicle(
                    station_id=station_id,
                    fleet_number=f"N-{number:05d}",
                    vin=demo_vin(prefix, year, plant, FIRST_SERIAL + number),
                    plate=f"N{number:05d}",
                    plate_state="US",
                    make=make,
                    model=model,
                    model_year=year,
                    vehicle_type=kind,
                    entered_at=now,
                )
            )
    with transaction.atomic():
        create_with_history(Vehicle, vehicles, user=nation.actor, reason=REASON)
    nation.counts["vehicles"] = len(vehicles)
