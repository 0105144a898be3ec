"""Assignment records: out of service, overlaps (across midnight and the
daylight-saving nights), the station rule, and who holds what when."""

from datetime import date, time, timedelta

import pytest
from django.db import IntegrityError, transaction

from security.models import AuditEvent
from tests.vehicles.conftest import DENVER, PHOENIX, assign, at
from vehicles import assignments, local_time, providers, selectors, services
from vehicles.models import Assignment, AssignmentSource

pytestmark = pytest.mark.django_db

DAILY = AssignmentSource.DAILY_SCHEDULE


def refusal_of(call):
    with pytest.raises(services.VehicleRefused) as refused:
        call()
    return refused.value.message


def test_a_vehicle_out_of_service_is_refused(fleet_admin, vehicle_at, person):
    truck = vehicle_at("NGL-1")
    services.vehicle_change_status(
        actor=fleet_admin,
        vehicle=truck,
        to_status="MAINTENANCE",
        on=local_time.today_at(truck.station),
        reason="Brakes.",
    )
    agent = person("alex")

    message = refusal_of(
        lambda: assign(fleet_admin, truck, agent, at(PHOENIX, 2027, 3, 2, 6), None)
    )

    assert message == (
        "NGL-1 is out of service for maintenance; only a vehicle in service can "
        "be assigned."
    )
    assert not Assignment.objects.filter(vehicle=truck).exists()


def test_a_midnight_shift_holds_the_vehicle_into_the_next_day(
    fleet_admin, vehicle_at, person
):
    truck = vehicle_at("NGL-2")
    night, day = person("night"), person("day")
    assign(
        fleet_admin,
        truck,
        night,
        at(PHOENIX, 2026, 6, 1, 22),
        at(PHOENIX, 2026, 6, 2, 6),
    )

    message = refusal_of(
        lambda: assign(
            fleet_admin,
            truck,
            day,
            at(PHOENIX, 2026, 6, 2, 5),
            at(PHOENIX, 2026, 6, 2, 13),
        )
    )
    following = assign(
        fleet_admin, truck, day, at(PHOENIX, 2026, 6, 2, 6), at(PHOENIX, 2026, 6, 2, 14)
    )

    assert message == (
        "NGL-2 is already assigned to Night Driver from 2026-06-01 22:00 MST to "
        "2026-06-02 06:00 MST: one vehicle cannot be in two places. Choose another "
        "vehicle or time."
    )
    # Half-open intervals: the day shift takes the truck as the night one ends.
    assert following.starts_at == at(PHOENIX, 2026, 6, 2, 6)
    assert selectors.holder_at(truck, at(PHOENIX, 2026, 6, 1, 23, 59)).employee == night
    assert selectors.holder_at(truck, at(PHOENIX, 2026, 6, 2, 0, 30)).employee == night
    assert selectors.holder_at(truck, at(PHOENIX, 2026, 6, 2, 6)).employee == day
    assert selectors.holder_at(truck, at(PHOENIX, 2026, 6, 2, 14)) is None


def test_the_spring_forward_night_is_seven_hours_long(fleet_admin, vehicle_at, person):
    truck = vehicle_at("YST-1", station="ysleta")
    night, day = person("night", "ysleta"), person("day", "ysleta")
    # 22:00 MST to 06:00 MDT: the clocks skip 02:00 to 03:00.
    shift = assign(
        fleet_admin, truck, night, at(DENVER, 2026, 3, 7, 22), at(DENVER, 2026, 3, 8, 6)
    )

    message = refusal_of(
        lambda: assign(
            fleet_admin,
            truck,
            day,
            at(DENVER, 2026, 3, 8, 5, 30),
            at(DENVER, 2026, 3, 8, 13, 30),
        )
    )
    assign(
        fleet_admin, truck, day, at(DENVER, 2026, 3, 8, 6), at(DENVER, 2026, 3, 8, 14)
    )

    # Python subtracts two times of one zone by the wall clock; the database
    # gives back the instants, in UTC.
    shift.refresh_from_db()
    assert shift.ends_at - shift.starts_at == timedelta(hours=7)
    assert message.startswith(
        "YST-1 is already assigned to Night Driver from 2026-03-07 22:00 MST to "
        "2026-03-08 06:00 MDT"
    )
    assert selectors.holder_at(truck, at(DENVER, 2026, 3, 8, 3, 30)).employee == night


def test_the_fall_back_night_repeats_an_hour_that_the_night_shift_holds(
    fleet_admin, vehicle_at, person
):
    truck = vehicle_at("YST-2", station="ysleta")
    night, other = person("night", "ysleta"), person("other", "ysleta")
    # 22:00 MDT to 06:00 MST: nine hours, 01:00 to 02:00 twice.
    shift = assign(
        fleet_admin,
        truck,
        night,
        at(DENVER, 2026, 10, 31, 22),
        at(DENVER, 2026, 11, 1, 6),
    )
    second_half_past_one = at(DENVER, 2026, 11, 1, 1, 30, fold=1)

    message = refusal_of(
        lambda: assign(
            fleet_admin,
            truck,
            other,
            second_half_past_one,
            at(DENVER, 2026, 11, 1, 5),
        )
    )

    shift.refresh_from_db()
    assert shift.ends_at - shift.starts_at == timedelta(hours=9)
    assert message.startswith(
        "YST-2 is already assigned to Night Driver from 2026-10-31 22:00 MDT to "
        "2026-11-01 06:00 MST"
    )
    assert selectors.holder_at(truck, second_half_past_one).employee == night


def test_a_local_time_the_clocks_skip_is_refused_and_a_repeated_one_is_the_first(
    units,
):
    ysleta = units["ysleta"]

    with pytest.raises(local_time.NoSuchLocalTime) as skipped:
        local_time.instant(date(2026, 3, 8), time(2, 30), ysleta)
    repeated = local_time.instant(date(2026, 11, 1), time(1, 30), ysleta)

    assert str(skipped.value) == (
        "There is no 02:30 on 2026-03-08 at this station: the clocks go forward "
        "that night."
    )
    assert local_time.shown(repeated, ysleta) == "2026-11-01 01:30 MDT"


def test_an_open_ended_custody_blocks_every_later_shift(
    fleet_admin, vehicle_at, person
):
    truck = vehicle_at("NGL-3")
    holder, other = person("holder"), person("other")
    assign(
        fleet_admin,
        truck,
        holder,
        at(PHOENIX, 2026, 1, 5, 7),
        None,
        source=AssignmentSource.CUSTODY,
    )

    message = refusal_of(
        lambda: assign(
            fleet_admin,
            truck,
            other,
            at(PHOENIX, 2027, 1, 5, 7),
            at(PHOENIX, 2027, 1, 5, 15),
        )
    )

    assert message.startswith(
        "NGL-3 is already assigned to Holder Driver from 2026-01-05 07:00 MST until "
        "further notice"
    )


def test_the_custody_holder_may_also_have_it_on_the_schedule(
    fleet_admin, vehicle_at, person
):
    truck = vehicle_at("NGL-4")
    holder = person("holder")
    assign(
        fleet_admin,
        truck,
        holder,
        at(PHOENIX, 2026, 1, 5, 7),
        None,
        source=AssignmentSource.CUSTODY,
    )

    shift = assign(
        fleet_admin,
        truck,
        holder,
        at(PHOENIX, 2026, 2, 1, 6),
        at(PHOENIX, 2026, 2, 1, 14),
    )

    assert shift.employee == holder


def test_the_database_refuses_an_overlap_the_service_did_not_see(
    fleet_admin, vehicle_at, person
):
    truck = vehicle_at("NGL-5")
    first, second = person("first"), person("second")
    assign(
        fleet_admin,
        truck,
        first,
        at(PHOENIX, 2026, 6, 1, 6),
        at(PHOENIX, 2026, 6, 1, 14),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            vehicle=truck,
            employee=second,
            starts_at=at(PHOENIX, 2026, 6, 1, 13),
            ends_at=None,
            source=DAILY,
            created_by=fleet_admin,
        )


def test_a_race_the_service_lost_is_still_refused_with_a_message(
    fleet_admin, vehicle_at, person, monkeypatch
):
    truck = vehicle_at("NGL-12")
    first, second = person("first"), person("second")
    assign(
        fleet_admin,
        truck,
        first,
        at(PHOENIX, 2026, 6, 1, 6),
        at(PHOENIX, 2026, 6, 1, 14),
    )
    # As if the other request had committed just after this one's check.
    monkeypatch.setattr(assignments, "_check_free", lambda *args, **kwargs: None)

    message = refusal_of(
        lambda: assign(
            fleet_admin,
            truck,
            second,
            at(PHOENIX, 2026, 6, 1, 13),
            at(PHOENIX, 2026, 6, 1, 20),
        )
    )

    assert message == (
        "NGL-12 was just assigned to someone else for that time: one vehicle "
        "cannot be in two places."
    )
    assert list(truck.assignments.values_list("employee", flat=True)) == [first.pk]


def test_an_employee_of_another_station_is_refused_unless_detailed_there(
    fleet_admin, vehicle_at, person, units
):
    truck = vehicle_at("NGL-6")
    visitor = person("visitor", "ajo")
    starts_at, ends_at = at(PHOENIX, 2026, 6, 1, 6), at(PHOENIX, 2026, 6, 1, 14)

    message = refusal_of(
        lambda: assign(fleet_admin, truck, visitor, starts_at, ends_at)
    )

    def detailed(*, employee, station, starts_at, ends_at):
        return employee == visitor and station == units["nogales"]

    providers.register_detail_provider(detailed)
    try:
        shift = assign(fleet_admin, truck, visitor, starts_at, ends_at)
    finally:
        providers.unregister_detail_provider(detailed)

    assert message == (
        "Visitor Driver is at Ajo Station (Tucson Sector), not at Nogales Station "
        "(Tucson Sector), and is not detailed there for that time: only the "
        "station's own staff, or staff detailed to it, take its vehicles."
    )
    assert shift.employee == visitor


def test_a_separated_employee_is_refused(fleet_admin, vehicle_at, person):
    truck = vehicle_at("NGL-7")
    leaver = person("leaver", status="SEPARATED", separation_date=date(2026, 5, 1))

    message = refusal_of(
        lambda: assign(
            fleet_admin,
            truck,
            leaver,
            at(PHOENIX, 2026, 6, 1, 6),
            at(PHOENIX, 2026, 6, 1, 14),
        )
    )

    assert message == "Leaver Driver has separated and cannot be assigned a vehicle."


def test_the_vehicle_an_employee_holds_at_an_instant(fleet_admin, vehicle_at, person):
    truck, trailer = vehicle_at("NGL-8"), vehicle_at("NGL-9")
    agent = person("agent")
    assign(
        fleet_admin,
        truck,
        agent,
        at(PHOENIX, 2026, 6, 1, 6),
        at(PHOENIX, 2026, 6, 1, 14),
    )
    assign(
        fleet_admin,
        trailer,
        agent,
        at(PHOENIX, 2026, 6, 1, 8),
        at(PHOENIX, 2026, 6, 1, 12),
    )

    assert [
        a.vehicle for a in selectors.held_by(agent, at(PHOENIX, 2026, 6, 1, 7))
    ] == [truck]
    assert [
        a.vehicle for a in selectors.held_by(agent, at(PHOENIX, 2026, 6, 1, 9))
    ] == [
        truck,
        trailer,
    ]
    assert selectors.held_by(agent, at(PHOENIX, 2026, 6, 1, 14)) == []


def test_ending_and_changing_an_assignment(fleet_admin, vehicle_at, person):
    truck = vehicle_at("NGL-10")
    first, second = person("first"), person("second")
    held = assign(
        fleet_admin,
        truck,
        first,
        at(PHOENIX, 2026, 6, 1, 6),
        None,
        AssignmentSource.CUSTODY,
    )

    assignments.assignment_end(
        actor=fleet_admin, assignment=held, ends_at=at(PHOENIX, 2026, 6, 30, 17)
    )
    assign(
        fleet_admin,
        truck,
        second,
        at(PHOENIX, 2026, 7, 1, 6),
        at(PHOENIX, 2026, 7, 1, 14),
    )
    lengthen = refusal_of(
        lambda: assignments.assignment_change(
            actor=fleet_admin,
            assignment=held,
            starts_at=held.starts_at,
            ends_at=at(PHOENIX, 2026, 7, 1, 8),
        )
    )

    held.refresh_from_db()
    assert held.ends_at == at(PHOENIX, 2026, 6, 30, 17)
    assert lengthen.startswith("NGL-10 is already assigned to Second Driver")
    assert [row.ends_at for row in held.history.order_by("history_date")] == [
        None,
        at(PHOENIX, 2026, 6, 30, 17),
    ]
    assert held.history.latest().history_user == fleet_admin


def test_a_scheduling_supervisor_assigns_for_the_schedule_but_not_custody(
    make_user, give, vehicle_at, person
):
    truck = vehicle_at("NGL-11")
    agent = person("agent")
    scheduler = make_user("scheduler")
    give(scheduler, "scheduling", "supervisor", "nogales")

    shift = assign(
        scheduler, truck, agent, at(PHOENIX, 2026, 6, 1, 6), at(PHOENIX, 2026, 6, 1, 14)
    )
    with pytest.raises(services.AccessRefused) as refused:
        assign(
            scheduler,
            truck,
            agent,
            at(PHOENIX, 2026, 6, 2, 6),
            None,
            source=AssignmentSource.CUSTODY,
        )

    assert shift.created_by == scheduler
    assert refused.value.message == (
        "Only the station's vehicle administrators record long-term custody. You "
        "are neither at Nogales Station (Tucson Sector)."
    )
    denial = AuditEvent.objects.filter(actor_id=scheduler.pk, kind="denied").get()
    assert denial.details == {"action": "vehicles.assign", "station": truck.station_id}
