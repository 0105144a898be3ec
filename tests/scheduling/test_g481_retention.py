"""A G-481 is scheduling information: kept three years from the end of its
day's pay period, as the G-259 it was made from; under legal hold, kept."""

from datetime import UTC, datetime, timedelta

import pytest

from scheduling.models import DailyEntry, DailySchedule, Schedule
from security import retention
from security.retention import engine
from security.retention.services import place_hold
from tests.scheduling.test_retention import (
    CUTOFF,
    TODAY,
    gone,
    keeper,  # noqa: F401 (a fixture)
    period_ending_before,
    schedule_ending,
)

pytestmark = pytest.mark.django_db


def day_of(schedule: Schedule, employee) -> DailySchedule:
    """The G-481 of the pay period's last day, with the person's line."""
    day = schedule.pay_period.end_date
    daily = DailySchedule.objects.create(
        station=schedule.station,
        day=day,
        pay_period=schedule.pay_period,
        schedule=schedule,
    )
    start = datetime(day.year, day.month, day.day, 13, tzinfo=UTC)
    DailyEntry.objects.create(
        daily=daily,
        employee=employee,
        shift_start=start,
        shift_end=start + timedelta(hours=10),
    )
    return daily


def test_a_g481_goes_three_years_after_its_pay_period_ends(
    people,
    keeper,  # noqa: F811 (the fixture imported above)
):
    from scheduling import services

    subject, peer = people["subject"], people["peer"].employee
    inside = day_of(
        schedule_ending(subject, services.pay_period_row(CUTOFF).end_date), subject
    )
    past_schedule = schedule_ending(subject, period_ending_before(CUTOFF))
    past = day_of(past_schedule, subject)
    held = day_of(
        schedule_ending(peer, past_schedule.pay_period.end_date - timedelta(days=14)),
        peer,
    )
    place_hold(actor=keeper, user=people["peer"], reason="Grievance 2031-4.")
    past_entries = list(past.entries.values_list("pk", flat=True))

    run = engine.run(today=TODAY)

    assert run.counts()["scheduling.g481"] == {"due": 2, "held": 1, "purged": 1}
    assert gone(DailySchedule, past.pk)
    assert not DailyEntry.objects.filter(pk__in=past_entries).exists()
    assert not DailyEntry.history.filter(id__in=past_entries).exists()
    assert DailyEntry.objects.filter(daily=inside).count() == 1
    assert DailyEntry.objects.filter(daily=held).count() == 1
    # The G-259 it was made from went after it, in the same run.
    assert gone(Schedule, past_schedule.pk)


def test_the_rule_cites_the_g259s_source():
    rule = retention.get("scheduling.g481")

    assert [(source.citation, str(source.period)) for source in rule.sources] == [
        ("Agency schedule, scheduling information", "3 years")
    ]
