"""The timesheet's way to payroll: the employee submits it (attesting it is
correct), a timekeeper of the station validates it or returns it with a
reason, the supervisor certifies it or returns it. Certified, it is locked;
a correction opens an amended version, and both are kept.

Each step records who and when on the timesheet and as a step of its
history, and tells the next person in line.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bpets.bulk_history import create_with_history
from bpets.notifications import notify
from scheduling.models import CellStatus
from security import policies as security_policies
from staffing.policies import chain_above
from timesheet import guards, leave_services, payroll_records, policies, totals
from timesheet.codes import TimeCode
from timesheet.models import (
    BalanceType,
    ScheduledDay,
    TimeEntry,
    Timesheet,
    TimesheetStatus,
    TimesheetStep,
)
from timesheet.validation import Refused, day_label

logger = logging.getLogger(__name__)

Action = TimesheetStep.Action


def unclosed_shifts(days) -> list[ScheduledDay]:
    """Scheduled shifts among ``days`` not yet closed against actual hours
    (a day of leave or off has no shift to close)."""
    return [
        day
        for day in days
        if day.has_shift and day.status in CellStatus.with_shift() and not day.is_closed
    ]


def _step(sheet, action, actor, reason="", **fields) -> None:
    for name, value in fields.items():
        setattr(sheet, name, value)
    sheet._history_user = actor
    sheet._change_reason = action
    sheet.save(update_fields=list(fields))
    TimesheetStep.objects.create(
        timesheet=sheet, action=action, actor=actor, reason=reason
    )
    logger.info("Timesheet %s: %s by user %s", sheet.pk, action, actor.pk)


def _link(sheet) -> str:
    return reverse("timesheet:timesheet", args=[sheet.pk])


def _tell(users, sheet, text) -> None:
    for user in users:
        if user is not None:
            notify(user, text, _link(sheet))


def _timekeepers(sheet):
    """The timekeepers over the station, granted there or above it."""
    from security.models import OrganizationUnit, RoleGrant, User

    units, unit_id = [], sheet.station_id
    parents = dict(OrganizationUnit.objects.values_list("pk", "parent_id"))
    while unit_id is not None:
        units.append(unit_id)
        unit_id = parents.get(unit_id)
    holders = RoleGrant.objects.filter(
        security_policies.active_grants_filter(),
        module="timesheet",
        role="timekeeper",
        organization_unit_id__in=units,
    ).values("user_id")
    return list(User.objects.filter(pk__in=holders, is_active=True))


def _supervisor_users(sheet):
    from staffing.models import Employee

    chain = chain_above(sheet.employee)[:1]
    return [
        employee.user
        for employee in Employee.objects.filter(pk__in=chain).select_related("user")
    ]


@transaction.atomic
def submit(*, actor, sheet: Timesheet, attested: bool) -> Timesheet:
    sheet = guards.locked(sheet)
    guards.refuse_unless(
        policies.may_submit(actor, sheet),
        actor,
        sheet,
        "timesheet.submit",
        "Only the employee submits their open timesheet.",
    )
    if not attested:
        raise Refused(
            {"attest": "Tick the box to attest that the timesheet is correct."}
        )
    _refuse_open_shifts(sheet, "submit", "Not submitted")
    _step(
        sheet,
        Action.SUBMITTED,
        actor,
        status=TimesheetStatus.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    _tell(_timekeepers(sheet), sheet, f"Timesheet submitted: {sheet}.")
    return sheet


@transaction.atomic
def validate(*, actor, sheet: Timesheet) -> Timesheet:
    sheet = guards.locked(sheet)
    guards.refuse_unless(
        policies.may_validate(actor, sheet),
        actor,
        sheet,
        "timesheet.validate",
        "Only a timekeeper of the station validates this timesheet.",
    )
    _require(sheet, TimesheetStatus.SUBMITTED, "validated")
    _refuse_open_shifts(sheet, "validate", "Not validated")
    _step(
        sheet,
        Action.VALIDATED,
        actor,
        status=TimesheetStatus.VALIDATED,
        validated_by=actor,
        validated_at=timezone.now(),
    )
    _tell(_supervisor_users(sheet), sheet, f"Timesheet ready to certify: {sheet}.")
    return sheet


@transaction.atomic
def certify(*, actor, sheet: Timesheet) -> Timesheet:
    sheet = guards.locked(sheet)
    guards.refuse_unless(
        policies.may_certify(actor, sheet),
        actor,
        sheet,
        "timesheet.certify",
        "Only a supervisor in the employee's chain of command certifies.",
    )
    _require(sheet, TimesheetStatus.VALIDATED, "certified")
    _refuse_open_shifts(sheet, "certify", "Not certified")
    _post_leave(sheet, actor)
    _step(
        sheet,
        Action.CERTIFIED,
        actor,
        status=TimesheetStatus.CERTIFIED,
        certified_by=actor,
        certified_at=timezone.now(),
    )
    _tell([sheet.employee.user], sheet, f"Timesheet certified: {sheet}.")
    return sheet


def _refuse_open_shifts(sheet, step: str, refusal: str) -> None:
    """Every step to payroll waits for the scheduled shifts to be closed
    against actual hours. A shift still to come cannot be closed as worked,
    so a timesheet goes on only once its pay period's last shift is over."""
    open_days = unclosed_shifts(sheet.days.order_by("day"))
    if open_days:
        listed = ", ".join(day_label(day.day) for day in open_days)
        raise Refused(
            {
                step: f"{refusal}: these scheduled shifts are not closed "
                f"against actual hours: {listed}."
            }
        )


def _post_leave(sheet, actor) -> None:
    """Charge the leave used and credit the time earned to the balances
    (an amendment certified later posts only what changed), and keep the
    totals sent to payroll as the employee's payroll record."""
    from scheduling.models import ScheduleDefault

    days = list(sheet.days.all())
    entries = list(sheet.entries.all())
    default = ScheduleDefault.objects.filter(employee_id=sheet.employee_id).first()
    period = totals.compute(
        sheet, days, entries, default, totals.day_before(sheet)
    ).period
    leave_services.post_timesheet(
        sheet.employee,
        sheet.pay_period,
        used=dict(period.by_code),
        earned={
            BalanceType.COMPENSATORY: period.comp_time_earned,
            BalanceType.CREDIT_HOURS: period.by_code.get(
                TimeCode.CREDIT_HOURS_EARNED, Decimal(0)
            ),
        },
        user=actor,
    )
    payroll_records.record_certified(
        sheet.employee, sheet.pay_period, period, user=actor
    )


@transaction.atomic
def send_back(*, actor, sheet: Timesheet, reason: str) -> Timesheet:
    """Return a submitted or validated timesheet to the employee."""
    sheet = guards.locked(sheet)
    allowed = (
        sheet.status == TimesheetStatus.SUBMITTED
        and policies.may_validate(actor, sheet)
    ) or (
        sheet.status == TimesheetStatus.VALIDATED and policies.may_certify(actor, sheet)
    )
    guards.refuse_unless(
        allowed,
        actor,
        sheet,
        "timesheet.return",
        "Only the timekeeper (once submitted) or the supervisor (once "
        "validated) returns this timesheet.",
    )
    reason = reason.strip()
    if not reason:
        raise Refused({"reason": "Say why the timesheet is returned."})
    _step(
        sheet,
        Action.RETURNED,
        actor,
        reason=reason,
        status=TimesheetStatus.OPEN,
        submitted_by=None,
        submitted_at=None,
        validated_by=None,
        validated_at=None,
    )
    _tell([sheet.employee.user], sheet, f"Timesheet returned: {sheet}.")
    return sheet


@transaction.atomic
def amend(*, actor, sheet: Timesheet, reason: str) -> Timesheet:
    """Open a corrected version of a certified timesheet, a copy of its
    days and entries; the certified one stays as it was, superseded."""
    sheet = guards.locked(sheet)
    guards.refuse_unless(
        sheet.is_certified
        and not sheet.superseded_at
        and policies.may_amend(actor, sheet),
        actor,
        sheet,
        "timesheet.amend",
        "Only a certified, current timesheet can be amended, by the employee's "
        "supervisors or the station's timekeepers; the employee asks them.",
    )
    reason = reason.strip()
    if not reason:
        raise Refused({"reason": "Say what the amendment corrects."})
    now = timezone.now()
    sheet.superseded_at = now
    sheet._history_user = actor
    sheet.save(update_fields=["superseded_at"])
    amended = Timesheet(
        employee=sheet.employee,
        pay_period=sheet.pay_period,
        station=sheet.station,
        overtime_level=sheet.overtime_level,
        version=sheet.version + 1,
        amends=sheet,
        created_at=now,
    )
    amended._history_user = actor
    amended.save()
    create_with_history(
        ScheduledDay, [_copy(day, amended) for day in sheet.days.all()], user=actor
    )
    create_with_history(
        TimeEntry, [_copy(entry, amended) for entry in sheet.entries.all()], user=actor
    )
    TimesheetStep.objects.create(
        timesheet=amended, action=Action.AMENDED, actor=actor, reason=reason
    )
    logger.info("Timesheet %s amended as %s", sheet.pk, amended.pk)
    _tell_of_amendment(amended, policies.standing(actor, sheet))
    return amended


def _tell_of_amendment(amended, seen) -> None:
    """The employee learns that their certified timesheet was reopened; the
    timekeepers, whose payroll file waits for the amended version, learn it
    too when a supervisor reopened it. The reason stays in the timesheet's
    history, not in a notification that may go out by e-mail."""
    text = f"Timesheet amended, the certified version superseded: {amended}."
    told = [amended.employee.user]
    if not seen.is_timekeeper:
        told += [user for user in _timekeepers(amended) if user not in told]
    _tell(told, amended, text)


def _copy(row, amended):
    row.pk = None
    row.id = None
    row.timesheet = amended
    row._state.adding = True
    return row


def _require(sheet, status, done: str) -> None:
    if sheet.status != status:
        raise Refused(
            {
                "status": f"A timesheet that is {sheet.get_status_display().lower()} "
                f"cannot be {done}."
            }
        )
