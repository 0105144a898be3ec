"""Many shifts' assignments of one station's vehicles at once (a G-481
build): the rules of one assignment, each answered on its own, in a fixed
number of statements."""

import pytest

from security.models import AuditEvent
from tests.vehicles.conftest import PHOENIX, assign, at
from vehicles import assignments, local_time, services
from vehicles.models import Assignment

pytestmark = pytest.mark.django_db


def shift(key, vehicle, employee, day, start=6, end=16):
    return assignments.ShiftWanted(
        key=key,
        vehicle=vehicle,
        employee=employee,
        starts_at=at(PHOENIX, 2026, 6, day, start),
        ends_at=at(PHOENIX, 2026, 6, day, end),
        source_reference=key,
    )


def test_each_shift_is_answered_by_the_one_assignment_rules(
    fleet_admin, vehicle_at, person, units
):
    truck, van, broken = vehicle_at("NGL-1"), vehicle_at("NGL-2"), vehicle_at("NGL-3")
    services.vehicle_change_status(
        actor=fleet_admin,
        vehicle=broken,
        to_status="MAINTENANCE",
        on=local_time.today_at(broken.station),
        reason="Brakes.",
    )
    alex, blair, casey = person("alex"), person("blair"), person("casey")
    # Casey already has the van on 2 June from 12:00.
    assign(
        fleet_admin,
        van,
        casey,
        at(PHOENIX, 2026, 6, 2, 12),
        at(PHOENIX, 2026, 6, 2, 20),
    )

    answers = assignments.shift_assignments_create(
        actor=fleet_admin,
        station=units["nogales"],
        wanted=[
            shift(1, truck, alex, 1),
            shift(2, truck, alex, 2),
            # The same truck for someone else over Alex's 1 June: refused.
            shift(3, truck, blair, 1, 14, 22),
            # The van on 2 June overlaps Casey's hours: refused.
            shift(4, van, blair, 2),
            # The van after Casey gives it back: made.
            shift(5, van, blair, 3),
            shift(6, broken, casey, 1),
        ],
    )

    made = {key for key, answer in answers.items() if isinstance(answer, Assignment)}
    assert made == {1, 2, 5}
    assert answers[3].message == (
        "NGL-1 is already assigned to Alex Driver from 2026-06-01 06:00 MST to "
        "2026-06-01 16:00 MST: one vehicle cannot be in two places. Choose "
        "another vehicle or time."
    )
    assert answers[4].message == (
        "NGL-2 is already assigned to Casey Driver from 2026-06-02 12:00 MST to "
        "2026-06-02 20:00 MST: one vehicle cannot be in two places. Choose "
        "another vehicle or time."
    )
    assert answers[6].message == (
        "NGL-3 is out of service for maintenance; only a vehicle in service can "
        "be assigned."
    )
    first = Assignment.objects.get(pk=answers[1].pk)
    assert (
        first.vehicle_id,
        first.employee_id,
        first.starts_at,
        first.ends_at,
        first.source,
        first.source_reference,
        first.created_by_id,
    ) == (
        truck.pk,
        alex.pk,
        at(PHOENIX, 2026, 6, 1, 6),
        at(PHOENIX, 2026, 6, 1, 16),
        "DAILY_SCHEDULE",
        1,
        fleet_admin.pk,
    )
    history = Assignment.history.filter(id__in=[answers[key].pk for key in made])
    assert (
        sorted((row.history_type, row.history_user_id) for row in history)
        == [("+", fleet_admin.pk)] * 3
    )
    assert Assignment.objects.count() == 4  # Casey's and the three made


def test_someone_who_may_not_assign_has_every_shift_refused_once_audited(
    make_user, vehicle_at, person, units
):
    stranger = make_user("stranger", home="ajo")
    truck, alex = vehicle_at("NGL-1"), person("alex")

    answers = assignments.shift_assignments_create(
        actor=stranger,
        station=units["nogales"],
        wanted=[shift(1, truck, alex, 1), shift(2, truck, alex, 2)],
    )

    assert all(
        isinstance(answer, services.AccessRefused) for answer in answers.values()
    )
    assert set(answers) == {1, 2}
    assert not Assignment.objects.exists()
    assert AuditEvent.objects.filter(kind="denied", actor_id=stranger.pk).count() == 1


def test_the_statements_do_not_grow_with_the_shifts(
    fleet_admin, vehicle_at, person, units, django_assert_max_num_queries
):
    trucks = [vehicle_at(f"NGL-{number}") for number in range(1, 11)]
    people = [person(f"agent{number}") for number in range(10)]
    wanted = [
        shift(number * 100 + day, truck, agent, day)
        for number, (truck, agent) in enumerate(zip(trucks, people, strict=True))
        for day in range(1, 15)
    ]

    with django_assert_max_num_queries(12):
        answers = assignments.shift_assignments_create(
            actor=fleet_admin, station=units["nogales"], wanted=wanted
        )

    assert len(answers) == 140
    assert Assignment.objects.count() == 140
