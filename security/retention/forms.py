from datetime import date

from django import forms
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils import timezone

from bpets.forms import DesignSystemFormMixin
from security import retention
from security.models import User
from security.retention import Rule


def record_types() -> list[tuple[str, str]]:
    """The kinds of record the rules cover, that a hold may name."""
    labels = {}
    for rule in retention.rules():
        model = rule.due(timezone.localdate()).model
        labels[model._meta.label_lower] = model
        for label, _ in rule.held_records:
            labels[label] = apps.get_model(label)
    return sorted(
        (
            (label, f"{model._meta.verbose_name.capitalize()} ({label})")
            for label, model in labels.items()
        ),
        key=lambda choice: choice[1],
    )


class ReasonMixin(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, strip=True
    )


class PlaceHoldForm(DesignSystemFormMixin, ReasonMixin):
    username = forms.CharField(
        label="Person (username)",
        required=False,
        max_length=150,
        help_text="Holds every record about this person.",
    )
    record_type = forms.ChoiceField(label="Record type", required=False)
    record_id = forms.CharField(
        label="Record id",
        required=False,
        max_length=60,
        help_text="Holds this one record (an employee record, say), with or "
        "without a person.",
    )

    field_order = ["username", "record_type", "record_id", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", "No record"), *record_types()]
        self.fields["reason"].help_text = "The legal matter: a case, a claim."

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise ValidationError("No account has that username.")
        return user

    def clean(self):
        cleaned = super().clean()
        record_type = cleaned.get("record_type")
        record_id = (cleaned.get("record_id") or "").strip()
        cleaned["record"] = None
        if record_type and not record_id:
            self.add_error("record_id", "Give the id of the record to hold.")
        elif record_id and not record_type:
            self.add_error("record_type", "Say which kind of record it is.")
        elif record_type:
            cleaned["record"] = self._record(record_type, record_id)
        if (
            not self.errors
            and cleaned.get("username") is None
            and cleaned["record"] is None
        ):
            raise ValidationError("Name the person or the record to hold.")
        return cleaned

    def _record(self, label: str, record_id: str):
        model = apps.get_model(label)
        try:
            return model.objects.get(pk=model._meta.pk.to_python(record_id))
        except (ObjectDoesNotExist, ValidationError, ValueError):
            name = model._meta.verbose_name
            self.add_error("record_id", f"There is no {name} {record_id}.")
            return None


class LiftHoldForm(DesignSystemFormMixin, ReasonMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = "Why the records may go now."


class ChooseSourceForm(DesignSystemFormMixin, ReasonMixin):
    source = forms.ChoiceField(widget=forms.RadioSelect, label="Source that applies")

    field_order = ["source", "reason"]

    def __init__(self, *args, rule: Rule, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (source.key, f"{source.citation}: {source.period}")
            for source in rule.sources
        ]


class QuarterForm(DesignSystemFormMixin, forms.Form):
    year = forms.IntegerField(min_value=2000, max_value=2200)
    quarter = forms.TypedChoiceField(
        coerce=int, choices=[(number, f"Q{number}") for number in range(1, 5)]
    )

    @classmethod
    def of(cls, data, today: date):
        initial = {"year": today.year, "quarter": (today.month - 1) // 3 + 1}
        return cls({**initial, **data.dict()} if data else initial)
