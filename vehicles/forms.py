"""Forms of the fleet pages: they check what was typed; the services decide."""

from django import forms
from django.forms.models import fields_for_model

from bpets.forms import DesignSystemFormMixin, LongSelect
from security.models import OrganizationUnit
from staffing.models import Employee
from vehicles import local_time, vins
from vehicles.models import (
    AssignmentSource,
    Vehicle,
    VehicleStatus,
    VehicleType,
)
from vehicles.services import EDITABLE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
LOCAL_TIME_HINT = (
    "In the station's local time. On the night the clocks go back, a time "
    "between 01:00 and 02:00 is the first one (daylight time)."
)


class VehicleForm(DesignSystemFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Vehicle, fields=EDITABLE_FIELDS))
        # Checked once typed case and spaces are set right, in clean_vin.
        self.fields["vin"].validators = []
        self.fields["model_year"].widget.attrs["inputmode"] = "numeric"

    def clean_vin(self):
        vin = vins.normalize(self.cleaned_data.get("vin", ""))
        if vin:
            vins.validate_vin(vin)
        return vin

    def clean_fleet_number(self):
        return "".join(self.cleaned_data["fleet_number"].split()).upper()


class TransferForm(DesignSystemFormMixin, forms.Form):
    to_station = forms.ModelChoiceField(
        label="To station", queryset=OrganizationUnit.objects.none(), widget=LongSelect
    )
    on = forms.DateField(label="Transferred on", widget=DATE)
    reason = forms.CharField(max_length=300)

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_station"].queryset = stations
        if not stations.exists():
            self.fields["to_station"].help_text = (
                "A transfer needs the vehicle administrator role over both "
                "stations, and you hold it over no other station: ask your "
                "access administrator, or the receiving station's vehicle "
                "administrator."
            )


class StatusForm(DesignSystemFormMixin, forms.Form):
    to_status = forms.ChoiceField(label="New status", choices=VehicleStatus.choices)
    on = forms.DateField(label="Takes effect on", widget=DATE)
    reason = forms.CharField(
        max_length=300, help_text="For instance: transmission repair, work order 4411."
    )


class OdometerForm(DesignSystemFormMixin, forms.Form):
    read_on = forms.DateField(label="Read on", widget=DATE)
    miles = forms.IntegerField(min_value=0, max_value=9_999_999)


def _instant(form, day_field: str, time_field: str, station):
    day = form.cleaned_data.get(day_field)
    clock = form.cleaned_data.get(time_field)
    if day is None or clock is None:
        return None
    try:
        return local_time.instant(day, clock, station)
    except local_time.NoSuchLocalTime as error:
        form.add_error(time_field, str(error))
        return None


class AssignForm(DesignSystemFormMixin, forms.Form):
    employee = forms.ModelChoiceField(
        queryset=Employee.objects.none(), widget=LongSelect
    )
    source = forms.ChoiceField(label="Made by", choices=AssignmentSource.choices)
    start_date = forms.DateField(widget=DATE)
    start_time = forms.TimeField(widget=TIME, help_text=LOCAL_TIME_HINT)
    end_date = forms.DateField(
        required=False, widget=DATE, help_text="Leave blank for no set end."
    )
    end_time = forms.TimeField(required=False, widget=TIME)
    remarks = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, vehicle, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = vehicle.station
        self.fields["employee"].queryset = Employee.objects.filter(
            duty_station=vehicle.station, status=Employee.Status.ACTIVE
        ).order_by("last_name", "first_name")
        self.fields["source"].choices = [
            (value, label)
            for value, label in AssignmentSource.choices
            if value in sources
        ]

    def clean(self):
        cleaned = super().clean()
        end_date, end_time = cleaned.get("end_date"), cleaned.get("end_time")
        if (end_date is None) != (end_time is None) and not self.errors:
            self.add_error(
                "end_time" if end_date else "end_date",
                "Give both the end date and time, or neither.",
            )
        cleaned["starts_at"] = _instant(self, "start_date", "start_time", self.station)
        cleaned["ends_at"] = _instant(self, "end_date", "end_time", self.station)
        return cleaned


class EndAssignmentForm(DesignSystemFormMixin, forms.Form):
    end_date = forms.DateField(widget=DATE)
    end_time = forms.TimeField(widget=TIME, help_text=LOCAL_TIME_HINT)

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station

    def clean(self):
        cleaned = super().clean()
        cleaned["ends_at"] = _instant(self, "end_date", "end_time", self.station)
        return cleaned


class FleetFilterForm(DesignSystemFormMixin, forms.Form):
    vehicle_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *VehicleType.choices]
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *VehicleStatus.choices]
    )
