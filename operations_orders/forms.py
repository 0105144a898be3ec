from decimal import Decimal

from django import forms

from bpets.forms import DesignSystemFormMixin, LongSelect
from operations_orders.models import PARAGRAPH_TITLES, CostCategory, OrderStatus
from operations_orders.selectors import Timing
from operations_orders.services import CostEntry
from security.models import OrganizationUnit

NO_PERSONAL_INFORMATION = (
    "Orders hold no personal information: no names of the people encountered, "
    "no Social Security or alien numbers. A text holding one is refused."
)
DATE_INPUT = forms.DateInput(attrs={"type": "date"})
COST_LINES_OFFERED = 6


class OrderFilterForm(DesignSystemFormMixin, forms.Form):
    text = forms.CharField(label="Search the text", required=False, max_length=100)
    sector = forms.ModelChoiceField(
        queryset=OrganizationUnit.objects.none(), required=False, empty_label="All"
    )
    status = forms.ChoiceField(
        choices=[("", "All"), *OrderStatus.choices], required=False
    )
    timing = forms.ChoiceField(
        label="Past or ongoing",
        choices=[("", "All"), *Timing.CHOICES],
        required=False,
    )
    starts_from = forms.DateField(
        label="In effect on or after", required=False, widget=DATE_INPUT
    )
    ends_by = forms.DateField(
        label="In effect on or before", required=False, widget=DATE_INPUT
    )

    def __init__(self, *args, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors

    def criteria(self) -> dict:
        """The chosen filters, none where the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


def _paragraph_fields() -> dict:
    return {
        name: forms.CharField(
            label=title,
            widget=forms.Textarea(attrs={"rows": 8}),
            strip=False,
            help_text=NO_PERSONAL_INFORMATION if name == "situation" else "",
        )
        for name, title in PARAGRAPH_TITLES.items()
    }


class ParagraphsForm(DesignSystemFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_paragraph_fields())

    def paragraphs(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in PARAGRAPH_TITLES}


class OrderForm(ParagraphsForm):
    sector = forms.ModelChoiceField(queryset=OrganizationUnit.objects.none())
    station = forms.ModelChoiceField(
        queryset=OrganizationUnit.objects.none(),
        required=False,
        empty_label="The whole sector",
        widget=LongSelect,
        help_text="Only for an operation of one station.",
    )
    name = forms.CharField(label="Operation name", max_length=120)
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_PERSONAL_INFORMATION
    )
    starts_on = forms.DateField(label="Start date", widget=DATE_INPUT)
    ends_on = forms.DateField(label="End date", widget=DATE_INPUT)

    def __init__(self, *args, sectors, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors
        self.fields["station"].queryset = stations
        self.fields["station"].label_from_instance = lambda unit: (
            f"{unit.name} ({unit.parent.name} Sector)"
        )

    def clean(self):
        cleaned = super().clean()
        sector, station = cleaned.get("sector"), cleaned.get("station")
        if sector and station and station.parent_id != sector.pk:
            self.add_error("station", "Choose a station of the order's sector.")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date is before the start date.")
        return cleaned


class AmendForm(ParagraphsForm):
    reason = forms.CharField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_PERSONAL_INFORMATION,
    )


class ReturnForm(DesignSystemFormMixin, forms.Form):
    comments = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the author should change. " + NO_PERSONAL_INFORMATION,
    )


class CloseForm(DesignSystemFormMixin, forms.Form):
    after_action = forms.CharField(
        label="After-action summary",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What was done, what came of it, what to keep or change. "
        + NO_PERSONAL_INFORMATION,
    )


class CostLineForm(DesignSystemFormMixin, forms.Form):
    category = forms.ChoiceField(
        choices=[("", "Choose"), *CostCategory.choices], required=False
    )
    description = forms.CharField(label="For", max_length=200, required=False)
    amount = forms.DecimalField(
        label="Amount (US dollars)",
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
    )

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) not in (None, "") for name in self.fields]
        if any(given) and not all(given):
            raise forms.ValidationError(
                "A cost line needs its category, what it is for and its amount."
            )
        return cleaned

    def entry(self) -> CostEntry | None:
        if not self.cleaned_data.get("category"):
            return None
        return CostEntry(
            self.cleaned_data["category"],
            self.cleaned_data["description"],
            self.cleaned_data["amount"],
        )


CostLineFormSet = forms.formset_factory(
    CostLineForm, extra=0, max_num=50, absolute_max=50, validate_max=True
)


def cost_formset(data, prefix: str, lines=()):
    initial = [
        {
            "category": line.category,
            "description": line.description,
            "amount": line.amount,
        }
        for line in lines
    ]
    initial += [{}] * max(COST_LINES_OFFERED - len(initial), 2)
    return CostLineFormSet(data, prefix=prefix, initial=initial)


def cost_entries(formset) -> list[CostEntry]:
    return [entry for form in formset.forms if (entry := form.entry())]
