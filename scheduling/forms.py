from django import forms
from django.db.models import Q

from bpets.forms import DesignSystemFormMixin
from scheduling.conflicts import Kind as ConflictKind
from scheduling.models import (
    Activity,
    ScheduleDefault,
    ScheduleGroup,
    ShiftMinimum,
    ShiftTemplate,
    StationScheduleRules,
    SubActivity,
    Workgroup,
    Zone,
    ZoneTechnology,
)
from staffing.models import Employee
from vehicles.models import Vehicle


class StationRecordForm(DesignSystemFormMixin, forms.ModelForm):
    """A form for one kind of a station's reference data.

    Choices that point at other records offer only this station's.
    """

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.station = station
        # Dates are the design system's (a native date input); times too.
        for field in self.fields.values():
            if isinstance(field.widget, forms.TimeInput):
                field.widget.input_type = "time"


class ZoneForm(StationRecordForm):
    class Meta:
        model = Zone
        fields = ["code", "name", "description", "minimum_agents", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ZoneTechnologyForm(StationRecordForm):
    class Meta:
        model = ZoneTechnology
        fields = [
            "zone",
            "category",
            "kind",
            "identifier",
            "status",
            "deployed_on",
            "removed_on",
        ]

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, station=station, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(station=station)


class ShiftTemplateForm(StationRecordForm):
    class Meta:
        model = ShiftTemplate
        fields = ["name", "kind", "start_time", "length_minutes", "is_active"]
        labels = {"length_minutes": "Length in minutes"}


class WorkgroupForm(StationRecordForm):
    class Meta:
        model = Workgroup
        fields = ["kind", "name", "parent"]
        labels = {"parent": "Unit (for a team)"}

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, station=station, **kwargs)
        self.fields["parent"].queryset = Workgroup.objects.filter(
            station=station, kind=Workgroup.Kind.UNIT
        )


class ScheduleGroupForm(StationRecordForm):
    class Meta:
        model = ScheduleGroup
        fields = ["name", "supervisor", "workgroup"]

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, station=station, **kwargs)
        self.fields["supervisor"].queryset = Employee.objects.filter(
            duty_station=station, status=Employee.Status.ACTIVE
        )
        self.fields["workgroup"].queryset = Workgroup.objects.filter(station=station)


class ActivityForm(StationRecordForm):
    class Meta:
        model = Activity
        fields = ["code", "name", "is_enforcement", "is_active"]
        labels = {"is_enforcement": "An enforcement activity"}


class SubActivityForm(StationRecordForm):
    class Meta:
        model = SubActivity
        fields = ["activity", "code", "name", "is_active"]

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, station=station, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            station__in=[station] if station else []
        ) | Activity.objects.filter(station__isnull=True)


class ScheduleDefaultForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = ScheduleDefault
        fields = [
            "shift_template",
            "first_day_off",
            "second_day_off",
            "in_lieu_of_sunday",
            "activity",
            "sub_activity",
            "zone",
            "vehicle",
            "work_status",
            "overtime_level",
            "overtime_year",
        ]
        labels = {
            "first_day_off": "First regular day off",
            "second_day_off": "Second regular day off",
            "in_lieu_of_sunday": "Day off in lieu of Sunday",
        }

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift_template"].queryset = ShiftTemplate.objects.filter(
            station=station, is_active=True
        )
        self.fields["zone"].queryset = Zone.objects.filter(
            station=station, is_active=True
        )
        self.fields["vehicle"].queryset = Vehicle.objects.filter(station=station)
        activities = Activity.objects.filter(
            Q(station=station) | Q(station__isnull=True), is_active=True
        )
        self.fields["activity"].queryset = activities
        self.fields["sub_activity"].queryset = SubActivity.objects.filter(
            activity__in=activities, is_active=True
        ).select_related("activity")


class ScheduleRulesForm(StationRecordForm):
    blocking = forms.MultipleChoiceField(
        choices=ConflictKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Conflicts that block",
        help_text=(
            "A blocking conflict refuses the edit that would bring it about, and "
            "no override keeps it. The others are warnings a supervisor may "
            "override with a reason."
        ),
    )

    class Meta:
        model = StationScheduleRules
        fields = ["minimum_rest_hours", "initialize_days_ahead", "blocking"]

    def clean(self):
        cleaned = super().clean()
        taken = StationScheduleRules.objects.filter(station=self.station)
        if self.instance.pk is None and taken.exists():
            raise forms.ValidationError(
                "The station has its schedule rules already: change them instead."
            )
        return cleaned


class ShiftMinimumForm(StationRecordForm):
    class Meta:
        model = ShiftMinimum
        fields = ["shift_template", "minimum_agents"]
        labels = {"minimum_agents": "Fewest people on the shift"}

    def __init__(self, *args, station, **kwargs):
        super().__init__(*args, station=station, **kwargs)
        self.fields["shift_template"].queryset = ShiftTemplate.objects.filter(
            station=station
        )
