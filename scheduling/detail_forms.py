"""Forms for proposing a detail, taking its steps, and its reports."""

from django import forms

from bpets.forms import DesignSystemFormMixin
from scheduling.detail_selectors import ACTING_ROLES
from scheduling.models import ShiftTemplate
from security import policies as security_policies
from security.models import OrganizationUnit
from staffing.models import Employee


def acting_stations(user) -> set[int]:
    reached = set()
    for role in ACTING_ROLES:
        reached |= security_policies.reach(user, "scheduling", role)
    return reached


class ProposeForm(DesignSystemFormMixin, forms.Form):
    employee = forms.ModelChoiceField(
        label="Person",
        queryset=Employee.objects.none(),
        help_text="From the stations of the sectors you schedule in.",
    )
    gaining_station = forms.ModelChoiceField(
        label="Detailed to (gaining station)",
        queryset=OrganizationUnit.objects.none(),
    )
    first_day = forms.DateField(label="First day")
    last_day = forms.DateField(label="Last day")
    purpose = forms.CharField(
        label="Purpose", max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    shift_template = forms.ModelChoiceField(
        label="Shift at the gaining station",
        queryset=ShiftTemplate.objects.none(),
        required=False,
        help_text=(
            "Needed when your station gains the person; otherwise the gaining "
            "station chooses it when it accepts."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        stations = acting_stations(user)
        sectors = OrganizationUnit.objects.filter(
            pk__in=stations, kind=OrganizationUnit.Kind.STATION
        ).values("parent_id")
        nearby = OrganizationUnit.objects.filter(
            parent_id__in=sectors, kind=OrganizationUnit.Kind.STATION
        ) | OrganizationUnit.objects.filter(
            parent_id__in=stations, kind=OrganizationUnit.Kind.STATION
        )
        self.fields["employee"].queryset = (
            Employee.objects.filter(
                status=Employee.Status.ACTIVE, duty_station__in=nearby
            )
            .exclude(user=user)
            .select_related("duty_station")
            .order_by("last_name", "first_name", "pk")
        )
        self.fields["employee"].label_from_instance = lambda person: (
            f"{person.last_name}, {person.first_name} ({person.duty_station})"
        )
        self.fields["gaining_station"].queryset = (
            OrganizationUnit.objects.filter(kind=OrganizationUnit.Kind.STATION)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        self.fields["shift_template"].queryset = shift_templates_of(stations)
        self.fields["shift_template"].label_from_instance = template_label


def shift_templates_of(station_ids):
    return (
        ShiftTemplate.objects.filter(station_id__in=station_ids, is_active=True)
        .select_related("station")
        .order_by("station__name", "start_time")
    )


def template_label(template) -> str:
    return f"{template.station.name}: {template.name} ({template.start_time:%H:%M})"


class StepForm(DesignSystemFormMixin, forms.Form):
    ACTIONS = {
        "accept": "accepted",
        "decline": "declined",
        "cancel": "cancelled",
        "cut_short": "cut short",
    }

    action = forms.ChoiceField(choices=[(key, key) for key in ACTIONS])
    reason = forms.CharField(required=False, max_length=300)
    last_day = forms.DateField(required=False)
    shift_template = forms.ModelChoiceField(
        label="Shift at the gaining station",
        queryset=ShiftTemplate.objects.none(),
        required=False,
        help_text="The shift the person works on their workdays here.",
    )

    def __init__(self, *args, detail, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift_template"].queryset = shift_templates_of(
            [detail.gaining_station_id]
        )
        self.fields["shift_template"].label_from_instance = template_label

    def clean(self):
        data = super().clean()
        if data.get("action") == "cut_short" and not data.get("last_day"):
            self.add_error("last_day", "Give the new last day.")
        return data


class ReportForm(DesignSystemFormMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label="Station or sector", queryset=OrganizationUnit.objects.none()
    )
    first_day = forms.DateField(label="From")
    last_day = forms.DateField(label="To")

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The end is before the start.")
        if first and last and (last - first).days > 3 * 366:
            self.add_error("last_day", "Three years at most at a time.")
        return data


class CountsForm(ReportForm):
    per = forms.ChoiceField(
        label="Counted per",
        choices=[("pay_period", "Pay period"), ("month", "Month")],
        initial="pay_period",
    )
