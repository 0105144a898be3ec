"""Pages for a station's scheduling reference data, one kind at a time."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from scheduling import forms, reference
from scheduling.conflicts import Kind as ConflictKind
from scheduling.models import (
    Activity,
    ScheduleGroup,
    ShiftMinimum,
    ShiftTemplate,
    StationScheduleRules,
    SubActivity,
    Workgroup,
    Zone,
    ZoneTechnology,
)
from security.models import OrganizationUnit


@dataclass(frozen=True)
class Kind:
    title: str
    model: type
    form: type
    columns: tuple[str, ...]

    @property
    def is_national(self) -> bool:
        """Kinds with a national catalog beside each station's additions."""
        return self.model in (Activity, SubActivity)

    def records(self, station):
        model = self.model
        if station is None:
            return model.objects.filter(station__isnull=True)
        if model is ZoneTechnology:
            return model.objects.filter(zone__station=station).select_related("zone")
        if model is ShiftMinimum:
            return model.objects.filter(shift_template__station=station).select_related(
                "shift_template"
            )
        if model is SubActivity:
            return model.objects.filter(
                Q(station=station) | Q(station__isnull=True)
            ).select_related("activity")
        if model is Activity:
            return model.objects.filter(Q(station=station) | Q(station__isnull=True))
        return model.objects.filter(station=station)


KINDS = {
    "zones": Kind(
        "Zones", Zone, forms.ZoneForm, ("code", "name", "minimum_agents", "is_active")
    ),
    "technology": Kind(
        "Technology in the zones",
        ZoneTechnology,
        forms.ZoneTechnologyForm,
        ("zone", "kind", "identifier", "status", "deployed_on"),
    ),
    "shift-templates": Kind(
        "Shift templates",
        ShiftTemplate,
        forms.ShiftTemplateForm,
        ("name", "kind", "start_time", "length_minutes", "is_active"),
    ),
    "shift-minimums": Kind(
        "Shift minimums",
        ShiftMinimum,
        forms.ShiftMinimumForm,
        ("shift_template", "minimum_agents"),
    ),
    "schedule-rules": Kind(
        "G-259 rules",
        StationScheduleRules,
        forms.ScheduleRulesForm,
        ("minimum_rest_hours", "initialize_days_ahead", "blocking"),
    ),
    "workgroups": Kind(
        "Workgroups", Workgroup, forms.WorkgroupForm, ("name", "kind", "parent")
    ),
    "schedule-groups": Kind(
        "Schedule groups",
        ScheduleGroup,
        forms.ScheduleGroupForm,
        ("name", "supervisor", "workgroup"),
    ),
    "activities": Kind(
        "Activities",
        Activity,
        forms.ActivityForm,
        ("code", "name", "is_enforcement", "station", "is_active"),
    ),
    "sub-activities": Kind(
        "Sub-activities",
        SubActivity,
        forms.SubActivityForm,
        ("activity", "code", "name", "station", "is_active"),
    ),
}


def stations(request):
    """The stations whose reference data the user may read."""
    readable = reference.stations_read_by(request.user).order_by("parent__name", "name")
    return render(
        request,
        "scheduling/reference/stations.html",
        {"stations": readable, "kinds": KINDS},
    )


def records(request, kind, station_pk=None):
    station, chosen = _station_and_kind(request, station_pk, kind)
    headings = [_heading(chosen.model, column) for column in chosen.columns]
    rows = [
        {
            "record": record,
            "first": _cell(record, chosen.columns[0]),
            "rest": [
                (heading, _cell(record, column))
                for heading, column in zip(
                    headings[1:], chosen.columns[1:], strict=True
                )
            ],
        }
        for record in chosen.records(station)
    ]
    return render(
        request,
        "scheduling/reference/records.html",
        {
            "station": station,
            "kind": chosen,
            "kind_slug": kind,
            "headings": headings,
            "rows": rows,
            "may_keep": reference.may_keep(request.user, station),
        },
    )


def edit(request, kind, station_pk=None, pk=None):
    station, chosen = _station_and_kind(request, station_pk, kind)
    if not reference.may_keep(request.user, station):
        raise PermissionDenied(
            "Only scheduling administrators over the station keep its reference data."
        )
    record = None
    if pk is not None:
        record = get_object_or_404(chosen.records(station), pk=pk)
        if station is not None and getattr(record, "station_id", station.pk) is None:
            raise PermissionDenied("The national catalog is kept at headquarters.")

    form = chosen.form(request.POST or None, instance=record, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            reference.save(actor=request.user, record=form.instance, station=station)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{form.instance} is saved.")
            if station is None:
                return redirect("scheduling:national", kind=kind)
            return redirect("scheduling:reference", station_pk=station.pk, kind=kind)
    return render(
        request,
        "scheduling/reference/edit.html",
        {"station": station, "kind": chosen, "kind_slug": kind, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _station_and_kind(request, station_pk, kind):
    chosen = KINDS.get(kind)
    if chosen is None or (station_pk is None and not chosen.is_national):
        raise Http404("No such kind of reference data.")
    if station_pk is None:
        if not reference.stations_read_by(request.user).exists():
            raise PermissionDenied("You hold no scheduling role.")
        return None, chosen
    station = get_object_or_404(
        OrganizationUnit.objects.select_related("parent"),
        pk=station_pk,
        kind=OrganizationUnit.Kind.STATION,
    )
    if not reference.may_read(request.user, station):
        raise PermissionDenied("You hold no scheduling role over this station.")
    return station, chosen


def _heading(model, column: str) -> str:
    return str(model._meta.get_field(column).verbose_name).capitalize()


def _cell(record, column: str):
    field = record._meta.get_field(column)
    if field.choices:
        return getattr(record, f"get_{column}_display")()
    value = getattr(record, column)
    if column == "blocking":
        return ", ".join(ConflictKind(kind).label for kind in value) or "None"
    if column == "station":
        return value.name if value is not None else "National"
    return value
