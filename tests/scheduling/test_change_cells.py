"""An approved schedule change in the G-259 cell of its day, and back."""

from datetime import UTC, datetime, time, timedelta

import pytest

from scheduling import requests
from scheduling.models import Activity, ScheduleCell, ScheduleDefault, ShiftTemplate
from tests.scheduling.request_helpers import WEEK, day, g259, leave_of, tour

pytestmark = pytest.mark.django_db


def ask(chain, offset, wanted, **shift):
    return requests.request_change(
        actor=chain["self"], day=day(offset), wanted=wanted, **shift
    )


def approve(chain, change):
    return requests.decide(actor=chain["first_line"], request_row=change, approve=True)


def shown(cell):
    cell.refresh_from_db()
    return (
        cell.status,
        cell.shift_start,
        cell.shift_end,
        cell.version,
        cell.changed_by_hand,
    )


def test_a_night_shift_is_placed_in_the_stations_time(chain):
    cells = g259(chain["subject"], WEEK)
    change = ask(chain, 2, "SHIFT", shift_start_time=time(22), shift_length_minutes=600)

    approve(chain, change)

    # Nogales keeps Mountain Standard Time (UTC-7) all year: 22:00 to 08:00.
    night = datetime.combine(day(3), time(5), tzinfo=UTC)
    assert shown(cells[2]) == (
        "WORKDAY",
        night,
        night + timedelta(hours=10),
        2,
        True,
    )
    latest = ScheduleCell.history.filter(id=cells[2].pk).latest("history_id")
    assert latest.history_user == chain["first_line"]


def test_a_day_off_then_cancelled_gets_its_tour_back(chain):
    cells = g259(chain["subject"], WEEK)
    change = ask(chain, 3, "DAY_OFF")
    approve(chain, change)

    assert shown(cells[3]) == ("DAY_OFF", None, None, 2, True)

    requests.cancel(actor=chain["first_line"], request_row=change, reason="Needed.")

    start, end = tour(day(3))
    assert shown(cells[3]) == ("WORKDAY", start, end, 3, True)


def test_a_workday_on_a_day_off_takes_the_usual_shift(chain, units):
    cells = g259(chain["subject"], WEEK)
    swings = ShiftTemplate.objects.create(
        station=units["nogales"],
        name="Swings",
        kind="SWINGS",
        start_time=time(14),
        length_minutes=600,
    )
    ScheduleDefault.objects.create(
        employee=chain["subject"],
        shift_template=swings,
        first_day_off=0,
        second_day_off=6,
        activity=Activity.objects.get(code="patrol-border", station=None),
        overtime_year=day(0).year,
    )

    approve(chain, ask(chain, 6, "WORKDAY"))

    # 14:00 MST is 21:00 UTC; ten hours on, 07:00 UTC the next morning.
    start = datetime.combine(day(6), time(21), tzinfo=UTC)
    assert shown(cells[6]) == ("WORKDAY", start, start + timedelta(hours=10), 2, True)


def test_a_day_under_approved_leave_is_not_changed(chain):
    cells = g259(chain["subject"], WEEK)
    approve(chain, leave_of(chain["self"], 2, 2))
    change = ask(chain, 2, "DAY_OFF")

    with pytest.raises(requests.RequestRefused, match="taken by approved leave"):
        approve(chain, change)

    change.refresh_from_db()
    assert change.status == "PENDING"
    assert shown(cells[2])[0] == "LEAVE"
