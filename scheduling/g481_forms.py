"""The form of a G-481 line: whether the person works, the shift in the
station's local time, activity, sub-activity, zone, vehicle and remarks.
An override's reason uses the G-259's form."""

from django import forms
from django.db.models import Q

from bpets.forms import DesignSystemFormMixin, LongSelect
from scheduling.g481 import EntryChange
from scheduling.models import Activity, SubActivity, Zone
from vehicles import selectors as vehicle_selectors
from vehicles.models import VehicleStatus


class EntryForm(DesignSystemFormMixin, forms.Form):
    on_duty = forms.BooleanField(required=False, label="Works this day", initial=True)
    start_time = forms.TimeField(
        required=False,
        label="Shift starts",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Local time at the station.",
    )
    end_time = forms.TimeField(
        required=False,
        label="Shift ends",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="At or before the start: the next day.",
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, empty_label="None"
    )
    sub_activity = forms.ModelChoiceField(
        queryset=SubActivity.objects.none(),
        required=False,
        empty_label="None",
        widget=LongSelect,
    )
    zone = forms.ModelChoiceField(
        queryset=Zone.objects.none(), required=False, empty_label="No zone"
    )
    vehicle = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="No vehicle"
    )
    remarks = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        ours = Q(station=station) | Q(station__isnull=True)
        self.fields["activity"].queryset = Activity.objects.filter(ours, is_active=True)
        self.fields["sub_activity"].queryset = SubActivity.objects.filter(
            ours, is_active=True
        ).select_related("activity")
        self.fields["zone"].queryset = Zone.objects.filter(
            station=station, is_active=True
        )
        self._offer_vehicles(station)

    def _offer_vehicles(self, station) -> None:
        """Any vehicle of the station is accepted, so that the vehicles
        module says why one out of service or taken cannot be had; the list
        offers only those in service, and the one the line holds now."""
        fleet = vehicle_selectors.fleet(station.pk)
        field = self.fields["vehicle"]
        field.queryset = fleet
        held = str(self["vehicle"].value() or "")
        field.widget.choices = [("", field.empty_label)] + [
            (
                vehicle.pk,
                f"{vehicle.fleet_number} ({vehicle.get_status_display().lower()})",
            )
            for vehicle in fleet
            if vehicle.status == VehicleStatus.IN_SERVICE or str(vehicle.pk) == held
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if cleaned.get("on_duty") and (start is None or end is None):
            self.add_error(
                "start_time" if start is None else "end_time",
                "Someone who works this day needs a start and an end.",
            )
        activity, sub_activity = cleaned.get("activity"), cleaned.get("sub_activity")
        if sub_activity is not None and sub_activity.activity_id != getattr(
            activity, "pk", None
        ):
            self.add_error("sub_activity", "Choose a sub-activity of the activity.")
        return cleaned

    def change(self) -> EntryChange:
        data = self.cleaned_data
        return EntryChange(
            on_duty=data["on_duty"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            activity=data["activity"],
            sub_activity=data["sub_activity"],
            zone=data["zone"],
            vehicle=data["vehicle"],
            remarks=data["remarks"],
        )


class CallInForm(EntryForm):
    """A line for someone called in on their day off: who, then the line
    (they work, so the shift is needed)."""

    employee = forms.ModelChoiceField(
        queryset=None, label="Who is called in", empty_label="Choose a person"
    )
    field_order = ["employee"]

    def __init__(self, *args, station, candidates, **kwargs):
        super().__init__(*args, station=station, **kwargs)
        del self.fields["on_duty"]
        self.fields["employee"].queryset = candidates
        self.fields["employee"].label_from_instance = lambda employee: (
            f"{employee.last_name}, {employee.first_name}"
        )
        for name in ("start_time", "end_time"):
            self.fields[name].required = True

    def clean(self):
        self.cleaned_data["on_duty"] = True
        return super().clean()
