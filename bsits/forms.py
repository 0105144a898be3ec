from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from bpets.forms import DesignSystemFormMixin, LongSelect
from bsits.models import (
    Circumstance,
    Event,
    EventStatus,
    EventType,
    Response,
    ReviewDecision,
    Subject,
    Terrain,
)
from bsits.services import SUBJECT_FIELDS
from security.models import OrganizationUnit

NOT_USE_OF_FORCE = (
    "Record here the deaths and rescues agents encounter on patrol. A "
    "use-of-force incident is never a BSITS event: report it through the "
    "use-of-force process."
)


class EventFilterForm(DesignSystemFormMixin, forms.Form):
    event_type = forms.ChoiceField(
        label="Type", choices=[("", "All"), *EventType.choices], required=False
    )
    station = forms.ModelChoiceField(
        queryset=OrganizationUnit.objects.none(),
        required=False,
        empty_label="All",
        widget=LongSelect,
    )
    status = forms.ChoiceField(
        choices=[("", "All"), *EventStatus.choices], required=False
    )
    fiscal_year = forms.TypedChoiceField(
        label="Fiscal year", coerce=int, choices=[("", "All")], required=False
    )

    def __init__(self, *args, stations, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["station"].label_from_instance = lambda unit: (
            f"{unit.name} ({unit.parent.name} Sector)"
        )
        self.fields["fiscal_year"].choices = [
            ("", "All"),
            *[(year, f"FY {year}") for year in fiscal_years],
        ]

    def criteria(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class EventForm(DesignSystemFormMixin, forms.ModelForm):
    station = forms.ModelChoiceField(
        queryset=OrganizationUnit.objects.none(), widget=LongSelect
    )
    event_type = forms.ChoiceField(
        label="Type",
        choices=EventType.choices,
        widget=forms.RadioSelect,
        help_text=NOT_USE_OF_FORCE,
    )
    day = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    clock = forms.TimeField(
        label="Time (the station's local time)",
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    terrain = forms.ChoiceField(choices=[("", "Choose"), *Terrain.choices])
    circumstance = forms.ChoiceField(choices=[("", "Choose"), *Circumstance.choices])
    responses = forms.MultipleChoiceField(
        label="Agency response",
        choices=Response.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Event
        fields = [
            "location_description",
            "latitude",
            "longitude",
            "circumstance_notes",
            "response_notes",
            "medical_examiner_cause",
        ]
        widgets = {
            "location_description": forms.Textarea(attrs={"rows": 2}),
            "circumstance_notes": forms.Textarea(attrs={"rows": 4}),
            "response_notes": forms.Textarea(attrs={"rows": 3}),
            "medical_examiner_cause": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "latitude": "Decimal degrees, as 31.33870.",
            "longitude": "Decimal degrees, west negative, as -110.93450.",
            "location_description": (
                "Where, without naming anyone: the people go under Subjects."
            ),
            "circumstance_notes": (
                "What happened, without the subjects' names or any identifier: "
                "who they are goes under Subjects, which only the station's "
                "BSITS editors see."
            ),
            "response_notes": "Without the subjects' names or identifiers.",
            "medical_examiner_cause": (
                "For a death: the cause the medical examiner determined, added "
                "when it is known."
            ),
        }

    field_order = [
        "station",
        "event_type",
        "day",
        "clock",
        "location_description",
        "latitude",
        "longitude",
        "terrain",
        "circumstance",
        "circumstance_notes",
        "responses",
        "response_notes",
        "medical_examiner_cause",
    ]

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["station"].label_from_instance = lambda unit: (
            f"{unit.name} ({unit.parent.name} Sector)"
        )
        self.order_fields(self.field_order)
        # Checked on the field, as the browser checks it, so that a wrong
        # coordinate is named beside the box it was typed in.
        for name, limit in (("latitude", 90), ("longitude", 180)):
            field = self.fields[name]
            field.validators += [
                MinValueValidator(
                    -limit, f"{name.title()} runs from -{limit} to {limit}."
                ),
                MaxValueValidator(
                    limit, f"{name.title()} runs from -{limit} to {limit}."
                ),
            ]
            field.widget.attrs.update(min=-limit, max=limit)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("event_type") != EventType.DEATH
            and (cleaned.get("medical_examiner_cause") or "").strip()
        ):
            self.add_error(
                "medical_examiner_cause",
                "Only a death has a cause determined by the medical examiner.",
            )
        if self.half_a_pair("latitude", "longitude"):
            self.add_error(
                "longitude", "Give the latitude and the longitude, or neither."
            )
        return cleaned

    def _post_clean(self):
        # The service sets the event's place in time and station; the model
        # is checked there, with them.
        pass

    def event_fields(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.cleaned_data
            if name not in ("station", "day", "clock")
        }


class SubjectForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = Subject
        fields = SUBJECT_FIELDS
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "family_name": "Leave empty while the person is not identified.",
            "enforcement_event_number": (
                "Only for a non-citizen arrested, detained or removed: the "
                "enforcement event's number, three letters and ten digits."
            ),
            "fin": "With the event number: the fingerprint identification number.",
        }

    def subject_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SUBJECT_FIELDS}


class EnforcementImportForm(DesignSystemFormMixin, forms.Form):
    file = forms.FileField(
        label="Messages from the enforcement system",
        help_text=(
            "A JSON file of one BSI message or a list of them, as the README describes."
        ),
    )
    # Not required here: an unsigned file is refused by the signature check,
    # which audits the refusal, rather than by the form, which would not.
    signature = forms.CharField(
        max_length=80,
        required=False,
        help_text=(
            "The file's signature as the enforcement system sent it beside the "
            "file: sha256= and 64 hexadecimal digits."
        ),
    )


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ReviewDecision.SYSTEM, "Take the enforcement system's value"),
            (ReviewDecision.LOCAL, "Keep the local value"),
        ]
    )
