from django.contrib.auth.forms import AuthenticationForm

from bpets.forms import DesignSystemFormMixin


class LoginForm(DesignSystemFormMixin, AuthenticationForm):
    pass
