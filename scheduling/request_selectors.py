"""Reads of leave and schedule change requests, narrowed to the reader."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from scheduling import requests
from scheduling.models import LeaveRequest, RequestStatus, ScheduleChangeRequest
from security import policies as security_policies
from staffing import policies as staffing_policies
from staffing.models import Employee

DECIDING_ROLES = ("supervisor", "scheduling_administrator")


def own_leave_requests(user):
    return LeaveRequest.objects.filter(employee__user=user).select_related(
        "employee__user", "employee__duty_station"
    )


def own_change_requests(user):
    return ScheduleChangeRequest.objects.filter(employee__user=user).select_related(
        "employee__user", "employee__duty_station"
    )


def decides_anywhere(user) -> bool:
    return any(
        security_policies.holds_role(user, "scheduling", role)
        for role in DECIDING_ROLES
    )


def to_decide(user) -> list["Shown"]:
    """The pending requests ``user`` may decide, oldest first.

    Narrowed in SQL to the stations where the user holds a deciding role;
    the chain of command is then worked out for all the people at once.
    """
    stations = set()
    for role in DECIDING_ROLES:
        stations |= security_policies.reach(user, "scheduling", role)
    if not stations:
        return []
    pending = []
    for model in (LeaveRequest, ScheduleChangeRequest):
        pending += list(
            model.objects.filter(
                status=RequestStatus.PENDING,
                employee__duty_station_id__in=stations,
                employee__status=Employee.Status.ACTIVE,
            ).select_related("employee__duty_station", "employee__user")
        )
    staffing_policies.prime_audiences(user, [row.employee for row in pending])
    decidable = [row for row in pending if requests.may_decide(user, row.employee)]
    decidable.sort(key=lambda row: (row.requested_at, row.pk))
    return [shown(user, row) for row in decidable]


@dataclass(frozen=True)
class Shown:
    """A request as one reader sees it: what it asks, and what they may do."""

    row: object
    kind: str  # "leave" or "change"
    what: str
    days: str
    url: str
    step_url: str
    may_decide: bool
    may_withdraw: bool
    may_cancel: bool

    @property
    def dom_id(self) -> str:
        return f"{self.kind}-request-{self.row.pk}"


def shown(user, row) -> Shown:
    is_leave = isinstance(row, LeaveRequest)
    kind = "leave" if is_leave else "change"
    seen = staffing_policies.audience(user, row.employee)
    decider = requests.may_decide(user, row.employee)
    return Shown(
        row=row,
        kind=kind,
        what=_what(row),
        days=(
            requests.days_text(row.first_day, row.last_day)
            if is_leave
            else requests.days_text(row.day)
        ),
        url=reverse(f"scheduling:{kind}-request", args=[row.pk]),
        step_url=reverse(f"scheduling:{kind}-request-step", args=[row.pk]),
        may_decide=decider and row.is_pending,
        may_withdraw=seen.is_self and row.is_pending,
        may_cancel=row.is_approved
        and (decider or (seen.is_self and not requests.has_begun(row))),
    )


def _what(row) -> str:
    if isinstance(row, LeaveRequest):
        return f"{row.get_leave_type_display()}, {row.hours.normalize():f} hours"
    if row.wanted == ScheduleChangeRequest.Wanted.SHIFT:
        hours = row.shift_length_minutes / 60
        return f"A shift from {row.shift_start_time:%H:%M} for {hours:g} hours"
    return row.get_wanted_display().split(",")[0]


@dataclass(frozen=True)
class Step:
    at: datetime
    by: str
    status: str
    step: str


def steps_of(row) -> list[Step]:
    """The request's history, oldest first, with who took each step."""
    records = row.history.select_related("history_user").order_by(
        "history_date", "history_id"
    )
    return [
        Step(
            at=record.history_date,
            by=(
                record.history_user.get_full_name()
                or record.history_user.get_username()
            )
            if record.history_user
            else "The system",
            status=RequestStatus(record.status).label,
            step=(record.history_change_reason or "changed").capitalize(),
        )
        for record in records
    ]
