"""The forms of the G-259: a change to one cell or to a selection, an
override's reason, a reopening's reason, and starting an initialization."""

from django import forms
from django.db.models import Q

from bpets.forms import DesignSystemFormMixin, LongSelect
from scheduling.g259 import CellChange
from scheduling.models import (
    Activity,
    CellStatus,
    LeaveType,
    PayPeriod,
    ShiftTemplate,
    SubActivity,
)


class CellChangeForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(choices=CellStatus.choices)
    leave_type = forms.ChoiceField(
        choices=[("", "—")] + LeaveType.choices,
        required=False,
        help_text="For leave only.",
    )
    shift_template = forms.ModelChoiceField(
        queryset=ShiftTemplate.objects.none(),
        required=False,
        label="Shift",
        empty_label="As it is, or the times below",
    )
    start_time = forms.TimeField(
        required=False,
        label="Or start at",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Local time at the station.",
    )
    end_time = forms.TimeField(
        required=False,
        label="End at",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="At or before the start: the next day.",
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, empty_label="As it is"
    )
    sub_activity = forms.ModelChoiceField(
        queryset=SubActivity.objects.none(),
        required=False,
        empty_label="None",
        widget=LongSelect,
    )
    remarks = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, station, many=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.many = many
        self.fields["shift_template"].queryset = ShiftTemplate.objects.filter(
            station=station, is_active=True
        )
        ours = Q(station=station) | Q(station__isnull=True)
        self.fields["activity"].queryset = Activity.objects.filter(ours, is_active=True)
        self.fields["sub_activity"].queryset = SubActivity.objects.filter(
            ours, is_active=True
        ).select_related("activity")
        if many:
            self.fields["remarks"].help_text = "Left empty, each cell keeps its own."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if self.half_a_pair("start_time", "end_time"):
            self.add_error(
                "end_time" if end is None else "start_time",
                "Give both the start and the end, or neither.",
            )
        if start is not None and cleaned.get("shift_template") is not None:
            self.add_error("start_time", "Choose a shift or type its times, not both.")
        if cleaned.get("status") == CellStatus.LEAVE and not cleaned.get("leave_type"):
            self.add_error("leave_type", "Choose the type of leave.")
        activity, sub_activity = cleaned.get("activity"), cleaned.get("sub_activity")
        if sub_activity is not None and sub_activity.activity_id != getattr(
            activity, "pk", None
        ):
            self.add_error("sub_activity", "Choose a sub-activity of the activity.")
        return cleaned

    def change(self) -> CellChange:
        data = self.cleaned_data
        remarks = data["remarks"]
        return CellChange(
            status=data["status"],
            leave_type=data["leave_type"] if data["status"] == CellStatus.LEAVE else "",
            shift_template=data["shift_template"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            activity=data["activity"],
            sub_activity=data["sub_activity"],
            remarks=None if self.many and not remarks else remarks,
        )


class ReasonForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(max_length=300, widget=forms.TextInput)


class InitializeForm(DesignSystemFormMixin, forms.Form):
    pay_period = forms.ModelChoiceField(queryset=PayPeriod.objects.none())
    station = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Every station I administer"
    )

    def __init__(self, *args, stations, pay_periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["pay_period"].queryset = pay_periods
