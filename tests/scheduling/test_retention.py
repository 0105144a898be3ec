"""Scheduling information is kept three years: a G-259 from the end of its
pay period, a request from its last day or its last step, whichever is
later; under legal hold, kept."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from scheduling import services
from scheduling.models import (
    CellStatus,
    LeaveRequest,
    Schedule,
    ScheduleCell,
    ScheduleChangeRequest,
    ScheduleRow,
)
from security.retention import engine
from security.retention.services import place_hold

pytestmark = pytest.mark.django_db

TODAY = date(2031, 6, 15)
# Three years before TODAY: an event before this day is due.
CUTOFF = date(2028, 6, 15)


@pytest.fixture
def keeper(make_user, give):
    keeper = make_user("keeper")
    give(keeper, "security", "records_administrator", "headquarters")
    return keeper


def schedule_ending(employee, last_day: date) -> Schedule:
    """A G-259 of the pay period ending on ``last_day``, with a cell per day."""
    period = services.pay_period_row(last_day)
    assert period.end_date == last_day
    schedule = Schedule.objects.create(station=employee.duty_station, pay_period=period)
    row = ScheduleRow.objects.create(schedule=schedule, employee=employee)
    for offset in range(14):
        ScheduleCell.objects.create(
            row=row,
            day=period.start_date + timedelta(days=offset),
            status=CellStatus.DAY_OFF,
        )
    return schedule


def period_ending_before(day: date):
    """The last day of the pay period that ended just before ``day``."""
    return services.pay_period_row(day - timedelta(days=14)).end_date


def leave(employee, last_day, last_step_at, **more) -> LeaveRequest:
    return LeaveRequest.objects.create(
        employee=employee,
        leave_type="ANNUAL",
        first_day=last_day,
        last_day=last_day,
        hours=Decimal(8),
        requested_by=employee.user,
        last_step_at=last_step_at,
        **more,
    )


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


def gone(model, pk) -> bool:
    return (
        not model.objects.filter(pk=pk).exists()
        and not model.history.filter(id=pk).exists()
    )


def test_a_g259_goes_three_years_after_its_pay_period_ends(people, keeper):
    subject, peer = people["subject"], people["peer"].employee
    inside = schedule_ending(subject, services.pay_period_row(CUTOFF).end_date)
    past = schedule_ending(subject, period_ending_before(CUTOFF))
    held = schedule_ending(peer, past.pay_period.end_date - timedelta(days=14))
    place_hold(actor=keeper, user=people["peer"], reason="Grievance 2031-4.")
    past_cells = list(
        ScheduleCell.objects.filter(row__schedule=past).values_list("pk", flat=True)
    )

    run = engine.run(today=TODAY)

    assert run.counts()["scheduling.g259"] == {"due": 2, "held": 1, "purged": 1}
    assert gone(Schedule, past.pk)
    assert not ScheduleCell.objects.filter(pk__in=past_cells).exists()
    assert not ScheduleCell.history.filter(id__in=past_cells).exists()
    assert ScheduleCell.objects.filter(row__schedule=inside).count() == 14
    assert ScheduleCell.objects.filter(row__schedule=held).count() == 14


def test_a_request_goes_three_years_after_its_last_day_or_its_last_step(people):
    subject = people["subject"]
    old_day = CUTOFF - timedelta(days=30)
    past = leave(subject, old_day, at(old_day - timedelta(days=10)))
    # Decided long after its day: kept three years from the decision.
    decided_late = leave(subject, old_day, at(CUTOFF))
    recent = leave(subject, CUTOFF, at(CUTOFF - timedelta(days=5)))
    change = ScheduleChangeRequest.objects.create(
        employee=subject,
        day=old_day,
        wanted="DAY_OFF",
        requested_by=subject.user,
        last_step_at=at(old_day),
    )

    run = engine.run(today=TODAY)

    assert run.counts()["scheduling.leave_requests"] == {
        "due": 1,
        "held": 0,
        "purged": 1,
    }
    assert run.counts()["scheduling.schedule_change_requests"] == {
        "due": 1,
        "held": 0,
        "purged": 1,
    }
    assert gone(LeaveRequest, past.pk)
    assert gone(ScheduleChangeRequest, change.pk)
    for kept in (decided_late, recent):
        assert LeaveRequest.objects.filter(pk=kept.pk).exists()


def approved_leave_on(schedule, employee) -> LeaveRequest:
    first = schedule.pay_period.start_date
    taken = leave(
        employee,
        first,
        at(first),
        status="APPROVED",
        decided_by=employee.user,
        decided_at=at(first),
    )
    cell = ScheduleCell.objects.get(row__schedule=schedule, day=first)
    cell.status, cell.leave_type, cell.leave_request = "LEAVE", "ANNUAL", taken
    cell.save()
    return taken


def test_leave_named_by_a_cell_goes_with_or_after_its_g259(people, keeper):
    subject, peer = people["subject"], people["peer"].employee
    held_schedule = schedule_ending(subject, period_ending_before(CUTOFF))
    held_leave = approved_leave_on(held_schedule, subject)
    place_hold(actor=keeper, record=held_schedule, reason="Audit of the period.")
    schedule = schedule_ending(
        peer, held_schedule.pay_period.end_date - timedelta(days=14)
    )
    taken = approved_leave_on(schedule, peer)

    run = engine.run(today=TODAY)

    # The G-259 first, then its leave, in the one run; the held G-259's
    # leave waits for it.
    assert run.counts()["scheduling.leave_requests"] == {
        "due": 1,
        "held": 0,
        "purged": 1,
    }
    assert gone(Schedule, schedule.pk)
    assert gone(LeaveRequest, taken.pk)
    assert LeaveRequest.objects.filter(pk=held_leave.pk).exists()


def test_the_rules_cite_the_schedule_and_follow_one_period():
    from security import retention

    g259 = retention.get("scheduling.g259")
    assert [(source.citation, str(source.period)) for source in g259.sources] == [
        ("Agency schedule, scheduling information", "3 years")
    ]
    assert retention.get("scheduling.leave_requests").follows == "scheduling.g259"
    assert (
        retention.get("scheduling.schedule_change_requests").follows
        == "scheduling.g259"
    )
