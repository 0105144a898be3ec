"""Forms rendered with the U.S. Web Design System.

Every field is drawn by ``templates/forms/field.html``: its label, hint and
error messages sit next to the input. Django links the input to its hint
and errors (aria-describedby), so screen readers read them with the field.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

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
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css_class = WIDGET_CLASSES.get(type(widget), "usa-input")
        if self.errors and css_class == "usa-input":
            css_class += " usa-input--error"
        attrs["class"] = f"{attrs.get('class', '')} {css_class}".strip()
        return attrs


class DesignSystemFormMixin:
    bound_field_class = DesignSystemBoundField
