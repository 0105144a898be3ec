from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.urls import reverse_lazy

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
