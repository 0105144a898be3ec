"""A detail moving a person between two stations' G-259s, and back.

PP 1/2026 runs from Sunday 11 to Saturday 24 January 2026. The subject
works days at Nogales (06:00 for 10 hours, Arizona time), off Monday and
Tuesday. The detail takes them to Ajo from Saturday 17 to Tuesday 20
January, on Ajo's day shift (07:00 for 10 hours): at Nogales those four
days read "detail" (Saturday and Sunday keep their 06:00 tour, Monday and
Tuesday have none); at Ajo they work Saturday and Sunday from 07:00 and
are off Monday and Tuesday, as their defaults say.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bpets.models import Notification
from scheduling import details, g259, initialization
from scheduling.models import Schedule, ScheduleCell, ScheduleRow

ARIZONA = ZoneInfo("America/Phoenix")
DETAIL_DAYS = [date(2026, 1, day) for day in (17, 18, 19, 20)]
CELL = ("day", "status", "shift_start", "shift_end", "shift_template_id", "detail_id")


def at(day, hour):
    return datetime(2026, 1, day, hour, tzinfo=ARIZONA)


def cells(station, employee):
    return list(
        ScheduleCell.objects.filter(
            row__schedule__station=station, row__employee=employee
        )
        .order_by("day")
        .values_list(*CELL)
    )


def everything():
    """Every cell of every G-259, for telling that nothing else changed."""
    return sorted(
        ScheduleCell.objects.values_list("row__employee_id", "row__schedule_id", *CELL)
    )


@pytest.fixture
def subject(people, templates, set_default):
    set_default(people["subject"], templates["days"])
    return people["subject"]


@pytest.fixture
def accept(units, supervisor, ajo_supervisor, ajo_days):
    def accept(employee, first=17, last=20):
        detail = details.propose(
            actor=supervisor,
            employee=employee,
            gaining_station=units["ajo"],
            first_day=date(2026, 1, first),
            last_day=date(2026, 1, last),
            purpose="Checkpoint staffing",
        )
        return details.decide(
            actor=ajo_supervisor, detail=detail, accept=True, shift_template=ajo_days
        )

    return accept


def expected_home(detail, templates):
    days = templates["days"].pk
    # Worked out by hand: off Mondays and Tuesdays, away 17 to 20 January.
    workday = {11, 14, 15, 16, 21, 22, 23, 24}
    rows = []
    for number in range(11, 25):
        day = date(2026, 1, number)
        weekday = day.isoweekday() % 7
        off = weekday in (1, 2)
        away = day in DETAIL_DAYS
        rows.append(
            (
                day,
                "DETAIL" if away else ("DAY_OFF" if off else "WORKDAY"),
                None if off else at(number, 6),
                None if off else at(number, 16),
                None if off else days,
                detail.pk if away else None,
            )
        )
    assert {row[0].day for row in rows if row[1] == "WORKDAY"} == workday
    return rows


def expected_gaining(detail, ajo_days):
    return [
        (date(2026, 1, 17), "WORKDAY", at(17, 7), at(17, 17), ajo_days.pk, detail.pk),
        (date(2026, 1, 18), "WORKDAY", at(18, 7), at(18, 17), ajo_days.pk, detail.pk),
        (date(2026, 1, 19), "DAY_OFF", None, None, None, detail.pk),
        (date(2026, 1, 20), "DAY_OFF", None, None, None, detail.pk),
    ]


class TestInitializedAfterAcceptance:
    @pytest.mark.parametrize("portable", [False, True], ids=["postgresql", "portable"])
    def test_home_reads_detail_and_the_gaining_station_has_the_person(
        self,
        units,
        subject,
        accept,
        templates,
        ajo_days,
        first_pay_period_2026,
        portable,
    ):
        detail = accept(subject)
        for station in ("nogales", "ajo"):
            initialization.initialize_station(
                units[station], first_pay_period_2026, actor=None, portable=portable
            )

        assert cells(units["nogales"], subject) == expected_home(detail, templates)
        assert cells(units["ajo"], subject) == expected_gaining(detail, ajo_days)
        # Each cell made has its history row.
        assert ScheduleCell.history.filter(history_type="+").count() == 18

    def test_both_paths_make_the_same_cells(
        self, units, subject, accept, first_pay_period_2026
    ):
        accept(subject)
        stations = (units["nogales"], units["ajo"])
        for station in stations:
            initialization.initialize_station(
                station, first_pay_period_2026, actor=None
            )
        by_database = everything()
        ScheduleCell.objects.all().delete()
        ScheduleRow.objects.all().delete()
        for station in stations:
            initialization.initialize_station(
                station, first_pay_period_2026, actor=None, portable=True
            )
        rows_again = everything()
        # Row ids differ; the rest is the same.
        assert [row[0:1] + row[2:] for row in rows_again] == [
            row[0:1] + row[2:] for row in by_database
        ]

    def test_run_again_it_adds_nothing(
        self, units, subject, accept, first_pay_period_2026
    ):
        accept(subject)
        for _ in range(2):
            outcome = initialization.initialize_station(
                units["ajo"], first_pay_period_2026, actor=None
            )
        assert (outcome.rows, outcome.cells) == (0, 0)
        assert (
            ScheduleCell.objects.filter(row__schedule__station=units["ajo"]).count()
            == 4
        )


class TestExistingG259:
    @pytest.fixture
    def subject(self, people, schedule):
        """The subject, with the defaults the Nogales G-259 was made from."""
        return people["subject"]

    @pytest.fixture
    def both(self, units, schedule, first_pay_period_2026):
        initialization.initialize_station(
            units["ajo"], first_pay_period_2026, actor=None
        )
        return schedule

    def test_accepted_then_cancelled(
        self, units, subject, both, accept, templates, ajo_days, supervisor
    ):
        before = cells(units["nogales"], subject)

        detail = accept(subject)

        assert cells(units["nogales"], subject) == expected_home(detail, templates)
        assert cells(units["ajo"], subject) == expected_gaining(detail, ajo_days)
        changed = ScheduleCell.history.filter(history_change_reason="Detail accepted")
        assert changed.count() == 8

        details.cancel(actor=supervisor, detail=detail, reason="Not needed after all")

        assert cells(units["nogales"], subject) == before
        assert cells(units["ajo"], subject) == []
        assert not ScheduleRow.objects.filter(schedule__station=units["ajo"]).exists()
        removed = ScheduleCell.history.filter(history_type="-")
        assert removed.count() == 4

    def test_cut_short_gives_back_the_days_after(
        self, units, subject, both, accept, templates, ajo_days, ajo_supervisor
    ):
        before = dict((row[0], row) for row in cells(units["nogales"], subject))
        detail = accept(subject)

        details.cut_short(
            actor=ajo_supervisor,
            detail=detail,
            last_day=date(2026, 1, 18),
            reason="Back early",
        )

        home = dict((row[0], row) for row in cells(units["nogales"], subject))
        assert home[date(2026, 1, 19)] == before[date(2026, 1, 19)]
        assert home[date(2026, 1, 20)] == before[date(2026, 1, 20)]
        assert home[date(2026, 1, 18)][1] == "DETAIL"
        assert cells(units["ajo"], subject) == expected_gaining(detail, ajo_days)[:2]

    def test_a_hand_changed_cell_is_kept_and_named(
        self, units, subject, both, accept, supervisor, people
    ):
        cell = ScheduleCell.objects.get(row__employee=subject, day=date(2026, 1, 17))
        g259.change_cells(
            actor=people["first_line"],
            schedule=both,
            seen={cell.pk: cell.version},
            change=g259.CellChange(status="DAY_OFF"),
        )

        accept(subject)

        cell.refresh_from_db()
        assert (cell.status, cell.detail_id) == ("DAY_OFF", None)
        notice = Notification.objects.filter(recipient=supervisor).last()
        assert "1 cell(s) changed by hand were left as they were (2026-01-17)" in (
            notice.text
        )

    def test_leave_on_a_detail_day_stays_at_home(
        self, units, subject, both, accept, templates
    ):
        ScheduleCell.objects.filter(
            row__employee=subject, day=date(2026, 1, 18)
        ).update(status="LEAVE", leave_type="ANNUAL")
        detail = accept(subject)
        home = dict((row[0], row) for row in cells(units["nogales"], subject))
        assert home[date(2026, 1, 18)][1] == "LEAVE"
        assert home[date(2026, 1, 17)][1] == "DETAIL"
        assert detail.cells.count() == 7

    def test_a_finalized_g259_takes_the_detail_and_says_so(
        self, units, subject, both, accept, supervisor, templates
    ):
        Schedule.objects.filter(pk=both.pk).update(
            status="FINALIZED", finalized_by=supervisor, finalized_at=at(10, 9)
        )
        detail = accept(subject)
        assert cells(units["nogales"], subject) == expected_home(detail, templates)
        notice = Notification.objects.filter(recipient=supervisor).last()
        assert "1 finalized G-259(s) changed with the detail" in notice.text

    def test_the_gaining_grid_shows_the_person_on_their_days_only(
        self, units, subject, both, accept, first_pay_period_2026
    ):
        accept(subject)
        ajo = Schedule.objects.get(station=units["ajo"])
        grid = g259.load(ajo)
        [row] = grid.rows
        assert [cell.day for cell in row.cells_by_day] == DETAIL_DAYS


class TestGridAndConflicts:
    @pytest.fixture
    def accepted(self, units, people, schedule, first_pay_period_2026, accept):
        initialization.initialize_station(
            units["ajo"], first_pay_period_2026, actor=None
        )
        return accept(people["subject"])

    def test_the_home_grid_says_where_the_person_is(self, units, accepted, people):
        from scheduling import g259_display

        grid = g259.load(Schedule.objects.get(station=units["nogales"]))
        shown = g259_display.present(grid, viewer=people["first_line"])
        [row] = shown.rows
        notes = [(item.label, item.note) for item in row.cells[6:10]]
        assert notes == [("DET", "on detail at Ajo")] * 4
        assert row.cells[5].note == ""

    def test_the_gaining_grid_has_the_other_days_empty(self, units, accepted, people):
        from scheduling import g259_display

        grid = g259.load(Schedule.objects.get(station=units["ajo"]))
        shown = g259_display.present(
            grid, viewer=people["first_line"], cell_url="/cells/0/", editable=True
        )
        [row] = shown.rows
        assert len(row.cells) == 14
        assert [item.label for item in row.cells[5:11]] == [
            "—",
            "07–17",
            "07–17",
            "RDO",
            "RDO",
            "—",
        ]
        assert row.cells[6].note == "detailed in from Nogales"
        assert row.html.count("<td") == 14
        assert row.html.count('type="checkbox"') == 4

    def test_neither_grid_flags_the_split_weeks_or_tour(self, units, accepted):
        for station in ("nogales", "ajo"):
            grid = g259.load(Schedule.objects.get(station=units[station]))
            assert grid.conflicts == [], station
