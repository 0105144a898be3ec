"""The station's side of the timesheets: starting their initialization,
following its run, the payroll file of a certified pay period, and the
record of GAO audits (records administrators), which shortens how long an
audited period's records are kept."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from bpets.forms import DesignSystemFormMixin
from scheduling import pay_periods
from scheduling import services as scheduling_services
from scheduling.models import PayPeriod, Schedule
from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit
from security.rate_limits import rate_limited
from staffing import privacy
from staffing import selectors as staffing_selectors
from timesheet import initialization, payroll_export, policies
from timesheet.models import GaoAudit, InitializationRun
from timesheet.validation import Refused


class InitializeForm(DesignSystemFormMixin, forms.Form):
    station = forms.ModelChoiceField(queryset=OrganizationUnit.objects.none())
    pay_period = forms.ModelChoiceField(queryset=PayPeriod.objects.none())

    def __init__(self, *args, stations, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["pay_period"].queryset = periods

    def clean(self):
        cleaned = super().clean()
        station, pay_period = cleaned.get("station"), cleaned.get("pay_period")
        if station is None or pay_period is None:
            return cleaned
        # The days are read from the finalized G-259: made from a draft,
        # every day would read as a day off, and a later run keeps a day
        # it has already made.
        schedule = Schedule.objects.filter(
            station=station, pay_period=pay_period
        ).first()
        if schedule is None or not schedule.is_finalized:
            state = "has no G-259" if schedule is None else "has a draft G-259"
            self.add_error(
                "pay_period",
                f"{station.name} {state} for {pay_period}: its timesheets are "
                "made from the finalized G-259. Finalize it first.",
            )
        return cleaned


def _kept_stations(user):
    reach = security_policies.reach(user, "timesheet", "timekeeper")
    return OrganizationUnit.objects.filter(
        pk__in=reach, kind=OrganizationUnit.Kind.STATION
    ).order_by("name")


def _periods_around(user):
    current = pay_periods.containing(staffing_selectors.today_of(user))
    rows = [
        scheduling_services.pay_period_row(period.start)
        for period in (current, pay_periods.following(current))
    ]
    return PayPeriod.objects.filter(pk__in=[row.pk for row in rows])


def initialize(request):
    stations = _kept_stations(request.user)
    if not stations.exists():
        raise PermissionDenied("Only a station's timekeepers make its timesheets.")
    form = InitializeForm(
        request.POST or None, stations=stations, periods=_periods_around(request.user)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            run = initialization.start(
                form.cleaned_data["pay_period"],
                station=form.cleaned_data["station"],
                started_by=request.user,
            )
        return redirect("timesheet:run", run.pk)
    runs = InitializationRun.objects.filter(station__in=stations).select_related(
        "station", "pay_period"
    )[:10]
    return render(request, "timesheet/initialize.html", {"form": form, "runs": runs})


def run(request, pk):
    found = get_object_or_404(
        InitializationRun.objects.select_related("station", "pay_period", "started_by"),
        pk=pk,
    )
    if found.station_id not in security_policies.reach(
        request.user, "timesheet", "timekeeper"
    ):
        raise PermissionDenied("Only the station's timekeepers follow its runs.")
    return render(request, "timesheet/run.html", {"run": found})


class GaoAuditForm(forms.ModelForm):
    class Meta:
        model = GaoAudit
        fields = ["pay_period", "completed_on", "reference"]
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"})}


def gao_audits(request):
    if not security_policies.is_records_administrator(request.user):
        raise PermissionDenied("Only records administrators record GAO audits.")
    form = GaoAuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = form.save(commit=False)
        recorded.recorded_by = request.user
        recorded._history_user = request.user
        recorded.save()
        messages.success(request, "The GAO audit is recorded.")
        return redirect("timesheet:gao-audits")
    return render(
        request,
        "timesheet/gao_audits.html",
        {
            "form": form,
            "audits": GaoAudit.objects.select_related("pay_period", "recorded_by"),
        },
    )


class PayrollForm(forms.Form):
    station = forms.ModelChoiceField(queryset=OrganizationUnit.objects.none())
    pay_period = forms.ModelChoiceField(queryset=PayPeriod.objects.none())

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        # The pay periods these stations keep timesheets of.
        self.fields["pay_period"].queryset = (
            PayPeriod.objects.filter(timesheets__station__in=stations)
            .distinct()
            .order_by("-start_date")
        )


def payroll(request):
    """The station's certified pay period as the payroll file: timekeepers
    who are personnel over the station, each download audited."""
    stations = OrganizationUnit.objects.filter(
        pk__in=policies.payroll_stations(request.user),
        kind=OrganizationUnit.Kind.STATION,
    ).order_by("name")
    if not stations.exists():
        raise PermissionDenied(
            f"The payroll file is downloaded by {policies.PAYROLL_DOWNLOADERS}."
        )
    form = PayrollForm(request.GET or None, stations=stations)
    if not request.GET or not form.is_valid():
        return render(request, "timesheet/payroll.html", {"form": form})
    return _payroll_file(request, form)


@rate_limited("export")
def _payroll_file(request, form):
    station = form.cleaned_data["station"]
    pay_period = form.cleaned_data["pay_period"]
    try:
        text, people = payroll_export.build(request.user, station, pay_period)
    except Refused as refused:
        form.add_error(None, str(refused))
        return render(request, "timesheet/payroll.html", {"form": form}, status=409)
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=station,
        details={
            "module": "timesheet",
            "document": "payroll file",
            "pay_period": pay_period.pk,
            "employees": len(people),
        },
    )
    # Each hash ID in the file is a look at that person's identity group,
    # listed on their "Who has seen my information" as a profile export is.
    audit.record(
        audit.Kind.PERSONAL_DATA_VIEWED,
        request=request,
        details={
            "employees": {str(employee.pk): [privacy.IDENTITY] for employee in people},
            "pay_period": pay_period.pk,
        },
        source="timesheet:payroll",
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="payroll-{station.pk}-'
        f'{pay_period.year}-{pay_period.number:02d}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response
