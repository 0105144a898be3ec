from datetime import date

import pytest

from scheduling import details, initialization, services
from scheduling.models import (
    Activity,
    InitializationRun,
    Schedule,
    ScheduleDefault,
    ShiftTemplate,
    SubActivity,
)


def run_over(pay_period, *stations, started_by=None):
    """An initialization run over ``stations``, carried out at once.

    Without a broker the task runs as the transaction commits; the test
    transaction never commits, so the run is carried out here.
    """
    run = initialization.start(pay_period, stations, started_by=started_by)
    return initialization.carry_out(InitializationRun.objects.get(pk=run.pk))


@pytest.fixture
def first_pay_period_2026(db):
    """PP 1/2026: Sunday 11 January to Saturday 24 January 2026."""
    rows = services.ensure_pay_periods(2026)
    return rows[0]


@pytest.fixture
def templates(units):
    nogales = units["nogales"]
    return {
        "days": ShiftTemplate.objects.create(
            station=nogales,
            name="Days",
            kind="DAYS",
            start_time="06:00",
            length_minutes=600,
        ),
        "mids": ShiftTemplate.objects.create(
            station=nogales,
            name="Mids",
            kind="MIDS",
            start_time="22:00",
            length_minutes=600,
        ),
    }


@pytest.fixture
def set_default():
    """Give an employee schedule defaults: off Monday and Tuesday (Tuesday
    in lieu of Sunday), linewatch, level 1, unless told otherwise."""
    patrol = Activity.objects.get(code="patrol-border", station=None)
    linewatch = SubActivity.objects.get(code="linewatch", station=None)

    def set_default(employee, template, **fields):
        values = {
            "shift_template": template,
            "first_day_off": 1,
            "second_day_off": 2,
            "in_lieu_of_sunday": 2,
            "activity": patrol,
            "sub_activity": linewatch,
            "overtime_level": "LEVEL_1",
            "overtime_year": 2026,
        }
        values.update(fields)
        return ScheduleDefault.objects.create(employee=employee, **values)

    return set_default


@pytest.fixture
def supervisor(people, give):
    """The first-line supervisor, a scheduling supervisor at Nogales."""
    give(people["first_line"], "scheduling", "supervisor", "nogales")
    return people["first_line"]


@pytest.fixture
def schedule(units, people, templates, set_default, first_pay_period_2026):
    """PP 1/2026 at Nogales: the subject on days (off Monday and Tuesday),
    ten 10-hour days, 100 hours, level 1: no conflict to begin with."""
    set_default(people["subject"], templates["days"])
    run_over(first_pay_period_2026, units["nogales"])
    return Schedule.objects.get(station=units["nogales"])


@pytest.fixture
def chain(people, give):
    """The first-line supervisor schedules the subject; the peer is a
    scheduling supervisor at the station outside the subject's chain."""
    give(people["first_line"], "scheduling", "supervisor", "nogales")
    give(people["peer"], "scheduling", "supervisor", "nogales")
    return people


@pytest.fixture
def ajo_days(units):
    """Ajo's day shift: 07:00 for 10 hours, Arizona time."""
    return ShiftTemplate.objects.create(
        station=units["ajo"],
        name="Days",
        kind="DAYS",
        start_time="07:00",
        length_minutes=600,
    )


@pytest.fixture
def ajo_supervisor(make_user, give):
    """A scheduling supervisor at Ajo, the other Tucson Sector station."""
    user = make_user("ajochief", home="ajo")
    give(user, "scheduling", "supervisor", "ajo")
    return user


@pytest.fixture
def far_supervisor(make_user, give):
    """A scheduling supervisor at Ysleta, in El Paso Sector."""
    user = make_user("yslchief", home="ysleta")
    give(user, "scheduling", "supervisor", "ysleta")
    return user


@pytest.fixture
def detail_of(units, supervisor, ajo_supervisor, ajo_days):
    """Propose (Nogales) and accept (Ajo) a detail of ``employee``, by
    default from Saturday 17 to Tuesday 20 January 2026."""

    def detail_of(employee, first=date(2026, 1, 17), last=date(2026, 1, 20)):
        proposed = details.propose(
            actor=supervisor,
            employee=employee,
            gaining_station=units["ajo"],
            first_day=first,
            last_day=last,
            purpose="Checkpoint staffing",
        )
        return details.decide(
            actor=ajo_supervisor,
            detail=proposed,
            accept=True,
            shift_template=ajo_days,
        )

    return detail_of


# ---- the G-481 -------------------------------------------------------------

from tests.vehicles.conftest import fleet_admin, vehicle_at  # noqa: E402, F401


@pytest.fixture
def zones(units):
    from scheduling.models import Zone

    return {
        code: Zone.objects.create(station=units["nogales"], code=code, name=name)
        for code, name in (("Z01", "West desert"), ("Z02", "Town corridor"))
    }


@pytest.fixture
def finalized(
    units,
    people,
    templates,
    set_default,
    first_pay_period_2026,
    supervisor,
    zones,
    vehicle_at,  # noqa: F811 (the vehicles tests' fixture, imported above)
):
    """PP 1/2026 at Nogales (America/Phoenix, UTC-7 all year), finalized by
    the first-line supervisor before its G-481s are built: the subject on
    days in Z01 with truck N-101, the peer on mids in Z02 without a vehicle;
    both off Monday and Tuesday."""
    from scheduling import g259
    from staffing.models import Employee

    truck = vehicle_at("N-101")
    set_default(people["subject"], templates["days"], zone=zones["Z01"], vehicle=truck)
    peer = Employee.objects.get(user=people["peer"])
    set_default(peer, templates["mids"], zone=zones["Z02"])
    run_over(first_pay_period_2026, units["nogales"])
    schedule = Schedule.objects.get(station=units["nogales"])
    g259.finalize(actor=supervisor, schedule=schedule)
    schedule.refresh_from_db()
    schedule.truck = truck
    schedule.peer = peer
    return schedule


def build(schedule, **options):
    """Carry out the G-481 run that finalizing started (without a broker it
    would run as the transaction commits, which a test's never does)."""
    from scheduling import g481_build
    from scheduling.models import DailyRun

    run = DailyRun.objects.filter(schedule=schedule).first()
    if run is None or not run.is_running:
        run = DailyRun.objects.create(
            schedule=schedule, started_by=schedule.finalized_by
        )
    return g481_build.carry_out(run, **options)


@pytest.fixture
def in_maintenance(vehicle_at, fleet_admin):  # noqa: F811 (imported above)
    """A Nogales vehicle out of service for maintenance from today."""
    from vehicles import services as vehicle_services
    from vehicles.local_time import today_at

    def in_maintenance(fleet_number):
        vehicle = vehicle_at(fleet_number)
        vehicle_services.vehicle_change_status(
            actor=fleet_admin,
            vehicle=vehicle,
            to_status="MAINTENANCE",
            # The station's today: a status may not start after it, and in
            # the evening in Arizona the UTC date is already tomorrow.
            on=today_at(vehicle.station),
            reason="Brakes.",
        )
        return vehicle

    return in_maintenance


def assert_posts_plainly_at_its_own_address(client, url, refused_data, target):
    """An editor opened at its own address (a bookmark, a reload) has no
    page around it to post into: its form posts as a plain form, also when
    it comes back refused; opened beside its page (htmx) it posts in place
    into ``target``."""
    alone = client.get(url).content.decode()
    refused = client.post(url, refused_data)
    beside = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert refused.status_code == 400
    for page in (alone, refused.content.decode()):
        assert f'<form method="post" action="{url}">' in page
        assert "hx-post" not in page
    assert f'hx-post="{url}" hx-target="{target}"' in beside
