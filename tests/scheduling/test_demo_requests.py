import io

import pytest
from django.core.management import call_command

from bpets.models import Notification
from scheduling.models import LeaveRequest, ScheduleCell
from security.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_agent_has_leave_approved_and_pending_once(organization):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    agent, supervisor = (
        User.objects.get(username=name) for name in ("agent", "supervisor")
    )
    leave = LeaveRequest.objects.filter(employee__user=agent).order_by("first_day")
    assert [(row.status, row.hours, row.day_count) for row in leave] == [
        ("APPROVED", 24, 3),
        ("PENDING", 8, 1),
    ]
    assert leave[0].decided_by == supervisor
    # The approved leave falls on three of the agent's workdays: each is a
    # day of annual leave on the G-259, so the 24 hours are 8 a day.
    covered = ScheduleCell.objects.filter(
        row__employee__user=agent,
        day__range=(leave[0].first_day, leave[0].last_day),
    )
    assert sorted(cell.status for cell in covered) == ["LEAVE"] * 3
    assert {cell.leave_type for cell in covered} == {"ANNUAL"}
    assert Notification.objects.filter(recipient=agent).count() == 1
    # The two leave requests; the details' acceptance and proposal; and the
    # two timesheets of the pay period just ended that were validated.
    assert Notification.objects.filter(recipient=supervisor).count() == 6
