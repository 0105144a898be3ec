"""The days of a detail made before the gaining station finalized its
schedule: filled in once it has, when its G-481s are built or at the next
initialization run, on both paths, never over what the employee entered.

PP 1/2026 (11 to 24 January 2026, UTC-7 all year): the subject works days
at Nogales and is detailed to Ajo from Saturday 17 to Tuesday 20 January,
on Ajo's day shift, 07:00 to 17:00 (14:00 to 24:00 UTC). At Ajo they work
the Saturday and the Sunday and are off Monday and Tuesday, as their
defaults say; Ajo's G-481 has lines for the two days worked only. The
subject's timesheet is made while Ajo has no G-259: the four days say
"detail" with no tour. The subject then writes two hours of regular time
on the Sunday.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from scheduling import g259
from scheduling.models import Schedule
from tests.scheduling.conftest import build, run_over
from timesheet import initialization
from timesheet.models import ScheduledDay, TimeEntry, Timesheet

pytestmark = pytest.mark.django_db

SATURDAY, SUNDAY, MONDAY, TUESDAY = (date(2026, 1, day) for day in (17, 18, 19, 20))
REASON = "Detail schedule finalized"


def utc(day, hour):
    return datetime(2026, 1, day, hour, tzinfo=UTC)


def days_of(sheet) -> dict:
    return {
        day.day: (day.source, day.station.name, day.status, *shift_of(day))
        for day in sheet.days.select_related("station")
    }


def shift_of(day):
    return (day.scheduled_start, day.scheduled_end)


@pytest.fixture
def waiting(finalized, subject, units, detail_of):
    detail_of(subject)
    initialization.initialize(finalized.pay_period, station=units["nogales"])
    sheet = Timesheet.objects.get(employee=subject)
    TimeEntry.objects.create(
        timesheet=sheet,
        day=SUNDAY,
        code="REGULAR",
        hours=Decimal(2),
        entered_by=subject.user,
    )
    before = days_of(sheet)
    for day in (SATURDAY, SUNDAY, MONDAY, TUESDAY):
        assert before[day] == ("NONE", "Ajo", "DETAIL", None, None)
    return sheet


def finalize_ajo(period, units, ajo_supervisor) -> Schedule:
    run_over(period, units["ajo"])
    at_ajo = Schedule.objects.get(station=units["ajo"])
    g259.finalize(actor=ajo_supervisor, schedule=at_ajo)
    return at_ajo


def test_the_gaining_stations_g481_fills_the_waiting_days(
    waiting, finalized, units, ajo_supervisor
):
    before = days_of(waiting)
    at_ajo = finalize_ajo(finalized.pay_period, units, ajo_supervisor)

    build(at_ajo)

    after = days_of(waiting)
    # Saturday: Ajo's G-481 line, 07:00 to 17:00 local.
    assert after[SATURDAY] == ("G481", "Ajo", "WORKDAY", utc(17, 14), utc(18, 0))
    # Sunday: the employee wrote on it; it stays as it was.
    assert after[SUNDAY] == ("NONE", "Ajo", "DETAIL", None, None)
    # Monday and Tuesday: no line; the finalized G-259 says day off.
    assert after[MONDAY] == ("G259", "Ajo", "DAY_OFF", None, None)
    assert after[TUESDAY] == ("G259", "Ajo", "DAY_OFF", None, None)
    # Nothing else moved, and the entry is still there.
    untouched = set(after) - {SATURDAY, MONDAY, TUESDAY}
    assert {day: after[day] for day in untouched} == {
        day: before[day] for day in untouched
    }
    assert waiting.entries.get().hours == Decimal(2)
    changed = ScheduledDay.history.filter(history_type="~").order_by("day")
    assert [
        (row.day, row.history_user, row.history_change_reason) for row in changed
    ] == [
        (SATURDAY, ajo_supervisor, REASON),
        (MONDAY, ajo_supervisor, REASON),
        (TUESDAY, ajo_supervisor, REASON),
    ]


@pytest.mark.parametrize("portable", [False, True], ids=["postgresql", "portable"])
def test_the_next_initialization_fills_them_from_the_g259(
    waiting, finalized, units, ajo_supervisor, supervisor, portable
):
    # Finalized, but its G-481s not built yet: the G-259 cells are read.
    finalize_ajo(finalized.pay_period, units, ajo_supervisor)

    made = initialization.initialize(
        finalized.pay_period,
        station=units["nogales"],
        actor=supervisor,
        portable=portable,
    )

    assert made == 0
    after = days_of(waiting)
    assert after[SATURDAY] == ("G259", "Ajo", "WORKDAY", utc(17, 14), utc(18, 0))
    assert after[SUNDAY] == ("NONE", "Ajo", "DETAIL", None, None)
    assert after[MONDAY] == ("G259", "Ajo", "DAY_OFF", None, None)
    assert after[TUESDAY] == ("G259", "Ajo", "DAY_OFF", None, None)
    changed = ScheduledDay.history.filter(history_type="~")
    assert sorted(
        (row.day, row.history_user, row.history_change_reason) for row in changed
    ) == [
        (SATURDAY, supervisor, REASON),
        (MONDAY, supervisor, REASON),
        (TUESDAY, supervisor, REASON),
    ]

    # Once filled, a further run changes nothing.
    initialization.initialize(
        finalized.pay_period, station=units["nogales"], portable=portable
    )
    assert ScheduledDay.history.filter(history_type="~").count() == 3


def test_a_timesheet_out_of_the_employees_hands_is_left_alone(
    waiting, finalized, units, ajo_supervisor, subject
):
    waiting.status = "SUBMITTED"
    waiting.submitted_by = subject.user
    waiting.submitted_at = timezone.now()
    waiting.save()
    at_ajo = finalize_ajo(finalized.pay_period, units, ajo_supervisor)

    build(at_ajo)

    after = days_of(waiting)
    for day in (SATURDAY, SUNDAY, MONDAY, TUESDAY):
        assert after[day] == ("NONE", "Ajo", "DETAIL", None, None)
    assert not ScheduledDay.history.filter(history_type="~").exists()


def test_leave_on_a_filled_day_is_written_on(
    waiting, finalized, units, ajo_supervisor, subject, approve_leave
):
    run_over(finalized.pay_period, units["ajo"])
    # A day of annual leave approved on the Saturday, once Ajo's G-259
    # holds the subject: the cell keeps its 10-hour shift under the leave.
    approve_leave(subject, "ANNUAL", SATURDAY, SATURDAY, 10)
    at_ajo = Schedule.objects.get(station=units["ajo"])
    g259.finalize(actor=ajo_supervisor, schedule=at_ajo)

    initialization.initialize(finalized.pay_period, station=units["nogales"])

    assert days_of(waiting)[SATURDAY] == (
        "G259",
        "Ajo",
        "LEAVE",
        utc(17, 14),
        utc(18, 0),
    )
    # A whole day charges the tour's regular hours, 8 at most (of 10).
    assert sorted(
        (entry.day, entry.code, entry.hours) for entry in waiting.entries.all()
    ) == [
        (SATURDAY, "ANNUAL", Decimal("8.00")),
        (SUNDAY, "REGULAR", Decimal("2.00")),
    ]
