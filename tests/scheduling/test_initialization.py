from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scheduling import initialization, scheduler, services, time_rules
from scheduling.models import (
    CellStatus,
    InitializationRun,
    Schedule,
    ScheduleCell,
    ShiftTemplate,
    StationScheduleRules,
)
from security.models import OrganizationUnit
from staffing.models import Employee
from tests.scheduling.conftest import run_over


def cells_of(employee, pay_period):
    return list(
        ScheduleCell.objects.filter(
            row__employee=employee, row__schedule__pay_period=pay_period
        ).order_by("day")
    )


def agent_on_days(
    station, set_default, last_name, city, state, zip_code, kind="DAYS", **default
):
    """Someone at ``station`` on a 10-hour shift of the station's own: days
    from 07:00, or mids from 22:00."""
    shift = ShiftTemplate.objects.create(
        station=station,
        name=kind.title(),
        kind=kind,
        start_time="22:00" if kind == "MIDS" else "07:00",
        length_minutes=600,
    )
    agent = Employee.objects.create(
        first_name="Ana",
        last_name=last_name,
        job_title="Border Patrol Agent",
        duty_station=station,
        work_street="1 Road",
        work_city=city,
        work_state=state,
        work_zip=zip_code,
    )
    set_default(agent, shift, **default)
    return agent


@pytest.fixture
def nogales_staff(people, templates, set_default):
    subject = people["subject"]
    peer = people["peer"].employee
    set_default(subject, templates["days"])
    set_default(
        peer,
        templates["mids"],
        first_day_off=0,
        second_day_off=6,
        in_lieu_of_sunday=None,
    )
    return {"subject": subject, "peer": peer}


@pytest.mark.django_db
class TestInitialization:
    def test_each_day_from_the_defaults(
        self, units, nogales_staff, first_pay_period_2026, people
    ):
        run = run_over(
            first_pay_period_2026, units["nogales"], started_by=people["second_line"]
        )

        assert run.state == InitializationRun.State.FINISHED
        assert (run.rows_created, run.cells_created) == (2, 28)
        cells = cells_of(nogales_staff["subject"], first_pay_period_2026)
        assert [cell.day for cell in cells] == [
            date(2026, 1, 11) + timedelta(days=offset) for offset in range(14)
        ]
        # Off Mondays and Tuesdays: 12, 13, 19 and 20 January.
        off = [cell.day.day for cell in cells if cell.status == CellStatus.DAY_OFF]
        assert off == [12, 13, 19, 20]
        sunday = cells[0]
        assert sunday.status == CellStatus.WORKDAY
        # 06:00 in Arizona (UTC-7, no daylight saving) is 13:00 UTC.
        assert sunday.shift_start == datetime(2026, 1, 11, 13, tzinfo=UTC)
        assert sunday.shift_end == datetime(2026, 1, 11, 23, tzinfo=UTC)
        assert sunday.activity.code == "patrol-border"
        assert sunday.sub_activity.code == "linewatch"
        assert sunday.version == 1 and not sunday.changed_by_hand
        assert all(cell.shift_start is None for cell in cells if cell.day.day == 12)

        peer_cells = cells_of(nogales_staff["peer"], first_pay_period_2026)
        peer_off = [cell.day.weekday() for cell in peer_cells if not cell.has_shift]
        assert sorted(set(peer_off)) == [5, 6]  # Saturday and Sunday
        # A mid from Monday 22:00 ends Tuesday 08:00 local: 05:00 and 15:00 UTC.
        monday = peer_cells[1]
        assert monday.shift_start == datetime(2026, 1, 13, 5, tzinfo=UTC)
        assert monday.shift_end == datetime(2026, 1, 13, 15, tzinfo=UTC)

    def test_every_cell_has_its_history_row_by_who_started_it(
        self, units, nogales_staff, first_pay_period_2026, people
    ):
        run_over(
            first_pay_period_2026, units["nogales"], started_by=people["second_line"]
        )

        history = ScheduleCell.history.filter(
            row__schedule__pay_period=first_pay_period_2026
        )
        assert history.count() == 28
        assert set(history.values_list("history_type", flat=True)) == {"+"}
        assert set(history.values_list("history_user", flat=True)) == {
            people["second_line"].pk
        }
        first = cells_of(nogales_staff["subject"], first_pay_period_2026)[0]
        recorded = first.history.get()
        assert recorded.shift_start == first.shift_start
        assert recorded.status == CellStatus.WORKDAY
        assert recorded.history_change_reason == initialization.REASON
        schedule = Schedule.objects.get(station=units["nogales"])
        assert schedule.history.get().history_user == people["second_line"]

    def test_the_scheduled_job_acts_as_the_scheduler_account(
        self, units, nogales_staff, first_pay_period_2026
    ):
        run_over(first_pay_period_2026, units["nogales"])

        account = scheduler.account()
        history = ScheduleCell.history.all()
        assert set(history.values_list("history_user", flat=True)) == {account.pk}
        assert not account.is_active and not account.has_usable_password()

    def test_run_again_it_adds_nothing_and_keeps_the_edits(
        self, units, nogales_staff, first_pay_period_2026
    ):
        run_over(first_pay_period_2026, units["nogales"])
        edited = cells_of(nogales_staff["subject"], first_pay_period_2026)[0]
        edited.status = CellStatus.DAY_OFF
        edited.shift_start = edited.shift_end = None
        edited.changed_by_hand = True
        edited.version = 2
        edited.save()

        again = run_over(first_pay_period_2026, units["nogales"])

        assert (again.rows_created, again.cells_created) == (0, 0)
        assert ScheduleCell.objects.count() == 28
        assert Schedule.objects.count() == 1
        edited.refresh_from_db()
        assert edited.status == CellStatus.DAY_OFF and edited.version == 2
        assert again.stations[str(units["nogales"].pk)] == {"rows": 0, "cells": 0}

    def test_a_newcomer_gets_a_row_and_the_others_are_left_alone(
        self,
        units,
        nogales_staff,
        first_pay_period_2026,
        people,
        templates,
        set_default,
    ):
        run_over(first_pay_period_2026, units["nogales"])
        newcomer = people["other_chain"].employee
        set_default(newcomer, templates["days"])
        # A missing day is filled in too, and only that day.
        ScheduleCell.objects.filter(
            row__employee=nogales_staff["subject"], day=date(2026, 1, 15)
        ).delete()

        again = run_over(first_pay_period_2026, units["nogales"])

        assert (again.rows_created, again.cells_created) == (1, 15)
        assert len(cells_of(newcomer, first_pay_period_2026)) == 14

    def test_separated_people_and_people_without_defaults_are_not_scheduled(
        self, units, nogales_staff, first_pay_period_2026
    ):
        Employee.objects.filter(pk=nogales_staff["peer"].pk).update(
            status=Employee.Status.SEPARATED, separation_date=date(2026, 1, 2)
        )

        run = run_over(first_pay_period_2026, units["nogales"])

        assert run.rows_created == 1
        assert Schedule.objects.get().rows.get().employee == nogales_staff["subject"]

    def test_a_finalized_schedule_is_left_as_it_is(
        self, units, nogales_staff, first_pay_period_2026, people
    ):
        Schedule.objects.create(
            station=units["nogales"],
            pay_period=first_pay_period_2026,
            status=Schedule.Status.FINALIZED,
            finalized_by=people["second_line"],
            finalized_at=datetime(2026, 1, 9, tzinfo=UTC),
        )

        run = run_over(first_pay_period_2026, units["nogales"])

        assert run.cells_created == 0
        assert run.stations[str(units["nogales"].pk)]["skipped"] == "finalized"

    def test_a_failing_station_is_reported_and_the_others_are_done(
        self,
        units,
        nogales_staff,
        first_pay_period_2026,
        make_user,
        templates,
        set_default,
    ):
        ajo = units["ajo"]
        agent_on_days(ajo, set_default, "Ajo", "Ajo", "AZ", "85321")
        # Bad reference data at Nogales: a time zone that does not exist.
        OrganizationUnit.objects.filter(pk=units["nogales"].pk).update(
            time_zone="Mars/Olympus_Mons"
        )

        run = run_over(first_pay_period_2026, units["nogales"], ajo)

        assert run.state == InitializationRun.State.FINISHED_WITH_ERRORS
        assert run.stations_done == 2
        assert list(run.errors) == [str(units["nogales"].pk)]
        assert "Mars/Olympus_Mons" in run.errors[str(units["nogales"].pk)]
        assert run.stations[str(ajo.pk)] == {"rows": 1, "cells": 14}
        assert not Schedule.objects.filter(station=units["nogales"]).exists()


@pytest.mark.django_db
class TestDaylightSaving:
    """A 22:00 mid of ten clock hours, on the nights the clocks change."""

    @pytest.fixture
    def marfa(self, organization):
        return OrganizationUnit.objects.get(parent__code="BBT", name="Marfa")

    def schedule_mid(self, station, set_default, day):
        # Off Sunday and Monday, so that Saturday nights are worked.
        agent = agent_on_days(
            station,
            set_default,
            "Owl",
            "Marfa",
            "TX",
            "79843",
            kind="MIDS",
            first_day_off=0,
            second_day_off=1,
            in_lieu_of_sunday=None,
        )
        pay_period = services.pay_period_row(day)
        run_over(pay_period, station)
        return ScheduleCell.objects.get(row__employee=agent, day=day)

    @pytest.mark.parametrize(
        ("day", "expected_hours"),
        [(date(2026, 3, 7), 9), (date(2026, 10, 31), 11), (date(2026, 1, 17), 10)],
    )
    def test_central_time_keeps_daylight_saving(
        self, marfa, set_default, day, expected_hours
    ):
        cell = self.schedule_mid(marfa, set_default, day)

        assert time_rules.hours(cell.shift_start, cell.shift_end) == expected_hours

    @pytest.mark.parametrize("day", [date(2026, 3, 7), date(2026, 10, 31)])
    def test_arizona_does_not(self, units, set_default, day):
        cell = self.schedule_mid(units["nogales"], set_default, day)

        assert time_rules.hours(cell.shift_start, cell.shift_end) == 10


@pytest.mark.django_db
class TestDueRuns:
    def test_the_next_pay_period_is_started_as_many_days_ahead_as_asked(
        self, units, nogales_staff, first_pay_period_2026
    ):
        StationScheduleRules.objects.create(
            station=units["nogales"], initialize_days_ahead=10
        )
        # PP 2/2026 begins on Sunday 25 January: due at Nogales from the 15th.
        next_period = services.pay_period_row(date(2026, 1, 25))
        nogales, ajo = str(units["nogales"].pk), str(units["ajo"].pk)

        early = initialization.start_due(today=date(2026, 1, 14))

        current, upcoming = early
        assert current.pay_period == first_pay_period_2026
        assert {nogales, ajo} <= set(current.stations)
        # Stations without rules of their own are due 14 days ahead.
        assert upcoming.pay_period == next_period
        assert ajo in upcoming.stations and nogales not in upcoming.stations
        InitializationRun.objects.update(state=InitializationRun.State.FINISHED)

        on_time = initialization.start_due(today=date(2026, 1, 15))

        assert nogales in on_time[1].stations

    def test_no_second_run_while_one_is_under_way(self, units, nogales_staff):
        first = initialization.start_due(today=date(2026, 1, 14))

        assert first and initialization.start_due(today=date(2026, 1, 14)) == []


@pytest.mark.django_db
class TestCommand:
    def test_one_station_one_pay_period(self, units, nogales_staff):
        out = StringIO()

        call_command(
            "initialize_schedules",
            "--pay-period",
            "2026-01",
            "--station",
            "TCA/Nogales",
            stdout=out,
        )

        assert "1 stations, 2 rows and 28 cells added" in out.getvalue()
        schedule = Schedule.objects.get()
        assert schedule.pay_period.start_date == date(2026, 1, 11)

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["--pay-period", "2026-27"], "2026 has pay periods 1 to 26"),
            (["--pay-period", "soon"], "is not a pay period"),
            (["--pay-period", "2026-01", "--station", "TCA/Atlantis"], "No station"),
            (["--station", "TCA/Nogales"], "--station needs --pay-period"),
        ],
    )
    def test_bad_arguments_are_refused_and_change_nothing(
        self, organization, arguments, message
    ):
        with pytest.raises(CommandError, match=message):
            call_command("initialize_schedules", *arguments)

        assert not Schedule.objects.exists()


@pytest.mark.django_db
class TestBothWays:
    """PostgreSQL makes the cells in one statement; elsewhere they are made
    one by one. Both follow the same rules, cell for cell."""

    FIELDS = (
        "row__employee_id",
        "day",
        "status",
        "leave_type",
        "shift_template_id",
        "shift_start",
        "shift_end",
        "activity_id",
        "sub_activity_id",
        "remarks",
        "version",
        "changed_by_hand",
    )

    def cells(self, station):
        cells = ScheduleCell.objects.filter(row__schedule__station=station)
        return sorted(cells.values_list(*self.FIELDS))

    def test_the_same_cells_and_history(
        self,
        units,
        nogales_staff,
        people,
        templates,
        set_default,
        first_pay_period_2026,
    ):
        from scheduling.models import ScheduleDefault

        trainee = people["other_chain"].employee
        set_default(
            trainee, templates["days"], work_status=ScheduleDefault.WorkStatus.TRAINING
        )
        station = units["nogales"]

        in_database = initialization.initialize_station(
            station, first_pay_period_2026, actor=people["second_line"]
        )
        by_database = self.cells(station)
        history_by_database = ScheduleCell.history.count()
        ScheduleCell.objects.all().delete()
        ScheduleCell.history.all().delete()
        Schedule.objects.get().rows.all().delete()
        here = initialization.initialize_station(
            station, first_pay_period_2026, actor=people["second_line"], portable=True
        )

        assert (in_database.rows, in_database.cells) == (3, 42)
        assert (here.rows, here.cells) == (3, 42)
        assert self.cells(station) == by_database
        assert ScheduleCell.history.count() == history_by_database == 42
        statuses = {status for _, _, status, *_ in by_database}
        assert statuses == {"WORKDAY", "DAY_OFF", "TRAINING"}

    def test_the_same_for_a_start_the_clocks_skip(self, organization, set_default):
        marfa = OrganizationUnit.objects.get(parent__code="BBT", name="Marfa")
        early = ShiftTemplate.objects.create(
            station=marfa,
            name="Early",
            kind="OTHER",
            start_time="02:30",
            length_minutes=600,
        )
        agent = Employee.objects.create(
            first_name="Early",
            last_name="Bird",
            job_title="Border Patrol Agent",
            duty_station=marfa,
            work_street="1 Road",
            work_city="Marfa",
            work_state="TX",
            work_zip="79843",
        )
        set_default(agent, early)
        # PP 5/2026 begins on Sunday 8 March, when 02:00 becomes 03:00.
        pay_period = services.pay_period_row(date(2026, 3, 8))

        initialization.initialize_station(marfa, pay_period, actor=None)
        by_database = self.cells(marfa)
        ScheduleCell.objects.all().delete()
        initialization.initialize_station(marfa, pay_period, actor=None, portable=True)

        assert self.cells(marfa) == by_database
        sunday = ScheduleCell.objects.get(day=date(2026, 3, 8))
        assert sunday.status == "WORKDAY" and sunday.shift_start is None
        assert "does not exist" in sunday.remarks
        monday = ScheduleCell.objects.get(day=date(2026, 3, 9))
        assert monday.status == "DAY_OFF"
        wednesday = ScheduleCell.objects.get(day=date(2026, 3, 11))
        # 02:30 CDT is 07:30 UTC.
        assert wednesday.shift_start.hour == 7 and wednesday.shift_start.minute == 30


@pytest.mark.django_db(transaction=True)
class TestStationsInParallel:
    """Outside a transaction, on PostgreSQL, shares of the stations go to
    connections of their own; the run's outcome is what one connection
    doing them all would have recorded."""

    def test_two_connections_do_the_stations_and_record_each(
        self,
        units,
        nogales_staff,
        first_pay_period_2026,
        templates,
        set_default,
        settings,
        monkeypatch,
    ):
        settings.SCHEDULE_INITIALIZATION_WORKERS = 2
        shares = []
        in_thread = initialization._initialize_in_thread
        monkeypatch.setattr(
            initialization,
            "_initialize_in_thread",
            lambda run, share, *rest: (
                shares.append(share) or in_thread(run, share, *rest)
            ),
        )
        ajo = units["ajo"]
        agent_on_days(ajo, set_default, "Ajo", "Ajo", "AZ", "85321")
        # A third station whose bad time zone fails it alone.
        ysleta = units["ysleta"]
        agent_on_days(ysleta, set_default, "Ysleta", "El Paso", "TX", "79907")
        OrganizationUnit.objects.filter(pk=ysleta.pk).update(time_zone="Mars/Olympus")

        run = run_over(first_pay_period_2026, units["nogales"], ajo, ysleta)

        assert sorted(len(share) for share in shares) == [1, 2]
        run.refresh_from_db()
        assert run.state == InitializationRun.State.FINISHED_WITH_ERRORS
        assert run.stations_done == 3
        # Nogales: two people, 14 days each; Ajo: one person.
        assert run.stations[str(units["nogales"].pk)] == {"rows": 2, "cells": 28}
        assert run.stations[str(ajo.pk)] == {"rows": 1, "cells": 14}
        assert list(run.errors) == [str(ysleta.pk)]
        assert (run.rows_created, run.cells_created) == (3, 42)
        assert ScheduleCell.objects.count() == 42
        assert ScheduleCell.history.count() == 42
        assert not Schedule.objects.filter(station=ysleta).exists()

    def test_inside_a_transaction_one_connection_does_them_all(self, settings):
        settings.SCHEDULE_INITIALIZATION_WORKERS = 4
        from django.db import transaction

        assert initialization._worker_count(10) == 4
        assert initialization._worker_count(3) == 3
        with transaction.atomic():
            assert initialization._worker_count(10) == 1
