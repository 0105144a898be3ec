"""The timesheet pages: one's own timesheets, those to validate or
certify, a timesheet with its days edited in place, its workflow steps and
its print-out. Views stay thin: the services decide."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from bpets.views import ModuleLandingView
from scheduling import pay_periods
from scheduling import services as scheduling_services
from scheduling.models import PayPeriod
from security import policies as security_policies
from staffing import policies as staffing_policies
from staffing import selectors as staffing_selectors
from timesheet import display, entries, policies, selectors, workflow
from timesheet.entries import zone_of
from timesheet.forms import CloseShiftForm, EntryForm, ReasonForm, SubmitForm
from timesheet.models import Timesheet, TimesheetStatus
from timesheet.validation import Refused


class Landing(ModuleLandingView):
    """The timesheet module's landing page: each way in its reader may take."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["has_employee_record"] = staffing_policies.employee_of(user) is not None
        context["keeps_timesheets"] = bool(selectors.stations_kept_by(user))
        context["is_timekeeper"] = security_policies.holds_role(
            user, "timesheet", "timekeeper"
        )
        context["downloads_payroll"] = bool(policies.payroll_stations(user))
        context["imports_payroll_extract"] = policies.may_import_payroll_extract(user)
        context["is_records_administrator"] = (
            security_policies.is_records_administrator(user)
        )
        return context


def mine(request):
    return render(
        request,
        "timesheet/mine.html",
        {"timesheets": selectors.my_timesheets(request.user)},
    )


def _period_asked(request) -> PayPeriod:
    asked = request.GET.get("period", "")
    if asked.isdigit():
        return get_object_or_404(PayPeriod, pk=int(asked))
    current = pay_periods.containing(staffing_selectors.today_of(request.user))
    return scheduling_services.pay_period_row(current.start)


def to_act_on(request):
    if not selectors.stations_kept_by(request.user):
        raise PermissionDenied("You validate or certify no timesheets.")
    period = _period_asked(request)
    sheets = list(selectors.to_act_on(request.user, period))
    return render(
        request,
        "timesheet/to_act_on.html",
        {
            "period": period,
            "timesheets": sheets,
            "previous": _neighbour(period, -1),
            "following": _neighbour(period, 1),
        },
    )


def _neighbour(period: PayPeriod, step: int) -> PayPeriod | None:
    if step < 0:
        return PayPeriod.objects.filter(start_date__lt=period.start_date).last()
    return PayPeriod.objects.filter(start_date__gt=period.start_date).first()


def timesheet(request, pk):
    sheet = selectors.visible_timesheet(request, pk)
    return _render(request, sheet)


def day_editor(request, pk, day):
    sheet = selectors.visible_timesheet(request, pk)
    on = _day_of(sheet, day)
    return _render(request, sheet, editing=on)


def _day_of(sheet, day: str) -> date:
    try:
        on = date.fromisoformat(day)
    except ValueError:
        raise Http404("No such day.") from None
    if not sheet.pay_period.start_date <= on <= sheet.pay_period.end_date:
        raise Http404("No such day on this timesheet.")
    return on


def entry_add(request, pk):
    sheet = selectors.visible_timesheet(request, pk)
    if request.method != "POST":
        return redirect("timesheet:timesheet", sheet.pk)
    seen = policies.standing(request.user, sheet)
    form = EntryForm(
        request.POST, zone=zone_of(sheet), supervisor=seen.is_chain_supervisor
    )
    on = form.data.get("day", "")
    editing = _editing_day(sheet, on)
    if not form.is_valid():
        return _render(request, sheet, editing=editing, entry_form=form, status=400)
    try:
        entries.add_entry(actor=request.user, sheet=sheet, proposed=form.proposed())
    except Refused as refused:
        _add_errors(form, refused)
        return _render(request, sheet, editing=editing, entry_form=form, status=400)
    return _done(request, sheet, "Entry added.", editing=form.cleaned_data["day"])


def _editing_day(sheet, text: str) -> date:
    try:
        on = date.fromisoformat(text)
    except ValueError:
        return sheet.pay_period.start_date
    period = sheet.pay_period
    return on if period.start_date <= on <= period.end_date else period.start_date


def _add_errors(form, refused: Refused) -> None:
    for name, message in refused.errors.items():
        form.add_error(name if name in form.fields else None, message)


def entry_remove(request, pk, entry_pk):
    sheet = selectors.visible_timesheet(request, pk)
    if request.method != "POST":
        return redirect("timesheet:timesheet", sheet.pk)
    entry = sheet.entries.filter(pk=entry_pk).first()
    editing = entry.day if entry else None
    try:
        entries.remove_entry(actor=request.user, sheet=sheet, entry_pk=entry_pk)
    except Refused as refused:
        return _render(
            request, sheet, notice=("error", str(refused)), editing=editing, status=409
        )
    return _done(request, sheet, "Entry removed.", editing=editing)


def shift_close(request, pk, day_pk):
    sheet = selectors.visible_timesheet(request, pk)
    scheduled = get_object_or_404(sheet.days, pk=day_pk)
    if request.method != "POST":
        return redirect("timesheet:day", sheet.pk, scheduled.day.isoformat())
    form = CloseShiftForm(request.POST, day=scheduled.day, zone=zone_of(sheet))
    if not form.is_valid():
        return _render(
            request, sheet, editing=scheduled.day, close_form=form, status=400
        )
    start, end = form.cleaned_data["instants"]
    try:
        entries.close_shift(
            actor=request.user, sheet=sheet, day_pk=scheduled.pk, start=start, end=end
        )
    except Refused as refused:
        _add_errors(form, refused)
        return _render(
            request, sheet, editing=scheduled.day, close_form=form, status=400
        )
    return _done(request, sheet, "Shift closed.", editing=scheduled.day)


STEPS = {
    "validate": workflow.validate,
    "certify": workflow.certify,
}


def step(request, pk):
    """Submit, validate, return, certify or amend."""
    sheet = selectors.visible_timesheet(request, pk)
    if request.method != "POST":
        return redirect("timesheet:timesheet", sheet.pk)
    action = request.POST.get("action", "")
    reason = ReasonForm(request.POST)
    reason.is_valid()
    text = reason.cleaned_data.get("reason", "")
    try:
        if action == "submit":
            attest = SubmitForm(request.POST)
            attest.is_valid()
            workflow.submit(
                actor=request.user,
                sheet=sheet,
                attested=attest.cleaned_data.get("attest", False),
            )
        elif action == "return":
            workflow.send_back(actor=request.user, sheet=sheet, reason=text)
        elif action == "amend":
            amended = workflow.amend(actor=request.user, sheet=sheet, reason=text)
            messages.success(request, "An amended version is open for correction.")
            return redirect("timesheet:timesheet", amended.pk)
        elif action in STEPS:
            STEPS[action](actor=request.user, sheet=sheet)
        else:
            return _render(
                request, sheet, notice=("error", "Unknown step."), status=400
            )
    except Refused as refused:
        return _render(
            request, sheet, notice=("error", str(refused)), reason=text, status=409
        )
    messages.success(request, _DONE[action])
    return redirect("timesheet:timesheet", sheet.pk)


_DONE = {
    "submit": "Timesheet submitted to the timekeeper.",
    "validate": "Timesheet validated; the supervisor may certify it.",
    "return": "Timesheet returned to the employee.",
    "certify": "Timesheet certified for payroll.",
}


def _done(request, sheet, text, *, editing=None):
    if request.headers.get("HX-Request"):
        return _render(request, sheet, notice=("success", text), editing=editing)
    messages.success(request, text)
    if editing is not None:
        return redirect("timesheet:day", sheet.pk, editing.isoformat())
    return redirect("timesheet:timesheet", sheet.pk)


def _render(
    request,
    sheet: Timesheet,
    *,
    editing: date | None = None,
    entry_form=None,
    close_form=None,
    notice=None,
    reason="",
    status=200,
):
    sheet = selectors.with_people().get(pk=sheet.pk)
    loaded = selectors.load(request.user, sheet)
    selectors.record_look(request, sheet, "timesheet:timesheet")
    user = request.user
    seen = policies.standing(user, sheet)
    context = {
        "sheet": sheet,
        "loaded": loaded,
        "rows": display.day_rows(loaded),
        **selectors.shown_totals(loaded),
        "notice": notice,
        "reason": reason,
        "whole_period": seen.sees_whole_period,
        "may_enter": policies.may_enter(user, sheet),
        "may_submit": policies.may_submit(user, sheet),
        "may_validate": policies.may_validate(user, sheet)
        and sheet.status == TimesheetStatus.SUBMITTED,
        "may_certify": policies.may_certify(user, sheet)
        and sheet.status == TimesheetStatus.VALIDATED,
        "may_amend": policies.may_amend(user, sheet)
        and sheet.is_certified
        and not sheet.superseded_at,
    }
    if editing is not None and context["may_enter"] and editing in loaded.visible:
        context["editor"] = _editor(
            sheet, loaded, editing, seen, entry_form, close_form
        )
    template = (
        "timesheet/_body.html"
        if request.headers.get("HX-Request")
        else "timesheet/timesheet.html"
    )
    return render(request, template, context, status=status)


def _editor(sheet, loaded, on: date, seen, entry_form, close_form) -> dict:
    zone = zone_of(sheet)
    scheduled = next(day for day in loaded.days if day.day == on)
    if entry_form is None:
        entry_form = EntryForm(
            zone=zone,
            supervisor=seen.is_chain_supervisor,
            initial={"day": on.isoformat()},
        )
    if close_form is None and scheduled.has_shift:
        close_form = CloseShiftForm(
            day=on,
            zone=zone,
            initial={
                "actual_start": display.clock(
                    scheduled.actual_start or scheduled.scheduled_start, zone
                ),
                "actual_end": display.clock(
                    scheduled.actual_end or scheduled.scheduled_end, zone
                ),
            },
        )
    row = next((row for row in display.day_rows(loaded) if row.day == on), None)
    return {
        "day": on,
        "scheduled": scheduled,
        "row": row,
        "entry_form": entry_form,
        "close_form": close_form,
    }
