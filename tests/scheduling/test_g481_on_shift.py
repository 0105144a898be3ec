"""Who is on shift now: a shift begun and not ended, across midnight too,
at stations in two time zones at the same instant, shown in each
station's local time."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scheduling import g481, services
from scheduling.models import DailyEntry, DailySchedule, Schedule, Zone
from security.models import OrganizationUnit
from staffing.models import Employee

# Nogales keeps MST (UTC-7) all year; Marfa, in Texas, is on CST (UTC-6) in
# January.
INSTANT = datetime(2026, 1, 14, 15, 30, tzinfo=UTC)  # 08:30 MST, 09:30 CST


@pytest.fixture
def marfa():
    station = OrganizationUnit.objects.get(parent__code="BBT", name="Marfa")
    assert station.time_zone == "America/Chicago"
    return station


def agent(name, station):
    return Employee.objects.create(
        first_name=name,
        last_name="Shift",
        job_title="Border Patrol Agent",
        duty_station=station,
        work_street="1 Station Road",
        work_city="Nogales",
        work_state="AZ",
        work_zip="85621",
    )


def line(station, employee, day, start, end, **fields):
    """A line on the station's G-481 of ``day``, shift given in UTC."""
    pay_period = services.pay_period_row(day)
    schedule, _ = Schedule.objects.get_or_create(station=station, pay_period=pay_period)
    daily, _ = DailySchedule.objects.get_or_create(
        station=station, day=day, pay_period=pay_period, schedule=schedule
    )
    return DailyEntry.objects.create(
        daily=daily, employee=employee, shift_start=start, shift_end=end, **fields
    )


@pytest.fixture
def shifts(units, marfa):
    nogales = units["nogales"]
    z01 = Zone.objects.create(station=nogales, code="Z01", name="West desert")
    return {
        # 06:00-16:00 MST on the 14th.
        "days": line(
            nogales,
            agent("Dana", nogales),
            date(2026, 1, 14),
            datetime(2026, 1, 14, 13, tzinfo=UTC),
            datetime(2026, 1, 14, 23, tzinfo=UTC),
            zone=z01,
        ),
        # 22:00 MST on the 13th to 08:00 MST on the 14th.
        "mid": line(
            nogales,
            agent("Mo", nogales),
            date(2026, 1, 13),
            datetime(2026, 1, 14, 5, tzinfo=UTC),
            datetime(2026, 1, 14, 15, tzinfo=UTC),
        ),
        # 08:00-18:00 CST on the 14th.
        "marfa_early": line(
            marfa,
            agent("Ezra", marfa),
            date(2026, 1, 14),
            datetime(2026, 1, 14, 14, tzinfo=UTC),
            datetime(2026, 1, 15, 0, tzinfo=UTC),
        ),
        # 10:00-20:00 CST on the 14th.
        "marfa_late": line(
            marfa,
            agent("Lou", marfa),
            date(2026, 1, 14),
            datetime(2026, 1, 14, 16, tzinfo=UTC),
            datetime(2026, 1, 15, 2, tzinfo=UTC),
        ),
    }


def names(entries):
    return [entry.employee.first_name for entry in entries]


def test_at_one_instant_each_station_has_its_own_people(shifts, units, marfa):
    assert names(g481.on_shift(units["nogales"], INSTANT)) == ["Dana"]
    assert names(g481.on_shift(marfa, INSTANT)) == ["Ezra"]


def test_a_mid_begun_yesterday_is_on_shift_after_midnight(shifts, units):
    three_in_the_morning = datetime(2026, 1, 14, 10, tzinfo=UTC)  # 03:00 MST

    assert names(g481.on_shift(units["nogales"], three_in_the_morning)) == ["Mo"]


def test_a_shift_ends_at_its_end(shifts, units):
    eight = datetime(2026, 1, 14, 15, tzinfo=UTC)  # 08:00 MST: the mid is over
    just_before = eight - timedelta(seconds=1)

    # By zone, and those without one last.
    assert names(g481.on_shift(units["nogales"], just_before)) == ["Dana", "Mo"]
    assert names(g481.on_shift(units["nogales"], eight)) == ["Dana"]


def test_someone_off_is_not_on_shift(shifts, units):
    shifts["days"].on_duty = False
    shifts["days"].save()

    assert g481.on_shift(units["nogales"], INSTANT) == []


def test_the_page_shows_the_stations_local_time(
    units, marfa, make_user, give, django_assert_num_queries
):
    now = timezone.now().replace(microsecond=0)
    line(
        units["nogales"],
        agent("Dana", units["nogales"]),
        now.date(),
        now - timedelta(hours=1),
        now + timedelta(hours=9),
    )
    line(
        marfa,
        agent("Ezra", marfa),
        now.date(),
        now - timedelta(hours=2),
        now + timedelta(hours=8),
    )
    dispatcher = make_user("radio")
    give(dispatcher, "scheduling", "dispatcher", "nogales")
    give(dispatcher, "scheduling", "dispatcher", "el_paso")
    client = Client()
    client.force_login(dispatcher)
    phoenix, chicago = (
        g481.ZoneInfo("America/Phoenix"),
        g481.ZoneInfo("America/Chicago"),
    )

    nogales_page = client.get(
        reverse("scheduling:on-shift", args=[units["nogales"].pk])
    ).content.decode()
    marfa_response = client.get(reverse("scheduling:on-shift", args=[marfa.pk]))

    start = (now - timedelta(hours=1)).astimezone(phoenix)
    end = (now + timedelta(hours=9)).astimezone(phoenix)
    assert f"{start:%H:%M}–{end:%H:%M}" in nogales_page
    assert "Shift, Dana" in nogales_page and "Ezra" not in nogales_page
    # Marfa is in Big Bend Sector, outside the dispatcher's reach.
    assert marfa_response.status_code == 403
    give(dispatcher, "scheduling", "dispatcher", "headquarters")
    client.force_login(dispatcher)
    marfa_page = client.get(
        reverse("scheduling:on-shift", args=[marfa.pk])
    ).content.decode()
    start = (now - timedelta(hours=2)).astimezone(chicago)
    # The clock reads Central time (CST or CDT, by the season).
    assert f"{now.astimezone(chicago):%Z}, " in marfa_page.split("As of")[1][:40]
    assert f"{start:%H:%M}–" in marfa_page and "Shift, Ezra" in marfa_page
