"""The fleet pages. Each view gets its station or vehicle through ``access``
and makes one service call; a refusal is shown beside the form, which keeps
what was typed."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from bpets.views import ModuleLandingView
from security import policies as security_policies
from security.models import OrganizationUnit
from security.rate_limits import rate_limited
from vehicles import (
    access,
    assignments,
    exports,
    forms,
    local_time,
    policies,
    selectors,
    services,
)
from vehicles.models import SCHEDULED_SOURCES, Assignment, AssignmentSource

FORM_PAGE = "vehicles/form_page.html"


class VehiclesLandingView(ModuleLandingView):
    app_label = "vehicles"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        administered = security_policies.reach(
            self.request.user, policies.VEHICLES, policies.ADMINISTRATOR
        )
        context["fleets"] = selectors.fleets_listed(self.request.user, administered)
        return context


def _filters(request) -> tuple[forms.FleetFilterForm, dict]:
    form = forms.FleetFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, {name: value for name, value in form.cleaned_data.items() if value}
    return form, {}


def fleet(request, station_pk):
    station = access.station_for(request, station_pk)
    form, filters = _filters(request)
    vehicles = selectors.fleet(station.pk, **filters)
    page = Paginator(vehicles, selectors.FLEET_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "vehicles/fleet.html",
        {
            "station": station,
            "form": form,
            "page": page,
            "query": urlencode(filters),
            "may_administer": policies.may_administer(request.user, station),
        },
    )


@rate_limited("export")
def fleet_export(request, station_pk):
    station = access.station_for(request, station_pk)
    _, filters = _filters(request)
    content = exports.export_fleet(
        request,
        station,
        selectors.fleet(station.pk, **filters),
        "vehicles:fleet-export",
    )
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fleet-{station.pk}.csv"'
    # For use inside the agency only; never cached on the way.
    response["Cache-Control"] = "no-store"
    return response


def vehicle(request, pk):
    found = access.vehicle_for(request, pk)
    page = selectors.vehicle_page(found)
    station = found.station
    now = timezone.now()
    return render(
        request,
        "vehicles/vehicle.html",
        {
            "vehicle": found,
            "page": page,
            "assignments": [
                {
                    "assignment": assignment,
                    "span": local_time.span(
                        assignment.starts_at, assignment.ends_at, station
                    ),
                    "current": assignment in page.current,
                    "may_end": (assignment.ends_at is None or assignment.ends_at > now)
                    and policies.may_assign(request.user, station, assignment.source),
                }
                for assignment in page.assignments
            ],
            "may_administer": policies.may_administer(request.user, station),
            "may_assign": _sources_for(request.user, station) != [],
            "zone": local_time.zone_of(station),
        },
    )


def forbidden(request):
    """The 403 page for a refusal the service has already audited (raising
    PermissionDenied would record it a second time)."""
    return render(request, "403.html", status=403)


def _refused_into(form, refusal: services.VehicleRefused) -> None:
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, refusal.message)


def _invalid_into(form, error: ValidationError) -> None:
    """The record's own errors beside the fields the form has, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def _serve_form(request, template, context, form, act):
    """Render the form; on a valid post, ``act()`` and go to the vehicle."""
    if request.method == "POST" and form.is_valid():
        try:
            done = act(form.cleaned_data)
        except services.AccessRefused:
            return forbidden(request)
        except services.VehicleRefused as refusal:
            _refused_into(form, refusal)
        except ValidationError as error:
            _invalid_into(form, error)
        else:
            return redirect("vehicles:vehicle", pk=done.pk)
    return render(
        request,
        template,
        {**context, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def vehicle_new(request, station_pk):
    station = access.station_for(request, station_pk, change=True)
    form = forms.VehicleForm(
        request.POST or None, initial={"is_marked": True, "vehicle_type": "PICKUP_4X4"}
    )
    return _serve_form(
        request,
        FORM_PAGE,
        {
            "station": station,
            "title": f"New vehicle at {station.name}",
            "intro": "It joins the fleet in service from today.",
            "button": "Enter the vehicle",
        },
        form,
        lambda data: services.vehicle_enter(
            actor=request.user, station=station, values=data
        ),
    )


def vehicle_edit(request, pk):
    found = access.vehicle_for(request, pk, change=True)
    initial = {name: getattr(found, name) for name in services.EDITABLE_FIELDS}
    form = forms.VehicleForm(request.POST or None, initial=initial)

    def act(data):
        services.vehicle_edit(actor=request.user, vehicle=found, changes=data)
        return found

    return _serve_form(
        request,
        FORM_PAGE,
        {
            "vehicle": found,
            "title": f"Change {found.fleet_number}",
            "button": "Save the changes",
        },
        form,
        act,
    )


def _vehicle_form(request, found, form, service, **texts):
    """A form whose fields are the service's own arguments."""

    def act(data):
        service(actor=request.user, vehicle=found, **data)
        return found

    return _serve_form(request, FORM_PAGE, {"vehicle": found, **texts}, form, act)


def vehicle_transfer(request, pk):
    found = access.vehicle_for(request, pk, change=True)
    stations = (
        OrganizationUnit.objects.filter(
            pk__in=security_policies.reach(
                request.user, policies.VEHICLES, policies.ADMINISTRATOR
            ),
            kind=OrganizationUnit.Kind.STATION,
        )
        .exclude(pk=found.station_id)
        .exclude(status=OrganizationUnit.Status.CLOSED)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    form = forms.TransferForm(
        request.POST or None,
        stations=stations,
        initial={"on": local_time.today_at(found.station)},
    )
    return _vehicle_form(
        request,
        found,
        form,
        services.vehicle_transfer,
        title=f"Transfer {found.fleet_number}",
        intro=(
            f"From {found.station} to another station whose vehicles you "
            "administer. A vehicle still assigned, now or later, stays until "
            "its assignments end."
        ),
        button="Transfer the vehicle",
    )


def vehicle_status(request, pk):
    found = access.vehicle_for(request, pk, change=True)
    form = forms.StatusForm(
        request.POST or None, initial={"on": local_time.today_at(found.station)}
    )
    return _vehicle_form(
        request,
        found,
        form,
        services.vehicle_change_status,
        title=f"Change the status of {found.fleet_number}",
        intro=(
            f"Now {found.get_status_display().lower()}. Disposal is final; a "
            "vehicle leaves service only once nobody holds it or will."
        ),
        button="Change the status",
    )


def vehicle_odometer(request, pk):
    found = access.vehicle_for(request, pk, change=True)
    form = forms.OdometerForm(
        request.POST or None, initial={"read_on": local_time.today_at(found.station)}
    )
    return _vehicle_form(
        request,
        found,
        form,
        services.odometer_record,
        title=f"Record the odometer of {found.fleet_number}",
        button="Record the reading",
    )


def _sources_for(user, station) -> list[str]:
    return [
        source
        for source in AssignmentSource.values
        if policies.may_assign(user, station, source)
    ]


def vehicle_assign(request, pk):
    found = access.vehicle_for(request, pk)
    sources = _sources_for(request.user, found.station)
    if not sources and not _may_assign(request, found, AssignmentSource.DAILY_SCHEDULE):
        return forbidden(request)
    form = forms.AssignForm(
        request.POST or None,
        vehicle=found,
        sources=sources,
        initial={
            "source": SCHEDULED_SOURCES[0]
            if SCHEDULED_SOURCES[0] in sources
            else sources[0],
            "start_date": local_time.today_at(found.station),
        },
    )

    def act(data):
        assignments.assignment_create(
            actor=request.user,
            vehicle=found,
            employee=data["employee"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            source=data["source"],
            remarks=data["remarks"],
        )
        return found

    return _serve_form(
        request,
        FORM_PAGE,
        {
            "vehicle": found,
            "title": f"Assign {found.fleet_number}",
            "intro": (
                f"To an employee of {found.station.name}, in the station's time "
                f"({local_time.zone_of(found.station)})."
            ),
            "button": "Assign the vehicle",
        },
        form,
        act,
    )


def _may_assign(request, found, source: str) -> bool:
    """Asked of the service, whose refusal is the audit event."""
    try:
        assignments.require_assigner(request.user, found, source, found)
    except services.AccessRefused:
        return False
    return True


def assignment_end(request, pk, assignment_pk):
    found = access.vehicle_for(request, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("employee"), pk=assignment_pk, vehicle=found
    )
    assignment.vehicle = found
    if not _may_assign(request, found, assignment.source):
        return forbidden(request)
    zone = local_time.zone_of(found.station)
    form = forms.EndAssignmentForm(request.POST or None, station=found.station)

    def act(data):
        assignments.assignment_end(
            actor=request.user, assignment=assignment, ends_at=data["ends_at"]
        )
        return found

    return _serve_form(
        request,
        FORM_PAGE,
        {
            "vehicle": found,
            "title": f"End the assignment of {found.fleet_number}",
            "intro": (
                f"{assignment.employee.full_name}, "
                + local_time.span(
                    assignment.starts_at, assignment.ends_at, found.station
                )
                + f". The end is in the station's time ({zone})."
            ),
            "button": "End the assignment",
        },
        form,
        act,
    )
