from django import forms
from django.template.defaultfilters import filesizeformat

from bpets.forms import DesignSystemFormMixin
from reporting.models import ReleaseRequest

LARGEST_FILE = 200 * 1024 * 1024  # a million rows take about 40 MB
LONGEST_RANGE = 30
# Days of the deployment extract at a time: a quarter, at most 92 days.
LONGEST_EXTRACT = 92


class AreaForm(DesignSystemFormMixin, forms.Form):
    """The area of a report (read from GET).

    The list offers only the areas the user may read; any area the
    organization has is still accepted, so that asking for another one by
    its address is refused (and audited) rather than taken for a typo.
    """

    area = forms.CharField(label="Area", widget=forms.Select)
    station = forms.CharField(
        label="Station (optional)",
        required=False,
        max_length=100,
        help_text="A station of the sector chosen, by name, where the "
        "snapshot holds its figures.",
    )

    def __init__(self, data, *, areas, known, initial_area):
        super().__init__(data, initial={"area": initial_area})
        self.fields["area"].widget.choices = [(a.key, a.label) for a in areas]
        self.known_areas = frozenset(area.key for area in known)

    def clean_area(self):
        area = self.cleaned_data["area"]
        if area not in self.known_areas:
            raise forms.ValidationError("Choose an area from the list.")
        return area


class AorForm(AreaForm):
    """The area and the fiscal years of a report."""

    first_year = forms.TypedChoiceField(label="From fiscal year", coerce=int)
    last_year = forms.TypedChoiceField(label="To fiscal year", coerce=int)

    def __init__(self, data, *, areas, known, years, initial_area, initial_year):
        super().__init__(data, areas=areas, known=known, initial_area=initial_area)
        year_choices = [(year, f"FY {year}") for year in years]
        self.fields["first_year"].choices = year_choices
        self.fields["last_year"].choices = year_choices
        self.fields["first_year"].initial = initial_year
        self.fields["last_year"].initial = initial_year
        if years:
            # Published statistics lag by years: say why the report opens
            # where it does, not on the fiscal year of today.
            self.fields["last_year"].help_text = (
                f"The snapshot holds FY {min(years)} to FY {max(years)}; the "
                f"report opens on FY {initial_year}, the latest with "
                "apprehensions."
            )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last:
            if first > last:
                self.add_error("first_year", "The first year comes after the last.")
            elif last - first >= LONGEST_RANGE:
                self.add_error(
                    "first_year", f"At most {LONGEST_RANGE} fiscal years at a time."
                )
        return cleaned


class DeploymentForm(AreaForm):
    """The area and the days of the deployment extract. The days are named
    ``from`` and ``to``, as the warehouse's endpoint reads them, so they are
    added here rather than declared (``from`` is a Python keyword)."""

    def __init__(self, data, *, areas, known, initial_area, initial_days=None):
        super().__init__(data, areas=areas, known=known, initial_area=initial_area)
        first, last = initial_days or (None, None)
        self.fields["station"].help_text = "A station of the sector chosen, by name."
        self.fields["from"] = forms.DateField(label="From", initial=first)
        self.fields["to"] = forms.DateField(
            label="To",
            initial=last,
            help_text=f"At most {LONGEST_EXTRACT} days, both days included.",
        )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from"), cleaned.get("to")
        if first and last:
            if first > last:
                self.add_error("from", "The first day comes after the last.")
            elif (last - first).days >= LONGEST_EXTRACT:
                self.add_error(
                    "to",
                    f"At most {LONGEST_EXTRACT} days at a time: ask for the rest "
                    "in another extract.",
                )
        return cleaned


class ZoneReportForm(AorForm):
    as_of = forms.DateField(
        label="Technology deployed on (optional)",
        required=False,
        help_text="The last day of the fiscal years, or today if sooner, unless given.",
    )


class SnapshotUploadForm(DesignSystemFormMixin, forms.Form):
    file = forms.FileField(
        label="Snapshot file (CSV)",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=f"UTF-8, with or without BOM, up to {filesizeformat(LARGEST_FILE)}.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LARGEST_FILE:
            raise forms.ValidationError(
                f"The file is larger than {filesizeformat(LARGEST_FILE)}: split it "
                "by fiscal year or sector."
            )
        return upload


class ReleaseRequestForm(DesignSystemFormMixin, forms.Form):
    purpose = forms.ChoiceField(
        label="Released to",
        choices=[("", "- Select -"), *ReleaseRequest.Purpose.choices],
    )
    recipient = forms.CharField(
        label="Recipient and purpose",
        max_length=200,
        help_text="The committee, office or request the report answers.",
    )


class ReleaseApprovalForm(DesignSystemFormMixin, forms.Form):
    marking = forms.ChoiceField(
        label="Marking on every page",
        choices=ReleaseRequest.Marking.choices,
        initial=ReleaseRequest.Marking.FOUO,
    )


class ReleaseRefusalForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why the release is refused", max_length=2000, widget=forms.Textarea
    )
