from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bpets import views
from bpets.auth_forms import LoginForm

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("health/", views.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", include("security.urls")),
    path("staffing/", include("staffing.urls")),
    path("vehicles/", include("vehicles.urls")),
    path("checkpoints/", include("checkpoints.urls")),
    path("scheduling/", include("scheduling.urls")),
    path("timesheet/", include("timesheet.urls")),
    path("operations-orders/", include("operations_orders.urls")),
    path("bsits/", include("bsits.urls")),
    path("reporting/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
