"""Every day a form asks for is picked from the browser's calendar and sent
as YYYY-MM-DD, whether the form declares the field or adds it as it is made."""

from datetime import date

from django import forms

from bpets.forms import DesignSystemFormMixin


class LeaveDays(DesignSystemFormMixin, forms.Form):
    first_day = forms.DateField()
    reason = forms.CharField()
    typed_by_hand = forms.DateField(widget=forms.TextInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["last_day"] = forms.DateField()


def test_declared_and_added_days_are_date_inputs_and_other_fields_keep_theirs():
    form = LeaveDays(initial={"first_day": date(2026, 12, 4)})

    assert (
        form["first_day"]
        .as_widget()
        .startswith('<input type="date" name="first_day" value="2026-12-04"')
    )
    assert form["last_day"].as_widget().startswith('<input type="date"')
    assert form["reason"].as_widget().startswith('<input type="text"')
    assert form["typed_by_hand"].as_widget().startswith('<input type="text"')


def test_a_day_typed_back_keeps_what_was_typed_and_reads_as_iso():
    form = LeaveDays({"first_day": "2026-13-01", "last_day": "2026-12-24"})

    assert not form.is_valid()
    assert 'value="2026-13-01"' in form["first_day"].as_widget()
    assert form.cleaned_data["last_day"] == date(2026, 12, 24)
