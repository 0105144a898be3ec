"""Leave and schedule change requests: the one way to ask, decide, withdraw
and cancel.

An employee asks for themselves. Their supervisors decide: someone above
them in the chain of command who holds the scheduling supervisor role at
the person's station, or the station's scheduling administrators. Nobody
decides their own. Each step is saved with its history (the acting user
on every row) and tells the other side: a new request, a withdrawal or an
employee's cancellation goes to the person's supervisors; a decision or a
supervisor's cancellation to the person.
"""

import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bpets import clock
from bpets.notifications import notify
from scheduling import change_cells, leave_cells, time_rules
from scheduling.models import (
    FULL_DAY_HOURS,
    LeaveRequest,
    LeaveType,
    RequestStatus,
    ScheduleChangeRequest,
)
from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit, RoleGrant, User
from staffing import policies as staffing_policies
from staffing.models import Employee

logger = logging.getLogger(__name__)

QUARTER_HOUR = Decimal("0.25")


class RequestRefused(Exception):
    """The step cannot be taken now (already decided, say); the message says why."""


# ---- who -----------------------------------------------------------------


def may_decide(user, employee: Employee) -> bool:
    seen = staffing_policies.audience(user, employee)
    if seen.is_self:
        return False  # nobody decides their own
    station = employee.duty_station_id
    if security_policies.holds_role(
        user, "scheduling", "scheduling_administrator", station
    ):
        return True
    return seen.is_chain_supervisor and security_policies.holds_role(
        user, "scheduling", "supervisor", station
    )


def may_see(user, employee: Employee) -> bool:
    return staffing_policies.audience(user, employee).is_self or may_decide(
        user, employee
    )


def deciders(employee: Employee) -> list[User]:
    """Everyone who may decide the person's requests, for telling them of one.

    Worked out from the grants over the station and its ancestors, and the
    chain above the person: a few queries, however many people.
    """
    holders = role_holders(
        employee.duty_station_id, ("supervisor", "scheduling_administrator")
    )
    chain_users = set(
        Employee.objects.filter(
            pk__in=staffing_policies.chain_above(employee), user__isnull=False
        ).values_list("user_id", flat=True)
    )
    chosen = {
        user_id
        for user_id, roles in holders.items()
        if "scheduling_administrator" in roles or user_id in chain_users
    }
    chosen.discard(employee.user_id)
    return list(
        User.objects.filter(pk__in=chosen, is_active=True)
        .exclude(background_investigation_status=User.Investigation.UNFAVORABLE)
        .order_by("pk")
    )


def role_holders(station_id: int, roles) -> dict[int, set[str]]:
    """{user id: their scheduling roles among ``roles``} over the station,
    granted there or above it: two queries, however many people."""
    units, unit_id = [], station_id
    parents = dict(OrganizationUnit.objects.values_list("pk", "parent_id"))
    while unit_id is not None:
        units.append(unit_id)
        unit_id = parents.get(unit_id)
    holders = {}
    grants = RoleGrant.objects.filter(
        security_policies.active_grants_filter(),
        module="scheduling",
        role__in=roles,
        organization_unit_id__in=units,
    ).values_list("user_id", "role")
    for user_id, role in grants:
        holders.setdefault(user_id, set()).add(role)
    return holders


def _refuse(actor, request_row, action: str, message: str):
    audit.record(
        audit.Kind.DENIED,
        actor=actor,
        target=request_row,
        subject_user_id=request_row.employee.user_id,
        details={"action": action},
    )
    raise PermissionDenied(message)


def _employee_of(actor) -> Employee:
    employee = staffing_policies.employee_of(actor)
    if employee is None or employee.status != Employee.Status.ACTIVE:
        raise PermissionDenied(
            "Only an employee with a record at a station makes requests; "
            "yours is not on file."
        )
    return employee


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def days_text(first: date, last: date | None = None) -> str:
    if last is None or last == first:
        return f"on {first:%Y-%m-%d}"
    return f"from {first:%Y-%m-%d} to {last:%Y-%m-%d}"


# ---- the steps both kinds share ----------------------------------------


class _Kind:
    """What differs between a leave and a schedule change request."""

    def __init__(self, model, noun, url_name, cells):
        self.model, self.noun, self.url_name, self.cells = model, noun, url_name, cells

    def link(self, request_row) -> str:
        return reverse(self.url_name, args=[request_row.pk])

    def days(self, request_row) -> str:
        if isinstance(request_row, LeaveRequest):
            return days_text(request_row.first_day, request_row.last_day)
        return days_text(request_row.day)


LEAVE = _Kind(LeaveRequest, "leave request", "scheduling:leave-request", leave_cells)
CHANGE = _Kind(
    ScheduleChangeRequest,
    "schedule change request",
    "scheduling:change-request",
    change_cells,
)


def kind_of(request_row) -> _Kind:
    return LEAVE if isinstance(request_row, LeaveRequest) else CHANGE


def _locked(request_row):
    """The request row again, locked, so two deciders never both decide."""
    return (
        type(request_row)
        .objects.select_for_update(of=("self",))
        .select_related("employee__duty_station", "employee__user")
        .get(pk=request_row.pk)
    )


def _save_step(request_row, actor, reason: str) -> None:
    request_row.last_step_at = timezone.now()
    request_row._history_user = actor
    request_row._change_reason = reason
    request_row.save()


def _tell_deciders(request_row, text: str) -> None:
    for decider in deciders(request_row.employee):
        notify(decider, text, kind_of(request_row).link(request_row))


def _tell_employee(request_row, text: str) -> None:
    user = request_row.employee.user
    if user is not None:
        notify(user, text, kind_of(request_row).link(request_row))


def decide(*, actor, request_row, approve: bool, reason: str = ""):
    """Approve or deny a pending request; a denial needs a reason."""
    kind = kind_of(request_row)
    reason = reason.strip()
    # Refusals are checked before the transaction, so that their audit
    # event is not rolled back with it.
    if not may_decide(actor, request_row.employee):
        if staffing_policies.audience(actor, request_row.employee).is_self:
            _refuse(
                actor,
                request_row,
                f"decide own {kind.noun}",
                "Nobody decides their own request: your supervisor does.",
            )
        _refuse(
            actor,
            request_row,
            f"decide {kind.noun}",
            "Only the person's supervisors, or the station's scheduling "
            "administrators, decide their requests.",
        )
    with transaction.atomic():
        request_row = _locked(request_row)
        if not request_row.is_pending:
            raise RequestRefused(
                f"This request is already {request_row.get_status_display().lower()}."
            )
        if not approve and not reason:
            raise ValidationError({"reason": "Say why it is denied, for the person."})

        request_row.status = RequestStatus.APPROVED if approve else RequestStatus.DENIED
        request_row.decided_by = actor
        request_row.decided_at = timezone.now()
        request_row.decision_reason = reason
        if approve:
            try:
                kind.cells.apply(request_row, actor)
            except change_cells.ChangeNotApplicable as problem:
                raise RequestRefused(str(problem)) from None
        _save_step(request_row, actor, "approved" if approve else "denied")
        verdict = "approved" if approve else "denied"
        _tell_employee(
            request_row,
            f"Your {kind.noun} {kind.days(request_row)} was {verdict} by "
            f"{_name(actor)}.",
        )
    logger.info("%s %s %s", kind.noun, request_row.pk, verdict)
    return request_row


def withdraw(*, actor, request_row):
    """The person takes back a request not yet decided."""
    kind = kind_of(request_row)
    if not staffing_policies.audience(actor, request_row.employee).is_self:
        _refuse(
            actor,
            request_row,
            f"withdraw {kind.noun}",
            "Only the person who asked withdraws a request.",
        )
    with transaction.atomic():
        request_row = _locked(request_row)
        if not request_row.is_pending:
            raise RequestRefused(
                f"This request is already {request_row.get_status_display().lower()}"
                "; only a pending one is withdrawn."
            )
        request_row.status = RequestStatus.WITHDRAWN
        _save_step(request_row, actor, "withdrawn")
        _tell_deciders(
            request_row,
            f"{request_row.employee.full_name} withdrew their {kind.noun} "
            f"{kind.days(request_row)}.",
        )
    return request_row


def has_begun(request_row) -> bool:
    """Has the request's first day come at the person's duty station? The
    UTC date runs ahead of it every US evening."""
    first_day = getattr(request_row, "first_day", None) or request_row.day
    return first_day <= clock.today_at(request_row.employee.duty_station)


def cancel(*, actor, request_row, reason: str):
    """Call off an approved request, giving the days back their schedule.

    The person cancels theirs until its first day; their supervisors at
    any time (the person came in to work, say).
    """
    kind = kind_of(request_row)
    reason = reason.strip()
    employee = request_row.employee
    is_self = staffing_policies.audience(actor, employee).is_self
    if not (is_self or may_decide(actor, employee)):
        _refuse(
            actor,
            request_row,
            f"cancel {kind.noun}",
            "Only the person or their supervisors cancel an approved request.",
        )
    with transaction.atomic():
        request_row = _locked(request_row)
        if not request_row.is_approved:
            raise RequestRefused(
                "Only an approved request is cancelled; a pending one is withdrawn."
            )
        if not reason:
            raise ValidationError({"reason": "Say why it is cancelled."})
        if is_self and has_begun(request_row):
            raise RequestRefused(
                "It has begun: ask your supervisor to cancel it, and the "
                "timesheet is corrected with them."
            )

        kind.cells.restore(request_row, actor)
        request_row.status = RequestStatus.CANCELLED
        request_row.cancelled_by = actor
        request_row.cancelled_at = timezone.now()
        request_row.cancellation_reason = reason
        _save_step(request_row, actor, "cancelled")
        text = (
            f"The approved {kind.noun} {kind.days(request_row)} of "
            f"{employee.full_name} was cancelled by {_name(actor)}."
        )
        if is_self:
            _tell_deciders(request_row, text)
        else:
            _tell_employee(
                request_row,
                f"Your approved {kind.noun} {kind.days(request_row)} was "
                f"cancelled by {_name(actor)}.",
            )
    return request_row


# ---- asking -------------------------------------------------------------


def request_leave(
    *,
    actor,
    leave_type: str,
    first_day: date,
    last_day: date,
    hours: Decimal,
    remarks: str = "",
) -> LeaveRequest:
    employee = _employee_of(actor)
    hours = Decimal(hours)
    _check_leave(leave_type, first_day, last_day, hours)

    with transaction.atomic():
        # One request at a time per person, so two at once cannot overlap.
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        clash = (
            LeaveRequest.objects.filter(
                employee=employee,
                status__in=RequestStatus.standing(),
                first_day__lte=last_day,
                last_day__gte=first_day,
            )
            .order_by("first_day")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                f"You already have {clash.get_leave_type_display().lower()} "
                f"{days_text(clash.first_day, clash.last_day)} "
                f"({clash.get_status_display().lower()}), which overlaps these "
                "days. Withdraw or cancel it first, or choose other days."
            )
        leave_request = LeaveRequest(
            employee=employee,
            leave_type=leave_type,
            first_day=first_day,
            last_day=last_day,
            hours=hours,
            remarks=remarks.strip(),
            requested_by=actor,
        )
        leave_request.full_clean()
        _save_step(leave_request, actor, "requested")
        _tell_deciders(
            leave_request,
            f"{employee.full_name} asks for leave {days_text(first_day, last_day)}.",
        )
    return leave_request


def _check_leave(leave_type, first_day, last_day, hours) -> None:
    if leave_type == LeaveType.AWOL:
        raise ValidationError(
            {
                "leave_type": "Absence without leave is charged by a supervisor; "
                "it is never requested."
            }
        )
    if leave_type not in LeaveType.values:
        raise ValidationError({"leave_type": "Choose a type of leave."})
    if last_day < first_day:
        raise ValidationError({"last_day": "The last day is before the first."})
    if hours <= 0 or hours % QUARTER_HOUR:
        raise ValidationError(
            {"hours": "Leave is taken in quarter hours: 0.25, 0.5, 0.75, 1, ..."}
        )
    days = (last_day - first_day).days + 1
    most = FULL_DAY_HOURS * days
    if hours > most:
        raise ValidationError(
            {
                "hours": f"At most {FULL_DAY_HOURS:.0f} hours of leave a day: "
                f"{most:.0f} for {days} day{'s' if days > 1 else ''}."
            }
        )


def request_change(
    *,
    actor,
    day: date,
    wanted: str,
    shift_start_time=None,
    shift_length_minutes: int | None = None,
    remarks: str = "",
) -> ScheduleChangeRequest:
    employee = _employee_of(actor)
    change = ScheduleChangeRequest(
        employee=employee,
        day=day,
        wanted=wanted,
        remarks=remarks.strip(),
        requested_by=actor,
    )
    if wanted == ScheduleChangeRequest.Wanted.SHIFT:
        _check_shift(change, shift_start_time, shift_length_minutes)

    with transaction.atomic():
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        if ScheduleChangeRequest.objects.filter(
            employee=employee, day=day, status__in=RequestStatus.standing()
        ).exists():
            raise ValidationError(
                f"You already have a schedule change {days_text(day)} pending or "
                "approved. Withdraw or cancel it first."
            )
        change.full_clean()
        _save_step(change, actor, "requested")
        _tell_deciders(
            change,
            f"{employee.full_name} asks for a schedule change {days_text(day)}.",
        )
    return change


def _check_shift(change, start, length_minutes) -> None:
    if start is None:
        raise ValidationError({"shift_start_time": "Give the shift's start time."})
    if not length_minutes or not 60 <= length_minutes <= 16 * 60:
        raise ValidationError(
            {"shift_length_minutes": "A shift lasts from 1 to 16 hours."}
        )
    change.shift_start_time = start
    change.shift_length_minutes = length_minutes
    try:
        change_cells.wanted_shift(change)
    except time_rules.ShiftTimeError as problem:
        raise ValidationError({"shift_start_time": str(problem)}) from None
