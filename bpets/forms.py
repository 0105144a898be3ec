"""Forms rendered with the U.S. Web Design System.

Every field is drawn by ``templates/forms/field.html``: its label, hint and
error messages sit next to the input. Django links the input to its hint
and errors (aria-describedby), so screen readers read them with the field.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

WIDGET_CLASSES = {
    forms.CheckboxInput: "usa-checkbox__input",
    forms.RadioSelect: "usa-radio__input",
    forms.CheckboxSelectMultiple: "usa-checkbox__input",
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.FileInput: "usa-file-input",
}


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"


class DesignSystemBoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        # A day is picked from the browser's own calendar, in the reader's
        # language, and still sent as YYYY-MM-DD. Done as the field is drawn,
        # so that fields a form adds in its __init__ get it too; a field
        # given another widget on purpose keeps it.
        widget = field.widget
        if type(widget) is forms.DateInput and widget.input_type == "text":
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css_class = next(
            (
                WIDGET_CLASSES[kind]
                for kind in type(widget).__mro__
                if kind in WIDGET_CLASSES
            ),
            "usa-input",
        )
        if self.errors and css_class == "usa-input":
            css_class += " usa-input--error"
        attrs["class"] = f"{attrs.get('class', '')} {css_class}".strip()
        return attrs


class DesignSystemFormMixin:
    bound_field_class = DesignSystemBoundField

    def add_refusal(self, refusal: Exception) -> None:
        """A service's refusal, beside the field it names if the form has it.

        A ``ValidationError`` may name fields; another refusal may name one
        in its ``field``. Whatever names no field of this form goes above it.
        """
        if not isinstance(refusal, ValidationError):
            refusal = ValidationError(
                {getattr(refusal, "field", None) or NON_FIELD_ERRORS: str(refusal)}
            )
        if not hasattr(refusal, "error_dict"):
            self.add_error(None, refusal)
            return
        for name, messages in refusal.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    def half_a_pair(self, first: str, second: str) -> bool:
        """Exactly one of two fields given together was left blank.

        A value refused on its own is missing from ``cleaned_data`` too, but
        it was not left blank and already has its message.
        """
        if self.has_error(first) or self.has_error(second):
            return False
        return (self.cleaned_data.get(first) is None) != (
            self.cleaned_data.get(second) is None
        )


class LongSelect(forms.Select):
    """A select of many options, drawn in Python.

    Django draws each option through a template of its own; for the 135
    stations that was most of the directory page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _ in widget["optgroups"]:
            drawn = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (
                        option["value"],
                        " selected" if option["selected"] else "",
                        option["label"],
                    )
                    for option in options
                ),
            )
            if group_name:
                drawn = format_html(
                    '<optgroup label="{}">{}</optgroup>', group_name, drawn
                )
            groups.append(drawn)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(groups)),  # noqa: S308
        )
