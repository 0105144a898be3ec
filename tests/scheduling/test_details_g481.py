"""A detail accepted, cut short or cancelled after the G-481s of its days
were built: the lines follow it, and hand-changed ones stay with a notice.

PP 1/2026 at Nogales (UTC-7 all year): the subject works days, 06:00 to
16:00 (13:00 to 23:00 UTC), in Z01 with truck N-101, off Monday and
Tuesday. The detail takes them to Ajo from Saturday 17 to Tuesday 20
January on Ajo's day shift, 07:00 to 17:00 (14:00 to 24:00 UTC): at Ajo
they work the Saturday and Sunday and are off Monday and Tuesday, as their
defaults say. The clock is set to 2 January 2026, before any of these
shifts, so that a vehicle given back is withdrawn.
"""

from datetime import UTC, date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bpets.models import Notification
from scheduling import details, g259, g481
from scheduling.models import DailyEntry, DailySchedule, Schedule
from tests.scheduling.conftest import build, run_over
from vehicles.models import Assignment

SATURDAY, SUNDAY = date(2026, 1, 17), date(2026, 1, 18)
BEFORE_IT_ALL = datetime(2026, 1, 2, 12, tzinfo=UTC)


def utc(day, hour):
    return datetime(2026, 1, day, hour, tzinfo=UTC)


@pytest.fixture
def both_built(finalized, units, ajo_supervisor, monkeypatch):
    """Both stations' G-481s of PP 1/2026 built before the detail."""
    monkeypatch.setattr(timezone, "now", lambda: BEFORE_IT_ALL)
    build(finalized)
    run_over(finalized.pay_period, units["ajo"])
    at_ajo = Schedule.objects.get(station=units["ajo"])
    g259.finalize(actor=ajo_supervisor, schedule=at_ajo)
    build(at_ajo)
    return finalized


def line(station, employee, day):
    return (
        DailyEntry.objects.filter(
            daily__station=station, employee=employee, daily__day=day
        )
        .select_related("vehicle_assignment")
        .first()
    )


def shape(entry):
    return (
        entry.on_duty,
        entry.shift_start,
        entry.shift_end,
        entry.zone_id,
        entry.vehicle_id,
        entry.remarks,
    )


def ajo_days_of(units, employee):
    return sorted(
        DailyEntry.objects.filter(
            daily__station=units["ajo"], employee=employee
        ).values_list("daily__day", "on_duty", "shift_start", "shift_end", "zone_id")
    )


def day_page(user, station, day):
    client = Client()
    client.force_login(user)
    daily = DailySchedule.objects.get(station=station, day=day)
    return client.get(reverse("scheduling:g481", args=[daily.pk])).content.decode()


def hand_edit(actor, station, employee, day, **change):
    entry = line(station, employee, day)
    return g481.change_entry(
        actor=actor,
        daily=entry.daily,
        entry_pk=entry.pk,
        version=entry.version,
        change=g481.EntryChange(**change),
    )


class TestAccepted:
    def test_home_lines_go_on_detail_and_ajo_gets_the_worked_days(
        self, both_built, units, people, zones, detail_of
    ):
        subject, truck = people["subject"], both_built.truck
        saturday_record = line(units["nogales"], subject, SATURDAY).vehicle_assignment
        assert saturday_record.vehicle_id == truck.pk

        detail_of(subject)

        on_detail = f"On detail at {units['ajo'].name}"
        for day, number in ((SATURDAY, 17), (SUNDAY, 18)):
            assert shape(line(units["nogales"], subject, day)) == (
                False,
                utc(number, 13),
                utc(number, 23),
                zones["Z01"].pk,
                None,
                on_detail,
            )
        # The Friday before is untouched, truck and all.
        assert shape(line(units["nogales"], subject, date(2026, 1, 16))) == (
            True,
            utc(16, 13),
            utc(16, 23),
            zones["Z01"].pk,
            truck.pk,
            "",
        )
        assert not Assignment.objects.filter(pk=saturday_record.pk).exists()
        assert ajo_days_of(units, subject) == [
            (SATURDAY, True, utc(17, 14), utc(18, 0), None),
            (SUNDAY, True, utc(18, 14), utc(19, 0), None),
        ]

    def test_a_home_line_changed_by_hand_stays_with_a_notice(
        self, both_built, units, people, zones, supervisor, detail_of
    ):
        subject = people["subject"]
        hand_edit(
            supervisor,
            units["nogales"],
            subject,
            SATURDAY,
            on_duty=True,
            start_time=time(6),
            end_time=time(16),
            zone=zones["Z02"],
            vehicle=both_built.truck,
        )

        detail_of(subject)

        kept = line(units["nogales"], subject, SATURDAY)
        assert shape(kept) == (
            True,
            utc(17, 13),
            utc(17, 23),
            zones["Z02"].pk,
            both_built.truck.pk,
            "",
        )
        assert line(units["nogales"], subject, SUNDAY).on_duty is False
        told = Notification.objects.filter(recipient=supervisor).latest("pk")
        assert (
            "1 G-481 line(s) changed by hand were left as they were (2026-01-17)"
            in told.text
        )
        page = day_page(supervisor, units["nogales"], SATURDAY)
        assert (
            f"Subject Tester is on detail at {units['ajo'].name} this day, but the "
            "line was changed by hand and was left on duty: check it."
        ) in page.replace("\n", " ")
        assert "Lines that disagree with a detail" not in day_page(
            supervisor, units["nogales"], SUNDAY
        )


class TestEnded:
    def test_cut_short_brings_the_untouched_lines_home_from_the_next_day(
        self, both_built, units, people, zones, supervisor, detail_of
    ):
        subject, truck = people["subject"], both_built.truck
        detail = detail_of(subject)

        details.cut_short(
            actor=supervisor, detail=detail, last_day=SATURDAY, reason="Back early"
        )

        sunday = line(units["nogales"], subject, SUNDAY)
        assert shape(sunday) == (
            True,
            utc(18, 13),
            utc(18, 23),
            zones["Z01"].pk,
            truck.pk,
            "",
        )
        record = sunday.vehicle_assignment
        assert (record.vehicle_id, record.starts_at, record.ends_at) == (
            truck.pk,
            utc(18, 13),
            utc(18, 23),
        )
        assert line(units["nogales"], subject, SATURDAY).on_duty is False
        assert ajo_days_of(units, subject) == [
            (SATURDAY, True, utc(17, 14), utc(18, 0), None)
        ]
        removed = DailyEntry.history.filter(
            employee_id=subject.pk, history_type="-"
        ).get()
        assert (removed.history_user, removed.history_change_reason) == (
            supervisor,
            "Detail ended",
        )

    def test_cancelled_brings_every_day_home(
        self, both_built, units, people, zones, supervisor, detail_of
    ):
        subject = people["subject"]
        detail = detail_of(subject)

        details.cancel(actor=supervisor, detail=detail, reason="Not needed")

        for day in (SATURDAY, SUNDAY):
            assert line(units["nogales"], subject, day).on_duty is True
        assert ajo_days_of(units, subject) == []

    def test_hand_changed_lines_stay_with_notices_on_both_stations(
        self, both_built, units, people, supervisor, ajo_supervisor, detail_of
    ):
        subject = people["subject"]
        detail = detail_of(subject)
        hand_edit(
            ajo_supervisor,
            units["ajo"],
            subject,
            SUNDAY,
            on_duty=True,
            start_time=time(7),
            end_time=time(17),
            remarks="Checkpoint lane 2",
        )
        hand_edit(
            supervisor,
            units["nogales"],
            subject,
            SATURDAY,
            on_duty=False,
            remarks="Left for Ajo the night before",
        )

        details.cancel(actor=supervisor, detail=detail, reason="Not needed")

        assert ajo_days_of(units, subject) == [
            (SUNDAY, True, utc(18, 14), utc(19, 0), None)
        ]
        saturday = line(units["nogales"], subject, SATURDAY)
        assert (saturday.on_duty, saturday.remarks) == (
            False,
            "Left for Ajo the night before",
        )
        assert line(units["nogales"], subject, SUNDAY).on_duty is True

        at_ajo = day_page(ajo_supervisor, units["ajo"], SUNDAY).replace("\n", " ")
        assert (
            "Subject Tester&#x27;s detail here was ended before this day, but the "
            "line was changed by hand and was left as it is: check it."
        ) in at_ajo
        at_home = day_page(supervisor, units["nogales"], SATURDAY).replace("\n", " ")
        assert (
            f"Subject Tester&#x27;s detail at {units['ajo'].name} was ended before "
            "this day and the G-259 has them working here, but the line was "
            "changed by hand and was left off duty: check it."
        ) in at_home
        told = Notification.objects.filter(recipient=ajo_supervisor).latest("pk")
        assert "2 G-481 line(s) changed by hand were left as they were" in told.text
