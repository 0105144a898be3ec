"""Approved leave written onto the timesheet as leave entries.

A whole-day leave charges each scheduled day it turned into leave with the
day's regular time, 8 hours at most (leave is charged against regular
time, whatever the tour's overtime); a part-day leave charges its hours on
the workday it falls on. Days off, holidays and training take nothing.
Running it again adds nothing: an entry names the request it came from.
"""

from collections import defaultdict
from decimal import Decimal

from bpets.bulk_history import create_with_history
from scheduling.models import CellStatus, LeaveRequest, RequestStatus
from scheduling.models.requests import FULL_DAY_HOURS
from scheduling.time_rules import hours as elapsed_hours
from timesheet.models import ScheduledDay, TimeEntry, Timesheet


def prefill(period, people, *, actor=None) -> int:
    """Add the missing leave entries of ``people``'s open timesheets of the
    pay period; how many. Only those with approved leave are read."""
    leave = list(
        LeaveRequest.objects.filter(
            employee__in=people,
            status=RequestStatus.APPROVED,
            first_day__lte=period.end_date,
            last_day__gte=period.start_date,
        ).order_by("first_day", "pk")
    )
    if not leave:
        return 0
    open_ones = [
        sheet
        for sheet in Timesheet.objects.filter(
            pay_period=period,
            superseded_at__isnull=True,
            employee_id__in={request.employee_id for request in leave},
        )
        if sheet.is_editable
    ]
    by_employee = {sheet.employee_id: sheet for sheet in open_ones}
    leave = [request for request in leave if request.employee_id in by_employee]

    days = defaultdict(dict)
    for day in ScheduledDay.objects.filter(timesheet__in=open_ones):
        days[day.timesheet_id][day.day] = day
    already = set(
        TimeEntry.objects.filter(
            timesheet__in=open_ones, leave_request__isnull=False
        ).values_list("timesheet_id", "leave_request_id", "day")
    )
    entries = []
    for request in leave:
        sheet = by_employee[request.employee_id]
        for day in days[sheet.pk].values():
            hours = charged_hours(request, day)
            if not hours or (sheet.pk, request.pk, day.day) in already:
                continue
            entries.append(
                TimeEntry(
                    timesheet=sheet,
                    day=day.day,
                    code=request.leave_type,
                    hours=hours,
                    leave_request=request,
                    entered_by=actor,
                    remarks="From the approved leave request.",
                )
            )
    create_with_history(TimeEntry, entries, user=actor)
    return len(entries)


def charged_hours(request: LeaveRequest, day: ScheduledDay) -> Decimal:
    """The hours ``request`` charges on ``day`` (zero where none)."""
    if not request.covers(day.day):
        return Decimal(0)
    if request.is_part_day:
        return request.hours if day.status == CellStatus.WORKDAY else Decimal(0)
    if day.status != CellStatus.LEAVE or day.leave_type != request.leave_type:
        return Decimal(0)
    if day.scheduled_start is None:
        return FULL_DAY_HOURS
    tour = Decimal(str(elapsed_hours(day.scheduled_start, day.scheduled_end)))
    return min(FULL_DAY_HOURS, tour)
