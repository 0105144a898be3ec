"""Reads of timesheets, narrowed to what the asking user may see.

A timesheet out of the user's reach reads as missing (404), as a G-259 of
another station does, and the attempt is audited.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from scheduling.models import PayPeriod, ScheduleDefault
from security import audit
from security import policies as security_policies
from staffing import policies as staffing_policies
from timesheet import display, policies, totals
from timesheet.models import PayrollExtractRecord, PayrollExtractRun, Timesheet


def with_people() -> QuerySet:
    """Timesheets with the people and places their pages name."""
    return Timesheet.objects.select_related(
        "employee__user",
        "station",
        "pay_period",
        "submitted_by",
        "validated_by",
        "certified_by",
        "amends",
    )


def visible_timesheet(request, pk: int) -> Timesheet:
    sheet = with_people().filter(pk=pk).first()
    if sheet is None or not policies.may_see(request.user, sheet):
        audit.record(
            audit.Kind.DENIED,
            request=request,
            details={"action": "timesheet.view", "timesheet": pk},
            source="timesheet:timesheet",
        )
        raise Http404("No such timesheet.")
    return sheet


@dataclass
class Loaded:
    """A timesheet with everything its page shows, in a fixed few queries."""

    sheet: Timesheet
    days: list
    entries: list
    steps: list
    visible: set
    totals: object
    amended_by: Timesheet | None
    # False for a station the employee was detailed to: it sees the days of
    # the detail, never the totals, notices or history of the whole period.
    whole_period: bool


def load(user, sheet: Timesheet) -> Loaded:
    days = list(sheet.days.select_related("station").order_by("day"))
    entries = list(sheet.entries.order_by("day", "start", "pk"))
    whole_period = policies.standing(user, sheet).sees_whole_period
    steps = (
        list(sheet.steps.select_related("actor").order_by("at", "pk"))
        if whole_period
        else []
    )
    default = ScheduleDefault.objects.filter(employee_id=sheet.employee_id).first()
    amended_by = Timesheet.objects.filter(amends=sheet).first()
    return Loaded(
        sheet=sheet,
        days=days,
        entries=entries,
        steps=steps,
        visible=policies.visible_days(user, sheet),
        totals=totals.compute(sheet, days, entries, default, totals.day_before(sheet)),
        amended_by=amended_by,
        whole_period=whole_period,
    )


def shown_totals(loaded: Loaded) -> dict:
    """The week and pay period totals and their notices, for the page and
    the print-out; empty for a viewer who sees some days only, as they
    count hours (sick leave, say) of days outside the detail."""
    if not loaded.whole_period:
        return {
            "week_totals": [],
            "code_totals": [],
            "premium_totals": [],
            "flags": [],
        }
    period = loaded.totals.period
    return {
        "week_totals": [
            (display.code_totals(week), display.premium_totals(week))
            for week in loaded.totals.weeks
        ],
        "code_totals": display.code_totals(period),
        "premium_totals": display.premium_totals(period),
        "flags": loaded.totals.flags,
    }


def record_look(request, sheet: Timesheet, source: str, **details) -> None:
    """A look at another person's timesheet is a look at personal data, on
    the page or printed; aimed at the employee, it shows on their "Who has
    seen my information"."""
    if policies.standing(request.user, sheet).is_self:
        return
    audit.record(
        audit.Kind.PERSONAL_DATA_VIEWED,
        request=request,
        target=sheet.employee,
        subject_user_id=sheet.employee.user_id,
        details={"groups": ["timesheet"], "timesheet": sheet.pk, **details},
        source=source,
    )


def my_timesheets(user) -> QuerySet:
    me = staffing_policies.employee_of(user)
    if me is None:
        return Timesheet.objects.none()
    return (
        Timesheet.objects.filter(employee=me)
        .select_related("pay_period", "station")
        .order_by("-pay_period__start_date", "-version")
    )


def stations_kept_by(user) -> set[int]:
    """Stations whose timesheets the user validates or certifies from."""
    return set(security_policies.reach(user, "timesheet", "timekeeper")) | set(
        security_policies.reach(user, "timesheet", "supervisor")
    )


def to_act_on(user, pay_period: PayPeriod) -> QuerySet:
    """Current timesheets of the period the user keeps as timekeeper, or
    certifies as a supervisor in the chain: narrowed in SQL."""
    timekeeping = security_policies.reach(user, "timesheet", "timekeeper")
    me = staffing_policies.employee_of(user)
    chain = Q(employee__supervisor=me) if me is not None else Q(pk__in=[])
    return (
        Timesheet.objects.filter(pay_period=pay_period, superseded_at__isnull=True)
        .filter(Q(station_id__in=timekeeping) | chain)
        .select_related("employee", "station")
        .order_by("station__name", "employee__last_name", "employee__first_name")
    )


def payroll_extract_runs(user) -> QuerySet:
    """The payroll extract runs the user may open: their own, and those
    whose extract holds someone of a station they are personnel over.

    A run that loaded nothing (refused, failed or still running) keeps no
    record of the stations its lines named, so it stays with whoever
    started it; anyone else reads it as missing, since even its file name
    and counts tell of another station's payroll."""
    held = PayrollExtractRecord.objects.filter(
        extract_id=OuterRef("extract_id"),
        employee__duty_station_id__in=policies.payroll_extract_units(user),
    )
    return PayrollExtractRun.objects.filter(Q(started_by=user) | Exists(held))
