"""Building the G-481s from a finalized G-259: each field carried, values
worked out by hand (Nogales keeps UTC-7 all year), idempotent, edits kept
through a reopening, and both paths alike."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection

from scheduling import g259, g481
from scheduling.models import (
    DailyEntry,
    DailyRun,
    DailySchedule,
    Schedule,
    ScheduleCell,
)
from tests.scheduling.conftest import build, run_over
from vehicles.models import Assignment

WORKDAYS = [date(2026, 1, day) for day in (11, 14, 15, 16, 17, 18, 21, 22, 23, 24)]


def line(schedule, employee, day):
    return DailyEntry.objects.select_related("zone", "vehicle").get(
        daily__station=schedule.station, daily__day=day, employee=employee
    )


class TestTheBuild:
    def test_it_makes_a_g481_per_day_and_a_line_per_workday(self, finalized, people):
        run = build(finalized)

        assert run.state == DailyRun.State.FINISHED
        assert (run.days_done, run.days_total) == (14, 14)
        assert run.entries_created == 20
        days = DailySchedule.objects.filter(schedule=finalized)
        assert days.count() == 14
        subject_days = DailyEntry.objects.filter(
            employee=people["subject"]
        ).values_list("daily__day", flat=True)
        assert sorted(subject_days) == WORKDAYS

    def test_each_field_comes_from_the_cell_and_the_defaults(
        self, finalized, people, zones
    ):
        cell = ScheduleCell.objects.get(
            row__employee=people["subject"], day=date(2026, 1, 11)
        )
        cell.remarks = "Brief at the Mariposa gate."
        cell.save(update_fields=["remarks"])

        build(finalized)

        entry = line(finalized, people["subject"], date(2026, 1, 11))
        # 06:00 to 16:00 MST is 13:00 to 23:00 UTC.
        assert entry.on_duty
        assert entry.shift_start == datetime(2026, 1, 11, 13, tzinfo=UTC)
        assert entry.shift_end == datetime(2026, 1, 11, 23, tzinfo=UTC)
        assert entry.activity.code == "patrol-border"
        assert entry.sub_activity.code == "linewatch"
        assert entry.zone == zones["Z01"]
        assert entry.vehicle == finalized.truck
        assert entry.remarks == "Brief at the Mariposa gate."
        assignment = entry.vehicle_assignment
        assert (assignment.starts_at, assignment.ends_at) == (
            entry.shift_start,
            entry.shift_end,
        )
        assert (assignment.source, assignment.source_reference) == (
            "DAILY_SCHEDULE",
            entry.pk,
        )
        assert assignment.employee_id == people["subject"].pk

    def test_a_mid_crosses_midnight_in_the_days_zone(self, finalized, zones):
        build(finalized)

        entry = line(finalized, finalized.peer, date(2026, 1, 11))
        # 22:00 MST on the 11th to 08:00 MST on the 12th.
        assert entry.shift_start == datetime(2026, 1, 12, 5, tzinfo=UTC)
        assert entry.shift_end == datetime(2026, 1, 12, 15, tzinfo=UTC)
        assert entry.zone == zones["Z02"]
        assert entry.vehicle is None
        assert entry.vehicle_assignment is None

    def test_its_history_rows_name_who_finalized(self, finalized, supervisor):
        build(finalized)

        created = DailyEntry.history.filter(history_type="+")
        assert created.count() == 20
        assert set(created.values_list("history_user_id", flat=True)) == {supervisor.pk}
        vehicles = DailyEntry.history.filter(history_type="~")
        assert vehicles.count() == 10
        assert set(vehicles.values_list("history_change_reason", flat=True)) == {
            "Vehicle from the schedule defaults"
        }

    def test_a_refused_default_vehicle_leaves_the_line_without_and_says_why(
        self, finalized, people, fleet_admin
    ):
        from vehicles import services as vehicle_services
        from vehicles.local_time import today_at

        vehicle_services.vehicle_change_status(
            actor=fleet_admin,
            vehicle=finalized.truck,
            to_status="MAINTENANCE",
            on=today_at(finalized.truck.station),
            reason="Brakes.",
        )

        run = build(finalized)

        assert run.vehicles_refused == 10
        entry = line(finalized, people["subject"], date(2026, 1, 11))
        assert entry.vehicle is None
        assert entry.remarks == (
            "Default vehicle not assigned: N-101 is out of service for "
            "maintenance; only a vehicle in service can be assigned."
        )
        assert not Assignment.objects.exists()


class TestRunningAgain:
    def test_a_second_run_changes_nothing(self, finalized):
        build(finalized)
        history = DailyEntry.history.count()
        assignments = Assignment.objects.count()

        run = build(finalized)

        assert run.entries_created == 0
        assert DailyEntry.objects.count() == 20
        assert DailyEntry.history.count() == history
        assert Assignment.objects.count() == assignments

    def test_a_supervisors_edit_survives_reopening_and_finalizing_again(
        self, finalized, people, zones, supervisor, give
    ):
        build(finalized)
        entry = line(finalized, people["subject"], date(2026, 1, 14))
        g481.change_entry(
            actor=supervisor,
            daily=entry.daily,
            entry_pk=entry.pk,
            version=entry.version,
            change=g481.EntryChange(
                on_duty=True,
                start_time=entry.shift_start.astimezone(g481.ZoneInfo("UTC")).time(),
                end_time=entry.shift_end.astimezone(g481.ZoneInfo("UTC")).time(),
                zone=zones["Z02"],
                remarks="Covering the corridor.",
            ),
        )
        give(supervisor, "scheduling", "scheduling_administrator", "nogales")
        # A fresh user: the grants are read once, as once per request.
        supervisor = type(supervisor).objects.get(pk=supervisor.pk)

        g259.reopen(actor=supervisor, schedule=finalized, reason="A trade of days.")
        g259.finalize(actor=supervisor, schedule=finalized)
        run = build(finalized)

        assert run.entries_created == 0
        kept = line(finalized, people["subject"], date(2026, 1, 14))
        assert kept.zone == zones["Z02"]
        assert kept.remarks == "Covering the corridor."
        assert kept.version == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast path")
def test_both_paths_make_the_same_lines(finalized):
    fields = (
        "daily__day",
        "employee_id",
        "on_duty",
        "shift_start",
        "shift_end",
        "activity_id",
        "sub_activity_id",
        "zone_id",
        "vehicle_id",
        "remarks",
        "version",
        "changed_by_hand",
    )
    build(finalized, portable=True)
    portable = sorted(DailyEntry.objects.values_list(*fields))
    DailyEntry.objects.all().delete()
    Assignment.objects.all().delete()

    DailyRun.objects.all().delete()
    build(finalized)

    assert sorted(DailyEntry.objects.values_list(*fields)) == portable
    assert len(portable) == 20


@pytest.mark.parametrize("portable", [True, False], ids=["portable", "fast"])
def test_someone_detailed_in_leaves_their_home_zone_and_vehicle_at_home(
    finalized, people, units, detail_of, ajo_supervisor, portable
):
    # The subject's defaults name Nogales's zone Z01 and truck N-101; on
    # detail at Ajo from Saturday 17 to Tuesday 20 January they work the
    # Saturday and Sunday (off Monday and Tuesday, as at home).
    subject = people["subject"]
    detail_of(subject)
    run_over(finalized.pay_period, units["ajo"])
    at_ajo = Schedule.objects.get(station=units["ajo"])
    g259.finalize(actor=ajo_supervisor, schedule=at_ajo)

    build(at_ajo, portable=portable)

    lines = DailyEntry.objects.filter(daily__station=units["ajo"], employee=subject)
    assert sorted(
        (entry.daily.day, entry.zone_id, entry.vehicle_id) for entry in lines
    ) == [(date(2026, 1, 17), None, None), (date(2026, 1, 18), None, None)]
    assert not Assignment.objects.filter(vehicle=finalized.truck).exists()
