"""Timesheets made from the finalized schedule: each day's tour as the
G-481 or the G-259 set it, approved leave written on, idempotent."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from scheduling.models import DailyEntry, Schedule
from staffing.models import Employee
from tests.timesheet.conftest import build
from timesheet import initialization
from timesheet.models import InitializationRun, ScheduledDay, TimeEntry, Timesheet

pytestmark = pytest.mark.django_db


def utc(month, day, hour):
    return datetime(2026, month, day, hour, tzinfo=UTC)


def days_of(sheet) -> dict:
    return {day.day: day for day in sheet.days.all()}


def test_it_copies_each_day_of_the_finalized_g259(timesheet):
    days = days_of(timesheet)

    assert len(days) == 14
    assert timesheet.overtime_level == "LEVEL_1"
    assert timesheet.station.name == "Nogales"
    sunday = days[date(2026, 1, 11)]
    # 06:00 for 10 hours at Nogales (UTC-7): 13:00 to 23:00 UTC.
    assert (sunday.source, sunday.status) == ("G259", "WORKDAY")
    assert (sunday.scheduled_start, sunday.scheduled_end) == (
        utc(1, 11, 13),
        utc(1, 11, 23),
    )
    monday = days[date(2026, 1, 12)]
    assert (monday.status, monday.scheduled_start) == ("DAY_OFF", None)
    assert not sunday.is_closed


def test_a_g481_line_wins_over_the_g259_cell(finalized, subject, units):
    build(finalized)
    line = DailyEntry.objects.get(employee=subject, daily__day=date(2026, 1, 14))
    # Moved to 08:00-18:00 local on the day.
    line.shift_start, line.shift_end = utc(1, 14, 15), utc(1, 15, 1)
    line.save()

    initialization.initialize(finalized.pay_period, station=units["nogales"])

    days = days_of(Timesheet.objects.get(employee=subject))
    moved = days[date(2026, 1, 14)]
    assert (moved.source, moved.status) == ("G481", "WORKDAY")
    assert (moved.scheduled_start, moved.scheduled_end) == (
        utc(1, 14, 15),
        utc(1, 15, 1),
    )
    thursday = days[date(2026, 1, 15)]
    assert thursday.source == "G481"
    assert thursday.scheduled_start == utc(1, 15, 13)


def test_approved_leave_is_written_on_as_leave_entries(
    finalized, subject, units, approve_leave
):
    approve_leave(subject, "ANNUAL", date(2026, 1, 14), date(2026, 1, 15), 16)
    approve_leave(subject, "SICK", date(2026, 1, 16), date(2026, 1, 16), 2.5)

    initialization.initialize(finalized.pay_period, station=units["nogales"])

    sheet = Timesheet.objects.get(employee=subject)
    days = days_of(sheet)
    assert (days[date(2026, 1, 14)].status, days[date(2026, 1, 14)].leave_type) == (
        "LEAVE",
        "ANNUAL",
    )
    entries = sorted(
        (entry.day, entry.code, entry.hours) for entry in sheet.entries.all()
    )
    # A whole day of leave charges the 10-hour tour's 8 regular hours; the
    # part day its own 2.5 hours on a day that stays a workday.
    assert entries == [
        (date(2026, 1, 14), "ANNUAL", Decimal("8.00")),
        (date(2026, 1, 15), "ANNUAL", Decimal("8.00")),
        (date(2026, 1, 16), "SICK", Decimal("2.50")),
    ]
    assert days[date(2026, 1, 16)].status == "WORKDAY"


def test_running_it_again_makes_nothing_twice(finalized, subject, units, approve_leave):
    approve_leave(subject, "ANNUAL", date(2026, 1, 14), date(2026, 1, 14), 8)
    first = initialization.initialize(finalized.pay_period, station=units["nogales"])
    second = initialization.initialize(finalized.pay_period, station=units["nogales"])

    # The five people of the test chain at Nogales are all employees.
    assert (first, second) == (5, 0)
    assert Timesheet.objects.count() == 5
    assert ScheduledDay.objects.count() == 5 * 14
    assert TimeEntry.objects.count() == 1
    assert Timesheet.history.count() == 5


def test_contractors_get_no_timesheet(finalized, subject, units):
    subject.employment_type = Employee.EmploymentType.CONTRACTOR
    subject.save()

    initialization.initialize(finalized.pay_period, station=units["nogales"])

    assert not Timesheet.objects.filter(employee=subject).exists()


def test_a_detailed_day_is_read_from_the_gaining_station(
    finalized, subject, units, detail_of
):
    detail_of(subject, date(2026, 1, 17), date(2026, 1, 20))

    initialization.initialize(finalized.pay_period, station=units["nogales"])

    days = days_of(Timesheet.objects.get(employee=subject))
    away = days[date(2026, 1, 18)]
    # Ajo has no finalized G-259 for the period: the day says "detail".
    assert (away.station, away.source, away.status) == (units["ajo"], "NONE", "DETAIL")
    assert days[date(2026, 1, 21)].station == units["nogales"]


def test_the_database_and_python_paths_make_the_same_days(
    finalized, subject, units, detail_of
):
    build(finalized)
    DailyEntry.objects.filter(employee=subject, daily__day=date(2026, 1, 15)).update(
        on_duty=False
    )
    detail_of(subject, date(2026, 1, 17), date(2026, 1, 18))
    period = finalized.pay_period
    initialization.initialize(period, station=units["nogales"])
    fields = ("day", "source", "station_id", "status", "leave_type")
    fields += ("scheduled_start", "scheduled_end")

    def snapshot():
        return sorted(
            (day.timesheet.employee_id, *(getattr(day, name) for name in fields))
            for day in ScheduledDay.objects.select_related("timesheet")
        )

    in_the_database = snapshot()
    Timesheet.history.all().delete()
    ScheduledDay.history.all().delete()
    Timesheet.objects.all().delete()
    people = initialization.employees_in_scope(units["nogales"])
    initialization._insert_timesheets(period, people, None)
    initialization._insert_days(period, people, None)

    assert snapshot() == in_the_database
    assert ScheduledDay.history.filter(history_type="+").count() == 5 * 14


def test_a_run_records_its_outcome(finalized, units, supervisor, monkeypatch):
    from timesheet import tasks

    monkeypatch.setattr(
        tasks.initialize_timesheets, "delay", tasks.initialize_timesheets
    )
    run = initialization.start(
        finalized.pay_period, station=units["nogales"], started_by=supervisor
    )
    run = initialization.carry_out(InitializationRun.objects.get(pk=run.pk))

    assert (run.state, run.timesheets_created) == ("FINISHED", 5)
    assert run.finished_at is not None


def test_a_timekeeper_starts_a_run_from_the_page(
    client, units, monkeypatch, make_user, give
):
    from django.urls import reverse
    from django.utils import timezone

    from scheduling import pay_periods, services
    from timesheet import tasks

    # The page offers the current and the next pay period.
    current = services.pay_period_row(
        pay_periods.containing(timezone.localdate()).start
    )
    keeper = make_user("keeper")
    give(keeper, "timesheet", "timekeeper", "nogales")
    Schedule.objects.create(
        station=units["nogales"],
        pay_period=current,
        status=Schedule.Status.FINALIZED,
        finalized_at=timezone.now(),
        finalized_by=keeper,
    )
    started = []
    monkeypatch.setattr(tasks.initialize_timesheets, "delay", started.append)
    client.force_login(keeper)

    response = client.post(
        reverse("timesheet:initialize"),
        {"station": units["nogales"].pk, "pay_period": current.pk},
    )

    run = InitializationRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("timesheet:run", args=[run.pk])
    assert (run.station, run.started_by, run.state) == (
        units["nogales"],
        keeper,
        "QUEUED",
    )


@pytest.mark.parametrize("draft", [False, True])
def test_no_run_starts_before_the_g259_is_finalized(
    client, units, monkeypatch, make_user, give, draft
):
    from django.urls import reverse
    from django.utils import timezone

    from scheduling import pay_periods, services
    from timesheet import tasks

    current = services.pay_period_row(
        pay_periods.containing(timezone.localdate()).start
    )
    if draft:
        Schedule.objects.create(station=units["nogales"], pay_period=current)
    keeper = make_user("keeper")
    give(keeper, "timesheet", "timekeeper", "nogales")
    started = []
    monkeypatch.setattr(tasks.initialize_timesheets, "delay", started.append)
    client.force_login(keeper)

    response = client.post(
        reverse("timesheet:initialize"),
        {"station": units["nogales"].pk, "pay_period": current.pk},
    )

    # Made from a draft, every day would read as a regular day off.
    assert response.status_code == 200
    state = "has a draft G-259" if draft else "has no G-259"
    assert response.context["form"].errors["pay_period"] == [
        f"Nogales {state} for {current}: its timesheets are made from the "
        "finalized G-259. Finalize it first."
    ]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not InitializationRun.objects.exists()
    assert started == []
