"""The G-481 pages: the stations' days, a day with its lines edited in
place, the overrides of zones short of their minimum, the printed daily
roster, the runs that build the days, and who is on shift now."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from bpets import clock, pdf
from scheduling import g259, g481, g481_call_in, g481_changes, g481_display
from scheduling.g259_forms import ReasonForm
from scheduling.g481_forms import CallInForm, EntryForm
from scheduling.models import DailyEntry, DailyRun, DailySchedule
from security import audit
from security.models import OrganizationUnit
from security.rate_limits import rate_limited

CHANGES_PER_PAGE = 50
PRINT_CONTENT = "scheduling/g481/_printed.html"


def _daily(request, daily_pk) -> DailySchedule:
    daily = get_object_or_404(
        DailySchedule.objects.select_related("station__parent", "schedule"),
        pk=daily_pk,
    )
    if not g481.may_read(request.user, daily.station):
        raise PermissionDenied(
            "Only the station's scheduling supervisors and administrators see its "
            "G-481."
        )
    return daily


def days(request):
    """The G-481s of the stations the user schedules, a week back and two
    ahead."""
    stations = list(g259.stations_read_by(request.user).order_by("name"))
    if not stations:
        raise PermissionDenied("You schedule no station.")
    table = [
        {"station": station, "days": g481.days_around(station, clock.today_at(station))}
        for station in stations
    ]
    return render(request, "scheduling/g481/days.html", {"table": table})


def day(request, daily_pk):
    return _render_day(request, _daily(request, daily_pk))


def _render_day(request, daily, *, notice=None, status=200):
    loaded = g481.load(daily)
    context = {
        "daily": daily,
        "day": loaded,
        "entries": g481_display.present(loaded, viewer=request.user),
        "may_edit": g481.may_edit(request.user, daily.station),
        "notice": notice,
    }
    template = (
        "scheduling/g481/_body.html"
        if request.headers.get("HX-Request")
        else "scheduling/g481/day.html"
    )
    return render(request, template, context, status=status)


def entry(request, daily_pk, entry_pk):
    """A line's editor: beside the day (htmx), or a page of its own."""
    daily = _daily(request, daily_pk)
    line = get_object_or_404(
        DailyEntry.objects.select_related("employee"), pk=entry_pk, daily=daily
    )
    if request.method != "POST":
        form = EntryForm(
            station=daily.station,
            initial={
                "on_duty": line.on_duty,
                "activity": line.activity_id,
                "sub_activity": line.sub_activity_id,
                "zone": line.zone_id,
                "vehicle": line.vehicle_id,
                "remarks": line.remarks,
                **g481_display.local_times(line, daily.station),
            },
        )
        return _render_entry(request, daily, line, form, line.version)

    form = EntryForm(request.POST, station=daily.station)
    version = request.POST.get("version", "")

    def refused(text, status):
        return _render_entry(
            request, daily, line, form, version, notice=("error", text), status=status
        )

    if not form.is_valid() or not version.isdigit():
        return refused("Not saved: correct what is marked.", 400)
    try:
        g481.change_entry(
            actor=request.user,
            daily=daily,
            entry_pk=line.pk,
            version=int(version),
            change=form.change(),
        )
    except g481.StaleEdit as stale:
        now = g481_display.present(g481.load(daily), viewer=request.user)
        current = next(item for item in now if item.entry.pk == line.pk)
        return refused(
            f"{stale} Now: {current.name}, {current.shift}, zone "
            f"{current.zone or 'none'}, vehicle {current.vehicle or 'none'}.",
            409,
        )
    except g481.VehicleRefusal as refusal:
        # Said once, beside the vehicle.
        form.add_error("vehicle", refusal.message)
        return refused("Not saved: correct what is marked.", 409)
    except g481.Blocked as blocked:
        return refused(str(blocked), 409)
    except ValidationError as error:
        return refused("Not saved. " + " ".join(error.messages), 400)

    text = f"{line.employee.last_name}, {line.employee.first_name}: saved."
    if request.headers.get("HX-Request"):
        return _render_day(request, daily, notice=("success", text))
    messages.success(request, text)
    return redirect("scheduling:g481", daily.pk)


def _call_in_form(daily, data=None) -> CallInForm:
    return CallInForm(
        data,
        station=daily.station,
        candidates=g481_call_in.candidates(daily),
        auto_id="call-in-%s",
    )


def call_in(request, daily_pk):
    """Someone off on the G-259 called in to work the day: the form beside
    the day (htmx) or on a page of its own, and its answer."""
    daily = _daily(request, daily_pk)
    if request.method != "POST":
        g481.check_may_edit(request.user, daily)
        return _render_call_in(request, daily, _call_in_form(daily))
    form = _call_in_form(daily, request.POST)

    def refused(text, status):
        return _render_call_in(
            request, daily, form, notice=("error", text), status=status
        )

    if not form.is_valid():
        return refused("Not called in: correct what is marked.", 400)
    employee = form.cleaned_data["employee"]
    try:
        g481_call_in.call_in(
            actor=request.user, daily=daily, employee=employee, change=form.change()
        )
    except g481.VehicleRefusal as refusal:
        # Said once, beside the vehicle.
        form.add_error("vehicle", refusal.message)
        return refused("Not called in: correct what is marked.", 409)
    except ValidationError as error:
        form.add_error(None, error)
        return refused("Not called in: correct what is marked.", 400)

    text = f"{employee.last_name}, {employee.first_name}: called in."
    if request.headers.get("HX-Request"):
        return _render_day(request, daily, notice=("success", text))
    messages.success(request, text)
    return redirect("scheduling:g481", daily.pk)


def _render_call_in(request, daily, form, *, notice=None, status=200):
    # On a page of its own there is no day to post into: a plain form.
    in_place = bool(request.headers.get("HX-Request"))
    template = (
        "scheduling/g481/_call_in.html" if in_place else "scheduling/g481/call_in.html"
    )
    context = {"daily": daily, "form": form, "notice": notice, "in_place": in_place}
    response = render(request, template, context, status=status)
    if in_place and request.method == "POST":
        # A refusal stays in the editor, next to what was typed.
        response["HX-Retarget"] = "#entry-editor"
        response["HX-Reswap"] = "innerHTML"
    return response


def _render_entry(request, daily, line, form, version, *, notice=None, status=200):
    # On a page of its own there is no day to post into: a plain form.
    in_place = bool(request.headers.get("HX-Request"))
    template = (
        "scheduling/g481/_entry_editor.html"
        if in_place
        else "scheduling/g481/entry.html"
    )
    context = {
        "daily": daily,
        "line": line,
        "form": form,
        "version": version,
        "notice": notice,
        "in_place": in_place,
    }
    response = render(request, template, context, status=status)
    if in_place and request.method == "POST":
        # A refusal stays in the editor, next to what was typed.
        response["HX-Retarget"] = "#entry-editor"
        response["HX-Reswap"] = "innerHTML"
    return response


def override(request, daily_pk):
    daily = _daily(request, daily_pk)
    if request.method != "POST":
        return redirect("scheduling:g481", daily.pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the schedule stays as it is.")
        g481.override(
            actor=request.user,
            daily=daily,
            key=request.POST.get("key", ""),
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return _render_day(
            request, daily, notice=("error", " ".join(error.messages)), status=400
        )
    text = "The warning is overridden; your reason is recorded."
    if request.headers.get("HX-Request"):
        return _render_day(request, daily, notice=("success", text))
    messages.success(request, text)
    return redirect("scheduling:g481", daily.pk)


def _print_context(request, daily) -> dict:
    loaded = g481.load(daily)
    return {
        "daily": daily,
        "day": loaded,
        "entries": g481_display.present(loaded, viewer=request.user),
        "title": f"G-481 {daily.station.name} {daily.day:%Y-%m-%d}",
        "printed_at": timezone.now(),
    }


def _audit_print(request, daily, context, form: str) -> None:
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=daily,
        details={
            "module": "scheduling",
            "document": "G-481",
            "format": form,
            "rows": len(context["entries"]),
        },
    )


@rate_limited("export")
def printed(request, daily_pk):
    daily = _daily(request, daily_pk)
    context = _print_context(request, daily)
    _audit_print(request, daily, context, "html")
    return render(request, "scheduling/g481/print.html", context)


@rate_limited("export")
def printed_pdf(request, daily_pk):
    daily = _daily(request, daily_pk)
    context = _print_context(request, daily)
    document = pdf.render(
        PRINT_CONTENT,
        context,
        title=context["title"],
        stylesheets=("css/reports.css",),
        request=request,
    )
    _audit_print(request, daily, context, "pdf")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="g481-{daily.station_id}-{daily.day:%Y%m%d}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


def changes(request, daily_pk):
    """Who changed which line of the day, when, from what to what; a look
    at the people's schedules, audited with whose changes it showed."""
    daily = _daily(request, daily_pk)
    page = Paginator(g481_changes.of_day(daily), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = g481_changes.shown(page.object_list, daily.station)
    audit.record(
        audit.Kind.PERSONAL_DATA_VIEWED,
        request=request,
        target=daily,
        details={
            "page": "G-481 changes",
            "groups": ["work"],
            "employees": sorted({row["employee_id"] for row in rows}),
        },
        source="scheduling:g481-changes",
    )
    return render(
        request,
        "scheduling/g481/changes.html",
        {"daily": daily, "page": page, "entries": rows},
    )


def run(request, daily_run_pk):
    found = get_object_or_404(
        DailyRun.objects.select_related("schedule__station", "schedule__pay_period"),
        pk=daily_run_pk,
    )
    if not g481.may_read(request.user, found.schedule.station):
        raise PermissionDenied(
            "Only the station's scheduling supervisors see its runs."
        )
    return render(request, "scheduling/g481/run.html", {"run": found})


def on_shift_stations(request):
    stations = list(g481.stations_on_shift_for(request.user).order_by("name"))
    if not stations:
        raise PermissionDenied("You dispatch for no station.")
    if len(stations) == 1:
        return redirect("scheduling:on-shift", stations[0].pk)
    return render(
        request, "scheduling/g481/on_shift_stations.html", {"stations": stations}
    )


def on_shift(request, station_pk):
    station = get_object_or_404(
        OrganizationUnit.objects.select_related("parent"),
        pk=station_pk,
        kind=OrganizationUnit.Kind.STATION,
    )
    if not g481.may_see_on_shift(request.user, station):
        raise PermissionDenied(
            "Only the station's dispatchers and supervisors see this."
        )
    now = timezone.now()
    context = {
        "station": station,
        "people": g481_display.on_shift(g481.on_shift(station, now), station),
        "now": now,
        "local_now": g481_display.local_clock(now, station),
        "refresh_url": reverse("scheduling:on-shift", args=[station.pk]),
    }
    template = (
        "scheduling/g481/_on_shift.html"
        if request.headers.get("HX-Request")
        else "scheduling/g481/on_shift.html"
    )
    return render(request, template, context)
