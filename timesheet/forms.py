"""The timesheet's forms: they validate what was typed and turn local times
at the station into instants; the rules are the services' to apply."""

from decimal import Decimal

from django import forms
from django.template.defaultfilters import filesizeformat

from bpets.forms import DesignSystemFormMixin
from scheduling import time_rules
from timesheet.codes import TimeCode, rules_of
from timesheet.validation import Proposed, day_label, exact_hours


class EntryForm(forms.Form):
    """Time worked by code, leave by type or a non-scheduled item, on one
    day: as a start and end (local time), or as hours."""

    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))
    code = forms.ChoiceField(label="Time code or leave type")
    start = forms.TimeField(
        label="Start (local time)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end = forms.TimeField(
        label="End (local time)",
        required=False,
        help_text="An end at or before the start is on the next day.",
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    hours = forms.DecimalField(
        label="Or hours",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
    )

    def __init__(self, *args, zone, supervisor=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["code"].choices = [
            (code.value, code.label)
            for code in TimeCode
            if supervisor or not rules_of(code).supervisor_only
        ]

    def clean(self):
        cleaned = super().clean()
        start, end, hours = (cleaned.get(name) for name in ("start", "end", "hours"))
        if (start is None) != (end is None):
            raise forms.ValidationError("Give both a start and an end, or hours.")
        if start is None and hours is None:
            raise forms.ValidationError("Give a start and an end, or hours.")
        if start is not None and hours is not None:
            raise forms.ValidationError("Give a start and an end, or hours: not both.")
        day = cleaned.get("day")
        if day is not None and start is not None:
            try:
                cleaned["instants"] = time_rules.shift_instants(
                    day, start, end, self.zone
                )
            except time_rules.ShiftTimeError as error:
                self.add_error("start", str(error))
        return cleaned

    def proposed(self) -> Proposed:
        data = self.cleaned_data
        day = data["day"]
        if "instants" in data:
            start, end = data["instants"]
            return Proposed(day, data["code"], exact_hours(start, end), start, end)
        return Proposed(day, data["code"], data["hours"])


class CloseShiftForm(forms.Form):
    """What was worked of a scheduled shift."""

    actual_start = forms.TimeField(
        label="Actual start (local time)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    actual_end = forms.TimeField(
        label="Actual end (local time)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    not_worked = forms.BooleanField(
        label="None of this shift was worked (leave entries say why)",
        required=False,
    )

    def __init__(self, *args, day, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.day, self.zone = day, zone

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("actual_start"), cleaned.get("actual_end")
        if cleaned.get("not_worked"):
            # The times shown are the scheduled ones, filled in for
            # convenience: ticking the box is the answer.
            cleaned["instants"] = (None, None)
            return cleaned
        if start is None or end is None:
            raise forms.ValidationError(
                f"{day_label(self.day)}: give the actual start and end."
            )
        try:
            cleaned["instants"] = time_rules.shift_instants(
                self.day, start, end, self.zone
            )
        except time_rules.ShiftTimeError as error:
            self.add_error("actual_start", str(error))
        return cleaned


class SubmitForm(forms.Form):
    attest = forms.BooleanField(
        label="I attest that this timesheet is correct and complete.",
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300, required=False)


LARGEST_EXTRACT = 20 * 1024 * 1024  # a nation's extract is about 5 MB


class PayrollExtractUploadForm(DesignSystemFormMixin, forms.Form):
    file = forms.FileField(
        label="Payroll extract (CSV)",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=(
            "UTF-8, with or without BOM, up to "
            f"{filesizeformat(LARGEST_EXTRACT)}, as the README describes."
        ),
    )
    signature = forms.CharField(
        label="Signature",
        max_length=100,
        required=False,
        help_text=(
            "The line of the .sig file that came with the extract "
            "(sha256=...); or upload the .sig file below."
        ),
    )
    signature_file = forms.FileField(
        label="Signature file (.sig)",
        required=False,
        widget=forms.FileInput(attrs={"accept": ".sig,text/plain"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LARGEST_EXTRACT:
            raise forms.ValidationError(
                f"The file is larger than {filesizeformat(LARGEST_EXTRACT)}."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        typed = (cleaned.get("signature") or "").strip()
        upload = cleaned.get("signature_file")
        if upload is not None:
            if upload.size > 1024:
                self.add_error("signature_file", "A signature file is one line.")
                return cleaned
            text = upload.read().decode("utf-8", errors="replace").strip()
            if typed and typed != text:
                self.add_error(
                    "signature", "The signature typed and the file's differ."
                )
            typed = text
        # Empty means unsigned: the import refuses it, and records that.
        cleaned["signature"] = typed
        return cleaned
