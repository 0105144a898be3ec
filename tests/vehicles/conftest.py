"""Fixtures of the vehicles tests: people at stations, administrators and a
vehicle maker that goes through the service."""

import zoneinfo
from datetime import datetime

import pytest
from django.test import Client

from staffing.models import Employee
from vehicles import assignments, services
from vehicles.demo import demo_vin

PHOENIX = zoneinfo.ZoneInfo("America/Phoenix")  # Nogales: no daylight saving
DENVER = zoneinfo.ZoneInfo("America/Denver")  # Ysleta: daylight saving


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assign(actor, vehicle, employee, starts_at, ends_at, source="DAILY_SCHEDULE"):
    """An assignment through the service; a schedule's names its row."""
    return assignments.assignment_create(
        actor=actor,
        vehicle=vehicle,
        employee=employee,
        starts_at=starts_at,
        ends_at=ends_at,
        source=source,
        source_reference=None if source == "CUSTODY" else 4711,
    )


def at(zone, year, month, day, hour, minute=0, fold=0):
    return datetime(year, month, day, hour, minute, tzinfo=zone, fold=fold)


@pytest.fixture
def person(make_user, units):
    """An employee (with a login) at a station."""

    def make(username, station="nogales", **fields):
        user = make_user(username, home=station)
        return Employee.objects.create(
            user=user,
            first_name=username.title(),
            last_name="Driver",
            job_title="Border Patrol Agent",
            duty_station=units[station],
            work_street="1 Station Road",
            work_city="Nogales",
            work_state="AZ",
            work_zip="85621",
            **fields,
        )

    return make


@pytest.fixture
def fleet_admin(make_user, give):
    """A vehicle administrator of Nogales, and of Ysleta."""
    administrator = make_user("fleetadmin")
    give(administrator, "vehicles", "vehicle_administrator", "nogales")
    give(administrator, "vehicles", "vehicle_administrator", "ysleta")
    return administrator


@pytest.fixture
def vehicle_at(fleet_admin, units):
    """A vehicle entered at a station through the service."""
    serials = iter(range(100_001, 200_000))

    def make(fleet_number, station="nogales", *, actor=None, **values):
        serial = next(serials)
        fields = {
            "fleet_number": fleet_number,
            "vin": demo_vin("1FTFW1E8", 2024, "F", serial),
            "hull_number": "",
            "plate": f"G41-{serial % 10000:04d}",
            "plate_state": "US",
            "make": "Ford",
            "model": "F-150",
            "model_year": 2024,
            "vehicle_type": "PICKUP_4X4",
            "is_marked": True,
            "remarks": "",
        }
        fields.update(values)
        return services.vehicle_enter(
            actor=actor or fleet_admin, station=units[station], values=fields
        )

    return make
