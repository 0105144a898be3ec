"""The vehicles module's part of the demo: a plausible fleet at the demo
station, a few assignments, and the roles to see them.

The VINs are made up, with a correct check digit and model-year code; the
plates are in the federal government's series. Every change goes through
the services, as the station's vehicle administrator would make it.
"""

from datetime import date, time, timedelta

from bpets.demo_population import DemoContext
from security.demo import ensure_grant
from security.models import User
from staffing.models import Employee
from vehicles import assignments, local_time, services, vins
from vehicles.models import (
    AssignmentSource,
    OdometerReading,
    Vehicle,
    VehicleStatus,
    VehicleType,
)

# (username, role, granted by): the administrator keeps the fleet, the
# supervisor reads it for the schedules.
DEMO_GRANTS = [
    ("access-admin", "vehicle_administrator", "hq-access-admin"),
    ("supervisor", "viewer", "access-admin"),
]
ADMINISTRATOR = "access-admin"

# (fleet number, VIN prefix (8), plant, type, make, model, year, marked)
FLEET = [
    ("NGL-1001", "1GNSKDKD", "R", VehicleType.SUV, "Chevrolet", "Tahoe", 2023, True),
    ("NGL-1002", "1GNSKDKD", "R", VehicleType.SUV, "Chevrolet", "Tahoe", 2023, True),
    ("NGL-1003", "1FMJU1GT", "L", VehicleType.SUV, "Ford", "Expedition", 2022, True),
    ("NGL-1101", "1FTFW1E8", "F", VehicleType.PICKUP_4X4, "Ford", "F-150", 2024, True),
    ("NGL-1102", "1FTFW1E8", "F", VehicleType.PICKUP_4X4, "Ford", "F-150", 2024, True),
    (
        "NGL-1103",
        "1GC4YNEY",
        "F",
        VehicleType.PICKUP_4X4,
        "Chevrolet",
        "Silverado 2500HD",
        2022,
        True,
    ),
    (
        "NGL-1104",
        "1GC4YNEY",
        "F",
        VehicleType.PICKUP_4X4,
        "Chevrolet",
        "Silverado 2500HD",
        2021,
        True,
    ),
    (
        "NGL-1201",
        "1FBAX2CG",
        "K",
        VehicleType.TRANSPORT_VAN,
        "Ford",
        "Transit 350",
        2023,
        True,
    ),
    (
        "NGL-1202",
        "1FBAX2CG",
        "K",
        VehicleType.TRANSPORT_VAN,
        "Ford",
        "Transit 350",
        2020,
        True,
    ),
    ("NGL-1301", "2C3CDXAT", "H", VehicleType.SEDAN, "Dodge", "Charger", 2022, False),
    (
        "NGL-1401",
        "3NSRGE99",
        "E",
        VehicleType.UTV,
        "Polaris",
        "Ranger 1000",
        2023,
        True,
    ),
    (
        "NGL-1402",
        "1HFTE44U",
        "4",
        VehicleType.ATV,
        "Honda",
        "FourTrax Foreman",
        2022,
        True,
    ),
    (
        "NGL-1501",
        "JKALEEJ1",
        "D",
        VehicleType.MOTORCYCLE,
        "Kawasaki",
        "KLR650",
        2023,
        True,
    ),
    (
        "NGL-1601",
        "4FGL0182",
        "C",
        VehicleType.HORSE_TRAILER,
        "Featherlite",
        "8542",
        2019,
        False,
    ),
]
IN_MAINTENANCE = "NGL-1202"
AWAITING_DISPOSAL = "NGL-1104"
CUSTODY = ("NGL-1101", "agent")
# (fleet number, username, hours: from, to), on the day before the load.
SHIFTS = [
    ("NGL-1001", "dana.saguaro", 6, 14),
    ("NGL-1002", "priya.brittlebush", 14, 22),
    # The midnight shift, into the day of the load.
    ("NGL-1003", "supervisor", 22, 30),
]


def demo_vin(prefix: str, model_year: int, plant: str, serial: int) -> str:
    """A made-up VIN with the right check digit and model-year code."""
    code = vins.MODEL_YEAR_CODES[(model_year - vins.FIRST_CODED_YEAR) % 30]
    vin = f"{prefix}0{code}{plant}{serial:06d}"
    return vin[:8] + vins.check_digit(vin) + vin[9:]


def _grant_roles(station) -> None:
    for username, role, grantor in DEMO_GRANTS:
        user = User.objects.get(username=username)
        ensure_grant(user, "vehicles", role, station, grantor)


def _enter_fleet(administrator, station) -> dict[str, Vehicle]:
    fleet = {}
    for number, row in enumerate(FLEET):
        fleet_number, prefix, plant, kind, make, model, year, marked = row
        vehicle = Vehicle.objects.filter(fleet_number=fleet_number).first()
        if vehicle is None:
            vehicle = services.vehicle_enter(
                actor=administrator,
                station=station,
                values={
                    "fleet_number": fleet_number,
                    "vin": demo_vin(prefix, year, plant, 204_117 + number * 731),
                    "hull_number": "",
                    "plate": f"G41-{1001 + number}",
                    "plate_state": "US",
                    "make": make,
                    "model": model,
                    "model_year": year,
                    "vehicle_type": kind,
                    "is_marked": marked,
                    "remarks": "",
                },
            )
        fleet[fleet_number] = vehicle
    return fleet


def _odometers(administrator, fleet, today) -> None:
    for number, vehicle in enumerate(fleet.values()):
        if vehicle.vehicle_type == VehicleType.HORSE_TRAILER:
            continue
        if OdometerReading.objects.filter(vehicle=vehicle).exists():
            continue
        miles = 18_000 + number * 4_150
        for months_ago in (2, 1):
            services.odometer_record(
                actor=administrator,
                vehicle=vehicle,
                read_on=today - timedelta(days=30 * months_ago),
                miles=miles + (2 - months_ago) * 2_300,
            )


def _statuses(administrator, fleet, today) -> None:
    for fleet_number, status, reason in (
        (IN_MAINTENANCE, VehicleStatus.MAINTENANCE, "Brake job, work order 4411."),
        (
            AWAITING_DISPOSAL,
            VehicleStatus.AWAITING_DISPOSAL,
            "Frame damage beyond economical repair.",
        ),
    ):
        vehicle = fleet[fleet_number]
        vehicle.refresh_from_db()
        if vehicle.status == VehicleStatus.IN_SERVICE:
            services.vehicle_change_status(
                actor=administrator,
                vehicle=vehicle,
                to_status=status,
                on=today,
                reason=reason,
            )


def _assignments(administrator, fleet, station, today) -> None:
    employees = {
        employee.user.username: employee
        for employee in Employee.objects.filter(duty_station=station).select_related(
            "user"
        )
    }
    fleet_number, username = CUSTODY
    vehicle = fleet[fleet_number]
    if username in employees and not vehicle.assignments.exists():
        assignments.assignment_create(
            actor=administrator,
            vehicle=vehicle,
            employee=employees[username],
            starts_at=local_time.instant(date(2026, 1, 5), time(7, 0), station),
            source=AssignmentSource.CUSTODY,
            remarks="Take-home vehicle, canine unit.",
        )

    yesterday = today - timedelta(days=1)
    for fleet_number, username, start_hour, end_hour in SHIFTS:
        vehicle = fleet[fleet_number]
        if username not in employees or vehicle.assignments.exists():
            continue
        starts_at = local_time.instant(yesterday, time(0, 0), station)
        assignments.assignment_create(
            actor=administrator,
            vehicle=vehicle,
            employee=employees[username],
            starts_at=starts_at + timedelta(hours=start_hour),
            ends_at=starts_at + timedelta(hours=end_hour),
            source=AssignmentSource.DAILY_SCHEDULE,
        )


def populate(demo: DemoContext) -> None:
    station = demo.station
    _grant_roles(station)
    # A fresh object: the grants just made are not in a cached reading.
    administrator = User.objects.get(username=ADMINISTRATOR)
    today = local_time.today_at(station)

    fleet = _enter_fleet(administrator, station)
    _odometers(administrator, fleet, today)
    _assignments(administrator, fleet, station, today)
    _statuses(administrator, fleet, today)
    demo.notes.append(f"Demo fleet: {len(fleet)} vehicles at {station.name}.")
