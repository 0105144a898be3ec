"""Entering, changing, transferring and retiring vehicles, and the odometer."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from security.models import AuditEvent
from tests.vehicles.conftest import PHOENIX, at
from vehicles import assignments, local_time, services
from vehicles.models import AssignmentSource, Transfer, Vehicle

pytestmark = pytest.mark.django_db


def refusal_of(call):
    with pytest.raises(services.VehicleRefused) as refused:
        call()
    return refused.value


def test_entering_a_vehicle_starts_its_status_history(fleet_admin, vehicle_at):
    truck = vehicle_at("ngl 20", vin="1hgcm82633a004352", model_year=2003)

    truck.refresh_from_db()
    assert (truck.fleet_number, truck.vin, truck.status) == (
        "NGL20",
        "1HGCM82633A004352",
        "IN_SERVICE",
    )
    change = truck.status_changes.get()
    assert (change.from_status, change.to_status, change.reason) == (
        "",
        "IN_SERVICE",
        "Entered into the fleet.",
    )
    assert truck.history.get().history_user == fleet_admin


def test_a_vin_whose_year_code_disagrees_with_the_model_year_is_refused(vehicle_at):
    with pytest.raises(ValidationError) as refused:
        vehicle_at("NGL-21", vin="1HGCM82633A004352", model_year=2004)

    assert refused.value.message_dict["vin"] == [
        "The VIN's 10th character, 3, stands for model year 2003 or 2033, not "
        "2004: check the VIN or the model year."
    ]
    assert not Vehicle.objects.filter(fleet_number="NGL-21").exists()


def test_a_boat_carries_a_hull_number_instead_of_a_vin(vehicle_at):
    boat = vehicle_at(
        "NGL-22",
        vin="",
        hull_number="MRK12345D626",
        plate="",
        plate_state="",
        vehicle_type="BOAT",
        make="SAFE Boats",
        model="Defender 25",
        model_year=2026,
    )
    with pytest.raises(ValidationError) as refused:
        vehicle_at("NGL-23", vin="", vehicle_type="SEDAN")

    assert boat.identification == "MRK12345D626"
    assert refused.value.message_dict["vin"] == ["Give the vehicle's 17-character VIN."]


def test_a_transfer_moves_the_vehicle_and_keeps_its_history(
    fleet_admin, vehicle_at, units
):
    truck = vehicle_at("NGL-24")
    today = local_time.today_at(units["nogales"])

    services.vehicle_transfer(
        actor=fleet_admin,
        vehicle=truck,
        to_station=units["ysleta"],
        on=today,
        reason="Ysleta is short of pick-ups.",
    )

    truck.refresh_from_db()
    assert truck.station == units["ysleta"]
    transfer = Transfer.objects.get(vehicle=truck)
    assert (transfer.from_station, transfer.to_station, transfer.transferred_by) == (
        units["nogales"],
        units["ysleta"],
        fleet_admin,
    )
    stations = [row.station_id for row in truck.history.order_by("history_date")]
    assert stations == [units["nogales"].pk, units["ysleta"].pk]
    assert truck.history.latest().history_user == fleet_admin


def test_a_transfer_needs_an_administrator_of_both_stations(
    make_user, give, vehicle_at, units
):
    local_only = make_user("localadmin")
    give(local_only, "vehicles", "vehicle_administrator", "nogales")
    truck = vehicle_at("NGL-25")

    refusal = refusal_of(
        lambda: services.vehicle_transfer(
            actor=local_only,
            vehicle=truck,
            to_station=units["ysleta"],
            on=local_time.today_at(units["nogales"]),
            reason="Moving.",
        )
    )

    assert isinstance(refusal, services.AccessRefused)
    assert refusal.message == (
        "You do not administer the vehicles of Ysleta Station (El Paso Sector): a "
        "transfer needs a vehicle administrator of both stations."
    )
    truck.refresh_from_db()
    assert truck.station == units["nogales"]
    denial = AuditEvent.objects.get(actor_id=local_only.pk, kind="denied")
    assert denial.details == {
        "action": "vehicles.transfer",
        "station": units["ysleta"].pk,
    }


def test_a_vehicle_still_assigned_is_not_transferred(
    fleet_admin, vehicle_at, person, units
):
    truck = vehicle_at("NGL-26")
    assignments.assignment_create(
        actor=fleet_admin,
        vehicle=truck,
        employee=person("keeper"),
        starts_at=at(PHOENIX, 2026, 1, 5, 7),
        source=AssignmentSource.CUSTODY,
    )

    refusal = refusal_of(
        lambda: services.vehicle_transfer(
            actor=fleet_admin,
            vehicle=truck,
            to_station=units["ysleta"],
            on=local_time.today_at(units["nogales"]),
            reason="Moving.",
        )
    )

    assert refusal.message == (
        "NGL-26 cannot be transferred while it is assigned: Keeper Driver from "
        "2026-01-05 07:00 MST until further notice. End or change the assignments "
        "first."
    )


def test_an_administrator_of_one_station_cannot_touch_anothers_fleet(
    make_user, give, vehicle_at
):
    ajo_admin = make_user("ajoadmin", home="ajo")
    give(ajo_admin, "vehicles", "vehicle_administrator", "ajo")
    truck = vehicle_at("NGL-27")

    refusal = refusal_of(
        lambda: services.vehicle_edit(
            actor=ajo_admin, vehicle=truck, changes={"remarks": "Mine now."}
        )
    )

    assert refusal.message == (
        "Only the vehicle administrators of Nogales Station (Tucson Sector) may "
        "change its fleet."
    )
    truck.refresh_from_db()
    assert truck.remarks == ""
    assert AuditEvent.objects.filter(
        actor_id=ajo_admin.pk, kind="denied", target_id=str(truck.pk)
    ).exists()


def test_the_odometer_never_runs_backwards(fleet_admin, vehicle_at):
    truck = vehicle_at("NGL-28")
    today = local_time.today_at(truck.station)
    month_ago, fortnight_ago = today - timedelta(days=30), today - timedelta(days=14)
    services.odometer_record(
        actor=fleet_admin, vehicle=truck, read_on=month_ago, miles=12_000
    )
    services.odometer_record(
        actor=fleet_admin, vehicle=truck, read_on=today, miles=13_500
    )

    lower = refusal_of(
        lambda: services.odometer_record(
            actor=fleet_admin, vehicle=truck, read_on=fortnight_ago, miles=11_999
        )
    )
    higher = refusal_of(
        lambda: services.odometer_record(
            actor=fleet_admin, vehicle=truck, read_on=fortnight_ago, miles=13_501
        )
    )
    between = services.odometer_record(
        actor=fleet_admin, vehicle=truck, read_on=fortnight_ago, miles=12_800
    )

    assert lower.message == (
        f"The odometer read 12,000 miles on {month_ago:%Y-%m-%d}; 11,999 on a later "
        "day would mean it ran backwards."
    )
    assert higher.message == (
        f"The odometer read 13,500 miles on {today:%Y-%m-%d}; 13,501 on an earlier "
        "day would mean it ran backwards."
    )
    assert between.miles == 12_800
    assert list(truck.odometer_readings.values_list("miles", flat=True)) == [
        13_500,
        12_800,
        12_000,
    ]


def test_a_reading_dated_tomorrow_is_refused(fleet_admin, vehicle_at):
    truck = vehicle_at("NGL-29")
    today = local_time.today_at(truck.station)

    refusal = refusal_of(
        lambda: services.odometer_record(
            actor=fleet_admin,
            vehicle=truck,
            read_on=today + timedelta(days=1),
            miles=10,
        )
    )

    assert refusal.message == (
        f"The date cannot be after today ({today:%Y-%m-%d} at Nogales Station "
        "(Tucson Sector))."
    )


def test_retiring_and_disposing_close_the_record(fleet_admin, vehicle_at):
    truck = vehicle_at("NGL-30")
    today = local_time.today_at(truck.station)

    services.vehicle_retire(
        actor=fleet_admin, vehicle=truck, on=today, reason="Frame damage."
    )
    services.vehicle_dispose(
        actor=fleet_admin, vehicle=truck, on=today, reason="Sold at GSA auction."
    )
    refusal = refusal_of(
        lambda: services.vehicle_change_status(
            actor=fleet_admin,
            vehicle=truck,
            to_status="IN_SERVICE",
            on=today,
            reason="Bought back.",
        )
    )

    truck.refresh_from_db()
    assert truck.status == "DISPOSED"
    assert list(truck.status_changes.values_list("to_status", flat=True)) == [
        "DISPOSED",
        "AWAITING_DISPOSAL",
        "IN_SERVICE",
    ]
    assert refusal.message == "NGL-30 has been disposed of; its record is closed."


def test_a_vehicle_in_use_is_not_taken_out_of_service(fleet_admin, vehicle_at, person):
    truck = vehicle_at("NGL-31")
    assignments.assignment_create(
        actor=fleet_admin,
        vehicle=truck,
        employee=person("driver"),
        starts_at=at(PHOENIX, 2026, 1, 1, 6),
        ends_at=at(PHOENIX, 2099, 1, 1, 6),
        source=AssignmentSource.SCHEDULE_DEFAULT,
    )

    refusal = refusal_of(
        lambda: services.vehicle_change_status(
            actor=fleet_admin,
            vehicle=truck,
            to_status="MAINTENANCE",
            on=local_time.today_at(truck.station),
            reason="Brakes.",
        )
    )

    assert refusal.message.startswith(
        "NGL-31 cannot be taken out of service while it is assigned: Driver Driver "
    )
    assert date(2099, 1, 1).isoformat() in refusal.message


def test_a_fleet_number_taken_between_the_check_and_the_save_is_refused(
    vehicle_at, monkeypatch
):
    vehicle_at("NGL-30", vin="1HGCM82633A004352", model_year=2003)
    # As if a second administrator's check ran before the first one's save.
    monkeypatch.setattr(Vehicle, "validate_unique", lambda self, exclude=None: None)

    refused = refusal_of(
        lambda: vehicle_at("NGL-30", vin="1M8GDM9AXKP042788", model_year=2019)
    )

    assert refused.field == "fleet_number"
    assert "fleet number NGL-30" in refused.message
    assert Vehicle.objects.filter(fleet_number="NGL-30").count() == 1
