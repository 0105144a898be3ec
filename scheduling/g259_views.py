"""The G-259 pages: the stations' schedules, the grid and its edits, the
conflicts and their overrides, finalizing, the printed schedule, the
history of changes, and the initialization runs."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bpets import pdf
from scheduling import g259, g259_display, initialization, pay_periods, services
from scheduling.g259_forms import CellChangeForm, InitializeForm, ReasonForm
from scheduling.models import InitializationRun, PayPeriod, Schedule, ScheduleCell
from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit
from security.rate_limits import rate_limited
from staffing import selectors as staffing_selectors

HISTORY_PER_PAGE = 50
PRINT_CONTENT = "scheduling/g259/_printed.html"


def _schedule(request, schedule_pk) -> Schedule:
    schedule = get_object_or_404(
        Schedule.objects.select_related(
            "station__parent", "pay_period", "finalized_by"
        ),
        pk=schedule_pk,
    )
    if not g259.may_read(request.user, schedule.station):
        # Out of reach reads as missing, as for every other record: the
        # answer must not tell which ids exist elsewhere.
        raise Http404("No such G-259.")
    return schedule


def schedules(request):
    """The G-259s of the stations the user schedules, around today."""
    stations = list(
        g259.stations_read_by(request.user).order_by("parent__name", "name")
    )
    if not stations:
        raise PermissionDenied("You schedule no station.")
    current = pay_periods.containing(staffing_selectors.today_of(request.user))
    periods = [
        services.pay_period_row(period.start)
        for period in _around(current, before=1, after=2)
    ]
    existing = {
        (schedule.station_id, schedule.pay_period_id): schedule
        for schedule in Schedule.objects.filter(
            station__in=stations, pay_period__in=periods
        )
    }
    table = [
        {
            "station": station,
            "schedules": [existing.get((station.pk, period.pk)) for period in periods],
        }
        for station in stations
    ]
    administered = _administered(request.user)
    form = InitializeForm(
        stations=administered,
        pay_periods=PayPeriod.objects.filter(pk__in=[p.pk for p in periods]),
        initial={"pay_period": periods[2]},
    )
    return render(
        request,
        "scheduling/g259/schedules.html",
        {
            "periods": periods,
            "table": table,
            "current": periods[1],
            "form": form if administered.exists() else None,
            "runs": _runs_to_open(administered),
        },
    )


def _runs_to_open(administered, count=5) -> list:
    """The latest runs the administrator may open: those over their
    stations only (a national run lists every station's outcome)."""
    stations = set(administered.values_list("pk", flat=True))
    if not stations:
        return []
    recent = InitializationRun.objects.select_related("pay_period", "station")[:50]
    return [run for run in recent if {int(key) for key in run.stations} <= stations][
        :count
    ]


def _around(current, *, before, after):
    periods = [current]
    for _ in range(after):
        periods.append(pay_periods.following(periods[-1]))
    earlier = current
    for _ in range(before):
        earlier = pay_periods.containing(earlier.start - timedelta(days=1))
        periods.insert(0, earlier)
    return periods


def _administered(user):
    reached = security_policies.reach(user, "scheduling", "scheduling_administrator")
    return OrganizationUnit.objects.filter(
        pk__in=reached, kind=OrganizationUnit.Kind.STATION
    ).order_by("parent__name", "name")


def grid(request, schedule_pk):
    schedule = _schedule(request, schedule_pk)
    return _render_grid(request, schedule)


def _render_grid(
    request,
    schedule,
    *,
    notice=None,
    form=None,
    ticked=(),
    status=200,
    close_editor=False,
):
    """The grid page, or its body for htmx; ``ticked``: the tokens of the
    cells to show ticked, as a refused change of a selection left them."""
    loaded = g259.load(schedule)
    may_edit = g259.may_edit(request.user, schedule.station) and not (
        schedule.is_finalized
    )
    context = {
        "schedule": schedule,
        "grid": g259_display.present(
            loaded,
            viewer=request.user,
            cell_url=reverse("scheduling:g259-cell", args=[schedule.pk, 0]),
            editable=may_edit,
            ticked=frozenset(ticked),
        ),
        "may_edit": may_edit,
        "may_reopen": schedule.is_finalized
        and g259.may_reopen(request.user, schedule.station),
        "form": form or CellChangeForm(station=schedule.station, many=True),
        "notice": notice,
        "close_editor": close_editor,
        # Finalizing builds the G-481s: the latest run shows how far it got.
        "daily_run": schedule.daily_runs.first() if schedule.is_finalized else None,
    }
    template = (
        "scheduling/g259/_body.html"
        if request.headers.get("HX-Request")
        else "scheduling/g259/grid.html"
    )
    return render(request, template, context, status=status)


@require_POST
def change_cells(request, schedule_pk):
    """One change for every selected cell (the grid's form)."""
    schedule = _schedule(request, schedule_pk)
    form = CellChangeForm(request.POST, station=schedule.station, many=True)
    return _change(request, schedule, form, request.POST.getlist("cells"))


def cell(request, schedule_pk, cell_pk):
    """One cell's editor: in place on the grid, or a page of its own."""
    schedule = _schedule(request, schedule_pk)
    cell = get_object_or_404(
        ScheduleCell.objects.select_related("row__employee"),
        pk=cell_pk,
        row__schedule=schedule,
    )
    if request.method == "POST":
        form = CellChangeForm(request.POST, station=schedule.station, prefix="cell")
        token = request.POST.get("token", "")
        if request.headers.get("HX-Request"):
            # The editor stays open with what was typed; the grid says why.
            return _change(request, schedule, form, [token], form_shown=False)
        return _change(
            request,
            schedule,
            form,
            [token],
            refused=lambda notice, status: _render_cell(
                request, schedule, cell, form, token, notice=notice, status=status
            ),
        )

    # The shift as its times, or else its template: the form refuses both
    # at once, so prefilling both would refuse the editor saved as opened.
    # Times typed find their template again when saved.
    shift = g259_display.local_times(cell, schedule.station) or {
        "shift_template": cell.shift_template_id
    }
    form = CellChangeForm(
        station=schedule.station,
        prefix="cell",
        initial={
            "status": cell.status,
            "leave_type": cell.leave_type,
            "activity": cell.activity_id,
            "sub_activity": cell.sub_activity_id,
            "remarks": cell.remarks,
            **shift,
        },
    )
    return _render_cell(request, schedule, cell, form, f"{cell.pk}:{cell.version}")


def _render_cell(request, schedule, cell, form, token, *, notice=None, status=200):
    # Beside the grid the editor posts by htmx into the grid's body; on a
    # page of its own there is no grid, so it posts as a plain form.
    in_place = bool(request.headers.get("HX-Request"))
    template = (
        "scheduling/g259/_cell_editor.html" if in_place else "scheduling/g259/cell.html"
    )
    return render(
        request,
        template,
        {
            "schedule": schedule,
            "cell": cell,
            "form": form,
            "token": token,
            "notice": notice,
            "in_place": in_place,
        },
        status=status,
    )


def _change(request, schedule, form, tokens, *, refused=None, form_shown=True):
    """Apply a form's change; a refusal changes nothing and says why, with
    the form as it was typed (``refused`` renders it, or the grid does).
    Unless ``form_shown`` is False (the editor beside the grid stays as it
    was), the form is shown again and marks its own errors."""
    if refused is None:

        def refused(notice, status):
            if form.prefix is not None:
                return _render_grid(request, schedule, notice=notice, status=status)
            # The grid's own form: the selection stays ticked.
            return _render_grid(
                request,
                schedule,
                form=form,
                ticked=tokens,
                notice=notice,
                status=status,
            )

    if not form.is_valid():
        if form_shown:
            # Each error once, where the form marks it.
            return refused(("error", "Not saved: correct what is marked."), 400)
        problems = [
            f"{form.fields[name].label or name}: {' '.join(errors)}"
            if name != "__all__"
            else " ".join(errors)
            for name, errors in form.errors.items()
        ]
        return refused(("error", "Not saved. " + " ".join(problems)), 400)
    try:
        seen = g259.parse_tokens(tokens)
        changed = g259.change_cells(
            actor=request.user, schedule=schedule, seen=seen, change=form.change()
        )
    except g259.StaleEdit as stale:
        now = "; ".join(
            g259_display.describe(cell, schedule.station) for cell in stale.cells
        )
        return refused(("error", f"{stale} Now: {now}."), 409)
    except g259.Blocked as blocked:
        return refused(("error", str(blocked)), 409)
    except ValidationError as error:
        return refused(("error", "Not saved. " + " ".join(error.messages)), 400)

    text = f"{len(changed)} cell{'s' if len(changed) != 1 else ''} changed."
    if request.headers.get("HX-Request"):
        return _render_grid(
            request, schedule, notice=("success", text), close_editor=True
        )
    messages.success(request, text)
    return redirect("scheduling:g259", schedule.pk)


@require_POST
def override(request, schedule_pk):
    schedule = _schedule(request, schedule_pk)
    form = ReasonForm(request.POST)
    kind, key = request.POST.get("kind", ""), request.POST.get("key", "")
    try:
        if not form.is_valid():
            raise ValidationError("Say why the schedule stays as it is.")
        g259.override(
            actor=request.user,
            schedule=schedule,
            kind=kind,
            key=key,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return _render_grid(
            request, schedule, notice=("error", " ".join(error.messages)), status=400
        )
    text = "The warning is overridden; your reason is recorded."
    if request.headers.get("HX-Request"):
        return _render_grid(request, schedule, notice=("success", text))
    messages.success(request, text)
    return redirect("scheduling:g259", schedule.pk)


@require_POST
def finalize(request, schedule_pk):
    schedule = _schedule(request, schedule_pk)
    try:
        g259.finalize(actor=request.user, schedule=schedule)
    except ValidationError as error:
        return _render_grid(
            request, schedule, notice=("error", " ".join(error.messages)), status=400
        )
    messages.success(request, "The G-259 is finalized; its G-481s are being built.")
    return redirect("scheduling:g259", schedule.pk)


@require_POST
def reopen(request, schedule_pk):
    schedule = _schedule(request, schedule_pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why the schedule is reopened.")
        g259.reopen(
            actor=request.user, schedule=schedule, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _render_grid(
            request, schedule, notice=("error", " ".join(error.messages)), status=400
        )
    messages.success(request, "The G-259 is open for edits again.")
    return redirect("scheduling:g259", schedule.pk)


@rate_limited("export")
def printed(request, schedule_pk):
    """The G-259 to print or as a PDF: every person's days, leave by type
    among them, so each copy is recorded as an export."""
    schedule = _schedule(request, schedule_pk)
    grid = g259_display.present(g259.load(schedule), viewer=request.user)
    context = {"schedule": schedule, "grid": grid, "printed_at": timezone.now()}
    title = f"G-259 {schedule.station.name} {schedule.pay_period}"
    form = "pdf" if request.GET.get("format") == "pdf" else "html"
    if form == "pdf":
        document = pdf.render(
            PRINT_CONTENT,
            context,
            title=title,
            stylesheets=("css/g259.css",),
            request=request,
        )
        response = HttpResponse(document, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="g259-{schedule.pk}.pdf"'
        )
        response["Cache-Control"] = "no-store"
    else:
        response = render(
            request, "scheduling/g259/print.html", {**context, "title": title}
        )
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=schedule,
        details={
            "module": "scheduling",
            "document": "G-259",
            "format": form,
            "rows": len(grid.rows),
        },
    )
    return response


def changes(request, schedule_pk):
    """What was changed on the G-259, newest first, by whom."""
    schedule = _schedule(request, schedule_pk)
    history = (
        ScheduleCell.history.filter(row__schedule=schedule, history_type="~")
        .select_related("history_user", "row__employee")
        .order_by("-history_date", "-history_id")
    )
    page = Paginator(history, HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "scheduling/g259/changes.html",
        {
            "schedule": schedule,
            "page": page,
            "entries": g259_display.changes(page.object_list, schedule.station),
        },
    )


@require_POST
def start_initialization(request):
    administered = _administered(request.user)
    form = InitializeForm(
        request.POST, stations=administered, pay_periods=PayPeriod.objects.all()
    )
    if not administered.exists():
        raise PermissionDenied("Only scheduling administrators start initializations.")
    if not form.is_valid():
        messages.error(request, "Choose a pay period, and a station or every one.")
        return redirect("scheduling:g259-schedules")
    station = form.cleaned_data["station"]
    run = initialization.start(
        form.cleaned_data["pay_period"],
        [station] if station else list(administered),
        started_by=request.user,
    )
    return redirect("scheduling:g259-run", run.pk)


def run(request, run_pk):
    administered = set(_administered(request.user).values_list("pk", flat=True))
    if not administered:
        raise PermissionDenied("Only scheduling administrators see the runs.")
    run = get_object_or_404(
        InitializationRun.objects.select_related("pay_period", "started_by"), pk=run_pk
    )
    run_stations = {int(key) for key in run.stations}
    if not run_stations <= administered:
        raise PermissionDenied("The run covers stations you do not administer.")
    names = dict(
        OrganizationUnit.objects.filter(pk__in=run_stations).values_list("pk", "name")
    )
    outcomes = [
        {"station": names.get(int(key), key), **outcome}
        for key, outcome in sorted(
            run.stations.items(), key=lambda item: names.get(int(item[0]), "")
        )
    ]
    return render(
        request,
        "scheduling/g259/run.html",
        {
            "run": run,
            "outcomes": outcomes,
            "schedules_url": reverse("scheduling:g259-schedules"),
        },
    )
