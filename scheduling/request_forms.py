"""Forms for asking for leave or a schedule change, and for deciding."""

from decimal import Decimal

from django import forms

from bpets.forms import DesignSystemFormMixin
from scheduling.models import LeaveType, ScheduleChangeRequest

REQUESTABLE_LEAVE = [
    (value, label) for value, label in LeaveType.choices if value != LeaveType.AWOL
]


class TimeInput(forms.TimeInput):
    input_type = "time"


class LeaveRequestForm(DesignSystemFormMixin, forms.Form):
    leave_type = forms.ChoiceField(
        label="Type of leave",
        choices=[("", "Choose a type")] + REQUESTABLE_LEAVE,
        error_messages={
            "invalid_choice": "Choose one of the types listed: absence without "
            "leave is charged by a supervisor, never requested."
        },
    )
    first_day = forms.DateField(label="First day")
    last_day = forms.DateField(
        label="Last day",
        help_text="The same as the first for one day.",
    )
    hours = forms.DecimalField(
        label="Hours of leave",
        min_value=Decimal("0.25"),
        max_digits=6,
        decimal_places=2,
        help_text="In all, over the days: 8 for a full day, less for part of one.",
        widget=forms.NumberInput(attrs={"step": "0.25"}),
    )
    remarks = forms.CharField(
        label="Remarks",
        required=False,
        max_length=300,
        help_text="For your supervisor; optional.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ScheduleChangeForm(DesignSystemFormMixin, forms.Form):
    day = forms.DateField(label="Day")
    wanted = forms.ChoiceField(
        label="What you ask for",
        choices=ScheduleChangeRequest.Wanted.choices,
        widget=forms.RadioSelect,
    )
    shift_start_time = forms.TimeField(
        label="Shift start",
        required=False,
        widget=TimeInput,
        help_text="Local time at your station; only for a shift.",
    )
    shift_hours = forms.DecimalField(
        label="Shift length in hours",
        required=False,
        max_digits=4,
        decimal_places=2,
        help_text="As the clock reads it, 10 for a usual tour; only for a shift.",
        widget=forms.NumberInput(attrs={"step": "0.25"}),
    )
    remarks = forms.CharField(
        label="Remarks",
        required=False,
        max_length=300,
        help_text="For your supervisor; optional.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @property
    def shift_length_minutes(self) -> int | None:
        hours = self.cleaned_data.get("shift_hours")
        return int(hours * 60) if hours is not None else None


class StepForm(forms.Form):
    """One step on a request: approve, deny, withdraw or cancel, and why."""

    action = forms.ChoiceField(
        choices=[
            ("approve", "Approve"),
            ("deny", "Deny"),
            ("withdraw", "Withdraw"),
            ("cancel", "Cancel"),
        ],
        error_messages={"required": "Choose what to do with the request."},
    )
    reason = forms.CharField(required=False, max_length=300)
