from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from bpets.forms import DesignSystemFormMixin
from security import audit


class DesignSystemPasswordChangeForm(DesignSystemFormMixin, PasswordChangeForm):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = DesignSystemPasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        form.user.password_change_required = False
        response = super().form_valid(form)
        audit.record(
            audit.Kind.PASSWORD_CHANGED,
            request=self.request,
            target=form.user,
            subject_user_id=form.user.pk,
        )
        messages.success(self.request, "Your password was changed.")
        return response


class DesignSystemSetPasswordForm(DesignSystemFormMixin, SetPasswordForm):
    pass


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The one-time link a new person uses to choose their first password."""

    form_class = DesignSystemSetPasswordForm
    template_name = "registration/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            audit.Kind.PASSWORD_CHANGED,
            actor=form.user,
            request=self.request,
            target=form.user,
            subject_user_id=form.user.pk,
            details={"first_password": True},
        )
        messages.success(self.request, "Your password is set. Log in with it.")
        return response
