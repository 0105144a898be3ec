"""Scheduling as the vehicles module's detail provider: a person detailed
to Ajo takes an Ajo vehicle during the detail, and not outside it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from scheduling import detail_selectors, details
from vehicles import assignments, providers, services
from vehicles.demo import demo_vin
from vehicles.services import VehicleRefused

ARIZONA = ZoneInfo("America/Phoenix")


def at(day, hour, month=1):
    return datetime(2026, month, day, hour, tzinfo=ARIZONA)


@pytest.fixture
def fleet_admin(make_user, give):
    user = make_user("ajofleet", home="ajo")
    give(user, "vehicles", "vehicle_administrator", "ajo")
    return user


@pytest.fixture
def truck(fleet_admin, units):
    return services.vehicle_enter(
        actor=fleet_admin,
        station=units["ajo"],
        values={
            "fleet_number": "AJO-7",
            "vin": demo_vin("1FTFW1E8", 2024, "F", 100_777),
            "hull_number": "",
            "plate": "G41-0777",
            "plate_state": "US",
            "make": "Ford",
            "model": "F-150",
            "model_year": 2024,
            "vehicle_type": "PICKUP_4X4",
            "is_marked": True,
            "remarks": "",
        },
    )


def take(actor, truck, employee, starts_at, ends_at):
    return assignments.assignment_create(
        actor=actor,
        vehicle=truck,
        employee=employee,
        starts_at=starts_at,
        ends_at=ends_at,
        source="DAILY_SCHEDULE",
        source_reference=1,
    )


def test_scheduling_is_registered_as_the_provider():
    assert detail_selectors.is_detailed_to in providers._detail_providers


def test_a_detailed_person_takes_a_vehicle_of_the_gaining_station(
    people, truck, fleet_admin, detail_of
):
    subject = people["subject"]
    with pytest.raises(VehicleRefused):
        take(fleet_admin, truck, subject, at(18, 7), at(18, 17))

    detail_of(subject)

    shift = take(fleet_admin, truck, subject, at(18, 7), at(18, 17))
    assert shift.employee == subject
    # Up to midnight after the last day: the end is not part of the interval.
    take(fleet_admin, truck, subject, at(20, 7), at(21, 0))


@pytest.mark.parametrize(
    "starts_at, ends_at",
    [
        (at(21, 7), at(21, 17)),  # the day after
        (at(16, 22), at(17, 8)),  # begins the evening before
        (at(20, 22), at(21, 8)),  # runs into the day after
        (at(18, 7), None),  # open-ended
    ],
    ids=["after", "begins-before", "runs-after", "open-ended"],
)
def test_not_outside_the_details_days(
    people, truck, fleet_admin, detail_of, starts_at, ends_at
):
    detail_of(people["subject"])
    with pytest.raises(VehicleRefused):
        take(fleet_admin, truck, people["subject"], starts_at, ends_at)


def test_not_at_another_station(people, units, detail_of):
    detail_of(people["subject"])
    assert not detail_selectors.is_detailed_to(
        employee=people["subject"],
        station=units["ysleta"],
        starts_at=at(18, 7),
        ends_at=at(18, 17),
    )


def test_not_once_cut_short_or_cancelled(
    people, truck, fleet_admin, supervisor, detail_of
):
    subject = people["subject"]
    detail = detail_of(subject)
    details.cut_short(
        actor=supervisor, detail=detail, last_day=date(2026, 1, 18), reason="Back"
    )
    with pytest.raises(VehicleRefused):
        take(fleet_admin, truck, subject, at(19, 7), at(19, 17))
    take(fleet_admin, truck, subject, at(18, 7), at(18, 17))

    details.cancel(actor=supervisor, detail=detail, reason="Not needed")
    with pytest.raises(VehicleRefused):
        take(fleet_admin, truck, subject, at(17, 7), at(17, 17))
