"""The two retention rules of assignment records: just inside kept, just past
purged (with its history), under legal hold kept."""

from datetime import UTC, date, datetime

import pytest

from security.retention import engine
from security.retention.services import place_hold
from staffing.models import Employee
from tests.vehicles.conftest import assign
from vehicles.models import Assignment, AssignmentSource

pytestmark = pytest.mark.django_db

TODAY = date(2030, 6, 15)
# Three years before TODAY: an event before this day is due.
CUTOFF = date(2027, 6, 15)


def utc(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def keeper(make_user, give):
    keeper = make_user("keeper")
    give(keeper, "security", "records_administrator", "headquarters")
    return keeper


def separate(employee: Employee, on: date) -> Employee:
    employee.status = Employee.Status.SEPARATED
    employee.separation_date = on
    employee.save()
    return employee


def counts(run, code):
    return run.counts()[code]


def gone(assignment) -> bool:
    return (
        not Assignment.objects.filter(pk=assignment.pk).exists()
        and not Assignment.history.filter(id=assignment.pk).exists()
    )


def test_schedule_assignments_go_three_years_after_they_end(
    fleet_admin, vehicle_at, person, keeper
):
    truck = vehicle_at("NGL-501")
    daily, default = AssignmentSource.DAILY_SCHEDULE, AssignmentSource.SCHEDULE_DEFAULT
    # The night shift ending 30 minutes into the cutoff day is inside.
    inside = assign(
        fleet_admin,
        truck,
        person("inside"),
        utc(2027, 6, 14, 17),
        utc(2027, 6, 15, 0, 30),
        daily,
    )
    past = assign(
        fleet_admin,
        truck,
        person("past"),
        utc(2027, 6, 14, 9),
        utc(2027, 6, 14, 17),
        default,
    )
    held_person = person("held")
    held = assign(
        fleet_admin,
        truck,
        held_person,
        utc(2027, 6, 13, 9),
        utc(2027, 6, 13, 17),
        daily,
    )
    place_hold(actor=keeper, user=held_person.user, reason="Claim 2030-7.")
    still_open = assign(
        fleet_admin,
        vehicle_at("NGL-504"),
        person("ongoing"),
        utc(2020, 1, 1, 9),
        None,
        default,
    )
    # Held apart from the rule: a custody ended long ago of a person still here.
    custody = assign(
        fleet_admin,
        vehicle_at("NGL-502"),
        person("custodian"),
        utc(2020, 1, 1, 9),
        utc(2021, 1, 1, 9),
        AssignmentSource.CUSTODY,
    )

    run = engine.run(today=TODAY)

    assert counts(run, "vehicles.scheduled_assignments") == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    assert gone(past)
    for kept in (inside, held, still_open, custody):
        assert Assignment.objects.filter(pk=kept.pk).exists()


def test_custody_records_go_three_years_after_the_employee_separates(
    fleet_admin, vehicle_at, person, keeper
):
    custody = AssignmentSource.CUSTODY
    records = {}
    for name, separated_on in (
        ("inside", CUTOFF),
        ("past", date(2027, 6, 14)),
        ("heldvehicle", date(2027, 6, 14)),
        ("stillout", date(2027, 6, 14)),
    ):
        holder = person(name)
        vehicle = vehicle_at(f"NGL-{name}"[:20])
        ends_at = None if name == "stillout" else utc(2027, 6, 1, 17)
        records[name] = assign(
            fleet_admin, vehicle, holder, utc(2025, 1, 6, 14), ends_at, custody
        )
        separate(holder, separated_on)
    place_hold(
        actor=keeper, record=records["heldvehicle"].vehicle, reason="Damage claim."
    )
    records["active"] = assign(
        fleet_admin,
        vehicle_at("NGL-active"),
        person("active"),
        utc(2020, 1, 6, 14),
        utc(2021, 1, 6, 14),
        custody,
    )

    run = engine.run(today=TODAY)

    assert counts(run, "vehicles.custody_assignments") == {
        "due": 2,
        "held": 1,
        "purged": 1,
    }
    assert gone(records["past"])
    for name in ("inside", "heldvehicle", "stillout", "active"):
        assert Assignment.objects.filter(pk=records[name].pk).exists()


def test_a_second_run_purges_nothing_more(fleet_admin, vehicle_at, person):
    truck = vehicle_at("NGL-503")
    assign(
        fleet_admin,
        truck,
        person("old"),
        utc(2026, 1, 1, 9),
        utc(2026, 1, 1, 17),
        AssignmentSource.DAILY_SCHEDULE,
    )
    engine.run(today=TODAY)

    again = engine.run(today=TODAY)

    assert counts(again, "vehicles.scheduled_assignments") == {
        "due": 0,
        "held": 0,
        "purged": 0,
    }
