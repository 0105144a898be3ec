from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scheduling import g259, initialization, services
from scheduling.conflicts import Kind
from scheduling.models import (
    CellStatus,
    Schedule,
    ScheduleCell,
    ShiftMinimum,
    StationScheduleRules,
)
from security import audit
from security.models import AuditEvent, User
from tests.scheduling.conftest import run_over

SUNDAY, WEDNESDAY, THURSDAY = date(2026, 1, 11), date(2026, 1, 14), date(2026, 1, 15)


def initialize(pay_period, station):
    run_over(pay_period, station)
    return Schedule.objects.get(station=station, pay_period=pay_period)


def cell_of(employee, day):
    return ScheduleCell.objects.get(row__employee=employee, day=day)


def edit(actor, schedule, cells, **change):
    return g259.change_cells(
        actor=actor,
        schedule=schedule,
        seen={cell.pk: cell.version for cell in cells},
        change=g259.CellChange(**change),
    )


def kinds(schedule):
    return sorted((c.kind, c.key) for c in g259.load(schedule).conflicts)


@pytest.mark.django_db
class TestEditing:
    def test_a_clean_schedule_has_no_conflicts(self, schedule):
        assert kinds(schedule) == []

    def test_a_day_off_breaks_the_week_and_the_tour(self, schedule, supervisor, people):
        subject = people["subject"]

        edit(supervisor, schedule, [cell_of(subject, WEDNESDAY)], status="DAY_OFF")

        cell = cell_of(subject, WEDNESDAY)
        assert cell.status == CellStatus.DAY_OFF and cell.shift_start is None
        assert cell.version == 2 and cell.changed_by_hand
        found = {c.kind: c for c in g259.load(schedule).conflicts}
        assert set(found) == {Kind.WORKWEEK, Kind.TOUR_HOURS}
        assert found[Kind.WORKWEEK].key == f"{subject.pk}:week1"
        assert found[Kind.WORKWEEK].message.startswith("Week 1 has 4 workdays")
        assert found[Kind.TOUR_HOURS].message.startswith(
            "90 hours scheduled in the pay period; Level 1"
        )

    def test_a_shift_typed_by_hand_is_in_the_stations_time(
        self, schedule, supervisor, people, templates
    ):
        subject = people["subject"]

        edit(
            supervisor,
            schedule,
            [cell_of(subject, SUNDAY)],
            status="WORKDAY",
            start_time=time(14),
            end_time=time(0),
        )

        cell = cell_of(subject, SUNDAY)
        # 14:00 to midnight in Arizona: 21:00 to 07:00 UTC.
        assert cell.shift_start == datetime(2026, 1, 11, 21, tzinfo=UTC)
        assert cell.shift_end == datetime(2026, 1, 12, 7, tzinfo=UTC)
        assert cell.shift_template is None  # no 14:00 template at Nogales

    def test_one_edit_of_many_cells_writes_a_history_row_each(
        self, schedule, supervisor, people
    ):
        subject = people["subject"]
        chosen = [cell_of(subject, day) for day in (SUNDAY, WEDNESDAY, THURSDAY)]

        edit(supervisor, schedule, chosen, status="DAY_OFF")

        changed = ScheduleCell.history.filter(history_type="~")
        assert changed.count() == 3
        assert set(changed.values_list("history_user", flat=True)) == {supervisor.pk}
        assert set(changed.values_list("status", flat=True)) == {"DAY_OFF"}
        assert set(changed.values_list("version", flat=True)) == {2}
        newest = cell_of(subject, SUNDAY).history.first()
        assert newest.history_type == "~" and newest.shift_start is None
        assert newest.prev_record.status == "WORKDAY"

    def test_a_stale_edit_is_refused_and_shows_the_current_cell(
        self, schedule, supervisor, people, give
    ):
        give(people["peer"], "scheduling", "supervisor", "nogales")
        opened = cell_of(people["subject"], WEDNESDAY)
        edit(people["peer"], schedule, [opened], status="DAY_OFF")

        with pytest.raises(g259.StaleEdit) as refusal:
            edit(supervisor, schedule, [opened], status="LEAVE", leave_type="ANNUAL")

        (current,) = refusal.value.cells
        assert current.status == CellStatus.DAY_OFF and current.version == 2
        assert cell_of(people["subject"], WEDNESDAY).status == CellStatus.DAY_OFF

    def test_leave_keeps_the_tour_it_excuses(self, schedule, supervisor, people):
        cell = cell_of(people["subject"], WEDNESDAY)

        edit(supervisor, schedule, [cell], status="LEAVE", leave_type="SICK")

        on_leave = cell_of(people["subject"], WEDNESDAY)
        assert on_leave.leave_type == "SICK"
        assert on_leave.shift_start == cell.shift_start
        assert kinds(schedule) == []  # still five days and 100 hours

    def test_leave_on_a_day_off_is_refused(self, schedule, supervisor, people):
        monday = cell_of(people["subject"], date(2026, 1, 12))

        with pytest.raises(ValidationError, match="is not a workday"):
            edit(supervisor, schedule, [monday], status="LEAVE", leave_type="ANNUAL")


@pytest.mark.django_db
class TestConflicts:
    def test_overlapping_shifts(self, schedule, supervisor, people):
        subject = people["subject"]

        edit(
            supervisor,
            schedule,
            [cell_of(subject, WEDNESDAY)],
            status="WORKDAY",
            start_time=time(22),
            end_time=time(8),
        )

        (overlap,) = [
            c for c in g259.load(schedule).conflicts if c.kind == Kind.OVERLAP
        ]
        assert overlap.key == f"{subject.pk}:{THURSDAY}"
        assert overlap.days == (WEDNESDAY, THURSDAY)

    def test_too_little_rest(self, schedule, supervisor, people):
        subject = people["subject"]

        edit(
            supervisor,
            schedule,
            [cell_of(subject, WEDNESDAY)],
            status="WORKDAY",
            start_time=time(14),
            end_time=time(0),
        )

        (short,) = [
            c for c in g259.load(schedule).conflicts if c.kind == Kind.SHORT_REST
        ]
        assert short.message == (
            "6 hours of rest before the shift of Thu 15 Jan; the station asks for 8."
        )

    def test_rest_is_counted_across_the_pay_period_boundary(
        self, units, schedule, supervisor, people
    ):
        earlier = initialize(
            services.pay_period_row(date(2026, 1, 10)), units["nogales"]
        )
        saturday = cell_of(people["subject"], date(2026, 1, 10))
        edit(
            supervisor,
            earlier,
            [saturday],
            status="WORKDAY",
            start_time=time(22),
            end_time=time(8),
        )

        (overlap,) = g259.load(schedule).conflicts
        assert (overlap.kind, overlap.key) == (
            Kind.OVERLAP,
            f"{people['subject'].pk}:{SUNDAY}",
        )

    def test_a_shift_short_of_its_minimum(self, schedule, templates):
        ShiftMinimum.objects.create(shift_template=templates["days"], minimum_agents=1)

        found = [
            c for c in g259.load(schedule).conflicts if c.kind == Kind.SHIFT_MINIMUM
        ]

        # The only agent on days is off on the two Mondays and Tuesdays.
        assert [c.days[0].day for c in found] == [12, 13, 19, 20]
        assert (
            found[0].message == "0 on Days on Mon 12 Jan; the station's minimum is 1."
        )

    def test_a_mid_across_spring_forward_breaks_a_level_1_tour(
        self, organization, set_default
    ):
        from scheduling.models import ShiftTemplate
        from security.models import OrganizationUnit
        from staffing.models import Employee

        marfa = OrganizationUnit.objects.get(parent__code="BBT", name="Marfa")
        mids = ShiftTemplate.objects.create(
            station=marfa,
            name="Mids",
            kind="MIDS",
            start_time="22:00",
            length_minutes=600,
        )
        agent = Employee.objects.create(
            first_name="Night",
            last_name="Owl",
            job_title="Border Patrol Agent",
            duty_station=marfa,
            work_street="1 Road",
            work_city="Marfa",
            work_state="TX",
            work_zip="79843",
        )
        set_default(
            agent, mids, first_day_off=0, second_day_off=1, in_lieu_of_sunday=None
        )
        # PP 4/2026 ends on Saturday 7 March, the night the clocks go forward.
        schedule = initialize(services.pay_period_row(date(2026, 3, 7)), marfa)

        (tour,) = g259.load(schedule).conflicts

        assert tour.kind == Kind.TOUR_HOURS
        assert tour.message.startswith("99 hours scheduled in the pay period")


@pytest.mark.django_db
class TestOverridesAndBlocks:
    def test_a_warning_overridden_with_a_reason_is_audited(
        self, schedule, supervisor, people
    ):
        subject = people["subject"]
        edit(supervisor, schedule, [cell_of(subject, WEDNESDAY)], status="DAY_OFF")

        g259.override(
            actor=supervisor,
            schedule=schedule,
            kind=Kind.WORKWEEK,
            key=f"{subject.pk}:week1",
            reason="Swapped with Thursday next pay period.",
        )

        found = {c.kind: c for c in g259.load(schedule).conflicts}
        assert found[Kind.WORKWEEK].override.overridden_by == supervisor
        assert not found[Kind.WORKWEEK].is_open
        assert found[Kind.TOUR_HOURS].is_open
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.CONFLICT_OVERRIDDEN)
        assert event.actor_id == supervisor.pk
        assert event.details["reason"] == "Swapped with Thursday next pay period."

    def test_an_override_needs_a_reason(self, schedule, supervisor, people):
        edit(
            supervisor,
            schedule,
            [cell_of(people["subject"], WEDNESDAY)],
            status="DAY_OFF",
        )

        with pytest.raises(ValidationError, match="Say why"):
            g259.override(
                actor=supervisor,
                schedule=schedule,
                kind=Kind.WORKWEEK,
                key=f"{people['subject'].pk}:week1",
                reason="  ",
            )

    def test_a_blocking_kind_refuses_the_edit_and_changes_nothing(
        self, units, schedule, supervisor, people
    ):
        StationScheduleRules.objects.create(
            station=units["nogales"], blocking=[Kind.SHORT_REST]
        )
        wednesday = cell_of(people["subject"], WEDNESDAY)

        with pytest.raises(g259.Blocked, match="6 hours of rest"):
            edit(
                supervisor,
                schedule,
                [wednesday],
                status="WORKDAY",
                start_time=time(14),
                end_time=time(0),
            )

        wednesday.refresh_from_db()
        assert wednesday.version == 1 and wednesday.shift_end.hour == 23

    def test_finalizing_waits_for_every_warning(self, schedule, supervisor, people):
        subject = people["subject"]
        edit(supervisor, schedule, [cell_of(subject, WEDNESDAY)], status="DAY_OFF")

        with pytest.raises(ValidationError, match="2 conflicts"):
            g259.finalize(actor=supervisor, schedule=schedule)
        for kind, key in kinds(schedule):
            g259.override(
                actor=supervisor,
                schedule=schedule,
                kind=kind,
                key=key,
                reason="Short week agreed.",
            )
        finalized = g259.finalize(actor=supervisor, schedule=schedule)

        assert finalized.is_finalized and finalized.finalized_by == supervisor
        with pytest.raises(ValidationError, match="finalized"):
            edit(supervisor, finalized, [cell_of(subject, SUNDAY)], status="DAY_OFF")


@pytest.mark.django_db
class TestWhoMay:
    def test_a_supervisor_of_another_station_is_refused(
        self, schedule, people, make_user, give
    ):
        elsewhere = make_user("ysletasupervisor", home="ysleta")
        give(elsewhere, "scheduling", "supervisor", "ysleta")

        with audit.collecting(), pytest.raises(PermissionDenied):
            edit(
                elsewhere,
                schedule,
                [cell_of(people["subject"], SUNDAY)],
                status="DAY_OFF",
            )

        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.DENIED, actor_id=elsewhere.pk
        ).exists()
        assert cell_of(people["subject"], SUNDAY).version == 1

    def test_nobody_changes_their_own_schedule(self, schedule, people, give):
        give(people["self"], "scheduling", "supervisor", "nogales")

        with pytest.raises(PermissionDenied, match="own schedule"):
            edit(
                people["self"],
                schedule,
                [cell_of(people["subject"], SUNDAY)],
                status="DAY_OFF",
            )

    def test_only_a_scheduling_administrator_reopens(self, schedule, supervisor, give):
        g259.finalize(actor=supervisor, schedule=schedule)

        with pytest.raises(PermissionDenied):
            g259.reopen(actor=supervisor, schedule=schedule, reason="A late change.")
        give(supervisor, "scheduling", "scheduling_administrator", "nogales")
        administrator = User.objects.get(pk=supervisor.pk)
        reopened = g259.reopen(
            actor=administrator, schedule=schedule, reason="A late change."
        )

        assert reopened.status == Schedule.Status.DRAFT
        assert AuditEvent.objects.filter(
            kind=AuditEvent.Kind.SCHEDULE_REOPENED
        ).exists()


def approved_leave(people, supervisor, first_day, last_day, hours, leave_type="ANNUAL"):
    from scheduling import requests

    leave = requests.request_leave(
        actor=people["self"],
        leave_type=leave_type,
        first_day=first_day,
        last_day=last_day,
        hours=hours,
    )
    return requests.decide(actor=supervisor, request_row=leave, approve=True)


@pytest.mark.django_db
class TestApprovedLeave:
    @pytest.mark.parametrize("portable", [False, True])
    def test_a_new_g259_starts_with_the_approved_leave_in_place(
        self,
        units,
        people,
        templates,
        set_default,
        first_pay_period_2026,
        supervisor,
        portable,
    ):
        set_default(people["subject"], templates["days"])
        # Sunday to Wednesday of week 1; Monday and Tuesday are days off.
        leave = approved_leave(people, supervisor, SUNDAY, WEDNESDAY, Decimal(16))

        initialization.initialize_station(
            units["nogales"], first_pay_period_2026, actor=None, portable=portable
        )

        cells = {
            cell.day: cell
            for cell in ScheduleCell.objects.filter(row__employee=people["subject"])
        }
        for day in (SUNDAY, WEDNESDAY):
            assert cells[day].status == CellStatus.LEAVE
            assert cells[day].leave_type == "ANNUAL"
            assert cells[day].leave_request == leave
            assert cells[day].shift_start is not None  # the tour it excuses
        assert cells[date(2026, 1, 12)].status == CellStatus.DAY_OFF
        assert cells[date(2026, 1, 12)].leave_request is None
        assert cells[THURSDAY].status == CellStatus.WORKDAY

    def test_working_a_day_of_approved_leave_is_a_conflict(
        self, schedule, people, supervisor
    ):
        approved_leave(people, supervisor, WEDNESDAY, WEDNESDAY, Decimal(8))
        assert cell_of(people["subject"], WEDNESDAY).status == CellStatus.LEAVE

        edit(
            supervisor,
            schedule,
            [cell_of(people["subject"], WEDNESDAY)],
            status="WORKDAY",
        )

        (on_leave,) = g259.load(schedule).conflicts
        assert on_leave.kind == Kind.ON_LEAVE
        assert on_leave.key == f"{people['subject'].pk}:{WEDNESDAY}"
        g259.override(
            actor=supervisor,
            schedule=schedule,
            kind=on_leave.kind,
            key=on_leave.key,
            reason="Called in for the operation.",
        )
        assert not g259.load(schedule).open_conflicts

    def test_a_part_day_of_leave_is_no_conflict(self, schedule, people, supervisor):
        approved_leave(people, supervisor, WEDNESDAY, WEDNESDAY, Decimal(2))

        assert cell_of(people["subject"], WEDNESDAY).status == CellStatus.WORKDAY
        assert g259.load(schedule).conflicts == []
