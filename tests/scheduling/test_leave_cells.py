"""Approved leave in the G-259 cells it covers; cancelled, the days back."""

import pytest

from scheduling import leave_cells, requests
from scheduling.models import CellStatus, ScheduleCell
from tests.scheduling.request_helpers import WEEK, day, g259, leave_of, tour

pytestmark = pytest.mark.django_db


def state(cell):
    cell.refresh_from_db()
    return (
        cell.status,
        cell.leave_type,
        cell.leave_request_id,
        cell.version,
        cell.shift_start,
        cell.shift_end,
        cell.changed_by_hand,
    )


def approve(chain, leave):
    return requests.decide(actor=chain["first_line"], request_row=leave, approve=True)


class TestApproving:
    def test_workdays_the_leave_covers_become_leave_keeping_their_tour(self, chain):
        cells = g259(chain["subject"], WEEK, by_hand={3})
        # Saturday 6 is a regular day off inside the range.
        leave = leave_of(chain["self"], 3, 6, hours=24)

        approve(chain, leave)

        for offset in (3, 4, 5):
            start, end = tour(day(offset))
            assert state(cells[offset]) == (
                "LEAVE",
                "ANNUAL",
                leave.pk,
                2,
                start,
                end,
                offset == 3,  # changed by hand stays as it was
            )
        assert state(cells[6])[:4] == ("DAY_OFF", "", None, 1)
        for outside in (0, 1, 2):
            assert state(cells[outside])[2:4] == (None, 1)

    def test_each_changed_cell_has_a_history_row_by_the_approver(self, chain):
        cells = g259(chain["subject"], WEEK)
        leave = leave_of(chain["self"], 4, 5)

        approve(chain, leave)

        records = ScheduleCell.history.filter(id=cells[4].pk).order_by("history_id")
        assert [
            (record.status, record.version, record.history_user) for record in records
        ] == [("WORKDAY", 1, None), ("LEAVE", 2, chain["first_line"])]
        assert not ScheduleCell.history.filter(id=cells[6].pk, version=2).exists()

    def test_another_persons_cells_are_untouched(self, chain):
        mine = g259(chain["subject"], WEEK)
        theirs = g259(chain["peer"].employee, WEEK)

        approve(chain, leave_of(chain["self"], 2, 2))

        assert state(mine[2])[0] == "LEAVE"
        assert state(theirs[2])[:4] == ("WORKDAY", "", None, 1)

    def test_a_part_day_leave_leaves_the_day_a_workday_linked_to_it(self, chain):
        cells = g259(chain["subject"], WEEK)
        leave = leave_of(chain["self"], 2, 2, hours="4")

        approve(chain, leave)

        start, end = tour(day(2))
        assert state(cells[2]) == ("WORKDAY", "", leave.pk, 2, start, end, False)


class TestCancelling:
    def test_cancelling_gives_the_days_their_workday_back(self, chain):
        cells = g259(chain["subject"], WEEK)
        leave = leave_of(chain["self"], 4, 6, hours=16)
        approve(chain, leave)

        requests.cancel(actor=chain["self"], request_row=leave, reason="Plans off.")

        for offset in (4, 5):
            start, end = tour(day(offset))
            assert state(cells[offset]) == (
                "WORKDAY",
                "",
                None,
                3,
                start,
                end,
                False,
            )
        assert state(cells[6])[:4] == ("DAY_OFF", "", None, 1)
        latest = ScheduleCell.history.filter(id=cells[4].pk).latest("history_id")
        assert (latest.status, latest.history_user) == ("WORKDAY", chain["self"])

    def test_a_day_changed_since_keeps_what_was_made_of_it(self, chain):
        cells = g259(chain["subject"], WEEK)
        leave = leave_of(chain["self"], 4, 5)
        approve(chain, leave)
        changed = ScheduleCell.objects.get(pk=cells[5].pk)
        changed.status, changed.leave_type = CellStatus.DAY_OFF, ""
        changed.shift_start = changed.shift_end = None
        changed.save()

        requests.cancel(actor=chain["first_line"], request_row=leave, reason="x")

        assert state(cells[4])[:3] == ("WORKDAY", "", None)
        assert state(cells[5])[:3] == ("DAY_OFF", "", None)

    def test_a_part_day_leave_cancelled_loses_its_link(self, chain):
        cells = g259(chain["subject"], WEEK)
        leave = leave_of(chain["self"], 2, 2, hours="2.5")
        approve(chain, leave)

        requests.cancel(actor=chain["self"], request_row=leave, reason="Not needed.")

        assert state(cells[2])[:4] == ("WORKDAY", "", None, 3)


class TestApprovedLeaveForNewSchedules:
    def test_it_maps_each_person_and_day_to_the_leave_in_one_query(
        self, chain, make_user, give, django_assert_num_queries
    ):
        subject, peer = chain["subject"], chain["peer"].employee
        administrator = make_user("schedadmin")
        give(administrator, "scheduling", "scheduling_administrator", "nogales")
        week = approve(chain, leave_of(chain["self"], 5, 9, hours=40))
        approve(chain, leave_of(chain["self"], 11, 11))  # after the window
        leave_of(chain["self"], 3, 3)  # pending: not in a schedule
        peer_leave = requests.decide(
            actor=administrator,
            request_row=leave_of(chain["peer"], 0, 0, leave_type="SICK"),
            approve=True,
        )

        with django_assert_num_queries(1):
            found = leave_cells.approved_leave([subject.pk, peer.pk], day(0), day(10))

        assert {pk: sorted(days) for pk, days in found.items()} == {
            subject.pk: [day(5), day(6), day(7), day(8), day(9)],
            peer.pk: [day(0)],
        }
        assert found[subject.pk][day(7)].pk == week.pk
        assert found[peer.pk][day(0)].pk == peer_leave.pk

    def test_cell_values_say_what_a_new_workday_under_leave_holds(self, chain):
        whole = leave_of(chain["self"], 1, 1)
        part = leave_of(chain["self"], 2, 2, hours="3")

        assert leave_cells.cell_values(whole) == {
            "status": "LEAVE",
            "leave_type": "ANNUAL",
            "leave_request": whole,
        }
        assert leave_cells.cell_values(part) == {"leave_request": part}
