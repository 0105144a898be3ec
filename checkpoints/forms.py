from django import forms

from bpets.forms import DesignSystemFormMixin
from checkpoints.models import Checkpoint, FacilityType, OperatingStatus
from checkpoints.services import EDITABLE_FIELDS
from security.models import OrganizationUnit

NO_INCIDENT_DATA = (
    "This profile describes the facility only: record no stops, seizures, "
    "apprehensions or other enforcement incidents here."
)


class CheckpointFilterForm(DesignSystemFormMixin, forms.Form):
    sector = forms.ModelChoiceField(
        queryset=OrganizationUnit.objects.none(), required=False, empty_label="All"
    )
    station = forms.ModelChoiceField(
        queryset=OrganizationUnit.objects.none(), required=False, empty_label="All"
    )
    facility_type = forms.ChoiceField(
        label="Facility type",
        choices=[("", "All"), *FacilityType.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label="Operating status",
        choices=[("", "All"), *OperatingStatus.choices],
        required=False,
    )

    def __init__(self, *args, sectors, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors
        self.fields["station"].queryset = stations
        self.fields["station"].label_from_instance = lambda unit: (
            f"{unit.name} ({unit.parent.name} Sector)"
        )

    def criteria(self) -> dict:
        """The chosen filters, none where the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return dict(self.cleaned_data)


class CheckpointForm(DesignSystemFormMixin, forms.ModelForm):
    """What an administrator completes or corrects; the sector is the list's."""

    class Meta:
        model = Checkpoint
        fields = EDITABLE_FIELDS
        widgets = {
            "location_description": forms.Textarea(attrs={"rows": 3}),
            "remarks": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"remarks": NO_INCIDENT_DATA}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        station = self.fields["station"]
        station.queryset = OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION, parent_id=self.instance.sector_id
        ).order_by("name")
        station.label_from_instance = lambda unit: unit.name
        station.empty_label = "Not known"
        self.fields["direction"].choices = [
            ("", "Not known"),
            *self.fields["direction"].choices[1:],
        ]


class StatusForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Operating status",
        choices=[
            (value, label)
            for value, label in OperatingStatus.choices
            if value != OperatingStatus.UNCONFIRMED
        ],
        widget=forms.RadioSelect,
    )
    effective_on = forms.DateField(
        label="In effect from",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the status took effect, not after today.",
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when the checkpoint is not operating. " + NO_INCIDENT_DATA,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == OperatingStatus.NON_OPERATIONAL
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Say why the checkpoint is not operating.")
        return cleaned
