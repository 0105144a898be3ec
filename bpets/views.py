from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from bpets.modules import is_visible, module_for, visible_modules


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["modules"] = visible_modules(self.request.user)
        return context


class ModuleLandingView(TemplateView):
    """The landing page of a module: what it holds, and its way in."""

    app_label = ""
    template_name = "module_landing.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_visible(request.user, self.app_label):
            raise PermissionDenied("You hold no role in this module.")
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self):
        # A module with pages of its own overrides the generic landing page.
        return [f"{self.app_label}/index.html", self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["app_label"] = self.app_label
        context["module"] = module_for(self.app_label)
        return context


@login_not_required
@never_cache
def health(request):
    """For load balancers and the compose health check: no data, no login."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
