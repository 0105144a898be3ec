from django import forms
from django.contrib.auth.forms import AuthenticationForm

from bpets.forms import DesignSystemFormMixin


class LoginForm(DesignSystemFormMixin, AuthenticationForm):
    accept_notice = forms.BooleanField(
        label="I have read the notice above and accept its terms.",
        error_messages={"required": "Accept the system-use notice to log in."},
    )

    field_order = ["username", "password", "accept_notice"]
