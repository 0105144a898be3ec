"""Details are duty assignment information, kept three years from their
end (or their last step, if later), after the G-259s naming them; under
legal hold, kept."""

from datetime import UTC, date, datetime, timedelta

import pytest

from scheduling import services
from scheduling.models import Detail, Schedule, ScheduleCell, ScheduleRow
from security.retention import engine
from security.retention.services import place_hold

pytestmark = pytest.mark.django_db

TODAY = date(2031, 6, 15)
# Three years before TODAY: a detail ended before this day is due.
CUTOFF = date(2028, 6, 15)


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=UTC)


@pytest.fixture
def keeper(make_user, give):
    keeper = make_user("keeper")
    give(keeper, "security", "records_administrator", "headquarters")
    return keeper


@pytest.fixture
def detail(units, supervisor, ajo_days):
    def detail(employee, last_day, last_step_at, **more):
        values = {
            "status": "ACCEPTED",
            "decided_by": supervisor,
            "decided_at": last_step_at,
            "shift_template": ajo_days,
        }
        values.update(more)
        return Detail.objects.create(
            employee=employee,
            home_station=units["nogales"],
            gaining_station=units["ajo"],
            first_day=last_day,
            last_day=last_day,
            planned_last_day=last_day + timedelta(days=5),
            purpose="Relief",
            proposed_by=supervisor,
            proposed_side="HOME",
            last_step_at=last_step_at,
            **values,
        )

    return detail


def gone(pk) -> bool:
    return (
        not Detail.objects.filter(pk=pk).exists()
        and not Detail.history.filter(id=pk).exists()
    )


def test_a_detail_goes_three_years_after_it_ends(people, keeper, detail):
    subject, peer = people["subject"], people["peer"].employee
    ended = CUTOFF - timedelta(days=1)
    past = detail(subject, ended, at(ended))
    # Ends on the cutoff day itself: kept one more day.
    recent = detail(subject, CUTOFF, at(CUTOFF - timedelta(days=30)))
    # Cancelled long after its days: kept three years from the cancellation.
    cancelled_late = detail(
        subject,
        ended - timedelta(days=60),
        at(CUTOFF),
        status="CANCELLED",
        end_reason="Late",
    )
    held = detail(peer, ended, at(ended))
    place_hold(actor=keeper, user=people["peer"], reason="Grievance 2031-5.")

    run = engine.run(today=TODAY)

    assert run.counts()["scheduling.details"] == {"due": 2, "held": 1, "purged": 1}
    assert gone(past.pk)
    for kept in (recent, cancelled_late, held):
        assert Detail.objects.filter(pk=kept.pk).exists()


def test_a_detail_named_by_a_cell_waits_for_its_g259(people, keeper, detail):
    subject = people["subject"]
    period = services.pay_period_row(CUTOFF - timedelta(days=60))
    schedule = Schedule.objects.create(station=subject.duty_station, pay_period=period)
    place_hold(actor=keeper, record=schedule, reason="Audit of the period.")
    named = detail(subject, period.end_date, at(period.end_date))
    row = ScheduleRow.objects.create(schedule=schedule, employee=subject)
    ScheduleCell.objects.create(
        row=row, day=period.end_date, status="DETAIL", detail=named
    )

    run = engine.run(today=TODAY)

    assert run.counts()["scheduling.details"] == {"due": 0, "held": 0, "purged": 0}
    assert Detail.objects.filter(pk=named.pk).exists()


def test_the_rule_follows_the_g259s_three_years():
    from security import retention

    rule = retention.get("scheduling.details")
    assert rule.follows == "scheduling.g259"
    assert [str(source.period) for source in retention.get(rule.follows).sources] == [
        "3 years"
    ]
